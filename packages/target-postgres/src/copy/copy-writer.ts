// Loads batches into one table with a single `COPY ... FROM STDIN` (text, or binary) inside one
// transaction: each batch is encoded into one Buffer (and its large values into parts of their own),
// written to the socket as it is (copy-in.ts), waiting whenever the socket holds more than it takes.
// A value problem follows the error policy; a COPY the server rejects is reported with its row and key.

import { setImmediate } from 'node:timers/promises';
import type pg from 'pg';
import type {
  Batch,
  BinaryRows,
  ColumnFix,
  FieldFix,
  RejectedRow,
  Row,
  Table,
  Value,
  WriteOptions,
  WriteResult,
} from '@ferry/core';
import {
  binaryData,
  binaryLength,
  binaryRowValues,
  FerryError,
  fixesByRule,
  redact,
  tupleEnd,
} from '@ferry/core';
import { quoteIdent } from '../ddl/identifiers.js';
import { isGeneratedColumn } from '../ddl/create-table.js';
import { mapColumnType, type TypeMapOptions } from '../types.js';
import { batchEncoder, hasBinaryForm, type EncoderSpec, type RowFailure } from './batch-encoder.js';
import { binaryHeader, binaryTrailer } from './binary-encoder.js';
import { startCopy } from './copy-in.js';
import {
  copyErrorPlace,
  copyIsolating,
  isDataError,
  type IsolatingCopy,
  type NumberedRow,
  type NumberedTuple,
  type ServerError,
} from './isolating-copy.js';

export interface CopyTarget {
  /** Quoted `schema.name`. */
  sql: string;
  /** `schema.name` for messages. */
  label: string;
  table: Table;
}

interface Layout {
  /** The columns COPY writes (generated columns are left out), with their batch positions. */
  fields: EncoderSpec['fields'];
  names: string[];
  /** Batch positions and names of the key columns, for messages. */
  key: { position: number; name: string }[];
}

function layout(target: CopyTarget, options: CopyOptions, types: TypeMapOptions): Layout {
  const { columns } = options;
  const userColumns = new Set(options.userColumns);
  const byName = new Map(target.table.columns.map((c) => [c.name, c]));
  const fields: EncoderSpec['fields'] = [];
  columns.forEach((name, position) => {
    const column = byName.get(name);
    if (!column) {
      throw new FerryError(`column ${name} is not a column of ${target.label}`, {
        code: 'TARGET_UNKNOWN_COLUMN',
        where: `${target.label}.${name}`,
      });
    }
    if (isGeneratedColumn(column, target.table)) return;
    const userValues = userColumns.has(name);
    fields.push({
      column,
      mapping: mapColumnType(column, types),
      position,
      ...(userValues ? { userValues } : {}),
    });
  });
  const keyColumns = target.table.primaryKey?.columns ?? target.table.uniques[0]?.columns ?? [];
  const key = keyColumns
    .map((name) => ({ name, position: columns.indexOf(name) }))
    .filter((k) => k.position >= 0);
  return { fields, names: fields.map((f) => f.column.name), key };
}

function keyOf(l: Layout, row: Row): Record<string, Value> {
  return Object.fromEntries(l.key.map((k) => [k.name, row[k.position]]));
}

