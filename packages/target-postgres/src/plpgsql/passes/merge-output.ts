// The OUTPUT clause of MERGE -> RETURNING (PostgreSQL 17+). `$action` is merge_action(); `inserted.x`
// the target's column unless the row was deleted; `deleted.x` the row before the change: `old.x` on
// PostgreSQL 18+; on 17 the target's column of a deleted row, and for an updated row the row of the
// same primary key read by a subquery (a subquery in RETURNING reads the snapshot the statement
// started with: it does not see the statement's own changes).

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { OutputRows } from '../conversion-context.js';
import type { TargetRelation } from '../name-resolver.js';
import { pg, type PgExpression, type PgReturning } from '../../pg/ast.js';
import { pseudoTable } from './output-clause.js';
import { columnName } from '../lower-dml.js';

/** The MERGE's target as the statement names it: the relation (when in the model) and its alias or name. */
export interface MergeTarget {
  readonly rel: TargetRelation | undefined;
  readonly table: readonly string[];
  readonly qualifier: string;
}

const oldRow = 'ferry_old';

/** `$action`, `inserted.x` or `deleted.x` of an OUTPUT clause being lowered; undefined for other columns. */
export function outputRowsColumn(e: S.ColumnRef, rows: OutputRows): PgExpression | undefined {
  if (!e.table) return e.column.name.toLowerCase() === '$action' ? rows.action : undefined;
  const table = pseudoTable(e.table);
  return table && rows.column(table, e.column.name);
}

/** Why the MERGE's OUTPUT clause has no RETURNING conversion on the target, or undefined when it has one. */
export function mergeOutputRefusal(s: S.Merge, output: S.OutputClause, target: MergeTarget, g: Generator) {
  const version = g.ctx.names.serverVersion;
  if (version < 17)
    return `MERGE ... OUTPUT needs PostgreSQL 17 (MERGE ... RETURNING); the target is ${version}`;
  if (output.columns.some((c) => c.kind === 'SelectAssign')) return 'OUTPUT @v = ... is not converted';
  if (output.columns.some((c) => c.kind === 'SelectStar' && !c.table))
    return 'OUTPUT * of a MERGE is not converted: name inserted.* or deleted.*';
  const refs = [...findAll(output.columns, 'ColumnRef'), ...findAll(output.columns, 'SelectStar')];
  const deleted = refs.some((r) => pseudoTable(r.table) === 'deleted');
  if (version >= 18 || !deleted || !updates(s)) return undefined;
  const key = target.rel?.key;
  if (!key)
    return 'OUTPUT deleted.* of a MERGE into a table without a primary key is not converted: PostgreSQL 17 reads the row before the change by its key (RETURNING old.* is PostgreSQL 18)';
  const assigned = s.whens.flatMap((w) => w.action.set ?? []);
  if (
    assigned.some(
      (a) => typeof a.target !== 'string' && key.includes(columnName(s.target, a.target.column.name, g)),
    )
  )
    return 'OUTPUT deleted.* of a MERGE that updates the primary key is not converted: PostgreSQL 17 reads the row before the change by its key';
  return undefined;
}

const updates = (s: S.Merge) => s.whens.some((w) => w.action.kind === 'update');

/** The pseudo-columns of a MERGE's RETURNING on the target's version. */
function mergeRows(s: S.Merge, target: MergeTarget, g: Generator): OutputRows {
  const action = pg.call('merge_action');
  const modern = g.ctx.names.serverVersion >= 18;
  const column = (col: string) => target.rel?.column(col)?.name ?? g.ctx.names.name(col);
  return {
    action,
    column(table, col) {
      const name = column(col);
      if (modern) return pg.name(table === 'inserted' ? 'new' : 'old', name);
      if (table === 'inserted')
        return {
          kind: 'Case',
          whens: [
            { when: pg.binary('<>', action, pg.string('DELETE')), then: pg.name(target.qualifier, name) },
          ],
        };
      const deletedRow = {
        when: pg.binary('=', action, pg.string('DELETE')),
        then: pg.name(target.qualifier, name),
      };
      if (!updates(s)) return { kind: 'Case', whens: [deletedRow] };
      const sameKey = (target.rel?.key ?? [])
        .map((k) => pg.binary('=', pg.name(oldRow, k), pg.name(target.qualifier, k)))
        .reduce((all, c) => pg.binary('AND', all, c));
      const before = pg.selectCore(
        [pg.name(oldRow, name)],
        [{ kind: 'Table', name: target.table, alias: oldRow, notes: [] }],
        sameKey,
      );
      const updatedRow = {
        when: pg.binary('=', action, pg.string('UPDATE')),
        then: { kind: 'Subquery', query: pg.select(before) } as const,
      };
      return { kind: 'Case', whens: [deletedRow, updatedRow] };
    },
  };
}

/** `inserted.*` / `deleted.*` -> the columns `*` returns at the source, one by one. */
function expandStars(columns: readonly S.SelectItem[], target: MergeTarget): S.SelectItem[] {
  return columns.flatMap((c) => {
    if (c.kind !== 'SelectStar' || !pseudoTable(c.table)) return [c];
    return (target.rel?.starColumns ?? []).map((name): S.SelectItem => ({
      kind: 'SelectColumn',
      pos: c.pos,
      expr: {
        kind: 'ColumnRef',
        pos: c.pos,
        ...(c.table && { table: c.table }),
        column: { kind: 'Identifier', pos: c.pos, name, quote: 'none', text: name },
      },
    }));
  });
}

/** The name SQL Server gives an output column without an alias: the column's, `$action`'s. */
function implicitAlias(e: S.Expression, target: MergeTarget, g: Generator): string | undefined {
  if (e.kind !== 'ColumnRef') return undefined;
  if (!e.table) return e.column.name.toLowerCase() === '$action' ? '$action' : undefined;
  return pseudoTable(e.table) && (target.rel?.column(e.column.name)?.name ?? g.ctx.names.name(e.column.name));
}

/** The RETURNING list of a MERGE's OUTPUT clause (its refusal checked first), lowered with target and source in scope. */
export function mergeReturning(
  s: S.Merge,
  output: S.OutputClause,
  target: MergeTarget,
  g: Generator,
): PgReturning {
  const outer = g.ctx.outputRows;
  g.ctx.outputRows = mergeRows(s, target, g);
  try {
    return expandStars(output.columns, target).map((c) => {
      if (c.kind === 'SelectAssign') throw new Error('OUTPUT @v = ... reached RETURNING');
      if (c.kind === 'SelectStar')
        return { expr: g.lower({ kind: 'Star', pos: c.pos, ...(c.table && { table: c.table }) }) };
      const alias = c.alias ? g.ctx.names.name(c.alias.name) : implicitAlias(c.expr, target, g);
      return { expr: g.lower(c.expr), ...(alias && { alias }) };
    });
  } finally {
    g.ctx.outputRows = outer;
  }
}
