// PIVOT and UNPIVOT in FROM, as SQL Server computes them, when the source's columns are known (a
// table of the model, or a derived table whose select list names every column):
//   source PIVOT (AGG(v) FOR k IN ([a], [b])) AS p
//     -> (SELECT <other columns>, AGG(CASE WHEN k = 'a' THEN v END) AS a, ... FROM source
//         GROUP BY <other columns>) AS p
//   source UNPIVOT (v FOR k IN (a, b)) AS u
//     -> (SELECT <other columns>, x.k, x.v FROM source CROSS JOIN LATERAL (VALUES ('a', a), ('b', b))
//         AS x (k, v) WHERE x.v IS NOT NULL) AS u
// The name column holds the IN list's names as written (SQL Server's values, not the target names).

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowerFromItem, scopeOf } from '../lower-query.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, type Lowered } from '../lowered.js';
import { pg, type PgExpression, type PgFromItem } from '../../pg/ast.js';

/** The target names of the source's columns, or undefined when they cannot be told. */
function sourceColumns(t: S.TableSource, g: Generator): string[] | undefined {
  if (t.kind === 'TableRef' && !t.systemTime)
    return g.ctx.names.relation(t.name.schema?.name, t.name.name.name)?.columns?.slice();
  if (t.kind !== 'DerivedTable') return undefined;
  if (t.columns) return t.columns.map((c) => g.ctx.names.name(c.name));
  const spec = t.query.query;
  if (spec.kind !== 'QuerySpec') return undefined;
  const names: string[] = [];
  for (const c of spec.columns) {
    if (c.kind !== 'SelectColumn') return undefined;
    const name = c.alias?.name ?? (c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined);
    if (name === undefined) return undefined;
    names.push(g.ctx.names.name(name));
  }
  return names;
}

/** A source column's target name, as a column reference in the source's scope lowers it. */
function columnName(id: S.Identifier, g: Generator, d: Diagnostics): string {
  const lowered = d.take(lowerExpression({ kind: 'ColumnRef', column: id, pos: id.pos }, g));
  return lowered.kind === 'Name' ? lowered.parts[lowered.parts.length - 1]! : g.ctx.names.name(id.name);
}

/** The derived table a PIVOT or UNPIVOT becomes, or undefined (the caller records the action item). */
export function pivotFrom(t: S.PivotTable | S.UnpivotTable, g: Generator): Lowered<PgFromItem> | undefined {
  const columns = sourceColumns(t.source, g);
  if (!columns) return undefined;
  const d = new Diagnostics();
  const source = d.take(lowerFromItem(t.source, g));
  const inner = g.withScope(scopeOf([t.source], g));
  const alias = t.alias ? g.ctx.names.name(t.alias.name) : 'pivoted';
  const query =
    t.kind === 'PivotTable' ? pivot(t, columns, source, inner, d) : unpivot(t, columns, source, inner, d);
  return d.result({ kind: 'SubqueryFrom', query: pg.select(query), alias });
}

function pivot(t: S.PivotTable, columns: string[], source: PgFromItem, g: Generator, d: Diagnostics) {
  const pivotName = columnName(t.pivotColumn.column, g, d);
  const valueArg = t.aggregate.args[0];
  const valueNames = new Set(valueArg?.kind === 'ColumnRef' ? [columnName(valueArg.column, g, d)] : []);
  const grouping = columns.filter((c) => c !== pivotName && !valueNames.has(c));
  const spread = t.values.map((v) => {
    const only: S.Expression = {
      kind: 'Case',
      whens: [
        {
          when: {
            kind: 'BinaryOp',
            op: '=',
            left: t.pivotColumn,
            right: { kind: 'StringLiteral', value: v.name, unicode: true, pos: v.pos },
            pos: v.pos,
          },
          then: valueArg!,
        },
      ],
      pos: v.pos,
    };
    const expr = d.take(lowerExpression({ ...t.aggregate, args: [only] }, g));
    return { expr, alias: g.ctx.names.name(v.name) };
  });
  const core = pg.selectCore([...grouping.map((c) => pg.name(c)), ...spread], [source]);
  return {
    ...core,
    ...(grouping.length
      ? { groupBy: { kind: 'GroupList', items: grouping.map((c) => pg.name(c)), notes: [] } as const }
      : {}),
  };
}

function unpivot(t: S.UnpivotTable, columns: string[], source: PgFromItem, g: Generator, d: Diagnostics) {
  const unpivoted = new Set(t.columns.map((c) => columnName(c, g, d)));
  const kept = columns.filter((c) => !unpivoted.has(c));
  const name = g.ctx.names.name(t.nameColumn.name);
  const value = g.ctx.names.name(t.valueColumn.name);
  const rows: PgExpression[][] = t.columns.map((c) => [pg.string(c.name), pg.name(columnName(c, g, d))]);
  const values: PgFromItem = { kind: 'ValuesFrom', rows, alias: 'unpivoted', columns: [name, value] };
  const from: PgFromItem = {
    kind: 'Join',
    type: 'CROSS',
    lateral: true,
    left: source,
    right: values,
    notes: [],
  };
  return pg.selectCore(
    [...kept.map((c) => pg.name(c)), pg.name('unpivoted', name), pg.name('unpivoted', value)],
    [from],
    { kind: 'IsNull', not: true, expr: pg.name('unpivoted', value) },
  );
}
