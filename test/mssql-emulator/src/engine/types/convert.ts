// Value conversion with SQL Server semantics: implicit conversions on INSERT and comparison, and
// CAST/CONVERT with the style codes exact exports use (121/126/127/120 for dates, 0/1/2 for money
// and float, 1/2 for binary). Values are in Ferry's canonical forms (see engine-api.ts).

import { convertClr, isClrType } from './clr-convert.js';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { toXmlText } from '../xml/xml-doc.js';
import { cmpDec, decFromNumber, fitsPrecision, formatDec, parseDec, rescale, type Dec } from './decimal.js';
import {
  codePageOf,
  isBinaryType,
  isCharType,
  isExactNumeric,
  isIntType,
  isTemporalType,
  isUnicodeType,
} from './sql-type.js';
import {
  checkRange,
  civilFromDays,
  formatDate,
  formatMoment,
  formatOffset,
  formatTime,
  momentOf,
  monthName,
  parseMoment,
  roundMoment,
  type DateFormat,
  type Moment,
} from './temporal.js';

export type Value = null | boolean | number | bigint | string | Buffer | Variant;
export interface Variant {
  type: SqlType;
  value: Exclude<Value, Variant | null>;
}

export interface ConvertContext {
  dateformat: DateFormat;
}
export const DEFAULT_CONTEXT: ConvertContext = { dateformat: 'mdy' };

const INT_RANGE: Record<string, [bigint, bigint]> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

