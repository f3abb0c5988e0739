// Under the `reject` policy: rows are loaded by COPYs inside a savepoint, so that when PostgreSQL
// refuses a value (a data error: ill-formed xml, a too-long varchar, a NULL into NOT NULL...) the rows
// it refuses are found and rejected while every other row still loads exactly once, in the load's own
// transaction (the checkpoint commits with them).

import type pg from 'pg';
import type { Row } from '@ferry/core';
import { binaryHeader, binaryTrailer } from './binary-encoder.js';
import { startCopy } from './copy-in.js';

/** A row of the load with its 1-based position among the rows handed to the writer. */
export interface NumberedRow {
  row: Row;
  rowNumber: number;
}

/** A row of the fast path (one binary COPY tuple) with its position among the rows handed to the writer. */
export interface NumberedTuple {
  tuple: Buffer;
  rowNumber: number;
}

/** A server error as node-postgres gives it. */
export interface ServerError {
  message: string;
  code?: string;
  where?: string;
  detail?: string;
}

/** A COPY statement on the load's connection. */
export interface CopyStatement {
  client: pg.PoolClient;
  /** The `COPY ... FROM STDIN` statement. */
  sql: string;
  format: 'text' | 'binary';
}

export interface IsolatingCopy<R extends NumberedRow | NumberedTuple> extends CopyStatement {
  /** Encodes rows that encoded once already (no value problems left) into COPY data. */
  encode(rows: R[]): Buffer[];
  /** Called for each row PostgreSQL refuses, with the column its message names. */
  refused(row: R, column: string | undefined, error: ServerError): Promise<void>;
}

/**
 * SQLSTATE classes of a value or row PostgreSQL refuses: 22 (data exception: invalid input, out of
 * range, too long, invalid XML...) and 23 (integrity constraint: NOT NULL, a unique key of an
 * existing table...). Anything else (connection lost, disk full) is not the rows' fault.
 */
export const isDataError = (err: unknown): err is ServerError =>
  typeof (err as ServerError)?.code === 'string' && /^2[23]/.test((err as ServerError).code!);

/**
 * The 1-based COPY line and the column a COPY error names, from its `COPY t, line 3, column x: "..."`
 * context line; other context lines (`PL/pgSQL function f() line 3 at RAISE`) name no row. An AFTER
 * trigger fires once COPY has read every row, so its error has no COPY line at all.
 */
export function copyErrorPlace(err: ServerError): { line?: number; column?: string } {
  const context = (err.where ?? '').split('\n').find((l) => l.startsWith('COPY '));
  const m = context ? /, line (\d+)(?:, column (.+?))?(?:: "|$)/.exec(context) : null;
  if (!m) return {};
  return { line: Number(m[1]), ...(m[2] ? { column: m[2] } : {}) };
}

/**
 * After PostgreSQL refused `rows` with `error` (and the COPY was rolled back to its savepoint): finds
 * the rows it refuses and returns how many others loaded. The row the error names is handed to
 * `refused`, the rows before it load again in one COPY and the rows after it `slice` at a time, the
 * same way. When the error names no row, the rows are split in halves until the refused ones stand alone.
 */
async function isolateRefused<R extends NumberedRow | NumberedTuple>(
  c: IsolatingCopy<R>,
  rows: R[],
  error: ServerError,
  slice: number,
): Promise<number> {
  const { line, column } = copyErrorPlace(error);
  if (line !== undefined && line >= 1 && line <= rows.length) {
    await c.refused(rows[line - 1], column, error);
    let loaded = await copyRows(c, rows.slice(0, line - 1), slice);
    for (let at = line; at < rows.length; at += slice)
      loaded += await copyRows(c, rows.slice(at, at + slice), slice);
    return loaded;
  }
  if (rows.length === 1) {
    await c.refused(rows[0], column, error);
    return 0;
  }
  const half = rows.length >> 1;
  return (await copyRows(c, rows.slice(0, half), slice)) + (await copyRows(c, rows.slice(half), slice));
}

const copyRows = <R extends NumberedRow | NumberedTuple>(c: IsolatingCopy<R>, rows: R[], slice: number) =>
  copyIsolating(c, rows.length, () => rows, slice, c.encode(rows));

/**
 * Loads `count` rows (`data`, their COPY data) in one COPY in a savepoint; when PostgreSQL refuses
 * it, asks for the rows (`rows`) and isolates the refused ones. Returns how many loaded.
 */
export async function copyIsolating<R extends NumberedRow | NumberedTuple>(
  c: IsolatingCopy<R>,
  count: number,
  rows: () => R[],
  slice: number,
  data: Buffer[],
): Promise<number> {
  if (count === 0) return 0;
  const error = await copyInSavepoint(c, data);
  return error === undefined ? count : isolateRefused(c, rows(), error, slice);
}

/** One COPY of `data` in a savepoint: undefined when it loaded, the data error when it was refused (and rolled back). */
async function copyInSavepoint(c: CopyStatement, data: Buffer[]): Promise<ServerError | undefined> {
  await c.client.query('SAVEPOINT ferry_rows');
  try {
    const copy = await startCopy(c.client, c.sql);
    await copy.write(c.format === 'binary' ? [binaryHeader, ...data, binaryTrailer] : data);
    await copy.end();
  } catch (err) {
    if (!isDataError(err)) throw err;
    await c.client.query('ROLLBACK TO SAVEPOINT ferry_rows');
    await c.client.query('RELEASE SAVEPOINT ferry_rows');
    return err;
  }
  await c.client.query('RELEASE SAVEPOINT ferry_rows');
  return undefined;
}
