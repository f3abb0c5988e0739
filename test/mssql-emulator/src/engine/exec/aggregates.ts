// Aggregate functions of a query (COUNT/COUNT_BIG, MIN/MAX, SUM/AVG with DISTINCT): one state per
// group, stepped per row, with SQL Server's result types and overflow errors.

import type { FunctionCall } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, type Value } from '../types/convert.js';
import { cmpDec, parseDec, addDec, formatDec, rescale, divDec } from '../types/decimal.js';
import { compareValues, valueKey } from './compare.js';
import { aggregateType, compileExpr } from './expressions.js';
import type { CompileCtx, EvalCtx, Row } from './scope.js';

export interface AggState {
  n: number;
  acc: Value;
  seen?: Set<string>;
  /** STRING_AGG: the values with their WITHIN GROUP keys. */
  items?: { text: string; keys: Value[] }[];
}

export interface Aggregate {
  init(): AggState;
  step(s: AggState, row: Row, ctx: EvalCtx): void;
  result(s: AggState): Value;
}

export function makeAggregate(call: FunctionCall, cc: CompileCtx): Aggregate {
  const fn = call.name.name.name.toLowerCase();
  const rt = aggregateType(call, cc);
  if ((fn === 'count' || fn === 'count_big') && call.star)
    return {
      init: () => ({ n: 0, acc: null }),
      step: (s) => void s.n++,
      result: (s) => (fn === 'count' ? s.n : BigInt(s.n)),
    };
  if (fn === 'string_agg') return stringAgg(call, cc, rt);
  const arg = compileExpr(call.args[0], cc);
  const distinct = call.distinct;
  const seenOk = (s: AggState, v: Value) => {
    if (!distinct) return true;
    const k = valueKey(v, arg.type);
    s.seen ??= new Set();
    if (s.seen.has(k)) return false;
    s.seen.add(k);
    return true;
  };
  if (fn === 'count' || fn === 'count_big')
    return {
      init: () => ({ n: 0, acc: null }),
      step: (s, row, ctx) => {
        const v = arg.eval(row, ctx);
        if (v !== null && seenOk(s, v)) s.n++;
      },
      result: (s) => (fn === 'count' ? s.n : BigInt(s.n)),
    };
  if (fn === 'min' || fn === 'max')
    return {
      init: () => ({ n: 0, acc: null }),
      step: (s, row, ctx) => {
        const v = arg.eval(row, ctx);
        if (v === null) return;
        if (s.acc === null) s.acc = v;
        else {
          const c = compareValues(v, s.acc, arg.type);
          if (fn === 'min' ? c < 0 : c > 0) s.acc = v;
        }
      },
      result: (s) => s.acc,
    };
  if (fn === 'sum' || fn === 'avg') {
    const exact = rt.name === 'numeric' || rt.name === 'decimal' || rt.name === 'money';
    const intLike = rt.name === 'int' || rt.name === 'bigint';
    return {
      init: () => ({ n: 0, acc: null }),
      step: (s, row, ctx) => {
        const v = arg.eval(row, ctx);
        if (v === null || !seenOk(s, v)) return;
        s.n++;
        if (exact) {
          const d = parseDec(
            String(
              convert(
                v,
                arg.type,
                { name: 'numeric', precision: 38, scale: rt.name === 'money' ? 4 : (rt.scale ?? 0) },
                0,
                ctx.session,
              ),
            ),
          );
          s.acc = s.acc === null ? formatDec(d) : formatDec(addDec(parseDec(s.acc as string), d));
        } else if (intLike) {
          const x = BigInt(convert(v, arg.type, { name: 'bigint' }, 0, ctx.session) as bigint);
          s.acc = ((s.acc as bigint | null) ?? 0n) + x;
        } else
          s.acc =
            ((s.acc as number | null) ?? 0) + Number(convert(v, arg.type, { name: 'float' }, 0, ctx.session));
      },
      result: (s) => {
        if (s.acc === null) return null;
        if (exact) {
          let d = parseDec(s.acc as string);
          const scale = rt.name === 'money' ? 4 : (rt.scale ?? 0);
          if (fn === 'avg') d = divDec(d, { v: BigInt(s.n), s: 0 }, scale);
          const out = rescale(d, scale);
          if (cmpDec(out, { v: 10n ** 38n, s: 0 }) >= 0)
            throw new SqlError(
              8115,
              'Arithmetic overflow error converting expression to data type numeric.',
              16,
            );
          return formatDec(out);
        }
        if (intLike) {
          let v = s.acc as bigint;
          if (fn === 'avg') v = v / BigInt(s.n);
          if (rt.name === 'int' && (v > 2147483647n || v < -2147483648n))
            throw new SqlError(8115, 'Arithmetic overflow error converting expression to data type int.', 16);
          return rt.name === 'int' ? Number(v) : v;
        }
        return fn === 'avg' ? (s.acc as number) / s.n : s.acc;
      },
    };
  }
  throw new SqlError(
    40517,
    `The aggregate ${fn.toUpperCase()} is not supported by the SQL Server emulator.`,
    16,
  );
}

/** STRING_AGG(expr, separator) [WITHIN GROUP (ORDER BY ...)]: NULLs skipped, 9829 past 8000 bytes. */
function stringAgg(call: FunctionCall, cc: CompileCtx, rt: SqlType): Aggregate {
  if (call.args.length !== 2) throw new SqlError(174, 'The string_agg function requires 2 argument(s).', 15);
  const arg = compileExpr(call.args[0], cc);
  const separator = compileExpr(call.args[1], cc);
  const keys = (call.withinGroup ?? []).map((o) => ({
    e: compileExpr(o.expr, cc),
    desc: o.direction === 'DESC',
  }));
  const order = (a: Value[], b: Value[]) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a[i];
      const y = b[i];
      const c =
        x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : compareValues(x, y, keys[i].e.type);
      if (c) return keys[i].desc ? -c : c;
    }
    return 0;
  };
  return {
    init: () => ({ n: 0, acc: null, items: [] }),
    step: (s, row, ctx) => {
      const v = arg.eval(row, ctx);
      if (v === null) return;
      s.acc = String(convert(separator.eval(row, ctx), separator.type, rt, 0, ctx.session) ?? '');
      s.items!.push({
        text: String(convert(v, arg.type, rt, 0, ctx.session)),
        keys: keys.map((k) => k.e.eval(row, ctx)),
      });
    },
    result: (s) => {
      if (!s.items!.length) return null;
      const items = keys.length ? [...s.items!].sort((a, b) => order(a.keys, b.keys)) : s.items!;
      const text = items.map((i) => i.text).join(s.acc as string);
      const bytes = rt.name === 'nvarchar' ? text.length * 2 : text.length;
      if (rt.length !== -1 && bytes > 8000)
        throw new SqlError(
          9829,
          'STRING_AGG aggregation result exceeded the limit of 8000 bytes. Use LOB types to avoid result truncation.',
          16,
        );
      return text;
    },
  };
}
