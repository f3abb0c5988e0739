// Loads batches into one table with a single `COPY ... FROM STDIN` (text format) inside one
// transaction: each batch is encoded into one Buffer; pipeline() honours the socket's backpressure.
// A value problem follows the error policy; a COPY the server rejects is reported with its row and key.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Batch, RejectedRow, Row, Table, Value, WriteOptions, WriteResult } from '@ferry/core';
import { FerryError, redact } from '@ferry/core';
import { quoteIdent } from '../ddl/identifiers.js';
import { isGeneratedColumn } from '../ddl/create-table.js';
import { mapColumnType, type TypeMapOptions } from '../types.js';
import { fieldEncoder, type FieldEncoder } from './text-encoder.js';
import { problemHandler, ValueProblem } from './value-problem.js';

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
  /** Batch positions and names of the key columns, for messages. */
  key: { position: number; name: string }[];
}

function layout(target: CopyTarget, columns: string[], types: TypeMapOptions): Layout {
  const byName = new Map(target.table.columns.map((c) => [c.name, c]));
  const positions: number[] = [];
  const names: string[] = [];
  const encoders: FieldEncoder[] = [];
  columns.forEach((name, i) => {
    const column = byName.get(name);
    if (!column) {
      throw new FerryError(`column ${name} is not a column of ${target.label}`, { code: 'TARGET_UNKNOWN_COLUMN', where: `${target.label}.${name}` });
    }
    if (isGeneratedColumn(column)) return;
    encoders.push(fieldEncoder(column, mapColumnType(column, types), names.length));
    positions.push(i);
    names.push(name);
  });
  const keyColumns = target.table.primaryKey?.columns ?? target.table.uniques[0]?.columns ?? [];
  const key = keyColumns.map((name) => ({ name, position: columns.indexOf(name) })).filter((k) => k.position >= 0);
  return { positions, names, encoders, key };
}

function keyOf(l: Layout, row: Row): Record<string, Value> {
  return Object.fromEntries(l.key.map((k) => [k.name, row[k.position]]));
}

function formatKey(key: Record<string, Value>): string {
  const parts = Object.entries(key).map(([k, v]) => `${k}=${Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : String(v)}`);
  return parts.length ? ` (key ${parts.join(', ')})` : '';
}

/** Rows recently sent to the server, so a COPY error's line number can be mapped back to a row. */
class RecentRows {
  private batches: { firstLine: number; rows: Row[] }[] = [];
  add(firstLine: number, rows: Row[]): void {
    this.batches.push({ firstLine, rows });
    if (this.batches.length > 16) this.batches.shift();
  }
  find(line: number): Row | undefined {
    const b = this.batches.find((x) => line >= x.firstLine && line < x.firstLine + x.rows.length);
    return b?.rows[line - b.firstLine];
  }
}

export async function copyInto(
  client: pg.PoolClient,
  target: CopyTarget,
  batches: AsyncIterable<Batch>,
  options: WriteOptions,
  types: TypeMapOptions,
): Promise<WriteResult> {
  const l = layout(target, options.columns, types);
  const fixes = new Map<string, number>();
  const onProblem = problemHandler(options.onError ?? 'fail', fixes);
  const recent = new RecentRows();
  let input = 0;
  let lines = 0;
  let bytes = 0;
  let rejected = 0;

  async function* encoded(): AsyncGenerator<Buffer> {
    for await (const batch of batches) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('write aborted');
      const parts: string[] = [];
      const written: Row[] = [];
      const firstLine = lines + 1;
      for (const row of batch.rows) {
        input++;
        let line: string;
        try {
          line = encodeRow(row);
        } catch (err) {
          if (!(err instanceof ValueProblem)) throw err;
          const column = l.names[err.columnIndex];
          const key = keyOf(l, row);
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
        parts.push(line);
        written.push(row);
      }
      lines += written.length;
      recent.add(firstLine, written);
      const buf = Buffer.from(parts.join(''), 'utf8');
      bytes += buf.length;
      yield buf;
      options.onProgress?.(written.length, buf.length);
    }
  }

  function encodeRow(row: Row): string {
    let line = '';
    for (let j = 0; j < l.positions.length; j++) {
      const v = row[l.positions[j]];
      if (j) line += '\t';
      line += v === null || v === undefined ? '\\N' : l.encoders[j](v, onProblem);
    }
    return line + '\n';
  }

  const sql = `COPY ${target.sql} (${l.names.map(quoteIdent).join(', ')}) FROM STDIN`;
  await client.query('BEGIN');
  try {
    await pipeline(Readable.from(encoded()), client.query(copyFrom(sql)));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof FerryError) throw err;
    throw copyError(err, target, l, recent);
  }
  const result: WriteResult = { rows: lines, bytes };
  if (fixes.size) result.fixes = Object.fromEntries(fixes);
  if (rejected) result.rejected = rejected;
  return result;
}

/** A server-side COPY error with the table, the row (line of this COPY) and its key values. */
function copyError(err: unknown, target: CopyTarget, l: Layout, recent: RecentRows): FerryError {
  const e = err as { message?: string; where?: string; code?: string; detail?: string };
  const line = /line (\d+)/.exec(e.where ?? '')?.[1];
  const column = /column (\S+?):/.exec(e.where ?? '')?.[1];
  let at = '';
  if (line) {
    const row = recent.find(Number(line));
    at = `, row ${line} of this COPY${row ? formatKey(keyOf(l, row)) : ''}${column ? `, column ${column}` : ''}`;
  }
  const transient = e.code !== undefined && /^(08|57P|40P01|40001)/.test(e.code);
  return new FerryError(redact(`COPY into ${target.label} failed${at}: ${e.message ?? String(err)}${e.detail ? ` (${e.detail})` : ''}`), {
    code: 'TARGET_COPY_FAILED',
    where: target.label,
    cause: err,
    transient,
  });
}
