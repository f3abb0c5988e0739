// Canonical Ferry values <-> JSON values that round-trip exactly. The column's logical type (kept
// in the sidecar schema file) says how to decode: int64 from a decimal string, binary from base64.

import { FerryError, type LogicalType, type Value } from '@ferry/core';

export type JsonValue = null | boolean | number | string;

/** bigint -> decimal string, Buffer -> base64, non-finite or negative-zero floats -> string. */
export function toJsonValue(v: Value): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : String(v === 0 ? '-0' : v);
  return v.toString('base64');
}

/** Decodes a JSON value of a column of logical type `type`; `where` names table, column and line. */
export function fromJsonValue(v: JsonValue | undefined, type: LogicalType, where: () => string): Value {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case 'int64':
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
      break;
    case 'binary':
    case 'rowversion':
      if (typeof v === 'string') return Buffer.from(v, 'base64');
      break;
    case 'float32':
    case 'float64':
      if (typeof v === 'number') return v;
      if (v === '-0') return -0;
      if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
      break;
    default:
      return v;
  }
  throw new FerryError(`value ${JSON.stringify(v)} is not a valid ${type.kind} value`, { where: where() });
}
