// The pseudo-rows of an OUTPUT clause as RETURNING sees them. MERGE (PostgreSQL 17+): `$action` is
// merge_action(); `inserted.x` the target's column unless the row was deleted; `deleted.x` the row
// before the change. UPDATE: `inserted.x` the target's column, `deleted.x` the row before the change.
// The row before the change is `old.x` on PostgreSQL 18+; before that, a deleted row's own column, and
// for an updated row the row of the same primary key read by a subquery (a subquery in RETURNING reads
// the snapshot the statement started with: it does not see the statement's own changes).

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { OutputRows } from '../conversion-context.js';
import type { TargetRelation } from '../name-resolver.js';
import { pg, type PgExpression, type PgReturning } from '../../pg/ast.js';
import { columnName } from '../lower-dml.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, type Lowered } from '../lowered.js';
import { mergeSince } from '../merge-support.js';

const pseudoTables = ['inserted', 'deleted'] as const;

/** `inserted` / `deleted` when the qualifier names one. */
export const pseudoTable = (t: S.ObjectName | undefined) =>
  t && !t.schema && (pseudoTables as readonly string[]).includes(t.name.name.toLowerCase())
    ? (t.name.name.toLowerCase() as (typeof pseudoTables)[number])
    : undefined;

/** The written table as the statement names it: the relation (when in the model) and its alias or name. */
export interface OutputTarget {
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
export function mergeOutputRefusal(s: S.Merge, output: S.OutputClause, target: OutputTarget, g: Generator) {
  const version = g.ctx.names.serverVersion;
  if (version < mergeSince.returning)
    return `MERGE ... OUTPUT needs PostgreSQL ${mergeSince.returning} (MERGE ... RETURNING); the target is ${version}`;
  return outputShapeRefusal(s, output, target, g);
}

/**
 * Why a MERGE written as statements (merge-statements.ts) cannot return its OUTPUT clause's rows, or
 * undefined: they go INTO a table, read only `$action`, `inserted.x` and `deleted.x` (not the source's
 * columns, which an INSERT's RETURNING does not see), of a table whose column types are known (the
 * pseudo-row a clause does not write is NULL of that type).
 */
export function statementsOutputRefusal(
  s: S.Merge,
  output: S.OutputClause,
  target: OutputTarget,
  g: Generator,
): string | undefined {
  const before = `before PostgreSQL ${mergeSince.returning}`;
  if (!output.into) return `MERGE ... OUTPUT as a result set is not converted ${before}`;
  const refs = findAll(output.columns, 'ColumnRef');
  if (refs.some((r) => !(r.table ? pseudoTable(r.table) : r.column.name.toLowerCase() === '$action')))
    return `MERGE ... OUTPUT of the source's columns is not converted ${before}`;
  if (!pseudoColumnsTyped(output, target))
    return `MERGE ... OUTPUT is not converted ${before}: the target's columns are not known`;
  return outputShapeRefusal(s, output, target, g);
}

/** Whether the type of each `inserted.x` / `deleted.x` the clause reads is known (a NULL of it for the row not written). */
function pseudoColumnsTyped(output: S.OutputClause, target: OutputTarget): boolean {
  const rel = target.rel;
  const typed = (name: string) => !!rel?.column(name)?.type;
  const refs = findAll(output.columns, 'ColumnRef').filter((r) => pseudoTable(r.table));
  const stars = findAll(output.columns, 'SelectStar').filter((c) => pseudoTable(c.table));
  return (
    refs.every((r) => typed(r.column.name)) &&
    (!stars.length || (!!rel?.starColumns && rel.starColumns.every(typed)))
  );
}

function outputShapeRefusal(s: S.Merge, output: S.OutputClause, target: OutputTarget, g: Generator) {
  const version = g.ctx.names.serverVersion;
  if (output.columns.some((c) => c.kind === 'SelectAssign')) return 'OUTPUT @v = ... is not converted';
  if (output.columns.some((c) => c.kind === 'SelectStar' && !c.table))
    return 'OUTPUT * of a MERGE is not converted: name inserted.* or deleted.*';
  if (version >= 18 || !readsBefore(output) || !updates(s)) return undefined;
  return beforeRefusal(
    'MERGE',
    s.whens.flatMap((w) => w.action.set ?? []),
    s.target,
    target,
    g,
  );
}

/**
 * Why `deleted.x` of an updated row cannot be read before PostgreSQL 18: the row before the change is
 * read by its primary key, which the table must have and the statement must not change.
 */
function beforeRefusal(
  statement: string,
  assigned: readonly S.UpdateAssignment[],
  table: S.ObjectName | string,
  target: OutputTarget,
  g: Generator,
): string | undefined {
  const key = target.rel?.key;
  if (!key)
    return `OUTPUT deleted.* of ${statement} of a table without a primary key is not converted: PostgreSQL before 18 reads the row before the change by its key (RETURNING old.* is PostgreSQL 18)`;
  const keyColumn = (a: S.UpdateAssignment) =>
    typeof a.target !== 'string' && key.includes(columnName(table, a.target.column.name, g));
  if (assigned.some(keyColumn))
    return `OUTPUT deleted.* of ${statement} that changes the primary key is not converted: PostgreSQL before 18 reads the row before the change by its key`;
  return undefined;
}

/** The row before the change of the target's current row: `(SELECT o.x FROM table AS o WHERE o.key = target.key)`. */
function rowBefore(target: OutputTarget, name: string): PgExpression {
  const sameKey = (target.rel?.key ?? [])
    .map((k) => pg.binary('=', pg.name(oldRow, k), pg.name(target.qualifier, k)))
    .reduce((all, c) => pg.binary('AND', all, c));
  const before = pg.selectCore([pg.name(oldRow, name)], [pg.table(target.table, oldRow)], sameKey);
  return { kind: 'Subquery', query: pg.select(before) };
}

const updates = (s: S.Merge) => s.whens.some((w) => w.action.kind === 'update');

/** A column of the written table, by its source name: its target name. */
const targetColumn = (target: OutputTarget, col: string, g: Generator) =>
  target.rel?.column(col)?.name ?? g.ctx.names.name(col);

/**
 * The pseudo-columns of a RETURNING on the target's version: `inserted.x` / `deleted.x` are `new.x` /
 * `old.x` on PostgreSQL 18+; before that, what `before18` makes of the column's target name.
 */
function pseudoRows(
  action: PgExpression,
  target: OutputTarget,
  g: Generator,
  before18: (table: 'inserted' | 'deleted', name: string) => PgExpression,
): OutputRows {
  const modern = g.ctx.names.serverVersion >= 18;
  return {
    action,
    column(table, col) {
      const name = targetColumn(target, col, g);
      if (modern) return pg.name(table === 'inserted' ? 'new' : 'old', name);
      return before18(table, name);
    },
  };
}

/** The pseudo-columns of a MERGE's RETURNING on the target's version. */
function mergeRows(s: S.Merge, target: OutputTarget, g: Generator): OutputRows {
  const action = pg.call('merge_action');
  const when = (op: '=' | '<>', value: string, then: PgExpression) => ({
    when: pg.binary(op, action, pg.string(value)),
    then,
  });
  return pseudoRows(action, target, g, (table, name): PgExpression => {
    const current = pg.name(target.qualifier, name);
    if (table === 'inserted') return { kind: 'Case', whens: [when('<>', 'DELETE', current)] };
    const deletedRow = when('=', 'DELETE', current);
    if (!updates(s)) return { kind: 'Case', whens: [deletedRow] };
    return { kind: 'Case', whens: [deletedRow, when('=', 'UPDATE', rowBefore(target, name))] };
  });
}

/** `inserted.*` / `deleted.*` -> the columns `*` returns at the source, one by one. */
function expandStars(columns: readonly S.SelectItem[], target: OutputTarget): S.SelectItem[] {
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
function implicitAlias(e: S.Expression, target: OutputTarget, g: Generator): string | undefined {
  if (e.kind !== 'ColumnRef') return undefined;
  if (!e.table) return e.column.name.toLowerCase() === '$action' ? '$action' : undefined;
  return pseudoTable(e.table) && targetColumn(target, e.column.name, g);
}

/** The RETURNING list of an OUTPUT clause whose pseudo-rows are `rows`, stars written out. */
function returningOf(
  output: S.OutputClause,
  target: OutputTarget,
  rows: OutputRows,
  g: Generator,
): Lowered<PgReturning> {
  const d = new Diagnostics();
  const inner = g.withOutputRows(rows);
  const lower = (e: S.Expression) => d.take(lowerExpression(e, inner));
  return d.result(
    expandStars(output.columns, target).map((c) => {
      if (c.kind === 'SelectAssign') throw new Error('OUTPUT @v = ... reached RETURNING');
      if (c.kind === 'SelectStar')
        return { expr: lower({ kind: 'Star', pos: c.pos, ...(c.table && { table: c.table }) }) };
      const alias = c.alias ? g.ctx.names.name(c.alias.name) : implicitAlias(c.expr, target, g);
      return { expr: lower(c.expr), ...(alias && { alias }) };
    }),
  );
}

/**
 * The RETURNING list of a MERGE's OUTPUT clause in the statement of one of its WHEN clauses
 * (merge-statements.ts): `$action` that clause's, the pseudo-row it does not write NULL of the column's
 * type, `deleted.x` of an UPDATE the row before it (read by its key); statementsOutputRefusal first.
 */
export function clauseReturning(
  output: S.OutputClause,
  target: OutputTarget,
  action: 'INSERT' | 'UPDATE' | 'DELETE',
  g: Generator,
): Lowered<PgReturning> {
  const rows = pseudoRows(pg.string(action), target, g, (table, name) => {
    const written = table === 'inserted' ? action !== 'DELETE' : action !== 'INSERT';
    if (!written) {
      const rel = target.rel;
      const type = rel?.starColumns?.map((c) => rel.column(c)).find((c) => c?.name === name)?.type;
      return type ? pg.cast(pg.null(), type) : pg.null();
    }
    return table === 'deleted' && action === 'UPDATE'
      ? rowBefore(target, name)
      : pg.name(target.qualifier, name);
  });
  return returningOf(output, target, rows, g);
}

/** The RETURNING list of a MERGE's OUTPUT clause (its refusal checked first), lowered with target and source in scope. */
export function mergeReturning(
  s: S.Merge,
  output: S.OutputClause,
  target: OutputTarget,
  g: Generator,
): Lowered<PgReturning> {
  return returningOf(output, target, mergeRows(s, target, g), g);
}

/** An UPDATE's target: the table it names, or the FROM table it names by alias. */
function updateTarget(s: S.Update, g: Generator): OutputTarget {
  const written = s.target as S.ObjectName;
  const lower = written.name.name.toLowerCase();
  const ref = s.from
    .flatMap((f) => findAll(f, 'TableRef'))
    .find((t) => (t.alias?.name ?? t.name.name.name).toLowerCase() === lower);
  const name = ref?.name ?? written;
  const rel = g.ctx.names.relation(name.schema?.name, name.name.name);
  const table = rel ? [rel.schema, rel.name] : g.objectNameParts(name);
  const qualifier = ref?.alias ? g.ctx.names.name(ref.alias.name) : table[table.length - 1]!;
  return { rel, table, qualifier };
}

/** Whether an UPDATE's OUTPUT reads `deleted`: the row before the change. */
export const readsBefore = (output: S.OutputClause) =>
  [...findAll(output.columns, 'ColumnRef'), ...findAll(output.columns, 'SelectStar')].some(
    (r) => pseudoTable(r.table) === 'deleted',
  );

/** Why an UPDATE's OUTPUT deleted.x has no RETURNING conversion on the target, or undefined. */
export function updateBeforeRefusal(s: S.Update, g: Generator): string | undefined {
  if (g.ctx.names.serverVersion >= 18) return undefined;
  return beforeRefusal('an UPDATE', s.set, s.target as S.ObjectName, updateTarget(s, g), g);
}

/** The RETURNING list of an UPDATE's OUTPUT clause that reads `deleted` (its refusal checked first). */
export function updateReturning(s: S.Update, output: S.OutputClause, g: Generator): Lowered<PgReturning> {
  const target = updateTarget(s, g);
  const rows = pseudoRows(pg.null(), target, g, (table, name) =>
    table === 'inserted' ? pg.name(target.qualifier, name) : rowBefore(target, name),
  );
  return returningOf(output, target, rows, g);
}
