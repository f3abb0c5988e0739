// The same wire bytes decoded into Ferry's canonical values (see @ferry/core batch.ts), exactly as
// the value path delivers them, for the rows the fast path sends as values (a value the binary row
// format cannot hold: the target's error policy decides what becomes of it).

import type { Value } from '@ferry/core';
import type { Cursor } from './cursor.js';
import { DAYS_0001_TO_2000, DAYS_1900_TO_2000, timeBytes } from './field-decoders.js';
import { decodeChars } from './text-fields.js';
import { columnDecoder } from './column-decoder.js';
import type { WireColumn } from './wire-columns.js';

export type ValueDecoder = (c: Cursor) => Value;
/** Reads a value of `n` bytes at the cursor as its canonical value. */
type ValueRead = (c: Cursor, n: number) => Value;

const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day count since 2000-01-01 (proleptic Gregorian, days-to-civil arithmetic). */
function dateText(days2000: number): string {
  const z = days2000 + 730_425; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return `${pad(yoe + era * 400 + (m <= 2 ? 1 : 0), 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** `HH:MM:SS[.f{scale}]` of a time part in units of 10^-scale s. */
function clockText(units: number, scale: number): string {
  const unit = 10 ** scale;
  const s = Math.floor(units / unit);
  const f = units - s * unit;
  const hms = `${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}`;
  return scale ? `${hms}.${pad(f, scale)}` : hms;
}

/** ±M / 10^scale with exactly `scale` fraction digits (as CONVERT prints decimal and money). */
function decimalText(negative: boolean, magnitude: bigint, scale: number): string {
  const digits = pad(magnitude, scale + 1);
  const whole = digits.slice(0, digits.length - scale);
  const text = scale ? `${whole}.${digits.slice(digits.length - scale)}` : whole;
  return negative && magnitude !== 0n ? `-${text}` : text;
}

function byteLen(read: ValueRead): ValueDecoder {
  return (c) => {
    const n = c.u8();
    if (n === 0) return null;
    c.want(n);
    return read(c, n);
  };
}

function fixed(n: number, read: ValueRead): ValueDecoder {
  return (c) => {
    c.want(n);
    return read(c, n);
  };
}

function int(c: Cursor, n: number): Value {
  const b = c.buf;
  const p = c.pos;
  c.pos += n;
  return n === 1 ? b[p] : n === 2 ? b.readInt16LE(p) : n === 4 ? b.readInt32LE(p) : b.readBigInt64LE(p);
}

function float(c: Cursor, n: number): Value {
  const v = n === 4 ? c.buf.readFloatLE(c.pos) : c.buf.readDoubleLE(c.pos);
  c.pos += n;
  return v;
}

function money(c: Cursor, n: number): Value {
  const b = c.buf;
  const p = c.pos;
  c.pos += n;
  const v =
    n === 4 ? BigInt(b.readInt32LE(p)) : (BigInt(b.readInt32LE(p)) << 32n) | BigInt(b.readUInt32LE(p + 4));
  return decimalText(v < 0n, v < 0n ? -v : v, 4);
}

const decimal =
  (scale: number) =>
  (c: Cursor, n: number): Value => {
    const b = c.buf;
    const p = c.pos;
    c.pos += n;
    let m = 0n;
    for (let k = p + n - 1; k > p; k--) m = (m << 8n) | BigInt(b[k]);
    return decimalText(b[p] === 0, m, scale);
  };

function datetime(c: Cursor, n: number): Value {
  const b = c.buf;
  const p = c.pos;
  c.pos += n;
  if (n === 4) {
    const minutes = b.readUInt16LE(p + 2);
    return `${dateText(b.readUInt16LE(p) - DAYS_1900_TO_2000)} ${clockText(minutes * 60, 0)}`;
  }
  const ms = Math.round((b.readUInt32LE(p + 4) * 10) / 3);
  return `${dateText(b.readInt32LE(p) - DAYS_1900_TO_2000)} ${clockText(ms, 3)}`;
}

function stamp(scale: number, withOffset: boolean) {
  const tb = timeBytes(scale);
  return (c: Cursor): Value => {
    const b = c.buf;
    let units = b.readUIntLE(c.pos, tb);
    let days = b.readUIntLE(c.pos + tb, 3) - DAYS_0001_TO_2000;
    let offset = '';
    if (withOffset) {
      // On the wire the date and time are UTC; the value is the local time at its offset.
      const minutes = b.readInt16LE(c.pos + tb + 3);
      const perDay = 86_400 * 10 ** scale;
      units += minutes * 60 * 10 ** scale;
      const shift = Math.floor(units / perDay);
      days += shift;
      units -= shift * perDay;
      const a = Math.abs(minutes);
      offset = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
    }
    c.pos += tb + 3 + (withOffset ? 2 : 0);
    return `${dateText(days)} ${clockText(units, scale)}${offset}`;
  };
}

function guid(c: Cursor): Value {
  const b = c.buf;
  const p = c.pos;
  c.pos += 16;
  const h = (from: number, to: number, step: number) => {
    let s = '';
    for (let k = from; k !== to; k += step) s += b[p + k].toString(16).padStart(2, '0');
    return s;
  };
  return `${h(3, -1, -1)}-${h(5, 3, -1)}-${h(7, 5, -1)}-${h(8, 10, 1)}-${h(10, 16, 1)}`.toUpperCase();
}

type SpanValue = (src: Buffer) => Value;

function shortLen(read: SpanValue): ValueDecoder {
  return (c) => {
    const n = c.u16();
    if (n === 0xffff) return null;
    c.want(n);
    const v = read(c.buf.subarray(c.pos, c.pos + n));
    c.pos += n;
    return v;
  };
}

function plp(read: SpanValue): ValueDecoder {
  return (c) => {
    const lo = c.u32();
    const hi = c.u32();
    if (lo === 0xffffffff && hi === 0xffffffff) return null;
    const parts: Buffer[] = [];
    for (let n = c.u32(); n !== 0; n = c.u32()) {
      c.want(n);
      parts.push(c.buf.subarray(c.pos, c.pos + n));
      c.pos += n;
    }
    return read(Buffer.concat(parts));
  };
}

const utf16: SpanValue = (src) => src.toString('utf16le');
const bytes: SpanValue = (src) => Buffer.from(src);

const bit: ValueRead = (c) => c.buf[c.pos++] !== 0;
const date: ValueRead = (c) => {
  const days = c.buf.readUIntLE(c.pos, 3) - DAYS_0001_TO_2000;
  c.pos += 3;
  return dateText(days);
};
const time =
  (scale: number): ValueRead =>
  (c, n) => {
    const v = clockText(c.buf.readUIntLE(c.pos, n), scale);
    c.pos += n;
    return v;
  };

/** The value decoder of a column as the server sent it. */
export function valueDecoder(col: WireColumn): ValueDecoder {
  return columnDecoder<ValueDecoder, ValueRead, SpanValue>(col, {
    fixed,
    byteLen,
    shortLen,
    plp,
    int,
    bit,
    float,
    money,
    decimal,
    datetime,
    date,
    time,
    datetime2: (scale) => stamp(scale, false),
    datetimeoffset: (scale) => stamp(scale, true),
    guid,
    utf16,
    chars: (codePage) => (src) => decodeChars(src, codePage),
    bytes,
  });
}
