// Encodes canonical values as COPY binary format fields (PostgreSQL's send/recv wire forms):
// integers, floats, numeric in base-10000 digits, dates and times as microseconds since 2000-01-01.

import type { Column, Value } from '@ferry/core';
import type { TypeMapping } from '../types.js';
import type { ProblemHandler } from './value-problem.js';

/** A growable buffer the binary rows of one batch are written into. */
export class BinaryBuffer {
  buf = Buffer.allocUnsafe(1 << 16);
  length = 0;

  ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  int16(v: number): void {
    this.ensure(2);
    this.length = this.buf.writeInt16BE(v, this.length);
  }
  int32(v: number): void {
    this.ensure(4);
    this.length = this.buf.writeInt32BE(v, this.length);
  }
  /** A field: int32 length, then the bytes written by `body` (which returns the end offset). */
  field(maxBytes: number, body: (buf: Buffer, at: number) => number): void {
    this.ensure(4 + maxBytes);
    const start = this.length + 4;
    const end = body(this.buf, start);
    this.buf.writeInt32BE(end - start, this.length);
    this.length = end;
  }
  /** Takes the written bytes out and starts over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

export const binaryHeader = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const binaryTrailer = Buffer.from([0xff, 0xff]);

export type BinaryFieldEncoder = (out: BinaryBuffer, value: Exclude<Value, null>, onProblem: ProblemHandler) => void;

const utf8 = (out: BinaryBuffer, s: string, prefix?: number) =>
  out.field(s.length * 3 + 1, (buf, at) => {
    if (prefix !== undefined) buf[at++] = prefix;
    return at + buf.write(s, at, 'utf8');
  });

/** `-12.3400` -> numeric wire form: ndigits, weight, sign, dscale, base-10000 digits. */
export function writeNumeric(out: BinaryBuffer, text: string): void {
  const special: Record<string, number> = { NaN: 0xc000, Infinity: 0xd000, '-Infinity': 0xf000 };
  if (text in special) {
    out.field(8, (buf, at) => {
      buf.writeInt16BE(0, at);
      buf.writeInt16BE(0, at + 2);
      buf.writeUInt16BE(special[text], at + 4);
      buf.writeInt16BE(0, at + 6);
      return at + 8;
    });
    return;
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new Error(`invalid numeric value: ${JSON.stringify(text)}`);
  const intPart = m[2].replace(/^0+/, '');
  const fracPart = m[3] ?? '';
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  const digits: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) digits.push(Number(intPadded.slice(i, i + 4)));
  for (let i = 0; i < fracPadded.length; i += 4) digits.push(Number(fracPadded.slice(i, i + 4)));
  let weight = intPadded.length / 4 - 1;
  let first = 0;
  while (first < digits.length && digits[first] === 0) {
    first++;
    weight--;
  }
  let last = digits.length;
  while (last > first && digits[last - 1] === 0) last--;
  const used = digits.slice(first, last);
  const negative = m[1] === '-' && used.length > 0;
  out.field(8 + used.length * 2, (buf, at) => {
    buf.writeInt16BE(used.length, at);
    buf.writeInt16BE(used.length ? weight : 0, at + 2);
    buf.writeUInt16BE(negative ? 0x4000 : 0, at + 4);
    buf.writeInt16BE(fracPart.length, at + 6);
    let p = at + 8;
    for (const d of used) p = buf.writeInt16BE(d, p);
    return p;
  });
}

const epochDays = 10957; // 1970-01-01 -> 2000-01-01
const dateTime = /^(\d{4})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?(?:([+-])(\d\d):(\d\d))?$/;
const timeOfDay = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;

function daysSince2000(y: number, m: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime() / 86_400_000 - epochDays;
}

const micros = (frac: string | undefined) => (frac ? Number(frac.padEnd(6, '0')) : 0);

/** `YYYY-MM-DD[ HH:MM:SS[.ffffff]][+HH:MM]` -> microseconds since 2000-01-01 00:00 (UTC when an offset is given). */
function timestampMicros(text: string): bigint {
  const m = dateTime.exec(text);
  if (!m) throw new Error(`invalid timestamp value: ${JSON.stringify(text)}`);
  let seconds = daysSince2000(Number(m[1]), Number(m[2]), Number(m[3])) * 86_400 + Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
  if (m[8]) seconds -= (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
  return BigInt(seconds) * 1_000_000n + BigInt(micros(m[7]));
}

/** Truncates fractional seconds to 6 digits under the error policy (same rule as the text writer). */
function microsecondsOnly(s: string, index: number, onProblem: ProblemHandler): string {
  const m = /\.(\d{6})(\d+)/.exec(s);
  if (!m) return s;
  const truncated = s.slice(0, m.index + 7) + s.slice(m.index + 1 + m[1].length + m[2].length);
  if (/^0+$/.test(m[2])) return truncated;
  return onProblem('SUB_MICROSECOND', `fractional seconds beyond microseconds (${m[1]}${m[2]}), PostgreSQL keeps 6 digits: ${JSON.stringify(s)}`, index, truncated);
}

function text(index: number, check: boolean, prefix?: number): BinaryFieldEncoder {
  return (out, v, onProblem) => {
    let s = typeof v === 'string' ? v : String(v);
    if (check && s.includes('\u0000')) {
      const shown = s.length > 60 ? `${s.slice(0, 60)}...` : s;
      s = onProblem('NUL_IN_TEXT', `text contains NUL (U+0000), which PostgreSQL text cannot hold: ${JSON.stringify(shown)}`, index, s.replace(/\u0000/g, ''));
    }
    utf8(out, s, prefix);
  };
}

/** The binary encoder of a column, or undefined when its type has no binary form here (the table then loads as text). */
export function binaryFieldEncoder(column: Column, mapping: TypeMapping, index: number): BinaryFieldEncoder | undefined {
  if (mapping.overridden) return undefined;
  const t = column.type;
  switch (t.kind) {
    case 'bool':
      return (out, v) => out.field(1, (buf, at) => ((buf[at] = v === true || v === 1 ? 1 : 0), at + 1));
    case 'int8':
    case 'int16':
      return (out, v) => out.field(2, (buf, at) => buf.writeInt16BE(Number(v), at));
    case 'int32':
      return (out, v) => out.field(4, (buf, at) => buf.writeInt32BE(Number(v), at));
    case 'int64':
      return (out, v) => out.field(8, (buf, at) => buf.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(v as number | string), at));
    case 'float32':
      return (out, v) => out.field(4, (buf, at) => buf.writeFloatBE(Number(v), at));
    case 'float64':
      return (out, v) => out.field(8, (buf, at) => buf.writeDoubleBE(Number(v), at));
    case 'decimal':
      return (out, v) => writeNumeric(out, String(v));
    case 'text':
    case 'xml':
    case 'variant':
    case 'unknown':
      return text(index, true);
    case 'json':
      return text(index, true, 1); // jsonb wire format: version byte 1, then the text
    case 'binary':
    case 'rowversion':
      return (out, v) => {
        const b = v as Buffer;
        out.field(b.length, (buf, at) => at + b.copy(buf, at));
      };
    case 'uuid':
      return (out, v) => out.field(16, (buf, at) => at + buf.write(String(v).replace(/-/g, ''), at, 'hex'));
    case 'date':
      return (out, v) => {
        const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(v));
        if (!m) throw new Error(`invalid date value: ${JSON.stringify(v)}`);
        out.field(4, (buf, at) => buf.writeInt32BE(daysSince2000(Number(m[1]), Number(m[2]), Number(m[3])), at));
      };
    case 'time':
      return (out, v, onProblem) => {
        const m = timeOfDay.exec(microsecondsOnly(String(v), index, onProblem));
        if (!m) throw new Error(`invalid time value: ${JSON.stringify(v)}`);
        const us = BigInt((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1_000_000 + micros(m[4]));
        out.field(8, (buf, at) => buf.writeBigInt64BE(us, at));
      };
    case 'timestamp':
    case 'timestamptz':
      if (t.kind === 'timestamptz' && mapping.sql === 'text') return text(index, true);
      return (out, v, onProblem) => {
        const us = timestampMicros(microsecondsOnly(String(v), index, onProblem));
        out.field(8, (buf, at) => buf.writeBigInt64BE(us, at));
      };
    case 'interval':
      return undefined;
  }
}