const INT_NUMBER_RANGE: Record<string, [number, number]> = {
  tinyint: [0, 255],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

const typeLabel = (t: SqlType) => (t.name === 'numeric' ? 'numeric' : t.name);

export function isVariant(v: Value): v is Variant {
  return v !== null && typeof v === 'object' && !Buffer.isBuffer(v);
}

const overflow = (from: SqlType, to: SqlType) =>
  new SqlError(
    8115,
    `Arithmetic overflow error converting ${isExactNumeric(from) ? 'numeric' : typeLabel(from)} to data type ${typeLabel(to)}.`,
    16,
  );

/**
 * Out of an integer type's range, as SQL Server reports it: an int (or smaller) value into tinyint or
 * smallint is 220 with the value; bigint and decimal/numeric values are 8115 "converting expression".
 */
const intOverflow = (from: SqlType, to: SqlType, v: Value) => {
  if ((to.name === 'tinyint' || to.name === 'smallint') && isIntType(from) && from.name !== 'bigint')
    return new SqlError(
      220,
      `Arithmetic overflow error for data type ${to.name}, value = ${String(v)}.`,
      16,
      2,
    );
  if (from.name === 'bigint' || from.name === 'decimal' || from.name === 'numeric')
    return new SqlError(
      8115,
      `Arithmetic overflow error converting expression to data type ${to.name}.`,
      16,
      2,
    );
  return overflow(from, to);
};

/** The order of a date's parts that CONVERT's style names when it reads text (103: dd/mm/yyyy). */
const styleDateFormats: Record<number, DateFormat> = {
  1: 'mdy',
  101: 'mdy',
  2: 'ymd',
  102: 'ymd',
  3: 'dmy',
  103: 'dmy',
  4: 'dmy',
  104: 'dmy',
  5: 'dmy',
  105: 'dmy',
  10: 'mdy',
  110: 'mdy',
  11: 'ymd',
  111: 'ymd',
};

/** The context text is read as a date in: a style's order of the parts, else SET DATEFORMAT's. */
function styleContext(style: number, ctx: ConvertContext): ConvertContext {
  const dateformat = styleDateFormats[style];
  return dateformat ? { ...ctx, dateformat } : ctx;
}

/** Converts `v` of type `from` to `to`. `style` is CONVERT's third argument. */
export function convert(
  v: Value,
  from: SqlType,
  to: SqlType,
  style = 0,
  ctx: ConvertContext = DEFAULT_CONTEXT,
): Value {
  if (v === null) return null;
  if (isVariant(v)) {
    if (to.name === 'sql_variant') return v;
    return convert(v.value, v.type, to, style, ctx);
  }
  if (to.name === 'sql_variant') return { type: from, value: v as Variant['value'] };
  if (to.name === 'xml' && from.name !== 'xml') return toXml(v, from, style);
  if (isClrType(from) || isClrType(to)) {
    const r = convertClr(v, from, to);
    if (isCharType(to)) return fitText(r as string, to, from);
    return isBinaryType(to) ? fitBinary(r as Buffer, to) : r;
  }
  if (isCharType(to)) return fitText(toText(v, from, style, to), to, from);
  if (isIntType(to)) return toInt(v, from, to);
  if (isExactNumeric(to)) return formatDec(toDec(v, from, to));
  if (to.name === 'float' || to.name === 'real') {
    const n = toFloat(v, from, to);
    return to.name === 'real' ? Math.fround(n) : n;
  }
  if (isTemporalType(to)) return toTemporal(v, from, to, styleContext(style, ctx));
  if (isBinaryType(to))
    return fitBinary(
      (style === 1 || style === 2) && isCharType(from) && typeof v === 'string'
        ? hexBinary(v, style, from, to)
        : toBinary(v, from),
      to,
      typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean',
    );
  if (to.name === 'uniqueidentifier') return toGuid(v, from);
  throw new SqlError(
    529,
    `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
    16,
  );
}

/**
 * convert() specialised once for a (from, to, style), as CAST/CONVERT compile it. Text of numbers,
 * temporal values and GUIDs is ASCII, so into a varchar/nvarchar it needs no per-value code-page
 * replacement: only the length check, and the general path when the text does not fit.
 */
export function converter(
  from: SqlType,
  to: SqlType,
  style: number,
): (v: Value, ctx?: ConvertContext) => Value {
  const len = to.length ?? 30;
  const asciiText =
    (to.name === 'varchar' || to.name === 'nvarchar') &&
    (isIntType(from) ||
      isExactNumeric(from) ||
      isTemporalType(from) ||
      from.name === 'float' ||
      from.name === 'real' ||
      from.name === 'uniqueidentifier');
  if (!asciiText) return (v, ctx) => convert(v, from, to, style, ctx);
  // Decimal, GUID and (in its canonical style) temporal text is the value itself.
  const same =
    from.name === 'decimal' ||
    from.name === 'numeric' ||
    from.name === 'uniqueidentifier' ||
    (isTemporalType(from) && from.name !== 'datetimeoffset' && canonicalStyle(from.name, style));
  return (v, ctx) => {
    if (v === null || isVariant(v)) return convert(v, from, to, style, ctx);
    const s = same && typeof v === 'string' ? v : toText(v, from, style);
    return len === -1 || s.length <= len ? s : fitText(s, to, from);
  };
}

// ------------------------------------------------------------------------------------------ text

/** Text or bytes converted to xml: checked and stored as SQL Server stores xml (style 1 keeps whitespace). */
function toXml(v: Value, from: SqlType, style: number): string {
  const preserveSpace = style === 1;
  if (Buffer.isBuffer(v)) {
    const utf16 = v[0] === 0xff && v[1] === 0xfe;
    const text = utf16 ? v.subarray(2).toString('utf16le') : v.toString('utf8').replace(/^\ufeff/, '');
    return toXmlText(text, { preserveSpace, unicode: utf16 });
  }
  if (!isCharType(from))
    throw new SqlError(529, `Explicit conversion from data type ${from.name} to xml is not allowed.`, 16);
  return toXmlText(String(v), { preserveSpace, unicode: isUnicodeType(from) });
}

function fitText(s: string, to: SqlType, from: SqlType): string {
  const len = to.length ?? (to.name === 'text' || to.name === 'ntext' || to.name === 'xml' ? -1 : 30);
  // A varchar holds what its code page holds (every character for a _UTF8 collation).
  if (!isUnicodeType(to)) s = codePageOf(to).fit(s);
  if (len !== -1 && s.length > len) {
    if (
      !isCharType(from) &&
      !isBinaryType(from) &&
      from.name !== 'uniqueidentifier' &&
      !isTemporalType(from)
    ) {
      if (isIntType(from)) return '*';
      throw new SqlError(
        8115,
        `Arithmetic overflow error converting ${typeLabel(from)} to data type ${to.name}.`,
        16,
      );
    }
    s = s.slice(0, len);
  }
  if ((to.name === 'char' || to.name === 'nchar') && len !== -1 && s.length < len) s = s.padEnd(len, ' ');
  return s;
}

/** `v` as text; bytes (style 0) are read as characters of `to`: UTF-16 for nvarchar, else its code page. */
export function toText(v: Value, from: SqlType, style = 0, to?: SqlType): string {
  if (isVariant(v)) return toText(v.value, v.type, style, to);
  if (typeof v === 'string') {
    if (isTemporalType(from)) return temporalText(v, from, style);
    if (from.name === 'money' || from.name === 'smallmoney') return moneyText(v, style);
    return v;
  }
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (from.name === 'float' || from.name === 'real') return floatText(v, style, from.name === 'real');
    if (from.name === 'bit') return v ? '1' : '0';
    return String(v);
  }
  if (Buffer.isBuffer(v)) {
    if (style === 1) return '0x' + v.toString('hex').toUpperCase();
    if (style === 2) return v.toString('hex').toUpperCase();
    return to && isUnicodeType(to) ? v.toString('utf16le') : codePageOf(to ?? from).decode(v);
  }
  return String(v);
}

function moneyText(v: string, style: number): string {
  const d = parseDec(v);
  if (style === 2) return formatDec(rescale(d, 4));
  const s = formatDec(rescale(d, 2));
  if (style !== 1) return s;
  const [i, f] = s.split('.');
  const neg = i.startsWith('-');
  const digits = neg ? i.slice(1) : i;
  return `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}

/** float/real to text: style 0 = up to 6 significant digits, 1 = 8, 2 = 16, 3 = 17 (lossless). */
export function floatText(n: number, style = 0, real = false): string {
  if (n === 0) return style === 0 ? '0' : `0.${'0'.repeat(style === 1 ? 7 : style === 2 ? 15 : 16)}e+000`;
  if (style === 0) {
    const exp = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(6)))));
    if (exp < -4 || exp >= 6) return sciText(n, 6, true);
    return String(Number(n.toPrecision(6)));
  }
  const digits = style === 1 ? 8 : style === 2 ? 16 : real ? 9 : 17;
  return sciText(n, digits, false);
}

