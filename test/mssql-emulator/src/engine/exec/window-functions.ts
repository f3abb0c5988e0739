// Window functions: ROW_NUMBER, RANK, DENSE_RANK, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE and
// aggregates OVER (PARTITION BY ... [ORDER BY ...]), computed over a query's rows after WHERE/GROUP
// BY/HAVING and appended to each row as extra slots that the select list and ORDER BY read, with
// explicit ROWS/RANGE frames for aggregates and FIRST/LAST_VALUE. Other window functions are refused.

import type { Expression, FunctionCall } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, type Value } from '../types/convert.js';
import { compareValues, valueKey } from './compare.js';
import { aggregateType, compileExpr } from './expressions.js';
import type { Aggregate } from './aggregates.js';
import { compileFrame } from './window-frames.js';
import type { CompileCtx, Compiled, EvalCtx, Row } from './scope.js';

/** A window call's value: the row slot it is stored in, and its type. */
export interface WindowSlot {
  slot: number;
  type: SqlType;
  nullable: boolean;
}

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'ntile']);
const OFFSET = new Set(['lag', 'lead', 'first_value', 'last_value']);
const AGGREGATES = new Set(['count', 'count_big', 'sum', 'avg', 'min', 'max']);

/** The window function calls (`f(...) OVER (...)`) in expressions, each once. */
export function collectWindowCalls(exprs: (Expression | undefined)[]): FunctionCall[] {
  const out: FunctionCall[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const e = n as Expression;
    if (e.kind === 'FunctionCall' && e.over) {
      out.push(e);
      return;
    }
    // Subqueries have windows of their own.
    if ((e.kind as string) === 'Select' || (e.kind as string) === 'QuerySpec') return;
    for (const [k, v] of Object.entries(n)) if (k !== 'pos' && v && typeof v === 'object') visit(v);
  };
  exprs.forEach(visit);
  return out;
}

interface CompiledWindow {
  partition: Compiled[];
  order: { e: Compiled; desc: boolean }[];
  /** Values of one partition's rows, given in window order. */
  values: (rows: Row[], peers: (a: number, b: number) => boolean, ctx: EvalCtx) => Value[];
  type: SqlType;
  nullable: boolean;
}

/**
 * Compiles the window calls of a query; `width` is the width of its rows. Returns the context in which
 * the select list and ORDER BY read the calls, and the step that appends their values to the rows.
 */
export function compileWindows(
  calls: FunctionCall[],
  cc: CompileCtx,
  width: number,
  makeAggregate: (call: FunctionCall, cc: CompileCtx) => Aggregate,
): { cc: CompileCtx; extend: (rows: Iterable<Row>, ctx: EvalCtx) => Row[] } {
  const compiled = calls.map((call) => compileWindow(call, cc, makeAggregate));
  const windows = new Map<FunctionCall, WindowSlot>(
    calls.map((c, i) => [c, { slot: width + i, type: compiled[i].type, nullable: compiled[i].nullable }]),
  );
  const extend = (input: Iterable<Row>, ctx: EvalCtx): Row[] => {
    const rows: Row[] = [];
    for (const r of input) {
      const x: Row = new Array(width + calls.length).fill(null);
      for (let i = 0; i < width; i++) x[i] = r[i];
      rows.push(x);
    }
    compiled.forEach((w, j) => {
      const partitions = new Map<string, Row[]>();
      for (const r of rows) {
        const key = w.partition.map((p) => valueKey(p.eval(r, ctx), p.type)).join('\u0001');
        let part = partitions.get(key);
        if (!part) partitions.set(key, (part = []));
        part.push(r);
      }
      for (const part of partitions.values()) {
        const keys = part.map((r) => w.order.map((o) => o.e.eval(r, ctx)));
        const cmp = (a: number, b: number) => {
          for (let i = 0; i < w.order.length; i++) {
            const x = keys[a][i];
            const y = keys[b][i];
            const c =
              x === null || y === null
                ? x === y
                  ? 0
                  : x === null
                    ? -1
                    : 1
                : compareValues(x, y, w.order[i].e.type);
            if (c !== 0) return w.order[i].desc ? -c : c;
          }
          return 0;
        };
        const order = part.map((_, i) => i).sort((a, b) => cmp(a, b) || a - b);
        const values = w.values(
          order.map((i) => part[i]),
          (a, b) => cmp(order[a], order[b]) === 0,
          ctx,
        );
        order.forEach((i, k) => (part[i][width + j] = values[k]));
      }
    });
    return rows;
  };
  return { cc: { ...cc, windows }, extend };
}

