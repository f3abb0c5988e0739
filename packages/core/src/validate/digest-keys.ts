// A row key's digest form (see row-digest.ts) as text for a mismatch message: `id=42`,
// `order_id=7, line=2`. Both sides' keys are named from the same bytes, whichever side has the row.

import type { LogicalType } from '../model/logical-type.js';
import { digestField } from './row-digest.js';

const epoch2000 = Date.UTC(2000, 0, 1);

/** The byte width of a `fixed` digest field's value. */
const fixedWidth: Partial<Record<LogicalType['kind'], number>> = {
  bool: 1,
  int8: 2,
  int16: 2,
  int32: 4,
  int64: 8,
  float32: 4,
  float64: 8,
  date: 4,
  time: 8,
  timestamp: 8,
  timestamptz: 8,
  uuid: 16,
};

/** Microseconds since 2000-01-01 as `YYYY-MM-DD HH:MM:SS.ffffff` (UTC). */
function timestampText(micros: bigint): string {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  const rest = Number(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n);
  const iso = new Date(epoch2000 + ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(rest).padStart(6, '0')}`;
}

function fixedText(type: LogicalType, b: Buffer): string {
  switch (type.kind) {
    case 'bool':
      return b[0] ? 'true' : 'false';
    case 'int8':
    case 'int16':
      return String(b.readInt16BE(0));
    case 'int32':
      return String(b.readInt32BE(0));
    case 'int64':
      return String(b.readBigInt64BE(0));
    case 'float32':
      return String(b.readFloatBE(0));
    case 'float64':
      return String(b.readDoubleBE(0));
    case 'date':
      return new Date(epoch2000 + b.readInt32BE(0) * 86_400_000).toISOString().slice(0, 10);
    case 'time':
      return timestampText(b.readBigInt64BE(0)).slice(11);
    case 'timestamp':
      return timestampText(b.readBigInt64BE(0));
    case 'timestamptz':
      return `${timestampText(b.readBigInt64BE(0))}+00:00`;
    default: {
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
  }
}

/** PostgreSQL's binary numeric (ndigits, weight, sign, dscale, base-10000 digits) as decimal text. */
function numericText(b: Buffer): string {
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const sign = b.readUInt16BE(4);
  const dscale = b.readInt16BE(6);
  if (sign === 0xc000) return 'NaN';
  const digit = (i: number) => (i >= 0 && i < ndigits ? b.readInt16BE(8 + 2 * i) : 0);
  let int = '';
  for (let i = 0; i <= weight; i++) int += i === 0 ? String(digit(i)) : String(digit(i)).padStart(4, '0');
  let frac = '';
  for (let i = weight + 1; frac.length < dscale; i++) frac += String(digit(i)).padStart(4, '0');
  return `${sign === 0x4000 ? '-' : ''}${int || '0'}${dscale ? `.${frac.slice(0, dscale)}` : ''}`;
}

/** `name=value, ...` of a key's digest form, its columns' names and types in order. */
export function describeKey(form: Buffer, names: readonly string[], types: readonly LogicalType[]): string {
  let p = 0;
  const parts = names.map((name, i) => {
    const type = types[i];
    const field = digestField(type);
    let text: string;
    if (field === 'fixed') {
      const width = fixedWidth[type.kind] ?? 0;
      text = form[p] === 0 ? 'NULL' : fixedText(type, form.subarray(p + 1, p + 1 + width));
      p += form[p] === 0 ? 1 : 1 + width;
    } else if (field === 'bytes') {
      const n = form.readInt32BE(p);
      text = n < 0 ? 'NULL' : `0x${form.subarray(p + 4, p + 4 + n).toString('hex')}`;
      p += 4 + Math.max(n, 0);
    } else if (form[p] === 0xff) {
      text = 'NULL';
      p++;
    } else if (field === 'numeric') {
      const n = 8 + 2 * form.readInt16BE(p);
      text = numericText(form.subarray(p, p + n));
      p += n;
    } else {
      const end = form.indexOf(0, p);
      text = `'${form.subarray(p, end).toString('utf8').replace(/'/g, "''")}'`;
      p = end + 1;
    }
    return `${name}=${text}`;
  });
  return parts.join(', ');
}
