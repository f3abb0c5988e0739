// Arithmetic operators with SQL Server's result types: integer ops in the wider integer type,
// decimal precision/scale rules (capped at 38), money stays money, float wins over exact types,
// string + string concatenates, datetime +/- number adds days.

import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, type ConvertContext, type Value } from '../types/convert.js';
import {
  addDec,
  divDec,
  fitsPrecision,
  formatDec,
  mulDec,
  parseDec,
  rescale,
  subDec,
  type Dec,
} from '../types/decimal.js';
import {
  isBinaryType,
  isCharType,
  isExactNumeric,
  isFloatType,
  isIntType,
  isTemporalType,
  isUnicodeType,
  precedence,
  typeText,
} from '../types/sql-type.js';
import { momentOf, formatMoment, roundMoment } from '../types/temporal.js';

export type ArithOp = '+' | '-' | '*' | '/' | '%';
const OP_NAMES: Record<string, string> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '%': 'modulo',
};

const INT_DEC: Record<string, [number, number]> = {
  bit: [1, 0],
  tinyint: [3, 0],
  smallint: [5, 0],
  int: [10, 0],
  bigint: [19, 0],
  money: [19, 4],
  smallmoney: [10, 4],
};

function decParts(t: SqlType): [number, number] {
  if (t.name === 'decimal' || t.name === 'numeric') return [t.precision ?? 18, t.scale ?? 0];
  return INT_DEC[t.name] ?? [38, 0];
}

/** Result precision/scale of a decimal operation (Precision, scale, and length (Transact-SQL)). */
export function decimalResult(op: ArithOp, a: SqlType, b: SqlType): SqlType {
  const [p1, s1] = decParts(a);
  const [p2, s2] = decParts(b);
  let p: number;
  let s: number;
  switch (op) {
    case '+':
    case '-':
      s = Math.max(s1, s2);
      p = Math.max(p1 - s1, p2 - s2) + s + 1;
      break;
    case '*':
      p = p1 + p2 + 1;
      s = s1 + s2;
      break;
    case '/':
      s = Math.max(6, s1 + p2 + 1);
      p = p1 - s1 + s2 + s;
      break;
    default:
      s = Math.max(s1, s2);
      p = Math.min(p1 - s1, p2 - s2) + s;
  }
  if (p > 38) {
    const intDigits = p - s;
    s = op === '*' || op === '/' ? Math.max(38 - intDigits, Math.min(s, 6)) : Math.max(38 - intDigits, 0);
    if (s < 0) s = 0;
    p = 38;
  }
  return { name: 'numeric', precision: p, scale: s };
}

export function arithmeticType(op: ArithOp, a: SqlType, b: SqlType): SqlType {
  if (isBinaryType(a) && isBinaryType(b) && a.name !== 'image' && b.name !== 'image') {
    if (op !== '+')
      throw new SqlError(8117, `Operand data type ${a.name} is invalid for ${OP_NAMES[op]} operator.`, 16);
    const la = a.length ?? 1;
    const lb = b.length ?? 1;
    return { name: 'varbinary', length: la === -1 || lb === -1 ? -1 : Math.min(la + lb, 8000) };
  }
  if (isCharType(a) && isCharType(b)) {
    if (op !== '+')
      throw new SqlError(8117, `Operand data type ${a.name} is invalid for ${OP_NAMES[op]} operator.`, 16);
    const unicode = isUnicodeType(a) || isUnicodeType(b);
    const la = a.length ?? 8000;
    const lb = b.length ?? 8000;
    const max = unicode ? 4000 : 8000;
    const length =
      la === -1 || lb === -1 || a.name.endsWith('text') || b.name.endsWith('text')
        ? -1
        : Math.min(la + lb, max);
    return { name: unicode ? 'nvarchar' : 'varchar', length, collation: a.collation ?? b.collation };
  }
  const t = precedence(a) >= precedence(b) ? a : b;
  const other = t === a ? b : a;
  if (isTemporalType(t)) {
    if ((t.name === 'datetime' || t.name === 'smalldatetime') && (op === '+' || op === '-')) return t;
    throw new SqlError(8117, `Operand data type ${t.name} is invalid for ${OP_NAMES[op]} operator.`, 16);
  }
  if (isFloatType(t))
    return t.name === 'real' && (other.name === 'real' || !isFloatType(other))
      ? { name: 'real' }
      : { name: 'float' };
  if (t.name === 'decimal' || t.name === 'numeric') return decimalResult(op, a, b);
  if (t.name === 'money' || t.name === 'smallmoney') {
    if (other.name === 'decimal' || other.name === 'numeric') return decimalResult(op, a, b);
    return other.name === 'money' ? other : t;
  }
  if (isIntType(t)) return t.name === 'bit' ? { name: 'int' } : t;
  if (isCharType(t)) return arithmeticType(op, { name: 'int' }, { name: 'int' });
  throw new SqlError(8117, `Operand data type ${t.name} is invalid for ${OP_NAMES[op]} operator.`, 16);
}

