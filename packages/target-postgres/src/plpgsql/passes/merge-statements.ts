// MERGE on a target without the MERGE it needs (before 15: no MERGE; before 17: no WHEN NOT MATCHED BY
// SOURCE, no RETURNING for OUTPUT INTO) -> one statement of data-modifying CTEs, one per WHEN clause:
//   WITH merged_1 AS (UPDATE target AS t SET ... FROM source WHERE on AND condition RETURNING 1),
//        merged_2 AS (DELETE FROM target AS t USING source WHERE on AND condition RETURNING 1),
//        merged_3 AS (INSERT INTO target (...) SELECT values FROM source
//                     WHERE NOT EXISTS (SELECT FROM target AS t WHERE on) AND condition RETURNING 1),
//        merged_4 AS (DELETE FROM target AS t WHERE NOT EXISTS (SELECT FROM source WHERE on) RETURNING 1)
//   SELECT (SELECT count(*) FROM merged_1) + ... INTO rowcount;
// (when @@ROWCOUNT is not read, the last clause is the statement itself: WITH merged_1 AS (...), ...
// DELETE FROM target AS t WHERE ...).
// All of them read the snapshot the statement starts with, as MERGE's clauses read the rows before it.
// A clause applies where the clauses of its kind before it do not (`NOT coalesce(c1, false)`), so no
// row is written twice. A target row that more than one source row matches is refused as SQL Server
// refuses it (8672), by a check before the statement, when a MATCHED clause could write it. The rows
// changed are @@ROWCOUNT. OUTPUT ... INTO t: each CTE RETURNING the OUTPUT columns ($action its
// clause's, the pseudo-row it does not write NULL, deleted.x of an UPDATE by the key, output-rows.ts)
// and `INSERT INTO t SELECT * FROM merged_1 UNION ALL ...`; OUTPUT as a result set or of the source's
// columns is an action item. INSERT DEFAULT VALUES and SET @variable keep the MERGE an action item.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import {
  pg,
  type PgDml,
  type PgExpression,
  type PgFromItem,
  type PgQueryBody,
  type PgSelect,
  type PgStatement,
  type PgWith,
} from '../../pg/ast.js';
import { assignment, columnName, dmlMarks, insertColumns, targetName } from '../lower-dml.js';
import { lowerFromItem, lowerWith } from '../lower-query.js';
import { lowerExpression } from '../lower-expression.js';
import { mergeTarget } from '../lower-merge.js';
import { assignsVariable, mergeSince, mergeVersionRefusal } from '../merge-support.js';
import { assignedValue } from './bit-literals.js';
import { clauseReturning, statementsOutputRefusal, type OutputTarget } from './output-rows.js';
import { Diagnostics, type Lowered } from '../lowered.js';
import { rowcountUpdate, type Lines } from '../body-state.js';

/** The statement of one WHEN clause. */
type ClauseDml = Extract<PgDml, { kind: 'Insert' | 'Update' | 'Delete' }>;

/** Whether the target's version needs the MERGE written as statements, and they can say it exactly. */
function needsStatements(s: S.Merge, g: Generator): boolean {
  const version = g.ctx.names.serverVersion;
  const outputInto = !!s.output?.into && version < mergeSince.returning;
  if (!mergeVersionRefusal(s, version) && !outputInto) return false;
  return !assignsVariable(s) && s.whens.every((w) => !(w.action.kind === 'insert' && !w.action.values));
}

const negated = (c: PgExpression): PgExpression => ({ kind: 'Unary', op: 'NOT', operand: c });
const not = (c: PgExpression) => negated(pg.call('coalesce', c, pg.bool(false)));
const countAll: PgExpression = { kind: 'Call', fn: { builtin: 'count' }, args: [], star: true };
const and = (conditions: PgExpression[]) => conditions.reduce((all, c) => pg.binary('AND', all, c));
const exists = (from: PgFromItem, where: PgExpression): PgExpression => ({
  kind: 'Exists',
  query: pg.select(pg.selectCore([], [from], where)),
});

