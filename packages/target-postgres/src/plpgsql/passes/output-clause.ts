// The OUTPUT clause of INSERT / UPDATE / DELETE -> RETURNING: `inserted.x` is the written row's column
// (the new row), `deleted.x` of a DELETE the removed row, of an UPDATE the row before the change
// (passes/output-rows.ts). OUTPUT INTO a table and an OUTPUT result set are built on it by
// lower-statement.ts (a data-modifying CTE).

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgReturning } from '../../pg/ast.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, type Lowered } from '../lowered.js';
import { pseudoTable, readsBefore, updateBeforeRefusal, updateReturning } from './output-rows.js';

type OutputStatement = S.Insert | S.Update | S.Delete;

/** Why the statement's OUTPUT clause has no RETURNING conversion, or undefined when it has one. */
export function outputRefusal(s: OutputStatement, output: S.OutputClause, g: Generator): string | undefined {
  if (typeof s.target === 'string')
    return 'OUTPUT of a statement that writes a table variable is not converted';
  if (output.columns.some((c) => c.kind === 'SelectAssign')) return 'OUTPUT @v = ... is not converted';
  if (s.kind === 'Update' && readsBefore(output)) return updateBeforeRefusal(s, g);
  return undefined;
}

/** A copy of `node` whose `inserted.` / `deleted.` qualifiers name `table` instead. */
function requalify<T>(node: T, table: S.ObjectName): T {
  if (Array.isArray(node)) return node.map((n: unknown) => requalify(n, table)) as T;
  if (node === null || typeof node !== 'object') return node;
  const n = node as Record<string, unknown> & { kind?: string; table?: S.ObjectName };
  if ((n.kind === 'ColumnRef' || n.kind === 'Star') && pseudoTable(n.table)) return { ...n, table } as T;
  return Object.fromEntries(
    Object.entries(n).map(([k, v]) => [k, k === 'pos' ? v : requalify(v, table)]),
  ) as T;
}

/**
 * The RETURNING list of an OUTPUT clause (its refusal checked first), lowered where the written table
 * is in scope: `inserted.x` / `deleted.x` name the table as the statement does (its alias, or its name).
 */
export function returningList(
  s: OutputStatement,
  output: S.OutputClause,
  g: Generator,
): Lowered<PgReturning> {
  if (s.kind === 'Update' && readsBefore(output)) return updateReturning(s, output, g);
  const target = s.target as S.ObjectName;
  const table: S.ObjectName = { kind: 'ObjectName', pos: target.pos, name: target.name };
  const d = new Diagnostics();
  const lower = (e: S.Expression) => d.take(lowerExpression(e, g));
  return d.result(
    output.columns.map((c) => {
      if (c.kind !== 'SelectColumn') return { expr: lower({ kind: 'Star', pos: c.pos, table }) };
      return {
        expr: lower(requalify(c.expr, table)),
        ...(c.alias && { alias: g.ctx.names.name(c.alias.name) }),
      };
    }),
  );
}