function sciText(n: number, digits: number, trim: boolean): string {
  const [mant, exp] = n.toExponential(digits - 1).split('e');
  const e = Number(exp);
  let m = mant;
  if (trim && m.includes('.')) m = m.replace(/\.?0+$/, '');
  return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(3, '0')}`;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Whether CONVERT style `style` of temporal type `t` is its canonical text (121, or 120 for smalldatetime). */
function canonicalStyle(t: string, style: number): boolean {
  return (
    style === 121 ||
    style === 21 ||
    style === 25 ||
    (style === 0 && t !== 'datetime' && t !== 'smalldatetime') ||
    (style === 120 && t === 'smalldatetime')
  );
}

function temporalText(v: string, from: SqlType, style: number): string {
  const t = from.name;
  // Canonical temporal text is already style 121 (120 for smalldatetime); datetimeoffset puts a space before the offset.
  if (canonicalStyle(t, style)) {
    if (t === 'datetimeoffset') return `${v.slice(0, -6)} ${v.slice(-6)}`;
    return v;
  }
  const scale = t === 'datetime' ? 3 : t === 'smalldatetime' ? 0 : (from.scale ?? 7);
  const m = momentOf(v, t);
  const [y, mo, d] = civilFromDays(m.days);
  const yyyy = String(y).padStart(4, '0');
  const hasDate = t !== 'time';
  const hasTime = t !== 'date';
  const time = (digits: number) =>
    t === 'datetime'
      ? formatMoment(m, 'datetime').slice(11, 11 + (digits ? 12 : 8))
      : formatTime(m.ticks, digits);
  const off = t === 'datetimeoffset' ? ' ' + formatOffset(m.offset) : '';
  const ampm = () => {
    const h = Math.floor(m.ticks / 36_000_000_000);
    const mi = Math.floor(m.ticks / 600_000_000) % 60;
    return `${String(h % 12 === 0 ? 12 : h % 12).padStart(2, ' ')}:${p2(mi)}${h < 12 ? 'AM' : 'PM'}`;
  };
  const withDate = (date: string) => (hasDate ? date : '');
  switch (style) {
    case 0:
    case 100:
      if (t === 'datetime' || t === 'smalldatetime')
        return `${monthName(mo)} ${String(d).padStart(2, ' ')} ${yyyy} ${ampm()}`;
      return canonicalText(m, t, scale, off);
    case 1:
      return withDate(`${p2(mo)}/${p2(d)}/${yyyy.slice(2)}`);
    case 101:
      return withDate(`${p2(mo)}/${p2(d)}/${yyyy}`);
    case 3:
      return withDate(`${p2(d)}/${p2(mo)}/${yyyy.slice(2)}`);
    case 103:
      return withDate(`${p2(d)}/${p2(mo)}/${yyyy}`);
    case 2:
      return withDate(`${yyyy.slice(2)}.${p2(mo)}.${p2(d)}`);
    case 102:
      return withDate(`${yyyy}.${p2(mo)}.${p2(d)}`);
    case 4:
      return withDate(`${p2(d)}.${p2(mo)}.${yyyy.slice(2)}`);
    case 104:
      return withDate(`${p2(d)}.${p2(mo)}.${yyyy}`);
    case 5:
    case 105:
      return withDate(`${p2(d)}-${p2(mo)}-${style === 5 ? yyyy.slice(2) : yyyy}`);
    case 6:
    case 106:
      return withDate(`${p2(d)} ${monthName(mo)} ${style === 6 ? yyyy.slice(2) : yyyy}`);
    case 7:
    case 107:
      return withDate(`${monthName(mo)} ${p2(d)}, ${style === 7 ? yyyy.slice(2) : yyyy}`);
    case 10:
    case 110:
      return withDate(`${p2(mo)}-${p2(d)}-${style === 10 ? yyyy.slice(2) : yyyy}`);
    case 11:
      return withDate(`${yyyy.slice(2)}/${p2(mo)}/${p2(d)}`);
    case 12:
      return withDate(`${yyyy.slice(2)}${p2(mo)}${p2(d)}`);
    case 108:
    case 8:
      return hasTime ? formatTime(m.ticks, 0) : '';
    case 114:
    case 14:
      // hh:mi:ss:mmm, the fraction at the type's scale (pgloader reads time columns this way).
      return hasTime ? time(scale).replace(/\.(\d+)$/, ':$1') : '';
    case 111:
      return withDate(`${yyyy}/${p2(mo)}/${p2(d)}`);
    case 112:
      return withDate(`${yyyy}${p2(mo)}${p2(d)}`);
    case 113:
    case 13:
      return `${p2(d)} ${monthName(mo)} ${yyyy} ${time(scale).replace(/\.(\d+)$/, ':$1')}`;
    case 20:
    case 120:
      return (
        [hasDate ? formatDate(m.days) : '', hasTime ? formatTime(m.ticks, 0) : ''].filter(Boolean).join(' ') +
        (t === 'datetimeoffset' ? off : '')
      );
    case 23:
      return withDate(formatDate(m.days));
    case 21:
    case 25:
    case 121:
      return canonicalText(m, t, scale, off);
    case 126:
    case 127: {
      let mm = m;
      let zone = '';
      if (t === 'datetimeoffset') {
        if (style === 127) {
          const ticks = m.ticks - m.offset * 600_000_000;
          const dayShift = Math.floor(ticks / 864_000_000_000);
          mm = { days: m.days + dayShift, ticks: ticks - dayShift * 864_000_000_000, offset: 0 };
          zone = 'Z';
        } else zone = formatOffset(m.offset);
      }
      const frac =
        t === 'datetime' ? time(3).slice(8) : scale > 0 ? formatTime(mm.ticks, scale).slice(8) : '';
      const fracShown = /^\.0+$/.test(frac) ? '' : frac;
      const timeText = formatTime(mm.ticks, 0) + fracShown;
      if (t === 'date') return formatDate(mm.days);
      if (t === 'time') return timeText;
      return `${formatDate(mm.days)}T${timeText}${zone}`;
    }
    default:
      throw new SqlError(
        281,
        `${style} is not a valid style number when converting from ${t} to a character string.`,
        16,
      );
  }
}

function canonicalText(m: Moment, t: string, scale: number, off: string): string {
  if (t === 'datetimeoffset') return formatMoment(m, 'datetime2', scale) + off;
  return formatMoment(m, t, scale);
}

// ------------------------------------------------------------------------------------- numbers

function toInt(v: Value, from: SqlType, to: SqlType): number | bigint | boolean {
  // Hot path of INSERT ... SELECT: an integral JS number into tinyint/smallint/int needs no bigint.
  if (typeof v === 'number' && Number.isInteger(v) && to.name !== 'bigint' && to.name !== 'bit') {
    const [lo, hi] = INT_NUMBER_RANGE[to.name];
    if (v < lo || v > hi) throw intOverflow(from, to, v);
    return v === 0 ? 0 : v;
  }
  let n: bigint;
  if (typeof v === 'boolean') n = v ? 1n : 0n;
  else if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw overflow(from, to);
    n = BigInt(Math.trunc(v));
  } else if (typeof v === 'string') {
    if (isExactNumeric(from)) n = rescale(parseDec(v), 0, true).v;
    else if (isCharType(from)) {
      const s = v.trim();
      if (to.name === 'bit' && /^(true|false)$/i.test(s)) return s.toLowerCase() === 'true';
      if (!/^[+-]?\d+$/.test(s)) {
        if (s === '') n = 0n;
        else
          throw new SqlError(
            245,
            `Conversion failed when converting the ${from.name} value '${v}' to data type ${to.name}.`,
            16,
          );
      } else n = BigInt(s);
    } else
      throw new SqlError(
        529,
        `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
        16,
      );
  } else if (Buffer.isBuffer(v)) {
    n = 0n;
    for (const b of v.subarray(Math.max(0, v.length - 8))) n = (n << 8n) | BigInt(b);
  } else
    throw new SqlError(
      529,
      `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
      16,
    );
  if (to.name === 'bit') return n !== 0n;
  const [lo, hi] = INT_RANGE[to.name];
  if (n < lo || n > hi) throw intOverflow(from, to, n);
  return to.name === 'bigint' ? n : Number(n);
}

export function toDec(v: Value, from: SqlType, to: SqlType): Dec {
  let d: Dec;
  if (typeof v === 'boolean') d = { v: v ? 1n : 0n, s: 0 };
  else if (typeof v === 'bigint') d = { v, s: 0 };
  else if (typeof v === 'number') d = decFromNumber(v);
  else if (typeof v === 'string') {
    try {
      d = parseDec(v.trim().replace(/^\$/, ''));
    } catch {
      throw new SqlError(8114, `Error converting data type ${from.name} to ${typeLabel(to)}.`, 16);
    }
  } else
    throw new SqlError(
      529,
      `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
      16,
    );
  const [p, s] =
    to.name === 'money' ? [19, 4] : to.name === 'smallmoney' ? [10, 4] : [to.precision ?? 18, to.scale ?? 0];
  const r = rescale(d, s);
  if (to.name === 'money' || to.name === 'smallmoney') {
    const lim = to.name === 'money' ? { v: 9223372036854775807n, s: 4 } : { v: 2147483647n, s: 4 };
    if (cmpDec(r, lim) > 0 || cmpDec(r, { v: -lim.v - 1n, s: 4 }) < 0) throw overflow(from, to);
  } else if (!fitsPrecision(r, p, s)) throw overflow(from, to);
  return r;
}