/** The MERGE as data-modifying CTEs and the check before them; undefined when PostgreSQL's MERGE is used. */
export function mergeStatements(s: S.Merge, g: Generator): Lowered<Lines> | undefined {
  if (!needsStatements(s, g)) return undefined;
  const d = new Diagnostics();
  const { clause: outer, g: statement } = d.take(lowerWith(s.with ?? [], g));
  const { target: written, alias, inner } = mergeTarget(s, statement);
  const { table, qualifier } = written;
  const target = pg.table(table, alias);
  const refused = s.output && statementsOutputRefusal(s, s.output, written, inner);
  const notes = dmlMarks(s, refused, d);
  const output = s.output && !refused ? s.output : undefined;
  // each clause returns the OUTPUT clause's rows (their diagnostics raised once), or 1 per row changed
  let raised = false;
  const returning = (action: 'INSERT' | 'UPDATE' | 'DELETE', by: OutputTarget) => {
    if (!output) return [{ expr: pg.number(1) }];
    const list = clauseReturning(output, by, action, inner);
    if (raised) return list.node;
    raised = true;
    return d.take(list);
  };
  const source = d.take(lowerFromItem(s.using, inner));
  const on = d.take(lowerExpression(s.on, inner));
  const lowerCondition = (w: S.MergeWhen) => w.condition && d.take(lowerExpression(w.condition, inner));
  const conditions = s.whens.map(lowerCondition);
  const ctes = s.whens.map((w, i): ClauseDml => {
    const before = s.whens.flatMap((o, j) =>
      j < i && o.match === w.match && conditions[j] ? [conditions[j]!] : [],
    );
    const own = [...(conditions[i] ? [conditions[i]!] : []), ...before.map(not)];
    const a = w.action;
    if (w.match === 'not-matched-by-target') {
      const { columns, types } = insertColumns(s.target, a.columns, inner);
      const values = (a.values ?? []).map((e, k) =>
        assignedValue(d.take(lowerExpression(e, inner)), types[k]),
      );
      const unmatched = negated(exists(target, on));
      const query = pg.select({ ...pg.selectCore(values, [source], and([unmatched, ...own])) });
      const inserted = { ...written, qualifier: table[table.length - 1]! };
      const rows = returning('INSERT', inserted);
      return {
        kind: 'Insert',
        notes: [],
        table,
        ...(columns && { columns }),
        source: query,
        returning: rows,
      };
    }
    const where = and(w.match === 'matched' ? [on, ...own] : [negated(exists(source, on)), ...own]);
    const using = w.match === 'matched' ? [source] : [];
    if (a.kind === 'delete')
      return {
        kind: 'Delete',
        notes: [],
        table,
        ...(alias && { alias }),
        using,
        where,
        trailing: [],
        returning: returning('DELETE', written),
      };
    const set = (a.set ?? []).map((x) => d.take(assignment(x, s.target, inner)));
    const rows = returning('UPDATE', written);
    return { kind: 'Update', notes: [], table: target, set, from: using, where, returning: rows };
  });
  const names = ctes.map((_, i) => `merged_${i + 1}`);
  const withCtes: PgWith = {
    recursive: outer?.recursive ?? false,
    ctes: [...(outer?.ctes ?? []), ...ctes.map((query, i) => ({ name: names[i]!, query }))],
  };
  const check = cardinalityCheck(s, conditions, { target, qualifier, source, on, outer });
  const into = output?.into;
  if (into) {
    // OUTPUT INTO: the clauses' rows inserted into its table; @@ROWCOUNT that INSERT's rows
    const all = names
      .map((n): PgQueryBody => pg.selectCore([{ kind: 'Star' }], [pg.table([n])]))
      .reduce((left, right) => ({ kind: 'SetOperation', op: 'UNION ALL', left, right }));
    const insert: PgDml = {
      kind: 'Insert',
      notes: [],
      with: withCtes,
      table: targetName(into.target, g),
      columns: into.columns?.map((c) => columnName(into.target, c.name, g)),
      source: pg.select(all),
    };
    const [first, ...rest]: PgStatement[] = [
      ...check,
      { kind: 'Dml', dml: insert },
      ...rowcountUpdate(g.ctx.variables),
    ];
    return d.result({ statements: [{ ...first!, notes }, ...rest], flow: g.flow });
  }
  const counter = g.ctx.variables.get('@@rowcount');
  const [first, ...rest]: PgStatement[] = [
    ...check,
    counter
      ? { kind: 'SelectInto', query: { ...rowsChanged(names, counter.name), with: withCtes } }
      : // the rows changed are not read: the last clause is the statement, after the others
        { kind: 'Dml', dml: lastClause(ctes, withCtes) },
  ];
  return d.result({ statements: [{ ...first!, notes }, ...rest], flow: g.flow });
}

