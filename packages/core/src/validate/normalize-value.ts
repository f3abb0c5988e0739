// One canonical text per value, whichever side it was read from, so that checksums computed on
// the source and on the target agree exactly when (and only when) the values are equal.

import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';
import { canonicalJson } from './canonical-json.js';
import { isLobType, lobDigest } from './lob-digest.js';
import { endOfTime, isEndOfTime } from '../model/end-of-time.js';

export function normalizeValue(type: LogicalType, v: Value): string | null {
  if (v === null || v === undefined) return null;
  if (isLobType(type)) return lobDigest(type, v);
  switch (type.kind) {
    case 'bool':
      return v === true || v === 1 || v === 't' || v === 'true' ? 't' : 'f';
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return typeof v === 'string' ? normalizeDecimal(v) : String(v);
    case 'decimal':
      return normalizeDecimal(String(v));
    case 'float32':
      return floatText(Math.fround(Number(v)));
    case 'float64':
      return floatText(Number(v));
    case 'binary':
    case 'rowversion':
      return Buffer.isBuffer(v)
        ? v.toString('hex')
        : String(v)
            .replace(/^(\\x|0x)/i, '')
            .toLowerCase();
    case 'uuid':
      return String(v).toLowerCase();
    case 'time':
    case 'timestamp':
      return endOfTimeMapped(
        stripFraction(typeof v === 'string' && v.charCodeAt(10) !== 84 ? v : String(v).replace('T', ' ')),
      );
    case 'timestamptz':
      return endOfTimeMapped(timestamptzUtc(String(v)));
    case 'json':
      return canonicalJson(String(v)) ?? String(v);
    case 'text':
      return type.fixed ? withoutPadding(String(v)) : String(v);
    default:
      return Buffer.isBuffer(v) ? v.toString('hex') : String(v);
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** What the regex class \s matches, without a regex for ASCII. */
const isSpace = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** `-0012.3400` -> `-12.34`, `-0.000` -> `0`, `+5.` -> `5`, `.5` -> `0.5`; anything else is kept as is. */
export function normalizeDecimal(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  const sign = text.charCodeAt(start);
  const negative = sign === 45;
  if (negative || sign === 43) start++;
  let intStart = start;
  let i = start;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracEnd = i;
  const fracStart = i + 1;
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    fracEnd = i;
  }
  if (i !== end) return text;
  while (intStart < intEnd && text.charCodeAt(intStart) === 48) intStart++;
  while (fracEnd > fracStart && text.charCodeAt(fracEnd - 1) === 48) fracEnd--;
  const int = intStart < intEnd ? text.slice(intStart, intEnd) : '0';
  const frac = fracEnd > fracStart ? text.slice(fracStart, fracEnd) : '';
  const zero = int === '0' && frac === '';
  return `${negative && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * A fixed-length text without its trailing spaces: the padding is not data on either side, and
 * each side pads differently (SQL Server's nchar(n) to n UTF-16 code units and char(n) of a UTF-8
 * collation to n bytes, PostgreSQL's char(n) to n characters), so `nchar(3)` holding one character
 * outside the BMP has one space of padding in SQL Server and two in PostgreSQL.
 */
function withoutPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

function floatText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** Strips trailing zeros of a seconds fraction (and the dot when nothing is left). */
function stripFraction(text: string): string {
  const dot = text.lastIndexOf('.');
  // The fraction follows HH:MM:SS.
  if (dot < 8 || text.charCodeAt(dot - 3) !== 58 || text.charCodeAt(dot - 6) !== 58) return text;
  let end = dot + 1;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  // Then the end of the text or an offset.
  const next = text.charCodeAt(end);
  if (end < text.length && next !== 43 && next !== 45 && next !== 90) return text;
  let cut = end;
  while (cut > dot + 1 && text.charCodeAt(cut - 1) === 48) cut--;
  if (cut === end) return text;
  return text.slice(0, cut === dot + 1 ? dot : cut) + text.slice(end);
}

/** The end of time (`…59.9999999`, UTC `Z`) as the target stores it, `endOfTime`: a sentinel mapped, equal. */
function endOfTimeMapped(text: string): string {
  if (text.endsWith('Z')) return isEndOfTime(text.slice(0, -1)) ? `${endOfTime}Z` : text;
  return isEndOfTime(text) ? endOfTime : text;
}

/**
 * A timestamp with offset as the UTC instant it denotes (`YYYY-MM-DD HH:MM:SS[.f]Z`): a target
 * such as PostgreSQL keeps the instant, not the original offset.
 */
function timestamptzUtc(text: string): string {
  const m =
    /^(-?\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      text.trim(),
    );
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac = '', offset = 'Z'] = m;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
    offsetMinutes = (om[1] === '-' ? -1 : 1) * (Number(om[2]) * 60 + Number(om[3] ?? 0));
  }
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi) - offsetMinutes, Number(s), 0);
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z (or +/-YYYYYY for far years)
  const fraction = frac.replace(/0+$/, '');
  return `${iso.slice(0, -5).replace('T', ' ')}${fraction ? `.${fraction}` : ''}Z`;
}
