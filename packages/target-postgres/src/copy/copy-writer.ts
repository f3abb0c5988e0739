// Loads batches into one table with a single `COPY ... FROM STDIN` (text, or binary) inside one
// transaction: each batch is encoded into one Buffer; pipeline() honours the socket's backpressure.
// A value problem follows the error policy; a COPY the server rejects is reported with its row and key.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Batch, RejectedRow, Row, Table, Value, WriteOptions, WriteResult } from '@ferry/core';
import { FerryError, redact } from '@ferry/core';
import { quoteIdent } from '../ddl/identifiers.js';
import { isGeneratedColumn } from '../ddl/create-table.js';
import { mapColumnType, type TypeMapOptions } from '../types.js';
import { BinaryBuffer, binaryFieldEncoder, binaryHeader, binaryTrailer, type BinaryFieldEncoder } from './binary-encoder.js';
import { fieldEncoder, type FieldEncoder } from './text-encoder.js';
import { problemHandler, ValueProblem, type ProblemHandler } from './value-problem.js';

export interface CopyTarget {
  /** Quoted `schema.name`. */
  sql: string;
  /** `schema.name` for messages. */
  label: string;
  table: Table;
}

interface Layout {
  /** Batch positions of the columns COPY writes (generated columns are left out). */
  positions: number[];
  names: string[];
  encoders: FieldEncoder[];
  /** Binary encoders, when every column has one. */
  binary?: BinaryFieldEncoder[];
  /** Batch positions and names of the key columns, for messages. */
  key: { position: number; name: string }[];
}

function layout(target: CopyTarget, columns: string[], types: TypeMapOptions): Layout {
  const byName = new Map(target.table.columns.map((c) => [c.name, c]));
  const positions: number[] = [];
  const names: string[] = [];
  const encoders: FieldEncoder[] = [];
  const binary: (BinaryFieldEncoder | undefined)[] = [];
  columns.forEach((name, i) => {
    const column = byName.get(name);
    if (!column) {
      throw new FerryError(`column ${name} is not a column of ${target.label}`, { code: 'TARGET_UNKNOWN_COLUMN', where: `${target.label}.${name}` });
    }
    if (isGeneratedColumn(column)) return;
    const mapping = mapColumnType(column, types);
    encoders.push(fieldEncoder(column, mapping, names.length));
    binary.push(binaryFieldEncoder(column, mapping, names.length));
    positions.push(i);
    names.push(name);
  });
  const keyColumns = target.table.primaryKey?.columns ?? target.table.uniques[0]?.columns ?? [];
  const key = keyColumns.map((name) => ({ name, position: columns.indexOf(name) })).filter((k) => k.position >= 0);
  const allBinary = binary.every((b) => b !== undefined) ? (binary as BinaryFieldEncoder[]) : undefined;
  return { positions, names, encoders, binary: allBinary, key };
}

/** Turns rows into COPY data of one format; a row that throws leaves nothing of itself behind. */
interface RowEncoder {
  format: 'text' | 'binary';
  header?: Buffer;
  trailer?: Buffer;
  add(row: Row): void;
  /** Position (in the COPY column list) of the column being encoded when add() threw. */
  column(): number;
  take(): Buffer;
}

function textRows(l: Layout, onProblem: ProblemHandler): RowEncoder {
  let text = '';
  let j = 0;
  return {
    format: 'text',
    add(row) {
      let line = '';
      for (j = 0; j < l.positions.length; j++) {
        const v = row[l.positions[j]];
        if (j) line += '\t';
        line += v === null || v === undefined ? '\\N' : l.encoders[j](v, onProblem);
      }
      text += line + '\n';
    },
    column: () => j,
    take() {
      const buf = Buffer.from(text, 'utf8');
      text = '';
      return buf;
    },
  };
}

function binaryRows(l: Layout, encoders: BinaryFieldEncoder[], onProblem: ProblemHandler): RowEncoder {
  const out = new BinaryBuffer();
  let j = 0;
  return {
    format: 'binary',
    header: binaryHeader,
    trailer: binaryTrailer,
    add(row) {
      const start = out.length;
      try {
        out.int16(l.positions.length);
        for (j = 0; j < l.positions.length; j++) {
          const v = row[l.positions[j]];
          if (v === null || v === undefined) out.int32(-1);
          else encoders[j](out, v, onProblem);
        }
      } catch (err) {
        out.length = start;
        throw err;
      }
    },
    column: () => j,
    take: () => out.take(),
  };
}