/** `id=5, line=2` (empty for a table without a key). */
function keyText(key: Record<string, Value>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}=${Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : String(v)}`)
    .join(', ');
}

function formatKey(key: Record<string, Value>): string {
  const text = keyText(key);
  return text ? ` (key ${text})` : '';
}

/**
 * The key of the `index`th row of fast-path binary rows, when the batch holds that row whole (a row
 * streamed through several batches ends in a later one); undefined otherwise or without a key.
 */
function binaryRowKey(l: Layout, binary: BinaryRows, index: number): string | undefined {
  if (l.key.length === 0 || index >= binary.rows) return undefined;
  const data = binaryData(binary);
  let at = 0;
  for (let i = 0; i < index && at >= 0; i++) at = tupleEnd(data, at);
  if (at < 0 || tupleEnd(data, at) < 0) return undefined;
  const values = binaryRowValues(
    data,
    at,
    l.fields.map((f) => f.column.type),
  );
  return keyText(Object.fromEntries(l.key.map((k) => [k.name, values[l.names.indexOf(k.name)]])));
}

/**
 * A task's values changed by a documented rule, per column and rule (WriteResult.columnFixes): each
 * batch's field fixes named, the first row of each by its number and key (found once per column and rule).
 */
class ColumnFixes {
  readonly fixes: ColumnFix[] = [];
  constructor(private readonly names: string[]) {}
  /** Adds a batch's fixes; `before` rows came before the batch, `keyAt` gives a row's key. */
  add(batch: FieldFix[] | undefined, before: number, keyAt: (index: number) => string | undefined): void {
    for (const f of batch ?? []) {
      const column = this.names[f.field];
      const known = this.fixes.find((x) => x.column === column && x.rule === f.rule);
      if (known) {
        known.count += f.count;
        continue;
      }
      const key = keyAt(f.firstRow);
      this.fixes.push({
        column,
        rule: f.rule,
        count: f.count,
        firstRow: before + f.firstRow + 1,
        ...(key ? { firstKey: key } : {}),
      });
    }
  }
}

/**
 * Key values of the rows recently sent to the server, so a COPY error's line number can name its row.
 * Only the keys are kept: holding the rows themselves would keep them alive long enough to be
 * promoted to V8's old generation, which then grows to several times the live heap.
 */
class RecentKeys {
  private batches: { firstLine: number; keys: Value[] }[] = [];
  constructor(private readonly l: Layout) {}
  /** Starts the keys of a batch whose first row is COPY line `firstLine`; `push` adds its rows. */
  start(firstLine: number): Value[] {
    const keys: Value[] = [];
    this.batches.push({ firstLine, keys });
    if (this.batches.length > 16) this.batches.shift();
    return keys;
  }
  push(keys: Value[], row: Row): void {
    for (const k of this.l.key) keys.push(row[k.position]);
  }
  /** The key of COPY line `line`, when still known. */
  find(line: number): Record<string, Value> | undefined {
    const width = this.l.key.length;
    if (width === 0) return undefined;
    const b = this.batches.find((x) => line >= x.firstLine && line < x.firstLine + x.keys.length / width);
    if (!b) return undefined;
    const at = (line - b.firstLine) * width;
    return Object.fromEntries(this.l.key.map((k, i) => [k.name, b.keys[at + i]]));
  }
}

export interface CopyOptions extends WriteOptions {
  /** `binary` is used when every column has a binary form, otherwise the table loads as text. */
  format?: 'text' | 'binary';
  /** Runs on the load's connection right after BEGIN, before any row is sent (e.g. to claim a task). */
  afterBegin?: (client: pg.PoolClient) => Promise<void>;
  /** Runs on the load's connection after the COPY, inside its transaction (e.g. to record a checkpoint). */
  beforeCommit?: (client: pg.PoolClient, result: WriteResult) => Promise<void>;
}

export interface CopyResult extends WriteResult {
  format: 'text' | 'binary';
}

export async function copyInto(
  client: pg.PoolClient,
  target: CopyTarget,
  batches: AsyncIterable<Batch>,
  options: CopyOptions,
  types: TypeMapOptions,
): Promise<CopyResult> {
  const l = layout(target, options, types);
  const format = options.format === 'binary' && hasBinaryForm(l.fields) ? 'binary' : 'text';
  const spec: EncoderSpec = { fields: l.fields, format, policy: options.onError ?? 'fail' };
  const encode = batchEncoder(spec);
  const fixes = new ColumnFixes(l.names);
  const recent = new RecentKeys(l);
  let input = 0;
  let lines = 0;
  let bytes = 0;
  let rejected = 0;

  /** An error of the batches' source or an abort: passed through unchanged. */
  let passThrough: unknown;
  async function* fromSource(): AsyncGenerator<Batch> {
    try {
      for await (const batch of batches) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('write aborted');
        yield batch;
      }
    } catch (err) {
      passThrough = err;
      throw err;
    }
  }

  /** A row the encoder left out: rejected by policy (handed to onReject), or the end of the load. */
  async function leftOut(row: Row, rowNumber: number, failure: RowFailure): Promise<void> {
    const column = l.names[failure.field];
    if (spec.policy === 'reject')
      return reject(row, rowNumber, column, failure.code ?? 'BAD_VALUE', failure.message);
    const key = keyOf(l, row);
    const where = `${target.label}.${column}`;
    const at = `${where}, row ${rowNumber}${formatKey(key)}: ${failure.message}`;
    if (failure.code === undefined) throw new FerryError(at, { code: 'TARGET_BAD_VALUE', where });
    throw new FerryError(at, {
      code: failure.code,
      where,
      hint:
        failure.fixable === false
          ? 'no fix repairs this value (the fix policy fails on it too); onError "reject" loads the other rows and keeps this one in the rejected rows'
          : 'set the table\'s onError policy to "fix" or "reject" to load the other rows',
    });
  }

  async function reject(
    row: Row,
    rowNumber: number,
    column: string,
    code: string,
    reason: string,
  ): Promise<void> {
    rejected++;
    const r: RejectedRow = { table: target.label, rowNumber, key: keyOf(l, row), column, code, reason, row };
    await options.onReject?.(r);
  }

  /**
   * Encodes a batch; hands its left-out rows to `leftOut` and the others to `kept` (for the error
   * messages or a retry). `beforeLeftOut` runs first when the batch leaves a row out.
   */
  async function encodeBatch(
    rows: Row[],
    kept: (row: Row, rowNumber: number) => void,
    beforeLeftOut?: () => Promise<void>,
  ): Promise<Buffer[]> {
    const { data, failures, fixes: fixed } = encode(rows);
    fixes.add(fixed, input, (i) => keyText(keyOf(l, rows[i])) || undefined);
    if (failures.length) await beforeLeftOut?.();
    let f = 0;
    for (let i = 0; i < rows.length; i++) {
      if (failures[f]?.index === i) await leftOut(rows[i], input + i + 1, failures[f++]);
      else kept(rows[i], input + i + 1);
    }
    input += rows.length;
    bytes += byteSize(data);
    return data;
  }

  /**
   * The COPY data, batch by batch (the binary header before the first, the trailer after the last),
   * each with what to call once the socket has written it.
   */
  async function* encoded(): AsyncGenerator<{ parts: Buffer[]; written?: () => void }> {
    if (format === 'binary') yield { parts: [binaryHeader] };
    for await (const { rows, binary } of fromSource()) {
      const keys = recent.start(lines + 1);
      if (binary) {
        // Fast path: already in COPY's binary tuple form (their keys are not known for messages).
        if (format !== 'binary') throw new Error(`binary rows for ${target.label}, which loads as text`);
        fixes.add(binary.fixes, input, (i) => binaryRowKey(l, binary, i));
        const length = binaryLength(binary);
        input += binary.rows;
        lines += binary.rows;
        bytes += length;
        yield { parts: Buffer.isBuffer(binary.data) ? [binary.data] : binary.data, written: binary.release };
        options.onProgress?.(binary.rows, length);
        await setImmediate();
        continue;
      }
      let kept = 0;
      const data = await encodeBatch(rows, (row) => (kept++, recent.push(keys, row)));
      lines += kept;
      yield { parts: data };
      options.onProgress?.(kept, byteSize(data));
      // Let the event loop run (socket writes) between batches: encoding runs in microtasks, and
      // without this turn the server would sit idle while several batches are encoded ahead.
      await setImmediate();
    }
    if (format === 'binary') yield { parts: [binaryTrailer] };
  }

  /** The batches in one COPY; a failure on this side (or an abort) ends it as failed (CopyFail). */
  async function copyAll(sql: string): Promise<void> {
    const copy = await startCopy(client, sql, options.signal);
    try {
      for await (const { parts, written } of encoded()) await copy.write(parts, written);
      await copy.end();
    } catch (err) {
      if (options.signal?.aborted && err === options.signal.reason) passThrough = err;
      await copy.fail(err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /**
   * Under `reject`: batches load together, up to optimisticRows rows or optimisticBytes, in one COPY
   * in a savepoint. Only when PostgreSQL refuses it are the rows it refuses isolated (isolateRefused)
   * and rejected too (a fast-path row with the values its binary tuple holds, see binaryRowValues).
   */
  async function copyBatchesIsolating(sql: string): Promise<void> {
    const refused = (row: Row, rowNumber: number, column: string | undefined, error: ServerError) =>
      reject(row, rowNumber, column ?? '', 'TARGET_REFUSED', refusedReason(error));
    const values: IsolatingCopy<NumberedRow> = {
      client,
      sql,
      format,
      encode: (rows) => encode(rows.map((r) => r.row)).data,
      refused: ({ row, rowNumber }, column, error) => refused(row, rowNumber, column, error),
    };
    const types = l.fields.map((f) => f.column.type);
    const tuples: IsolatingCopy<NumberedTuple> = {
      client,
      sql,
      format,
      encode: (rows) => [Buffer.concat(rows.map((r) => r.tuple))],
      refused: ({ tuple, rowNumber }, column, error) =>
        refused(binaryRowValues(tuple, 0, types), rowNumber, column, error),
    };
    /** The rows waiting for their COPY: value rows (`kept`), or fast-path tuples numbered on from `tuplesAfter`. */
    const nothingPending = () => ({
      data: [] as Buffer[],
      rows: 0,
      bytes: 0,
      kept: [] as NumberedRow[],
      tuplesAfter: undefined as number | undefined,
      /** The binary rows' releases, called once their COPY has ended. */
      releases: [] as (() => void)[],
    });
    let pending = nothingPending();
    async function load(): Promise<void> {
      const { data, rows, bytes: size, kept, tuplesAfter, releases } = pending;
      pending = nothingPending();
      if (data.length === 0) return;
      const loaded =
        tuplesAfter === undefined
          ? await copyIsolating(values, rows, () => kept, isolatedRows, data)
          : await copyIsolating(
              tuples,
              rows,
              () => numberedTuples(Buffer.concat(data), tuplesAfter),
              isolatedRows,
              data,
            );
      for (const release of releases) release();
      lines += loaded;
      options.onProgress?.(loaded, size);
    }
    for await (const { rows, binary } of fromSource()) {
      if (binary) {
        if (pending.kept.length) await load();
        pending.tuplesAfter ??= input;
        fixes.add(binary.fixes, input, (i) => binaryRowKey(l, binary, i));
        const size = binaryLength(binary);
        pending.data.push(...(Buffer.isBuffer(binary.data) ? [binary.data] : binary.data));
        if (binary.release) pending.releases.push(binary.release);
        pending.rows += binary.rows;
        pending.bytes += size;
        input += binary.rows;
        bytes += size;
      } else {
        if (pending.tuplesAfter !== undefined) await load();
        // Rows left out are rejected after the rows before them (the pending COPY) are.
        const data = await encodeBatch(rows, (row, rowNumber) => pending.kept.push({ row, rowNumber }), load);
        pending.data.push(...data);
        pending.rows = pending.kept.length;
        pending.bytes += byteSize(data);
      }
      if (pending.rows >= optimisticRows || pending.bytes >= optimisticBytes) await load();
    }
    await load();
  }

  const sql = `COPY ${target.sql} (${l.names.map(quoteIdent).join(', ')}) FROM STDIN${format === 'binary' ? ' (FORMAT binary)' : ''}`;
  await client.query('BEGIN');
  try {
    await options.afterBegin?.(client);
    if (spec.policy === 'reject') await copyBatchesIsolating(sql);
    else await copyAll(sql);
    await options.beforeCommit?.(client, { rows: lines, bytes, ...(rejected ? { rejected } : {}) });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof FerryError || (passThrough !== undefined && err === passThrough)) throw err;
    throw copyError(err, target, recent);
  }
  const result: CopyResult = { rows: lines, bytes, format };
  const byRule = fixesByRule(fixes.fixes);
  if (byRule) result.fixes = byRule;
  if (fixes.fixes.length) result.columnFixes = fixes.fixes;
  if (rejected) result.rejected = rejected;
  return result;
}

/** Under `reject`, rows load in COPYs of up to this many rows or bytes while PostgreSQL refuses none. */
const optimisticRows = 8192;
const optimisticBytes = 4 * 1024 * 1024;
/** Rows per COPY after one PostgreSQL refused, while the rows it refuses are isolated (about a batch). */
const isolatedRows = 256;

const byteSize = (parts: Buffer[]) => parts.reduce((n, p) => n + p.length, 0);

/** The tuples of binary rows, numbered on from `before` rows. */
function numberedTuples(data: Buffer, before: number): NumberedTuple[] {
  const tuples: NumberedTuple[] = [];
  for (let at = 0; at < data.length;) {
    const end = tupleEnd(data, at);
    tuples.push({ tuple: data.subarray(at, end), rowNumber: before + tuples.length + 1 });
    at = end;
  }
  return tuples;
}

/** The reason of a row PostgreSQL refused: its message, SQLSTATE and detail. */
const refusedReason = (e: ServerError) =>
  `PostgreSQL refused the row (SQLSTATE ${e.code}): ${e.message}${e.detail ? ` (${e.detail})` : ''}`;

/** A server-side COPY error with the table, the row (line of this COPY) and its key values. */
function copyError(err: unknown, target: CopyTarget, recent: RecentKeys): FerryError {
  const e = err as Partial<ServerError>;
  const { line, column } = copyErrorPlace({ message: '', ...e });
  let at = '';
  if (line) {
    const key = recent.find(line);
    at = `, row ${line} of this COPY${key ? formatKey(key) : ''}${column ? `, column ${column}` : ''}`;
  }
  const transient = e.code !== undefined && /^(08|57P|40P01|40001)/.test(e.code);
  const hint = isDataError(err)
    ? 'onError "reject" loads the other rows and keeps the ones PostgreSQL refuses in the rejected rows'
    : undefined;
  return new FerryError(
    redact(
      `COPY into ${target.label} failed${at}: ${e.message ?? String(err)}${e.detail ? ` (${e.detail})` : ''}`,
    ),
    {
      code: 'TARGET_COPY_FAILED',
      where: target.label,
      cause: err,
      transient,
      ...(hint ? { hint } : {}),
    },
  );
}
