// The canonical values (batch.ts) of one tuple of binary rows (binary-rows.ts): what a target
// reports of a row it refused on the fast path, as the value path reports the values it read.
// Binary rows keep a timestamptz's instant, not its offset: it comes back at +00:00.

import type { LogicalType } from '../model/logical-type.js';
import type { Row, Value } from './batch.js';

const EPOCH_2000 = Date.UTC(2000, 0, 1);
const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS[.f{precision}]` (or only the clock) of microseconds since 2000-01-01. */
function stampText(micros: bigint, precision: number, withDate: boolean): string {
  let seconds = micros / 1_000_000n;
  let us = micros % 1_000_000n;
  if (us < 0n) {
    us += 1_000_000n;
    seconds -= 1n;
  }
  const iso = new Date(EPOCH_2000 + Number(seconds) * 1000).toISOString();
  const fraction = precision ? `.${pad(us, 6).padEnd(precision, '0').slice(0, precision)}` : '';
  return `${withDate ? `${iso.slice(0, 10)} ` : ''}${iso.slice(11, 19)}${fraction}`;
}

/** A numeric's send form (base-10000 digits) as text with exactly `scale` fraction digits. */
function numericText(b: Buffer, scale: number): string {
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  let digits = '';
  for (let w = Math.max(weight, 0); w >= -Math.ceil(scale / 4); w--) {
    const i = weight - w;
    digits += pad(i >= 0 && i < ndigits ? b.readUInt16BE(8 + 2 * i) : 0, 4);
  }
  const point = digits.length - Math.ceil(scale / 4) * 4;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const text = scale ? `${whole}.${digits.slice(point, point + scale)}` : whole;
  return b.readUInt16BE(4) === 0x4000 && /[1-9]/.test(text) ? `-${text}` : text;
}

/** One field's bytes as the canonical value of `type`. */
export function binaryFieldValue(type: LogicalType, b: Buffer): Value {
  switch (type.kind) {
    case 'bool':
      return b[0] !== 0;
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
      return numericText(b, type.scale);
    case 'date':
      return new Date(EPOCH_2000 + b.readInt32BE(0) * 86_400_000).toISOString().slice(0, 10);
    case 'time':
      return stampText(b.readBigInt64BE(0), type.precision, false);
    case 'timestamp':
      return stampText(b.readBigInt64BE(0), type.precision, true);
    case 'timestamptz':
      return `${stampText(b.readBigInt64BE(0), type.precision, true)}+00:00`;
    case 'uuid': {
      const h = b.toString('hex').toUpperCase();
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'binary':
    case 'rowversion':
      return Buffer.from(b);
    default:
      return b.toString('utf8');
  }
}

/** The values of the tuple at `at` in `data`, one per type (`types`: the tuple's fields in order). */
export function binaryRowValues(data: Buffer, at: number, types: readonly LogicalType[]): Row {
  const row: Row = [];
  let p = at + 2;
  for (const type of types) {
    const n = data.readInt32BE(p);
    p += 4;
    row.push(n < 0 ? null : binaryFieldValue(type, data.subarray(p, p + n)));
    if (n > 0) p += n;
  }
  return row;
}
