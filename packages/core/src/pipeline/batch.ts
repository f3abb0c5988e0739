// A Batch is the unit that flows from a source to a target: rows as arrays in column order
// (never objects on the hot path) plus their approximate size in bytes.

/**
 * Canonical in-memory values, by logical type (the contract between every source and target):
 * - bool: boolean; int8/int16/int32: number; int64: bigint; float32/float64: number
 * - decimal (incl. money): string with exact digits, e.g. `-12345.6700` (never a JS number)
 * - text/xml/json/variant: string; binary/rowversion: Buffer
 * - uuid: string, SQL Server canonical form (8-4-4-4-12 hex, upper case)
 * - date: `YYYY-MM-DD`; time(p): `HH:MM:SS[.f{p}]`; timestamp(p): `YYYY-MM-DD HH:MM:SS[.f{p}]`;
 *   timestamptz(p): `YYYY-MM-DD HH:MM:SS[.f{p}]+HH:MM` (local time plus its offset, never re-zoned)
 * - SQL NULL: null
 */
export type Value = null | boolean | number | bigint | string | Buffer;
export type Row = Value[];

export interface Batch {
  rows: Row[];
  /** Approximate payload size in bytes, used for queue bounds and MB/s figures. */
  bytes: number;
}

/** Estimates the payload size of one row (strings as UTF-16 length, buffers by length). */
export function estimateRowBytes(row: Row): number {
  let n = 0;
  for (const v of row) {
    if (v === null) n += 1;
    else if (typeof v === 'string') n += v.length + 2;
    else if (typeof v === 'number') n += 8;
    else if (typeof v === 'bigint') n += 8;
    else if (typeof v === 'boolean') n += 1;
    else n += v.length;
  }
  return n;
}
