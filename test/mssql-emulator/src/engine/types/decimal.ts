// Exact decimal arithmetic on scaled bigints, rounding half away from zero as SQL Server does.

import { SqlError } from '../errors.js';

export interface Dec {
  /** Unscaled value: the number is v / 10^s. */
  v: bigint;
  s: number;
}

const P10: bigint[] = [];
for (let i = 0, p = 1n; i <= 80; i++, p *= 10n) P10.push(p);
export const pow10 = (n: number) => P10[n] ?? 10n ** BigInt(n);

/** Parses `-12.345`, `1e5`, `.5`; throws 8114-style error on bad text. */
export function parseDec(text: string): Dec {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    throw new SqlError(8114, `Error converting data type varchar to numeric.`, 16);
  const frac = m[3] ?? '';
  let v = BigInt((m[2] || '0') + frac);
  let s = frac.length;
  const e = m[4] ? Number(m[4]) : 0;
  if (e > 0) {
    if (e >= s) {
      v *= pow10(e - s);
      s = 0;
    } else s -= e;
  } else if (e < 0) s -= e;
  return { v: m[1] === '-' ? -v : v, s };
}

export function formatDec(d: Dec): string {
  const neg = d.v < 0n;
  let digits = (neg ? -d.v : d.v).toString();
  if (d.s === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(d.s + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -d.s)}.${digits.slice(-d.s)}`;
}

/** Rescales, rounding half away from zero when digits are dropped. */
export function rescale(d: Dec, s: number, truncate = false): Dec {
  if (s === d.s) return d;
  if (s > d.s) return { v: d.v * pow10(s - d.s), s };
  const div = pow10(d.s - s);
  let q = d.v / div;
  const r = d.v % div;
  if (!truncate && (r < 0n ? -r : r) * 2n >= div) q += d.v < 0n ? -1n : 1n;
  return { v: q, s };
}

/** Number of integer digits plus scale, as SQL Server counts precision. */
export function digitsOf(d: Dec): number {
  const a = d.v < 0n ? -d.v : d.v;
  return a === 0n ? 1 : a.toString().length;
}

export function fitsPrecision(d: Dec, precision: number, scale: number): boolean {
  const r = rescale(d, scale);
  const a = r.v < 0n ? -r.v : r.v;
  return a < pow10(precision);
}

export function addDec(a: Dec, b: Dec): Dec {
  const s = Math.max(a.s, b.s);
  return { v: rescale(a, s).v + rescale(b, s).v, s };
}
export function subDec(a: Dec, b: Dec): Dec {
  const s = Math.max(a.s, b.s);
  return { v: rescale(a, s).v - rescale(b, s).v, s };
}
export function mulDec(a: Dec, b: Dec): Dec {
  return { v: a.v * b.v, s: a.s + b.s };
}
/** a / b with `scale` result digits (rounded). */
export function divDec(a: Dec, b: Dec, scale: number): Dec {
  if (b.v === 0n) throw new SqlError(8134, 'Divide by zero error encountered.', 16);
  // a.v/10^a.s / (b.v/10^b.s) = a.v*10^(b.s) / (b.v*10^a.s); compute with one extra digit then round.
  const num = a.v * pow10(b.s + scale + 1);
  const den = b.v * pow10(a.s);
  const q = num / den;
  return rescale({ v: q, s: scale + 1 }, scale);
}
export function cmpDec(a: Dec, b: Dec): number {
  const s = Math.max(a.s, b.s);
  const x = rescale(a, s).v;
  const y = rescale(b, s).v;
  return x < y ? -1 : x > y ? 1 : 0;
}
export const negDec = (a: Dec): Dec => ({ v: -a.v, s: a.s });

/** Exact decimal of a JS number (its shortest round-trip text). */
export function decFromNumber(n: number): Dec {
  if (!Number.isFinite(n))
    throw new SqlError(8115, 'Arithmetic overflow error converting float to data type numeric.', 16);
  return parseDec(String(n));
}
export const decToNumber = (d: Dec) => Number(formatDec(d));