function toFloat(v: Value, from: SqlType, to: SqlType): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = v.trim();
    const n = Number(s);
    if (s === '' || Number.isNaN(n))
      throw new SqlError(8114, `Error converting data type ${from.name} to ${to.name}.`, 16);
    return n;
  }
  throw new SqlError(
    529,
    `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
    16,
  );
}

// ------------------------------------------------------------------------------------ temporal

function toTemporal(v: Value, from: SqlType, to: SqlType, ctx: ConvertContext): string {
  let m: Moment;
  if (typeof v === 'string' && isTemporalType(from)) {
    m = momentOf(v, from.name);
    if (from.name === 'date' && to.name === 'time')
      throw new SqlError(529, 'Explicit conversion from data type date to time is not allowed.', 16);
    if (from.name === 'time' && to.name !== 'time' && to.name !== 'datetimeoffset')
      m = { ...m, days: 693595 };
    if (from.name !== 'datetimeoffset' && to.name === 'datetimeoffset') m = { ...m, offset: 0 };
  } else if (typeof v === 'string' && !isExactNumeric(from)) {
    m = parseMoment(v, ctx.dateformat, to.name);
  } else if (
    // A number (decimal and money values are exact strings) is days since 1900-01-01.
    (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') &&
    (to.name === 'datetime' || to.name === 'smalldatetime')
  ) {
    const n = Number(v);
    const days = Math.floor(n);
    m = { days: 693595 + days, ticks: Math.round((n - days) * 864_000_000_000), offset: 0 };
  } else
    throw new SqlError(
      529,
      `Explicit conversion from data type ${from.name} to ${to.name} is not allowed.`,
      16,
    );
  const r = roundMoment(m, to.name, to.scale ?? 7);
  checkRange(r, to.name, from.name);
  return formatMoment(r, to.name, to.scale ?? 7);
}

// -------------------------------------------------------------------------------------- binary

function toBinary(v: Value, from: SqlType): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') {
    if (isUnicodeType(from)) return Buffer.from(v, 'utf16le');
    if (from.name === 'uniqueidentifier') return guidBytes(v);
    return codePageOf(from).encode(v);
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') {
    const size =
      from.name === 'bigint'
        ? 8
        : from.name === 'smallint'
          ? 2
          : from.name === 'tinyint' || from.name === 'bit'
            ? 1
            : 4;
    const b = Buffer.alloc(size);
    let n = BigInt.asUintN(size * 8, typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v));
    for (let i = size - 1; i >= 0; i--, n >>= 8n) b[i] = Number(n & 0xffn);
    return b;
  }
  throw new SqlError(529, `Explicit conversion from data type ${from.name} to binary is not allowed.`, 16);
}

/** Text of hexadecimal digits as bytes (CONVERT styles 1, with `0x` first, and 2, without): 8114 otherwise. */
function hexBinary(v: string, style: number, from: SqlType, to: SqlType): Buffer {
  const prefixed = /^0x/i.test(v);
  const digits = style === 1 ? v.slice(2) : v;
  if (prefixed !== (style === 1) || digits.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(digits))
    throw new SqlError(8114, `Error converting data type ${from.name} to ${to.name}.`, 16);
  return Buffer.from(digits, 'hex');
}

/**
 * Truncates or pads to the target's length: on the right for strings and binary, on the left for
 * integers (CAST(261 AS binary(1)) is 0x05, CAST(5 AS binary(2)) 0x0005), as SQL Server does.
 */
function fitBinary(b: Buffer, to: SqlType, integer = false): Buffer {
  const len = to.length ?? (to.name === 'image' ? -1 : to.name === 'timestamp' ? 8 : 30);
  if (len !== -1 && b.length > len) b = integer ? b.subarray(b.length - len) : b.subarray(0, len);
  if (to.name === 'binary' && b.length < len) {
    const pad = Buffer.alloc(len - b.length);
    b = Buffer.concat(integer ? [pad, b] : [b, pad]);
  }
  return b;
}

function guidBytes(g: string): Buffer {
  const h = g.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  // SQL Server stores the first three groups little-endian.
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}

function toGuid(v: Value, from: SqlType): string {
  if (typeof v === 'string') {
    const s = v.trim().replace(/^\{(.*)\}$/, '$1');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))
      throw new SqlError(
        8169,
        'Conversion failed when converting from a character string to uniqueidentifier.',
        16,
      );
    return s.toUpperCase();
  }
  if (Buffer.isBuffer(v) && v.length >= 16) {
    const b = v;
    const hex = (x: Buffer) => x.toString('hex').toUpperCase();
    return `${hex(Buffer.from(b.subarray(0, 4)).reverse())}-${hex(Buffer.from(b.subarray(4, 6)).reverse())}-${hex(Buffer.from(b.subarray(6, 8)).reverse())}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
  }
  throw new SqlError(
    529,
    `Explicit conversion from data type ${from.name} to uniqueidentifier is not allowed.`,
    16,
  );
}
