// A row key's text for a mismatch message: `id=42`, `order_id=7, line=2`. A key's digest form (see
// row-digest.ts) is named from its bytes, whichever side has the row, as binary rows' values read
// (binary-row-values.ts); a value row's key from its values; both as validation normalises values.

import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';
import { binaryFieldValue } from '../pipeline/binary-row-values.js';
import { normalizeValue } from './normalize-value.js';
import { digestField } from './row-digest.js';

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

/** A key value's text: normalised, text quoted, bytes as 0x..., NULL as NULL. */
export function keyText(type: LogicalType, v: Value): string {
  const text = normalizeValue(type, v);
  if (text === null) return 'NULL';
  if (type.kind === 'text') return `'${text.replace(/'/g, "''")}'`;
  return type.kind === 'binary' || type.kind === 'rowversion' ? `0x${text}` : text;
}

/** `name=value, ...` of a key's digest form, its columns' names and types in order. */
export function describeKey(form: Buffer, names: readonly string[], types: readonly LogicalType[]): string {
  let p = 0;
  const parts = names.map((name, i) => {
    const type = types[i];
    const kind = digestField(type);
    // The value's bytes are [from, to) (none for NULL); p moves past the field.
    let from = p;
    let to = p;
    let isNull = false;
    if (kind === 'fixed') {
      isNull = form[p] === 0;
      from = p + 1;
      to = isNull ? from : from + (fixedWidth[type.kind] ?? 0);
      p = to;
    } else if (kind === 'bytes') {
      const n = form.readInt32BE(p);
      isNull = n < 0;
      from = p + 4;
      to = from + Math.max(n, 0);
      p = to;
    } else if (form[p] === 0xff) {
      isNull = true;
      p++;
    } else if (kind === 'numeric') {
      to = p + 8 + 2 * form.readInt16BE(p);
      p = to;
    } else {
      to = form.indexOf(0, p);
      p = to + 1;
    }
    return `${name}=${keyText(type, isNull ? null : binaryFieldValue(type, form.subarray(from, to)))}`;
  });
  return parts.join(', ');
}