/** `SELECT (SELECT count(*) FROM merged_1) + ... INTO rowcount`: the rows the clauses changed. */
function rowsChanged(names: readonly string[], rowcount: string): PgSelect {
  const count = names
    .map((n): PgExpression => ({
      kind: 'Subquery',
      query: pg.select({ ...pg.selectCore([], [pg.table([n])]), columns: [{ expr: countAll }] }),
    }))
    .reduce((all, c) => pg.binary('+', all, c));
  return pg.select({ ...pg.selectCore([count], []), into: [pg.name(rowcount)] });
}

/** The last clause's DML (returning nothing) after the CTEs of the clauses before it. */
function lastClause(ctes: readonly ClauseDml[], all: PgWith): PgDml {
  const others = all.ctes.slice(0, -1);
  return {
    ...ctes[ctes.length - 1]!,
    returning: undefined,
    ...(others.length && { with: { ...all, ctes: others } }),
  };
}

/**
 * `IF EXISTS (SELECT FROM target JOIN source ON on WHERE <a MATCHED clause applies> GROUP BY target.ctid
 * HAVING count(*) > 1) THEN RAISE ...`: SQL Server's error 8672, when the MERGE has a MATCHED clause.
 */
function cardinalityCheck(
  s: S.Merge,
  conditions: readonly (PgExpression | undefined)[],
  parts: { target: PgFromItem; qualifier: string; source: PgFromItem; on: PgExpression; outer?: PgWith },
): PgStatement[] {
  const { target, qualifier, source, on, outer } = parts;
  const matched = s.whens.flatMap((w, i) => (w.match === 'matched' ? [conditions[i]] : []));
  if (!matched.length) return [];
  const applies = matched.every((c) => c) ? matched.reduce((all, c) => pg.binary('OR', all!, c!)) : undefined;
  const join: PgFromItem = {
    kind: 'Join',
    type: 'INNER',
    lateral: false,
    left: target,
    right: source,
    on,
    notes: [],
  };
  const twice = {
    ...pg.select({
      ...pg.selectCore([], [join], applies),
      groupBy: { kind: 'GroupList', items: [pg.name(qualifier, 'ctid')], notes: [] },
      having: pg.binary('>', countAll, pg.number(1)),
    }),
    ...(outer && { with: outer }),
  };
  const message =
    'The MERGE statement attempted to UPDATE or DELETE the same row more than once. This happens when a target row matches more than one source row. A MERGE statement cannot UPDATE/DELETE the same row of the target table multiple times. Refine the ON clause to ensure a target row matches at most one source row, or use the GROUP BY clause to group the source rows.';
  return [
    {
      kind: 'If',
      branches: [
        {
          condition: { kind: 'Exists', query: twice },
          body: [
            {
              kind: 'Raise',
              level: 'EXCEPTION',
              format: '%',
              args: [pg.string(message)],
              using: [{ option: 'ERRCODE', value: pg.string('21000') }],
            },
          ],
        },
      ],
    },
  ];
}