function compileWindow(
  call: FunctionCall,
  cc: CompileCtx,
  makeAggregate: (call: FunctionCall, cc: CompileCtx) => Aggregate,
): CompiledWindow {
  const name = call.name.name.name.toLowerCase();
  const over = call.over!;
  const upper = name.toUpperCase();
  if (call.name.schema || (!RANKING.has(name) && !AGGREGATES.has(name) && !OFFSET.has(name)))
    throw new SqlError(
      40517,
      `The window function ${upper} is not supported by the SQL Server emulator (ROW_NUMBER, RANK, DENSE_RANK, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE and COUNT/SUM/AVG/MIN/MAX OVER are).`,
      16,
    );
  const partition = over.partitionBy.map((e) => compileExpr(e, cc));
  const order = over.orderBy.map((o) => ({ e: compileExpr(o.expr, cc), desc: o.direction === 'DESC' }));
  const base = { partition, order };
  if (over.frame && (RANKING.has(name) || name === 'lag' || name === 'lead'))
    throw new SqlError(10752, `The function '${call.name.name.name}' may not have a window frame.`, 15);
  const frame = over.frame ? compileFrame(over.frame, order.length > 0, cc) : undefined;
  if (RANKING.has(name)) {
    if (!order.length)
      throw new SqlError(
        4112,
        `The function '${call.name.name.name}' must have an OVER clause with ORDER BY.`,
        15,
      );
    const bigint: SqlType = { name: 'bigint' };
    if (name === 'ntile') {
      if (call.args.length !== 1) throw new SqlError(174, 'The ntile function requires 1 argument(s).', 15);
      const buckets = compileExpr(call.args[0], cc);
      return {
        ...base,
        type: bigint,
        nullable: true,
        values: (rows, _peers, ctx) => {
          const n = Number(buckets.eval([], ctx));
          if (!(n > 0))
            throw new SqlError(
              4114,
              "The function 'ntile' takes only a positive int or bigint expression as its input.",
              16,
            );
          // The first (rows % n) groups get one row more.
          const size = Math.floor(rows.length / n);
          const bigger = rows.length % n;
          return rows.map((_, i) => {
            const edge = bigger * (size + 1);
            return BigInt(
              i < edge
                ? Math.floor(i / (size + 1)) + 1
                : bigger + Math.floor((i - edge) / Math.max(size, 1)) + 1,
            );
          });
        },
      };
    }
    return {
      ...base,
      type: bigint,
      nullable: false,
      values: (rows, peers) => {
        let rank = 0;
        let dense = 0;
        return rows.map((_, i) => {
          if (i === 0 || !peers(i - 1, i)) {
            rank = i + 1;
            dense++;
          }
          return BigInt(name === 'row_number' ? i + 1 : name === 'rank' ? rank : dense);
        });
      },
    };
  }
  if (OFFSET.has(name)) {
    if (!order.length)
      throw new SqlError(
        4112,
        `The function '${call.name.name.name}' must have an OVER clause with ORDER BY.`,
        15,
      );
    const value = compileExpr(call.args[0], cc);
    if (name === 'first_value' || name === 'last_value')
      return {
        ...base,
        type: value.type,
        nullable: true,
        // The default frame ends at the current row's last peer: LAST_VALUE is that row's value.
        values: (rows, peers, ctx) =>
          rows.map((_, i) => {
            if (frame) {
              const [lo, hi] = frame(i, rows.length, peers);
              return lo > hi ? null : value.eval(rows[name === 'first_value' ? lo : hi], ctx);
            }
            let k = 0;
            if (name === 'last_value') for (k = i; k + 1 < rows.length && peers(i, k + 1);) k++;
            return value.eval(rows[k], ctx);
          }),
      };
    const offset = call.args[1] ? compileExpr(call.args[1], cc) : undefined;
    const fallback = call.args[2] ? compileExpr(call.args[2], cc) : undefined;
    return {
      ...base,
      type: value.type,
      nullable: true,
      values: (rows, _peers, ctx) =>
        rows.map((r, i) => {
          const n = offset ? Number(offset.eval(r, ctx)) : 1;
          if (n < 0)
            throw new SqlError(
              8730,
              `Offset parameter for Lag and Lead functions cannot be a negative value.`,
              16,
              1,
            );
          const at = name === 'lag' ? i - n : i + n;
          if (at >= 0 && at < rows.length) return value.eval(rows[at], ctx);
          return fallback ? convert(fallback.eval(r, ctx), fallback.type, value.type, 0, ctx.session) : null;
        }),
    };
  }
  // An aggregate over the whole partition, or (with ORDER BY) running up to the current row and its peers.
  const agg = makeAggregate({ ...call, over: undefined }, cc);
  const type = aggregateType({ ...call, over: undefined }, cc);
  return {
    ...base,
    type,
    nullable: name !== 'count' && name !== 'count_big',
    values: (rows, peers, ctx) => {
      if (frame)
        return rows.map((_, i) => {
          const [lo, hi] = frame(i, rows.length, peers);
          const state = agg.init();
          for (let k = lo; k <= hi; k++) agg.step(state, rows[k], ctx);
          return agg.result(state);
        });
      const state = agg.init();
      if (!order.length) {
        for (const r of rows) agg.step(state, r, ctx);
        const v = agg.result(state);
        return rows.map(() => v);
      }
      const out: Value[] = new Array(rows.length);
      for (let i = 0; i < rows.length;) {
        let end = i + 1;
        while (end < rows.length && peers(i, end)) end++;
        for (let k = i; k < end; k++) agg.step(state, rows[k], ctx);
        const v = agg.result(state);
        for (let k = i; k < end; k++) out[k] = v;
        i = end;
      }
      return out;
    },
  };
}
