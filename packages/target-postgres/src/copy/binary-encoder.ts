// Encodes canonical values as COPY binary format fields (PostgreSQL's send/recv wire forms):
// integers, floats, numeric in base-10000 digits, dates and times as microseconds since 2000-01-01.

import { isEndOfTime, type BinaryBuffer, type Column, type Value } from '@ferry/core';
import { changesType, type TypeMapping } from '../types.js';
import { pathToLtree } from './ltree-path.js';
import {
  microsecondsOnly,
  subMicrosecondReason,
  storableText,
  type ProblemHandler,
} from './value-problem.js';

export const binaryHeader = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const binaryTrailer = Buffer.from([0xff, 0xff]);

export type BinaryFieldEncoder = (
  out: BinaryBuffer,
  value: Exclude<Value, null>,
  onProblem: ProblemHandler,
) => void;

const numericSpecial = (text: string) =>
  text === 'NaN' ? 0xc000 : text === 'Infinity' ? 0xd000 : text === '-Infinity' ? 0xf000 : undefined;

/** `[+-]digits[.digits]` with at least one digit (`12.`, `.5` too), checked without a regex. */
function isDecimalText(text: string): boolean {
  let k = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** `-12.3400` -> numeric wire form: ndigits, weight, sign, dscale, then base-10000 digits. */
function writeNumeric(out: BinaryBuffer, text: string): void {
  const special = numericSpecial(text);
  if (special !== undefined) {
    out.ensure(12);
    out.view.setInt32(out.length, 8);
    out.view.setInt32(out.length + 4, 0); // ndigits, weight
    out.view.setUint16(out.length + 8, special);
    out.view.setInt16(out.length + 10, 0);
    out.length += 12;
    return;
  }
  if (!isDecimalText(text)) throw new Error(`invalid numeric value: ${JSON.stringify(text)}`);
  let i = 0;
  let sign = 0;
  if (text[0] === '-' || text[0] === '+') sign = text[i++] === '-' ? 0x4000 : 0;
  const dot = text.indexOf('.');
  const intEnd = dot < 0 ? text.length : dot;
  while (i < intEnd && text.charCodeAt(i) === 48) i++; // leading zeros
  const intDigits = intEnd - i;
  const fracDigits = dot < 0 ? 0 : text.length - dot - 1;
  const groups = Math.ceil(intDigits / 4) + Math.ceil(fracDigits / 4);
  out.ensure(12 + groups * 2);
  const header = out.length;
  let p = header + 12;
  let lastNonZero = p;
  // Base-10000 digits are aligned on the decimal point: the integer part is read as if left-padded
  // with zeros to a multiple of 4, the fraction as if right-padded. Leading zero groups are skipped.
  let weight = Math.ceil(intDigits / 4) - 1;
  let acc = 0;
  let count = (4 - (intDigits % 4)) % 4;
  const buf = out.buf;
  for (let k = i; k <= text.length; k++) {
    if (k === dot) continue;
    if (k < text.length) {
      acc = acc * 10 + text.charCodeAt(k) - 48;
      if (++count < 4) continue;
    } else if (count === 0) break;
    else for (; count < 4; count++) acc *= 10; // last fraction group, right-padded
    if (acc === 0 && p === header + 12) weight--;
    else {
      buf[p] = acc >> 8;
      buf[p + 1] = acc & 255;
      p += 2;
      if (acc !== 0) lastNonZero = p;
    }
    acc = 0;
    count = 0;
  }
  const ndigits = (lastNonZero - header - 12) / 2;
  out.view.setInt32(header, 8 + ndigits * 2);
  out.view.setInt16(header + 4, ndigits);
  out.view.setInt16(header + 6, ndigits ? weight : 0);
  out.view.setUint16(header + 8, ndigits ? sign : 0);
  out.view.setInt16(header + 10, fracDigits);
  out.length = header + 12 + ndigits * 2;
}

/** Days from 2000-01-01 to a proleptic Gregorian date (civil-from-days arithmetic, no Date objects). */
function daysSince2000(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 730425; // 730425 = days from 0000-03-01 to 2000-01-01
}

const timeOfDay = /^\d\d:\d\d:\d\d(?:\.\d{1,6})?$/;

const digits2 = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/** Digits `from..to` of a seconds fraction as microseconds (at most 6 digits, checked by the caller's regex). */
function fractionMicros(s: string, from: number, to: number): number {
  let us = 0;
  for (let k = from; k < to; k++) us = us * 10 + s.charCodeAt(k) - 48;
  for (let n = to - from; n < 6; n++) us *= 10;
  return us;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const digitsAt = (s: string, at: number, n: number) => {
  for (let k = at; k < at + n; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
};
/** `YYYY-MM-DD HH:MM:SS` layout: the positions of the separators of a timestamp. */
const isStampShape = (s: string) =>
  s.charCodeAt(10) === 32 &&
  digitsAt(s, 11, 2) &&
  s.charCodeAt(13) === 58 &&
  digitsAt(s, 14, 2) &&
  s.charCodeAt(16) === 58 &&
  digitsAt(s, 17, 2);

const badTimestamp = (text: string) => new Error(`invalid timestamp value: ${JSON.stringify(text)}`);

/**
 * `YYYY-MM-DD[ HH:MM:SS[.fraction]][+HH:MM]` -> microseconds since 2000-01-01 00:00 (UTC when an
 * offset is given), checked and read in one pass. Fraction digits beyond the 6th that are not zero
 * are a SUB_MICROSECOND problem (the fix truncates them, never rounds), except in the end of time
 * (isEndOfTime), truncated under every policy (counted as END_OF_TIME).
 */
function writeTimestamp(out: BinaryBuffer, text: string, index: number, onProblem: ProblemHandler): void {
  const n = text.length;
  if (
    n < 10 ||
    !digitsAt(text, 0, 4) ||
    text.charCodeAt(4) !== 45 ||
    !digitsAt(text, 5, 2) ||
    text.charCodeAt(7) !== 45 ||
    !digitsAt(text, 8, 2)
  )
    throw badTimestamp(text);
  const y = digits2(text, 0) * 100 + digits2(text, 2);
  let seconds = daysSince2000(y, digits2(text, 5), digits2(text, 8)) * 86_400;
  let us = 0;
  if (n > 10) {
    let end = n;
    const sign = text.charCodeAt(n - 6);
    if (n >= 25 && (sign === 43 || sign === 45)) {
      if (!digitsAt(text, n - 5, 2) || text.charCodeAt(n - 3) !== 58 || !digitsAt(text, n - 2, 2))
        throw badTimestamp(text);
      const offset = digits2(text, n - 5) * 3600 + digits2(text, n - 2) * 60;
      seconds -= sign === 45 ? -offset : offset;
      end -= 6;
    }
    if (end < 19 || !isStampShape(text)) throw badTimestamp(text);
    seconds += digits2(text, 11) * 3600 + digits2(text, 14) * 60 + digits2(text, 17);
    if (end > 19) {
      if (text.charCodeAt(19) !== 46 || end === 20) throw badTimestamp(text);
      let beyond = false;
      for (let k = 20; k < end; k++) {
        const c = text.charCodeAt(k);
        if (!isDigit(c)) throw badTimestamp(text);
        if (k < 26) us = us * 10 + c - 48;
        else if (c !== 48) beyond = true;
      }
      for (let k = Math.min(end, 26); k < 26; k++) us *= 10;
      if (beyond) {
        if (isEndOfTime(text)) onProblem.everyPolicy('END_OF_TIME', index);
        else onProblem('SUB_MICROSECOND', index, text, subMicrosecondReason);
      }
    }
  }
  out.fieldMicros(seconds, us);
}

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  hexValue['0123456789abcdef'.charCodeAt(i)] = i;
  hexValue['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Where the 32 hex digits of the `8-4-4-4-12` form are. */
const uuidDigitAt = [
  0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35,
];

/** A uuid in the canonical `8-4-4-4-12` form, read at fixed positions; false (nothing written) for any other text. */
function writeCanonicalUuid(out: BinaryBuffer, text: string): boolean {
  if (
    text.length !== 36 ||
    text.charCodeAt(8) !== 45 ||
    text.charCodeAt(13) !== 45 ||
    text.charCodeAt(18) !== 45 ||
    text.charCodeAt(23) !== 45
  )
    return false;
  out.ensure(20);
  const at = out.length + 4;
  const buf = out.buf;
  for (let b = 0; b < 16; b++) {
    const hi = text.charCodeAt(uuidDigitAt[2 * b]);
    const lo = text.charCodeAt(uuidDigitAt[2 * b + 1]);
    const h = hi < 128 ? hexValue[hi] : -1;
    const l = lo < 128 ? hexValue[lo] : -1;
    if (h < 0 || l < 0) return false;
    buf[at + b] = h * 16 + l;
  }
  out.view.setInt32(out.length, 16);
  out.length += 20;
  return true;
}

/** Any uuid text with 32 hex digits (dashes anywhere are skipped). */
function writeUuid(out: BinaryBuffer, text: string): void {
  if (writeCanonicalUuid(out, text)) return;
  out.ensure(20);
  out.view.setInt32(out.length, 16);
  let at = out.length + 4;
  let high = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 45) continue; // '-'
    const v = c < 128 ? hexValue[c] : -1;
    if (v < 0 || at - out.length - 4 >= 16) throw new Error(`invalid uuid value: ${JSON.stringify(text)}`);
    if (high < 0) high = v;
    else {
      out.buf[at++] = high * 16 + v;
      high = -1;
    }
  }
  if (at - out.length - 4 !== 16) throw new Error(`invalid uuid value: ${JSON.stringify(text)}`);
  out.length = at;
}

function text(index: number, prefix?: number): BinaryFieldEncoder {
  return (out, v, onProblem) => {
    const s = typeof v === 'string' ? v : String(v);
    if (!out.fieldAsciiText(s, prefix)) out.fieldText(storableText(s, index, onProblem), prefix);
  };
}

/** The binary encoder of a column, or undefined when its type has no binary form here (the table then loads as text). */
export function binaryFieldEncoder(
  column: Column,
  mapping: TypeMapping,
  index: number,
): BinaryFieldEncoder | undefined {
  if (changesType(column, mapping)) return undefined;
  const t = column.type;
  switch (t.kind) {
    case 'bool':
      return (out, v) => out.fieldBool(v === true || v === 1);
    case 'int8':
    case 'int16':
      return (out, v) => out.fieldInt16(Number(v));
    case 'int32':
      return (out, v) => out.fieldInt32(Number(v));
    case 'int64':
      return (out, v) => out.fieldInt64(typeof v === 'bigint' ? v : BigInt(v as number | string));
    case 'float32':
      return (out, v) => out.fieldFloat32(Number(v));
    case 'float64':
      return (out, v) => out.fieldFloat64(Number(v));
    case 'decimal':
      return (out, v) => writeNumeric(out, String(v));
    case 'text':
    case 'xml':
    case 'variant':
    case 'unknown':
      return text(index);
    case 'json':
      return text(index, 1); // jsonb wire format: version byte 1, then the text
    case 'binary':
    case 'rowversion':
    case 'spatial': // EWKB: bytea as it is, and what PostGIS's binary input reads
      return (out, v) => out.fieldBytes(v as Buffer);
    case 'hierarchy':
      if (mapping.sql !== 'ltree') return text(index);
      return (out, v) => {
        const labels = pathToLtree(String(v));
        if (!out.fieldAsciiText(labels, 1)) out.fieldText(labels, 1); // ltree wire format: version byte 1, then the text
      };
    case 'uuid':
      return (out, v) => writeUuid(out, String(v));
    case 'date':
      return (out, v) => {
        const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(v));
        if (!m) throw new Error(`invalid date value: ${JSON.stringify(v)}`);
        out.fieldInt32(daysSince2000(Number(m[1]), Number(m[2]), Number(m[3])));
      };
    case 'time':
      return (out, v, onProblem) => {
        const s = microsecondsOnly(String(v), index, onProblem);
        if (!timeOfDay.test(s)) throw new Error(`invalid time value: ${JSON.stringify(v)}`);
        out.fieldMicros(
          digits2(s, 0) * 3600 + digits2(s, 3) * 60 + digits2(s, 6),
          s.length > 9 ? fractionMicros(s, 9, s.length) : 0,
        );
      };
    case 'timestamp':
    case 'timestamptz':
      if (t.kind === 'timestamptz' && mapping.sql === 'text') return text(index);
      return (out, v, onProblem) => writeTimestamp(out, String(v), index, onProblem);
    case 'interval':
      return undefined;
  }
}