function keyOf(l: Layout, row: Row): Record<string, Value> {
  return Object.fromEntries(l.key.map((k) => [k.name, row[k.position]]));
}

function formatKey(key: Record<string, Value>): string {
  const parts = Object.entries(key).map(([k, v]) => `${k}=${Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : String(v)}`);
  return parts.length ? ` (key ${parts.join(', ')})` : '';
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
  const l = layout(target, options.columns, types);
  const fixes = new Map<string, number>();
  const onProblem = problemHandler(options.onError ?? 'fail', fixes);
  const recent = new RecentKeys(l);
  let input = 0;
  let lines = 0;
  let bytes = 0;
  let rejected = 0;

  const format = options.format === 'binary' && l.binary ? 'binary' : 'text';
  const rowEncoder = format === 'binary' && l.binary ? binaryRows(l, l.binary, onProblem) : textRows(l, onProblem);

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

  async function* encoded(): AsyncGenerator<Buffer> {
    if (rowEncoder.header) yield rowEncoder.header;
    for await (const batch of fromSource()) {
      const keys = recent.start(lines + 1);
      let written = 0;
      for (const row of batch.rows) {
        input++;
        try {
          rowEncoder.add(row);
        } catch (err) {
          const column = l.names[err instanceof ValueProblem ? err.columnIndex : rowEncoder.column()];
          const key = keyOf(l, row);
          if (!(err instanceof ValueProblem)) {
            throw new FerryError(`${target.label}.${column}, row ${input}${formatKey(key)}: ${(err as Error).message}`, {
              code: 'TARGET_BAD_VALUE',
              where: `${target.label}.${column}`,
              cause: err,
            });
          }
          if (options.onError === 'reject') {
            rejected++;
            const r: RejectedRow = { table: target.label, rowNumber: input, key, column, code: err.code, reason: err.reason, row };
            await options.onReject?.(r);
            continue;
          }
          throw new FerryError(`${target.label}.${column}, row ${input}${formatKey(key)}: ${err.reason}`, {
            code: err.code,
            where: `${target.label}.${column}`,
            hint: 'set the table\'s onError policy to "fix" or "reject" to load the other rows',
          });
        }
        recent.push(keys, row);
        written++;
      }
      lines += written;
      const buf = rowEncoder.take();
      bytes += buf.length;
      yield buf;
      options.onProgress?.(written, buf.length);
      // Let the event loop run (socket writes) between batches: encoding runs in microtasks, and
      // without this turn the server would sit idle while several batches are encoded ahead.
      await setImmediate();
    }
    if (rowEncoder.trailer) yield rowEncoder.trailer;
  }

  const sql = `COPY ${target.sql} (${l.names.map(quoteIdent).join(', ')}) FROM STDIN${format === 'binary' ? ' (FORMAT binary)' : ''}`;
  await client.query('BEGIN');
  try {
    // One encoded batch waits at most (Readable.from's default would read 16 ahead, outside the queue bounds).
    await pipeline(Readable.from(encoded(), { highWaterMark: 1 }), client.query(copyFrom(sql)));
    await options.beforeCommit?.(client, { rows: lines, bytes, ...(rejected ? { rejected } : {}) });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof FerryError || (passThrough !== undefined && err === passThrough)) throw err;
    throw copyError(err, target, recent);
  }
  const result: CopyResult = { rows: lines, bytes, format };
  if (fixes.size) result.fixes = Object.fromEntries(fixes);
  if (rejected) result.rejected = rejected;
  return result;
}

/** A server-side COPY error with the table, the row (line of this COPY) and its key values. */
function copyError(err: unknown, target: CopyTarget, recent: RecentKeys): FerryError {
  const e = err as { message?: string; where?: string; code?: string; detail?: string };
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  const column = /, column (.+?)(?:: "|$)/m.exec(e.where ?? '')?.[1];
  let at = '';
  if (line) {
    const key = recent.find(Number(line));
    at = `, row ${line} of this COPY${key ? formatKey(key) : ''}${column ? `, column ${column}` : ''}`;
  }
  const transient = e.code !== undefined && /^(08|57P|40P01|40001)/.test(e.code);
  return new FerryError(redact(`COPY into ${target.label} failed${at}: ${e.message ?? String(err)}${e.detail ? ` (${e.detail})` : ''}`), {
    code: 'TARGET_COPY_FAILED',
    where: target.label,
    cause: err,
    transient,
  });
}
