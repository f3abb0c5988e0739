// One decoder per column: reads a value's wire bytes (MS-TDS 2.2.5.5) at the cursor and writes its
// field in the binary row format (see @ferry/core binary-rows.ts), or -1 for NULL. Temporal values
// become microseconds since 2000-01-01 by integer arithmetic; a 7th fraction digit other than 0
// stops the row (valueProblemFound), except in the end of time (9999-12-31 23:59:59.9999999, which
// loads as @ferry/core's endOfTime), as does text with NUL or a lone surrogate.

import { ownPartBytes, type BinaryBuffer } from '@ferry/core';
import { NeedMore, valueProblemFound, type ColumnFixCounts, type Cursor } from './cursor.js';
import { writeNumeric } from './numeric-field.js';
import { PlpStream, type ValueStream } from './plp-stream.js';
import { charField, utf16Field, type SpanField, type SpanWriter } from './text-fields.js';
import { columnDecoder } from './column-decoder.js';
import type { WireColumn } from './wire-columns.js';

/**
 * Decodes the value at the cursor into its field; returns a PlpStream when it has started a large
 * PLP value whose bytes are still to come (the row then goes on as they arrive, see token-rows.ts).
 */
export type FieldDecoder = (c: Cursor, out: BinaryBuffer) => PlpStream | void;
/** Reads a value of `n` bytes at the cursor into its binary row field. */
type FieldRead = (c: Cursor, out: BinaryBuffer, n: number) => void;

/** Days from 0001-01-01 (date, datetime2) and from 1900-01-01 (datetime) to 2000-01-01. */
export const DAYS_0001_TO_2000 = 730_119;
export const DAYS_1900_TO_2000 = 36_524;
const PLP_NULL_LOW = 0xffffffff;
const TWO32 = 4294967296;
/**
 * A PLP value of at least this many bytes whose bytes are not all there yet is read as they arrive
 * (when `streams`, see fieldDecoder).
 */
const streamBytes = 16 * 1024;

/** Bytes of the time part of time(s)/datetime2(s)/datetimeoffset(s). */
export const timeBytes = (scale: number) => (scale <= 2 ? 3 : scale <= 4 ? 4 : 5);

/** Days from 0001-01-01 to 9999-12-31, the last day of date, datetime2 and datetimeoffset. */
const LAST_DAY = 3_652_058;
/** 23:59:59.9999999 in units of 100 ns: on the last day, the end of time (see @ferry/core isEndOfTime). */
const LAST_UNITS_7 = 863_999_999_999;

/**
 * Microseconds of a time part of `scale` (units of 10^-scale s); a 7th digit other than 0 is
 * truncated under `fix`, and under every policy in the end of time (`lastDay`: the date is LAST_DAY),
 * each counted (in the branch that found it: nothing is added where nothing is changed).
 */
function timeMicros(units: number, scale: number, fx: ColumnFixCounts, lastDay = false): number {
  if (scale === 7) {
    const extra = units % 10;
    if (extra !== 0) {
      if (lastDay && units === LAST_UNITS_7) fx.count('END_OF_TIME');
      else if (!fx.enabled) throw valueProblemFound;
      else fx.count('SUB_MICROSECOND');
    }
    return (units - extra) / 10;
  }
  return units * 10 ** (6 - scale);
}

/** A length-prefixed (byte) value: reads the length, writes NULL for 0, else calls `read` with it. */
function byteLen(read: FieldRead): FieldDecoder {
  return (c, out) => {
    c.want(1);
    const n = c.buf[c.pos];
    if (n === 0) {
      c.pos++;
      out.int32(-1);
      return;
    }
    c.want(1 + n);
    c.pos++;
    read(c, out, n);
  };
}

function int(c: Cursor, out: BinaryBuffer, n: number): void {
  const b = c.buf;
  const p = c.pos;
  if (n === 1) out.fieldInt16(b[p]);
  else if (n === 2) out.fieldInt16(b.readInt16LE(p));
  else if (n === 4) out.fieldInt32(b.readInt32LE(p));
  else out.fieldInt64Words(b.readInt32LE(p + 4), b.readUInt32LE(p));
  c.pos = p + n;
}

function float(c: Cursor, out: BinaryBuffer, n: number): void {
  if (n === 4) out.fieldFloat32(c.buf.readFloatLE(c.pos));
  else out.fieldFloat64(c.buf.readDoubleLE(c.pos));
  c.pos += n;
}

