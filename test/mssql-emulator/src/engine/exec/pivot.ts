// PIVOT and UNPIVOT in FROM: PIVOT groups by the source columns it does not name and aggregates per
// IN value (one column each); UNPIVOT turns the listed columns into (value, name) rows, NULLs dropped.

import type { PivotTable, UnpivotTable } from '@ferry/tsql';
import { SqlError, invalidColumn } from '../errors.js';
import { convert, type Value } from '../types/convert.js';
import { compareValues, valueKey } from './compare.js';
import { makeAggregate, type AggState } from './aggregates.js';
import { aggregateType } from './expressions.js';
import { Scope, type CompileCtx, type Row } from './scope.js';
import type { SourcePlan } from './query.js';

const SYSNAME = { name: 'nvarchar', length: 128 } as const;

export function pivotPlan(src: PivotTable, source: SourcePlan, cc: CompileCtx): SourcePlan {
  const scope = new Scope(
    source.bindings,
    cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined,
  );
  const acc: CompileCtx = { ...cc, scope, aggregates: undefined, grouped: undefined };
  const fn = src.aggregate.name.name.name.toLowerCase();
  if (!['count', 'count_big', 'min', 'max', 'sum', 'avg'].includes(fn))
    throw new SqlError(
      40517,
      `PIVOT with the aggregate ${fn.toUpperCase()} is not supported by the SQL Server emulator.`,
      16,
    );
  if (src.aggregate.star)
    throw new SqlError(8144, 'COUNT(*) is not allowed in PIVOT. Use COUNT(column) instead.', 16);
  // The aggregated and pivoted columns are consumed; every other source column groups.
  const used = new Set<number>();
  const own = (ref: Parameters<Scope['resolve']>[0]) => {
    const [depth, index] = scope.resolve(ref);
    if (depth !== 0) throw invalidColumn(ref.column.name);
    return index;
  };
  const walk = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    if (Array.isArray(e)) return e.forEach(walk);
    const n = e as { kind?: string };
    if (n.kind === 'ColumnRef') used.add(own(n as Parameters<Scope['resolve']>[0]));
    else for (const [k, v] of Object.entries(n)) if (k !== 'pos') walk(v);
  };
  walk(src.aggregate.args);
  const pivotIndex = own(src.pivotColumn);
  used.add(pivotIndex);
  const pivotType = source.bindings[pivotIndex].type;
  const groupCols = source.bindings.map((_, i) => i).filter((i) => !used.has(i));
  const agg = makeAggregate(src.aggregate, acc);
  const type = aggregateType(src.aggregate, acc);
  const grouping = new Set<string>(groupCols.map((i) => source.bindings[i].name.toLowerCase()));
  for (const v of src.values)
    if (grouping.has(v.name.toLowerCase()))
      throw new SqlError(
        265,
        `The column name "${v.name}" specified in the PIVOT operator conflicts with the existing column name in the PIVOT argument.`,
        16,
      );
  const values = new Set<string>();
  for (const v of src.values) {
    if (values.has(v.name.toLowerCase()))
      throw new SqlError(
        8156,
        `The column '${v.name}' was specified multiple times for '${src.alias?.name ?? 'PIVOT'}'.`,
        16,
      );
    values.add(v.name.toLowerCase());
  }
  // The IN values are converted to the pivot column's type (a failure is the usual conversion error).
  const targets: Value[] = src.values.map((v) => convert(v.name, SYSNAME, pivotType, 0, cc.session));
  const q = src.alias?.name.toLowerCase();
  return {
    bindings: [
      ...groupCols.map((i) => ({ ...source.bindings[i], qualifier: q, schema: undefined })),
      ...src.values.map((v) => ({
        qualifier: q,
        name: v.name,
        type,
        nullable: fn !== 'count' && fn !== 'count_big',
      })),
    ],
    rows: function* (ctx) {
      const groups = new Map<string, { rep: Row; states: AggState[] }>();
      for (const r of source.rows(ctx)) {
        const k = groupCols.map((i) => valueKey(r[i], source.bindings[i].type)).join('\u0001');
        let g = groups.get(k);
        if (!g)
          groups.set(k, (g = { rep: groupCols.map((i) => r[i]), states: targets.map(() => agg.init()) }));
        const p = r[pivotIndex];
        if (p === null) continue;
        const at = targets.findIndex((t) => t !== null && compareValues(p, t, pivotType) === 0);
        if (at >= 0) agg.step(g.states[at], r, ctx);
      }
      for (const g of groups.values()) yield [...g.rep, ...g.states.map((s) => agg.result(s))];
    },
  };
}

export function unpivotPlan(src: UnpivotTable, source: SourcePlan): SourcePlan {
  const scope = new Scope(source.bindings);
  const listed = src.columns.map((c) => {
    const index = scope.resolve({ kind: 'ColumnRef', column: c, pos: c.pos });
    return { index, name: source.bindings[index[1]].name };
  });
  const first = source.bindings[listed[0].index[1]].type;
  for (const { index } of listed) {
    const t = source.bindings[index[1]].type;
    if (
      t.name !== first.name ||
      t.length !== first.length ||
      t.precision !== first.precision ||
      t.scale !== first.scale
    )
      throw new SqlError(
        8167,
        `The type of column "${source.bindings[index[1]].name}" conflicts with the type of other columns specified in the UNPIVOT list.`,
        16,
      );
  }
  const indexes = listed.map((l) => l.index[1]);
  const keep = source.bindings.map((_, i) => i).filter((i) => !indexes.includes(i));
  const q = src.alias?.name.toLowerCase();
  return {
    bindings: [
      ...keep.map((i) => ({ ...source.bindings[i], qualifier: q, schema: undefined })),
      { qualifier: q, name: src.valueColumn.name, type: first, nullable: false },
      { qualifier: q, name: src.nameColumn.name, type: SYSNAME, nullable: false },
    ],
    rows: function* (ctx) {
      for (const r of source.rows(ctx)) {
        const base = keep.map((i) => r[i]);
        // The name is the column's name as the IN list spells it.
        for (let k = 0; k < indexes.length; k++)
          if (r[indexes[k]] !== null) yield [...base, r[indexes[k]], src.columns[k].name];
      }
    },
  };
}
