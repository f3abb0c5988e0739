// MERGE: the target's rows are matched with the USING rows on the ON condition; for each pair (and
// each unmatched row) the first WHEN clause whose AND condition holds updates or deletes the target
// row, or inserts the source row. One statement: checked and undone as one, triggers fire per action.

import type { Expression, Merge, Select, TableSource } from '@ferry/tsql';
import { refuseAppendOnlyChange, refuseLedgerHistoryChange } from './ledger.js';
import { refuseHistoryChange } from './temporal-tables.js';
import { SqlError } from '../errors.js';
import { compileExpr, isTrue } from './expressions.js';
import { compileQuery, compileWith } from './query.js';
import { Scope, type Compiled, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';
import {
  assignedValue,
  computedColumns,
  convertForColumn,
  finishUpdatedRow,
  insertRow,
  prepareInsert,
  removeRows,
  replaceRows,
} from './dml.js';
import { findTable } from './ddl.js';
import { tableVariable } from './table-variables.js';
import { checkTableUsable } from './alter-index.js';
import { journalRows } from './transactions.js';
import { triggersFor, type Changes } from './triggers.js';
import { outputOver } from './output-clause.js';
import type { StatementResult } from '../../engine-api.js';

const sourceAlias = (s: TableSource): string => {
  if (s.kind === 'TableRef') return (s.alias?.name ?? s.name.name.name).toLowerCase();
  if ((s.kind === 'DerivedTable' || s.kind === 'TableVariableRef' || s.kind === 'ValuesTable') && s.alias)
    return s.alias.name.toLowerCase();
  if (s.kind === 'TableVariableRef') return s.name.toLowerCase();
  throw new SqlError(40517, `MERGE ... USING ${s.kind} is not supported by the SQL Server emulator.`, 16);
};

/** One row MERGE acted on, for OUTPUT: the target row before/after and the source row. */
interface MergeAction {
  action: 'INSERT' | 'UPDATE' | 'DELETE';
  deleted: Row | null;
  inserted: Row | null;
  source: Row;
}

/**
 * Runs a MERGE; returns the rows it affected, what each action changed (for the triggers) and the
 * OUTPUT clause's result (run after the changes, before the triggers, as for other DML).
 */
export function executeMerge(
  s: Merge,
  session: SessionState,
  ctx: EvalCtx,
): { count: number; changes: Changes[]; output?: () => Iterable<StatementResult> } {
  if (s.top?.percent || s.top?.withTies)
    throw new SqlError(
      40517,
      'MERGE TOP ... PERCENT / WITH TIES is not supported by the SQL Server emulator.',
      16,
    );
  const { db, table } =
    typeof s.target === 'string' ? tableVariable(session, s.target) : findTable(session, s.target);
  checkTableUsable(db, table);
  refuseAppendOnlyChange(db, table);
  refuseHistoryChange(db, table, 'MERGE');
  refuseLedgerHistoryChange(table, 'MERGE');
  for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const)
    if (triggersFor(db, table, event, true).length)
      throw new SqlError(
        40517,
        'MERGE into a table with INSTEAD OF triggers is not supported by the SQL Server emulator.',
        16,
      );
  const alias = (
    s.targetAlias?.name ?? (typeof s.target === 'string' ? s.target : s.target.name.name)
  ).toLowerCase();
  const select: Select = {
    kind: 'Select',
    with: [],
    orderBy: [],
    pos: s.pos,
    query: {
      kind: 'QuerySpec',
      distinct: false,
      columns: [{ kind: 'SelectStar', pos: s.pos }],
      from: [s.using],
      groupBy: [],
      pos: s.pos,
    },
  };
  const ctes = compileWith(s.with, session);
  const source = compileQuery(select, session, undefined, ctes);
  const srcAlias = sourceAlias(s.using);
  // Expressions see the target row, then the source row (NULLs for the side that did not match).
  const scope = new Scope([
    ...table.columns.map((c) => ({ qualifier: alias, name: c.name, type: c.type, nullable: c.nullable })),
    ...source.columns.map((c) => ({ qualifier: srcAlias, name: c.name, type: c.type, nullable: true })),
  ]);
  const compile = (e: Expression) => compileExpr(e, { scope, session, ctes });
  const on = compile(s.on);
  const whens = s.whens.map((w) => ({
    ...w,
    condition: w.condition ? compile(w.condition) : undefined,
    sets: (w.action.set ?? []).map((a) => {
      if (typeof a.target === 'string')
        throw new SqlError(
          40517,
          'MERGE ... UPDATE SET of variables is not supported by the SQL Server emulator.',
          16,
        );
      const name = a.target.column.name.toLowerCase();
      const i = table.columns.findIndex((c) => c.name.toLowerCase() === name);
      if (i < 0) throw new SqlError(207, `Invalid column name '${a.target.column.name}'.`, 16);
      return { i, e: compile(assignedValue(a)) };
    }),
    values: w.action.values?.map((e) => (e.kind === 'DefaultValue' ? undefined : compile(e))),
  }));
  const width = table.columns.length;
  // TOP (n): at most n rows are acted on (which ones is unspecified, as in SQL Server).
  const topValue = s.top ? compileExpr(s.top.expr, { scope: new Scope([]), session }).eval([], ctx) : null;
  const limit = topValue === null ? Infinity : Number(topValue);
  if (limit < 0) throw new SqlError(1060, 'The number of rows in the TOP clause must be an integer.', 15);
  const actions: MergeAction[] = [];
  const srcRows = [...source.rows(ctx)].map((r) => r.slice(0, source.columns.length));
  const nullTarget: Row = new Array(width).fill(null);
  const nullSource: Row = new Array(source.columns.length).fill(null);
  const matchedBy = new Map<Row, Row[]>();
  const sourceMatched = new Set<Row>();
  for (const t of table.rows)
    for (const sr of srcRows)
      if (isTrue(on.eval([...t, ...sr], ctx))) {
        matchedBy.set(t, [...(matchedBy.get(t) ?? []), sr]);
        sourceMatched.add(sr);
      }
  const pick = (kind: string, row: Row) =>
    whens.find((w) => w.match === kind && (!w.condition || isTrue(w.condition.eval(row, ctx))));
  const computed = computedColumns(table, session);
  const updated: [Row, Row][] = [];
  const deleted: Row[] = [];
  const setColumns = new Set<number>();
  const act = (t: Row, combined: Row, w: (typeof whens)[number]) => {
    if (actions.length >= limit) return;
    const source = combined.slice(width);
    if (w.action.kind === 'delete') {
      actions.push({ action: 'DELETE', deleted: t, inserted: null, source });
      return void deleted.push(t);
    }
    const n = [...t];
    for (const set of w.sets) {
      const col = table.columns[set.i];
      n[set.i] = convertForColumn(set.e.eval(combined, ctx), set.e.type, col, table, session);
      setColumns.add(col.columnId);
    }
    finishUpdatedRow(db, table, n, computed, session, ctx, 'MERGE');
    updated.push([t, n]);
    actions.push({ action: 'UPDATE', deleted: t, inserted: n, source });
  };
  for (const t of table.rows) {
    const matches = matchedBy.get(t);
    if (matches) {
      const w = pick('matched', [...t, ...matches[0]]);
      if (!w) continue;
      if (matches.length > 1)
        throw new SqlError(
          8672,
          'The MERGE statement attempted to UPDATE or DELETE the same row more than once. This happens when a target row matches more than one source row. A MERGE statement cannot UPDATE/DELETE the same row of the target table multiple times. Refine the ON clause to ensure a target row matches at most one source row, or use the GROUP BY clause to group the source rows.',
          16,
          1,
        );
      act(t, [...t, ...matches[0]], w);
    } else {
      const w = pick('not-matched-by-source', [...t, ...nullSource]);
      if (w) act(t, [...t, ...nullSource], w);
    }
  }
  replaceRows(db, table, updated, session);
  if (deleted.length) removeRows(db, table, deleted, session, 'MERGE');
  journalRows(session, table);
  const before = table.rows.length;
  for (const sr of srcRows) {
    if (sourceMatched.has(sr)) continue;
    const combined = [...nullTarget, ...sr];
    const w = pick('not-matched-by-target', combined);
    if (!w || actions.length >= limit) continue;
    const plan = { ...prepareInsert(s.target, w.action.columns, session), verb: 'MERGE' };
    const values = w.values ?? [];
    if (values.length !== plan.targets.length)
      throw new SqlError(
        values.length > plan.targets.length ? 110 : 109,
        `There are ${values.length > plan.targets.length ? 'fewer' : 'more'} columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.`,
        15,
      );
    insertRow(
      plan,
      values.map((c: Compiled | undefined) => (c ? { v: c.eval(combined, ctx), t: c.type } : undefined)),
      session,
      ctx,
    );
    actions.push({
      action: 'INSERT',
      deleted: null,
      inserted: table.rows[table.rows.length - 1],
      source: sr,
    });
  }
  const inserted = table.rows.slice(before);
  const changes: Changes[] = [];
  if (inserted.length)
    changes.push({ count: inserted.length, db, table, event: 'INSERT', inserted, deleted: [] });
  if (updated.length)
    changes.push({
      count: updated.length,
      db,
      table,
      event: 'UPDATE',
      inserted: updated.map(([, n]) => n),
      deleted: updated.map(([o]) => o),
      setColumns: [...setColumns],
    });
  if (deleted.length)
    changes.push({ count: deleted.length, db, table, event: 'DELETE', inserted: [], deleted });
  const clause = s.output;
  const output = clause
    ? () => {
        // OUTPUT sees inserted.*, deleted.* (NULL where the action has none), the source columns and $action.
        const cols = (qualifier: string) =>
          table.columns.map((c) => ({ qualifier, name: c.name, type: c.type, nullable: true }));
        const bindings = [
          ...cols('inserted'),
          ...cols('deleted'),
          ...source.columns.map((c) => ({ qualifier: srcAlias, name: c.name, type: c.type, nullable: true })),
          { name: '$action', type: { name: 'nvarchar', length: 10 }, nullable: false },
        ];
        const rows = actions.map((a) => [
          ...(a.inserted ?? nullTarget),
          ...(a.deleted ?? nullTarget),
          ...a.source,
          a.action,
        ]);
        const triggered = (['INSERT', 'UPDATE', 'DELETE'] as const).some(
          (e) => triggersFor(db, table, e, false).length,
        )
          ? table.name
          : undefined;
        return outputOver(clause, bindings, rows, triggered, session, ctx);
      }
    : undefined;
  return { count: inserted.length + updated.length + deleted.length, changes, ...(output ? { output } : {}) };
}
