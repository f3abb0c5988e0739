// A Batch is the unit that flows from a source to a target: rows as arrays in column order
// (never objects on the hot path) plus their approximate size in bytes.

import type { BinaryRows } from './binary-rows.js';

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
  /** The rows as values (empty when `binary` holds them). */
  rows: Row[];
  /**
   * Fast path (`ReadOptions.binaryRows`): the rows, already in the binary row format (see
   * binary-rows.ts). A source sends a row whose value that format cannot hold exactly as a value
   * row (in a batch of its own, in its place in the stream), so the target's error policy sees it.
   */
  binary?: BinaryRows;
  /** Approximate payload size in bytes, used for queue bounds and MB/s figures. */
  bytes: number;
}

/** The number of rows a batch carries, as values or binary rows. */
export function batchRowCount(batch: Batch): number {
  return batch.binary ? batch.binary.rows : batch.rows.length;
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

/**
 * Collects rows into batches bounded by `batchRows` and `batchBytes` (the ReadOptions limits): what
 * every source does between decoding rows and yielding them.
 */
export class BatchBuilder {
  private rows: Row[] = [];
  private bytes = 0;

  constructor(private readonly limits: { batchRows: number; batchBytes: number }) {}

  /** Adds a row; returns the batch when this row filled it. */
  add(row: Row): Batch | undefined {
    this.rows.push(row);
    this.bytes += estimateRowBytes(row);
    return this.rows.length >= this.limits.batchRows || this.bytes >= this.limits.batchBytes
      ? this.take()
      : undefined;
  }

  /** The rows added since the last batch, as a batch; undefined when there are none. */
  flush(): Batch | undefined {
    return this.rows.length ? this.take() : undefined;
  }

  private take(): Batch {
    const batch = { rows: this.rows, bytes: this.bytes };
    this.rows = [];
    this.bytes = 0;
    return batch;
  }
}