/** money (8 bytes: high then low 32 bits) and smallmoney (4), in units of 1/10,000. */
function money(c: Cursor, out: BinaryBuffer, n: number): void {
  const b = c.buf;
  const p = c.pos;
  c.pos += n;
  if (n === 4) {
    const v = b.readInt32LE(p);
    return writeNumeric(out, v < 0, Math.abs(v), 4);
  }
  const hi = b.readInt32LE(p);
  const lo = b.readUInt32LE(p + 4);
  if (hi >= -0x200000 && hi < 0x200000) {
    const v = hi * TWO32 + lo;
    return writeNumeric(out, v < 0, Math.abs(v), 4);
  }
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  writeNumeric(out, v < 0n, v < 0n ? -v : v, 4);
}

function decimal(scale: number) {
  return (c: Cursor, out: BinaryBuffer, n: number): void => {
    const b = c.buf;
    const p = c.pos;
    c.pos += n;
    const negative = b[p] === 0;
    const lo = b.readUInt32LE(p + 1);
    const hi = n > 5 ? b.readUInt32LE(p + 5) : 0;
    let high = false;
    for (let k = p + 9; k < p + n; k++) if (b[k] !== 0) high = true;
    if (!high && hi < 0x200000) return writeNumeric(out, negative, hi * TWO32 + lo, scale);
    let m = 0n;
    for (let k = p + n - 1; k > p; k--) m = (m << 8n) | BigInt(b[k]);
    writeNumeric(out, negative, m, scale);
  };
}

/** datetime (days since 1900 and 1/300 s ticks) as the value path reads it: rounded to the millisecond. */
function datetime(c: Cursor, out: BinaryBuffer, n: number): void {
  const b = c.buf;
  const p = c.pos;
  c.pos += n;
  if (n === 4) {
    out.fieldMicros((b.readUInt16LE(p) - DAYS_1900_TO_2000) * 86400 + b.readUInt16LE(p + 2) * 60, 0);
    return;
  }
  const ms = Math.round((b.readUInt32LE(p + 4) * 10) / 3);
  const s = Math.floor(ms / 1000);
  out.fieldMicros((b.readInt32LE(p) - DAYS_1900_TO_2000) * 86400 + s, (ms - s * 1000) * 1000);
}

function timeField(scale: number, fx: ColumnFixCounts) {
  const tb = timeBytes(scale);
  return (c: Cursor, out: BinaryBuffer): void => {
    const us = timeMicros(c.buf.readUIntLE(c.pos, tb), scale, fx);
    c.pos += tb;
    const s = Math.floor(us / 1e6);
    out.fieldMicros(s, us - s * 1e6);
  };
}

/** datetime2 / datetimeoffset (its date and time are UTC on the wire, as timestamptz wants them). */
function stampField(scale: number, offsetBytes: number, fx: ColumnFixCounts) {
  const tb = timeBytes(scale);
  return (c: Cursor, out: BinaryBuffer): void => {
    const b = c.buf;
    const wireDays = b.readUIntLE(c.pos + tb, 3);
    const us = timeMicros(b.readUIntLE(c.pos, tb), scale, fx, wireDays === LAST_DAY);
    const days = wireDays - DAYS_0001_TO_2000;
    c.pos += tb + 3 + offsetBytes;
    const s = Math.floor(us / 1e6);
    out.fieldMicros(days * 86400 + s, us - s * 1e6);
  };
}

/** uniqueidentifier: the first three groups are little-endian on the wire, uuid wants text order. */
function guid(c: Cursor, out: BinaryBuffer): void {
  const b = c.buf;
  const p = c.pos;
  c.pos += 16;
  out.ensure(20);
  out.view.setInt32(out.length, 16);
  const o = out.buf;
  const at = out.length + 4;
  o[at] = b[p + 3];
  o[at + 1] = b[p + 2];
  o[at + 2] = b[p + 1];
  o[at + 3] = b[p];
  o[at + 4] = b[p + 5];
  o[at + 5] = b[p + 4];
  o[at + 6] = b[p + 7];
  o[at + 7] = b[p + 6];
  b.copy(o, at + 8, p + 8, p + 16);
  out.length = at + 16;
}

