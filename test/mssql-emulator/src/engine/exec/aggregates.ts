// Aggregate functions of a query (COUNT/COUNT_BIG, MIN/MAX, SUM/AVG with DISTINCT): one state per
// group, stepped per row, with SQL Server's result types and overflow errors.

import type { FunctionCall } from '@ferry/core/sql';
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