const INT_LIMITS: Record<string, [bigint, bigint]> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

const divZero = () => new SqlError(8134, 'Divide by zero error encountered.', 16);

/** Evaluates `a op b` (both non-null) in result type `rt`, converting operands from `ta`/`tb`. */
export function arithmetic(
  op: ArithOp,
  a: Value,
  ta: SqlType,
  b: Value,
  tb: SqlType,
  rt: SqlType,
  ctx: ConvertContext,
): Value {
  if (isCharType(rt)) return String(convert(a, ta, rt, 0, ctx)) + String(convert(b, tb, rt, 0, ctx));
  if (rt.name === 'varbinary') return Buffer.concat([a as Buffer, b as Buffer]);
  if (isTemporalType(rt)) {
    const [dt, dtType, n, nType] = isTemporalType(ta) ? [a, ta, b, tb] : [b, tb, a, ta];
    const m = momentOf(String(dt), dtType.name);
    let days: number;
    if (isTemporalType(nType)) {
      const m2 = momentOf(String(n), nType.name);
      days = m2.days - 693595 + m2.ticks / 864_000_000_000;
    } else days = Number(convert(n, nType, { name: 'float' }, 0, ctx));
    const sign = op === '-' ? -1 : 1;
    const total = m.days + m.ticks / 864_000_000_000 + sign * days;
    const d = Math.floor(total);
    const r = roundMoment({ days: d, ticks: Math.round((total - d) * 864_000_000_000), offset: 0 }, rt.name);
    return formatMoment(r, rt.name);
  }
  if (isFloatType(rt)) {
    // Each operand is converted to the result type first: to real (single precision) for a real result.
    const operand: SqlType = rt.name === 'real' ? rt : { name: 'float' };
    const x = Number(convert(a, ta, operand, 0, ctx));
    const y = Number(convert(b, tb, operand, 0, ctx));
    if ((op === '/' || op === '%') && y === 0) throw divZero();
    const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y;
    if (!Number.isFinite(r))
      throw new SqlError(8115, 'Arithmetic overflow error converting expression to data type float.', 16);
    return rt.name === 'real' ? Math.fround(r) : r;
  }
  if (isIntType(rt)) {
    const x = BigInt(convert(a, ta, { name: 'bigint' }, 0, ctx) as bigint);
    const y = BigInt(convert(b, tb, { name: 'bigint' }, 0, ctx) as bigint);
    if ((op === '/' || op === '%') && y === 0n) throw divZero();
    const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y;
    const [lo, hi] = INT_LIMITS[rt.name];
    if (r < lo || r > hi)
      throw new SqlError(
        8115,
        `Arithmetic overflow error converting expression to data type ${rt.name}.`,
        16,
      );
    return rt.name === 'bigint' ? r : Number(r);
  }
  if (isExactNumeric(rt)) {
    const x = toDec(a, ta, ctx);
    const y = toDec(b, tb, ctx);
    const scale = rt.name === 'money' || rt.name === 'smallmoney' ? 4 : (rt.scale ?? 0);
    let r: Dec;
    if (op === '+') r = addDec(x, y);
    else if (op === '-') r = subDec(x, y);
    else if (op === '*') r = mulDec(x, y);
    else if (op === '/') r = divDec(x, y, scale);
    else {
      if (y.v === 0n) throw divZero();
      const s = Math.max(x.s, y.s);
      const xv = rescale(x, s).v;
      const yv = rescale(y, s).v;
      r = { v: xv % yv, s };
    }
    r = rescale(r, scale);
    const precision = rt.name === 'money' ? 19 : rt.name === 'smallmoney' ? 10 : (rt.precision ?? 38);
    if (!fitsPrecision(r, precision, scale))
      throw new SqlError(
        8115,
        `Arithmetic overflow error converting expression to data type ${rt.name === 'money' ? 'money' : 'numeric'}.`,
        16,
      );
    return formatDec(r);
  }
  throw new SqlError(8117, `Operand data type ${typeText(rt)} is invalid for ${OP_NAMES[op]} operator.`, 16);
}

function toDec(v: Value, t: SqlType, ctx: ConvertContext): Dec {
  if (isExactNumeric(t) && typeof v === 'string') return parseDec(v);
  if (typeof v === 'bigint') return { v, s: 0 };
  if (typeof v === 'number' && Number.isInteger(v)) return { v: BigInt(v), s: 0 };
  if (typeof v === 'boolean') return { v: v ? 1n : 0n, s: 0 };
  return parseDec(String(convert(v, t, { name: 'numeric', precision: 38, scale: 10 }, 0, ctx)));
}