/** varbinary/binary: the bytes as they are (a large value's chunks are not copied, see BinaryBuffer.fieldPieces). */
const bytesWriter: SpanWriter = (out, src, spans) => {
  if (spans.length === 2) {
    const [from, to] = spans;
    if (to - from >= ownPartBytes) return out.fieldBytes(src.subarray(from, to));
    out.ensure(4 + to - from);
    out.view.setInt32(out.length, to - from);
    out.length += 4 + src.copy(out.buf, out.length + 4, from, to);
    return;
  }
  const pieces: Buffer[] = [];
  let length = 0;
  for (let i = 0; i < spans.length; i += 2) {
    pieces.push(src.subarray(spans[i], spans[i + 1]));
    length += spans[i + 1] - spans[i];
  }
  out.fieldPieces(length, pieces);
};

/** varbinary/binary as a PLP value's pieces arrive: its length first, then each piece copied. */
const bytesStream: ValueStream = {
  begin: (out, total) => out.int32(total),
  piece: (out, src, from, to) => {
    out.ensure(to - from);
    out.length += src.copy(out.buf, out.length, from, to);
  },
  end: () => undefined,
};

/** A USHORT-length value (0xffff: NULL). */
function shortLen({ write }: SpanField): FieldDecoder {
  const span = [0, 0];
  return (c, out) => {
    const n = c.u16();
    if (n === 0xffff) return out.int32(-1);
    c.want(n);
    span[0] = c.pos;
    span[1] = c.pos + n;
    write(out, c.buf, span);
    c.pos += n;
  };
}

/**
 * The offset a PLP value of `total` bytes whose chunks start at the cursor needs its bytes up to:
 * the value, its chunk headers (as many as chunks of the first one's size make: SQL Server and the
 * emulator cut a value into equal chunks) and the terminator. A guess past the end only delays the
 * decoding (tokenRows tries once more at the end of the response); it saves joining the buffered
 * bytes again for each chunk header still missing.
 */
function plpEnd(c: Cursor, total: number): number {
  const first = c.pos + 4 <= c.end ? c.buf.readUInt32LE(c.pos) : 0;
  const chunks = first > 0 && first < total ? Math.ceil(total / first) : 1;
  return c.pos + total + 4 * chunks + 4;
}

/**
 * A PLP value (MS-TDS 2.2.5.2.3: u64 total length or NULL, then u32-length chunks up to a 0 chunk).
 * The whole value must be in the buffer (the row is decoded again when more bytes arrive: with a
 * known total length, not before they all can be there); its chunks are written in order, without
 * joining them first. When `streams`, a large value of known length is streamed instead.
 */
function plp({ write, stream }: SpanField, streams: boolean): FieldDecoder {
  const spans: number[] = [];
  return (c, out) => {
    const lo = c.u32();
    const hi = c.u32();
    if (lo === PLP_NULL_LOW && hi === PLP_NULL_LOW) return out.int32(-1);
    const known = !(hi === PLP_NULL_LOW && lo === 0xfffffffe);
    const total = hi * TWO32 + lo;
    if (known && c.pos + total + 4 > c.end) {
      if (!stream || !streams || total < streamBytes) throw new NeedMore(plpEnd(c, total));
      stream.begin(out, total);
      return new PlpStream(stream);
    }
    spans.length = 0;
    for (let n = c.u32(); n !== 0; n = c.u32()) {
      c.want(n);
      spans.push(c.pos, c.pos + n);
      c.pos += n;
    }
    write(out, c.buf, spans);
  };
}

const fixed =
  (n: number, read: FieldRead): FieldDecoder =>
  (c, out) => {
    c.want(n);
    read(c, out, n);
  };

const bit: FieldRead = (c, out) => out.fieldBool(c.buf[c.pos++] !== 0);
const date: FieldRead = (c, out) => {
  out.fieldInt32(c.buf.readUIntLE(c.pos, 3) - DAYS_0001_TO_2000);
  c.pos += 3;
};

/**
 * The decoder of a column as the server sent it; `fx` (the column's) says whether to fix, and counts the values changed;
 * `streams`, whether its large PLP values are read as they arrive.
 */
export function fieldDecoder(col: WireColumn, fx: ColumnFixCounts, streams: boolean): FieldDecoder {
  return columnDecoder<FieldDecoder, FieldRead, SpanField>(col, {
    fixed,
    byteLen,
    shortLen,
    plp: (read) => plp(read, streams),
    int,
    bit,
    float,
    money,
    decimal,
    datetime,
    date,
    time: (scale) => timeField(scale, fx),
    datetime2: (scale) => stampField(scale, 0, fx),
    datetimeoffset: (scale) => stampField(scale, 2, fx),
    guid,
    utf16: utf16Field(fx),
    chars: (codePage) => charField(codePage, fx),
    bytes: { write: bytesWriter, stream: bytesStream },
  });
}
