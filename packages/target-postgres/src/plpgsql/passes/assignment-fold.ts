// Aggregation by assignment: SELECT @v = f(@v, row) FROM ... (`@s = @s + name`, `@n += qty`, the
// `COALESCE(@s + ', ', '') + name` list) assigns once per row in SQL Server, each row seeing the value
// the previous one left. It becomes a FOR loop over the query's rows (its ORDER BY, TOP, WHERE and
// GROUP BY kept) that assigns left to right per row, as SQL Server does; no row leaves the variables
// unchanged, as in SQL Server. The parts of each assigned expression that read no assigned variable
// are computed by the query (`ferry_row.c1`, ...), the rest in the loop.

import type * as S from '@ferry/tsql';
import { findAll, isNode } from '@ferry/tsql';

/** The record variable the loop reads each row into. */
export const FOLD_ROW = 'ferry_row';

const assignedNames = (assigns: readonly S.SelectAssign[]) => assigns.map((a) => a.variable.toLowerCase());

const reads = (e: S.SqlNode, names: readonly string[]) =>
  findAll(e, 'Variable').some((v) => names.includes(v.name.toLowerCase()));

/** Whether an assignment reads a variable the statement assigns: SQL Server then folds over the rows. */
export function foldsOverRows(assigns: readonly S.SelectAssign[]): boolean {
  const names = assignedNames(assigns);
  return assigns.some((a) => a.op !== '=' || reads(a.expr, names));
}

/** Node kinds whose value depends on the row (computed by the loop's query). */
const rowDependent = (e: S.SqlNode) =>
  findAll(e, 'ColumnRef').length > 0 || findAll(e, 'Subquery').length > 0 || e.kind === 'FunctionCall';

const identifier = (pos: S.SourcePos, name: string): S.Identifier => ({
  kind: 'Identifier',
  pos,
  name,
  quote: 'none',
  text: name,
});

/**
 * `e` with its maximal row-dependent parts that read no assigned variable replaced by `ferry_row.cN`;
 * the replaced parts are appended to `parts` (column N is parts[N - 1]).
 */
function splitRowParts<T>(e: T, names: readonly string[], parts: S.Expression[]): T {
  if (Array.isArray(e)) return e.map((x: unknown) => splitRowParts(x, names, parts)) as T;
  if (e === null || typeof e !== 'object') return e;
  if (isNode(e)) {
    if (e.kind === 'ObjectName' || e.kind === 'Identifier' || e.kind === 'DataType') return e;
    if (!reads(e, names)) {
      if (!rowDependent(e)) return e;
      parts.push(e as S.Expression);
      const column: S.ColumnRef = {
        kind: 'ColumnRef',
        pos: e.pos,
        table: { kind: 'ObjectName', pos: e.pos, name: identifier(e.pos, FOLD_ROW) },
        column: identifier(e.pos, `c${parts.length}`),
      };
      return column as T;
    }
  }
  const copy = Object.entries(e as Record<string, unknown>).map(([k, v]) => [
    k,
    k === 'pos' ? v : splitRowParts(v, names, parts),
  ]);
  return Object.fromEntries(copy) as T;
}

/** The loop's query columns (the row parts) and the assignments over `ferry_row`. */
export function foldAssignments(assigns: readonly S.SelectAssign[]): {
  parts: S.Expression[];
  assigns: S.SelectAssign[];
} {
  const names = assignedNames(assigns);
  const parts: S.Expression[] = [];
  return { parts, assigns: assigns.map((a) => ({ ...a, expr: splitRowParts(a.expr, names, parts) })) };
}
