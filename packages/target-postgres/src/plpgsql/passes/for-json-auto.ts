// FOR JSON AUTO over joined tables, nested as SQL Server nests it: the tables in the order their first
// column comes in the select list (other items join the level open when they come), each one's
// columns an array under its alias (or name) in the
// objects of the table before it; consecutive rows with the same values of a table's columns (and of
// the tables before it) make one object, so a LEFT JOIN's row without a match is an empty object.
// The rows are numbered in the query's order, a group starts where a level's properties change from
// the row before (lag), and the levels are aggregated from the innermost out (string_agg by group).

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression, type PgSelect, type PgSelectCore } from '../../pg/ast.js';
import { concatenate, fromSources, sameQualifier, type FromSource } from './for-clause.js';

/** One nesting level: the key its array has in the level before (alias or table name), and its columns. */
export interface AutoLevel {
  readonly key: string;
  /** Indexes of its columns in the select list. */
  readonly columns: number[];
}

/**
 * The levels of a FOR JSON AUTO query over joined tables (stars written out). A column of a table
 * goes to that table's level; any other item (an expression, a column of a source whose columns are
 * not known and that it does not qualify) goes, as in FOR XML AUTO, to the deepest level opened when
 * it comes in the select list, or to the first level when it comes before any table's column.
 * Undefined when an unqualified column's table cannot be told, or a nested table has a schema and no
 * alias.
 */
export function autoLevels(
  from: readonly S.TableSource[],
  items: readonly S.SelectColumn[],
  g: Generator,
): AutoLevel[] | undefined {
  const sources = fromSources(from, g);
  if (!sources) return undefined;
  const levels: (AutoLevel & { source: number })[] = [];
  const before: number[] = [];
  for (const [i, c] of items.entries()) {
    const source = columnSource(c.expr, sources);
    if (source === undefined) return undefined;
    const level = source < 0 ? levels[levels.length - 1] : levels.find((l) => l.source === source);
    if (level) level.columns.push(i);
    else if (source < 0) before.push(i);
    else {
      const q = sources[source]!.qualifier;
      if (levels.length && q.schema) return undefined;
      levels.push({ key: q.name.name, columns: levels.length ? [i] : [...before, i], source });
    }
  }
  return levels.length ? levels : undefined;
}

/** The index of the source a select item is a column of; -1 when it is no table's column; undefined when it cannot be told. */
function columnSource(e: S.Expression, sources: readonly FromSource[]): number | undefined {
  if (e.kind !== 'ColumnRef') return -1;
  const { table, column } = e;
  if (table) {
    const i = sources.findIndex((x) => sameQualifier(table, x.qualifier));
    return i >= 0 ? i : undefined;
  }
  const lower = column.name.toLowerCase();
  const i = sources.findIndex((x) => x.columns?.some((n) => n.toLowerCase() === lower));
  // a column found in no known table may be one of a source whose columns are not known
  return i >= 0 ? i : undefined;
}

const byRow = (column: string) => ({
  partitionBy: [],
  orderBy: [{ expr: pg.name(column), nulls: 'LAST' as const }],
});

function derived(
  columns: { expr: PgExpression; alias: string }[],
  query: PgSelect,
  alias: string,
): PgSelectCore {
  return pg.selectCore(columns, [{ kind: 'SubqueryFrom', query, alias }]);
}

const level = (k: number) => ({ properties: `p${k}`, group: `g${k}` });

/**
 * The objects of the outermost level: `query` is the rows (as `r`), `keys` each level's key as JSON
 * text, `members` each level's properties (the text between its braces, over `r`'s columns). Returns the query of the outermost objects (`o`,
 * ordered by `g0`) and their text joined, over that query as `r`.
 */
export function nestedObjects(
  query: PgSelect,
  keys: readonly string[],
  members: readonly PgExpression[],
): { query: PgSelect; objects: PgExpression } {
  const depth = members.length;
  const all = members.map((_, k) => level(k));
  // a: each row's number and each level's properties
  const numbered = derived(
    [
      {
        expr: { kind: 'Window', expr: pg.call('row_number'), over: { partitionBy: [], orderBy: [] } },
        alias: 'n',
      },
      ...members.map((m, k) => ({ expr: m, alias: all[k]!.properties })),
    ],
    query,
    'r',
  );
  // b: a 1 where a level's properties (or those of a level before it) differ from the row before
  const changed = (k: number): PgExpression => {
    const same = all
      .slice(0, k + 1)
      .map(({ properties }) =>
        pg.binary('=', pg.name(properties), {
          kind: 'Window',
          expr: pg.call('lag', pg.name(properties)),
          over: byRow('n'),
        }),
      )
      .reduce((a, b) => pg.binary('AND', a, b));
    return pg.caseWhen(same, pg.number(0), pg.number(1));
  };
  const breaks = derived(
    [
      { expr: pg.name('n'), alias: 'n' },
      ...all.map(({ properties }) => ({ expr: pg.name(properties), alias: properties })),
      ...all.map((_, k) => ({ expr: changed(k), alias: `b${k}` })),
    ],
    pg.select(numbered),
    'a',
  );
  // c: each level's group number, the running count of its breaks
  const groups = derived(
    [
      ...all.map(({ properties }) => ({ expr: pg.name(properties), alias: properties })),
      ...all.map(({ group }, k) => ({
        expr: { kind: 'Window', expr: pg.call('sum', pg.name(`b${k}`)), over: byRow('n') } as PgExpression,
        alias: group,
      })),
    ],
    pg.select(breaks),
    'b',
  );
  // the levels from the innermost out: one object per group of the level
  let rows = pg.select(groups);
  for (let k = depth - 1; k >= 0; k--) {
    const own = pg.call('min', pg.name(all[k]!.properties));
    const inner =
      k === depth - 1
        ? own
        : pg.call(
            'concat_ws',
            pg.string(','),
            pg.call('nullif', own, pg.string('')),
            concatenate(
              pg.string(`${keys[k + 1]!}:[`),
              objectsOf(pg.name('o'), pg.name(all[k + 1]!.group)),
              pg.string(']'),
            ),
          );
    const outer = all.slice(0, k);
    const columns = [
      ...all.slice(0, k + 1).map(({ group }) => ({ expr: pg.name(group), alias: group })),
      ...outer.map(({ properties }) => ({ expr: pg.call('min', pg.name(properties)), alias: properties })),
      { expr: concatenate(pg.string('{'), inner, pg.string('}')), alias: 'o' },
    ];
    rows = pg.select({
      ...derived(columns, rows, `l${k + 1}`),
      groupBy: {
        kind: 'GroupList',
        items: all.slice(0, k + 1).map(({ group }) => pg.name(group)),
        notes: [],
      },
    });
  }
  return { query: rows, objects: objectsOf(pg.name('r', 'o'), pg.name('r', 'g0')) };
}

/** `string_agg(o, ',' ORDER BY group)`: a level's objects in the rows' order. */
function objectsOf(object: PgExpression, group: PgExpression): PgExpression {
  return {
    kind: 'Call',
    fn: { builtin: 'string_agg' },
    args: [object, pg.string(',')],
    orderBy: [{ expr: group, nulls: 'LAST' }],
  };
}
