// GROUP BY ... WITH ROLLUP / WITH CUBE (and ROLLUP(...) / CUBE(...)) and GROUPING SETS: the groups of
// every grouping set (ROLLUP: each prefix of the GROUP BY list, CUBE: every subset, GROUPING SETS: as
// listed), the columns a set leaves out NULL in its rows, and GROUPING(column) 1 there.

import type { FunctionCall, QuerySpec } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Value } from '../types/convert.js';
import { valueKey } from './compare.js';
import type { Aggregate } from './aggregates.js';
import type { CompileCtx, EvalCtx, Row, Scope } from './scope.js';

/** The grouping sets of a ROLLUP or CUBE over `n` GROUP BY items, as lists of item positions. */
function groupingSets(modifier: 'ROLLUP' | 'CUBE', n: number): number[][] {
  const all = [...Array(n).keys()];
  if (modifier === 'ROLLUP') return all.map((_, k) => all.slice(0, n - k)).concat([[]]);
  const sets: number[][] = [];
  for (let mask = (1 << n) - 1; mask >= 0; mask--) sets.push(all.filter((p) => mask & (1 << (n - 1 - p))));
  return sets.sort((a, b) => b.length - a.length);
}

/** Group rows ([...representative source row, ...aggregate values]) of every grouping set. */
export function groupingSetRows(
  spec: QuerySpec,
  scc: CompileCtx,
  scope: Scope,
  aggCalls: FunctionCall[],
  sourceRows: (ctx: EvalCtx) => Iterable<Row>,
  makeAggregate: (call: FunctionCall, cc: CompileCtx) => Aggregate,
): (ctx: EvalCtx) => Row[] {
  const what = spec.groupingSets ? 'GROUPING SETS' : `WITH ${spec.groupByModifier}`;
  // GROUPING SETS: the distinct columns of all sets, each set as their positions.
  const items = spec.groupingSets ? spec.groupingSets.flat() : spec.groupBy;
  // Subtotal rows show NULL for the columns they sum over: each GROUP BY item must be a column.
  const all = items.map((g) => {
    const index = g.kind === 'ColumnRef' ? scope.resolve(g) : undefined;
    if (!index || index[0] !== 0)
      throw new SqlError(
        40517,
        `GROUP BY ... ${what} over expressions other than columns is not supported by the SQL Server emulator.`,
        16,
      );
    return index[1];
  });
  const columns = [...new Set(all)];
  let at = 0;
  const sets = spec.groupingSets
    ? spec.groupingSets.map((set) => [...new Set(set.map(() => columns.indexOf(all[at++])))])
    : groupingSets(spec.groupByModifier!, columns.length);
  // GROUPING(column): the column's GROUP BY position; other aggregates are computed as usual.
  const parts = aggCalls.map((call) => {
    if (call.name.name.name.toLowerCase() !== 'grouping') return { agg: makeAggregate(call, scc) };
    const arg = call.args[0];
    const at = arg?.kind === 'ColumnRef' ? columns.indexOf(scope.resolve(arg)[1]) : -1;
    if (at < 0)
      throw new SqlError(
        8161,
        `Argument 1 of the GROUPING function does not match any of the expressions in the GROUP BY clause.`,
        16,
        1,
      );
    return { position: at };
  });
  return (ctx) => {
    const source = [...sourceRows(ctx)];
    const out: Row[] = [];
    for (const set of sets) {
      const groups = new Map<string, { rep: Row; states: unknown[] }>();
      for (const r of source) {
        const k = set.map((p) => valueKey(r[columns[p]], scope.bindings[columns[p]].type)).join('\u0001');
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { rep: r, states: parts.map((p) => p.agg?.init()) }));
        parts.forEach((p, i) => p.agg?.step(g!.states[i] as never, r, ctx));
      }
      if (set.length === 0 && groups.size === 0)
        groups.set('', { rep: scope.bindings.map(() => null), states: parts.map((p) => p.agg?.init()) });
      for (const g of groups.values()) {
        const rep = [...g.rep];
        columns.forEach((c, p) => {
          if (!set.includes(p)) rep[c] = null;
        });
        const values: Value[] = parts.map((p, i) =>
          p.agg ? p.agg.result(g.states[i] as never) : set.includes(p.position!) ? 0 : 1,
        );
        out.push([...rep, ...values]);
      }
    }
    return out;
  };
}
