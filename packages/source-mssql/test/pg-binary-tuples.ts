// Test helper: reads binary rows (PostgreSQL's binary COPY tuples) back into canonical values, the
// way PostgreSQL's send/recv forms define them, independently of the fast path's encoder.

import type { Column, Row, Value } from '@ferry/core';

const EPOCH_2000 = Date.UTC(2000, 0, 1);

function stampText(micros: bigint, p: number, withDate: boolean): string {
  let secs = micros / 1_000_000n;
  let us = micros % 1_000_000n;
  if (us < 0n) {
    us += 1_000_000n;
    secs -= 1n;
  }
  const iso = new Date(EPOCH_2000 + Number(secs) * 1000).toISOString(); // 0001-01-01T00:00:00.000Z
  const clock = iso.slice(11, 19);
  const fraction = p ? `.${String(us).padStart(6, '0').padEnd(p, '0').slice(0, p)}` : '';
  return withDate ? `${iso.slice(0, 10)} ${clock}${fraction}` : `${clock}${fraction}`;
}

function numericText(b: Buffer): string {
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const dscale = b.readInt16BE(6);
  /** The base-10000 digit of weight w (10000^w). */
  const digit = (w: number) => {
    const i = weight - w;
    return String(i >= 0 && i < ndigits ? b.readUInt16BE(8 + 2 * i) : 0).padStart(4, '0');
  };
  let whole = '';
  for (let w = Math.max(weight, 0); w >= 0; w--) whole += digit(w);
  let frac = '';
  for (let w = -1; w >= -Math.ceil(dscale / 4); w--) frac += digit(w);
  const text = whole.replace(/^0+(?=\d)/, '') + (dscale ? `.${frac.slice(0, dscale)}` : '');
  return b.readUInt16BE(4) === 0x4000 ? `-${text}` : text;
}

/** One field's bytes as the canonical value of `column` (timestamptz: microseconds since 2000 UTC, a bigint). */
function fieldValue(column: Column, b: Buffer): Value {
  const t = column.type;
  switch (t.kind) {
    case 'bool':
      return b[0] === 1;
    case 'int8':
    case 'int16':
      return b.readInt16BE(0);
    case 'int32':
      return b.readInt32BE(0);
    case 'int64':
      return b.readBigInt64BE(0);
    case 'float32':
      return b.readFloatBE(0);
    case 'float64':
      return b.readDoubleBE(0);
    case 'decimal':
      return numericText(b);
    case 'date':
      return new Date(EPOCH_2000 + b.readInt32BE(0) * 86_400_000).toISOString().slice(0, 10);
    case 'time':
      return stampText(b.readBigInt64BE(0), t.precision, false);
    case 'timestamp':
      return stampText(b.readBigInt64BE(0), t.precision, true);
    case 'timestamptz':
      return b.readBigInt64BE(0);
    case 'uuid': {
      const h = b.toString('hex').toUpperCase();
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'text':
      return b.toString('utf8');
    default:
      return Buffer.from(b);
  }
}

/** The rows of `data` (concatenated tuples of `columns`). */
export function readTuples(data: Buffer, columns: Column[]): Row[] {
  const rows: Row[] = [];
  let at = 0;
  while (at < data.length) {
    const n = data.readInt16BE(at);
    if (n !== columns.length) throw new Error(`tuple of ${n} fields, expected ${columns.length}`);
    at += 2;
    const row: Row = [];
    for (const column of columns) {
      const length = data.readInt32BE(at);
      at += 4;
      row.push(length < 0 ? null : fieldValue(column, data.subarray(at, at + length)));
      if (length > 0) at += length;
    }
    rows.push(row);
  }
  return rows;
}

/** Microseconds since 2000-01-01 UTC of a canonical timestamptz (`YYYY-MM-DD HH:MM:SS[.f]+HH:MM`), to 1 µs. */
export function instantMicros(text: string): bigint {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d):(\d\d)$/.exec(text)!;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  const offset = (Number(m[9]) * 60 + Number(m[10])) * (m[8] === '-' ? -1 : 1);
  const us = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  return (BigInt(d.getTime() - EPOCH_2000) / 1000n - BigInt(offset * 60)) * 1_000_000n + us;
}
