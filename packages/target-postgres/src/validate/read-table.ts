// Validation reads on the target: row counts and rows in canonical values per key range, streamed
// with `COPY (SELECT ...) TO STDOUT` (bounded memory, no per-value type conversion by pg).

import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Batch, Column, KeyRange, ReadOptions, Table } from '@ferry/core';
import { BatchBuilder, FerryError, isLobType, NotSupportedError, tupleEnd } from '@ferry/core';
import { quoteIdent } from '../ddl/identifiers.js';
import type { TypeMapOptions } from '../types.js';
import { valueDecoder } from './canonical-values.js';
import { CopyTextDecoder } from './copy-text-decoder.js';
import { rangeFilter } from './range-filter.js';

export async function countRows(
  client: pg.PoolClient,
  sql: string,
  label: string,
  table: Table,
  range: KeyRange | undefined,
  types: TypeMapOptions,
): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${sql}${rangeFilter(table, label, range, types)}`,
  );
  return Number(rows[0].n);
}

export async function* readRows(
  client: pg.PoolClient,
  sql: string,
  label: string,
  table: Table,
  options: ReadOptions,
  types: TypeMapOptions,
): AsyncGenerator<Batch> {
  if (options.where) throw new NotSupportedError('a where filter on target reads', { where: label });
  const columns = options.columns.map((name) => {
    const c = table.columns.find((x) => x.name === name);
    if (!c)
      throw new FerryError(`column ${name} is not a column of ${label}`, {
        code: 'TARGET_UNKNOWN_COLUMN',
        where: `${label}.${name}`,
      });
    return c;
  });
  if (options.binaryRows) {
    const select = `SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${sql}${rangeFilter(table, label, options.range, types)}`;
    return yield* readBinaryTuples(client, select, options);
  }
  const digested = (c: Column) => options.lobDigests === true && isLobType(c.type);
  const decoders = columns.map((c) => (digested(c) ? (s: string) => s : valueDecoder(c, types)));
  const list = columns.map((c) => (digested(c) ? lobDigestExpression(c) : quoteIdent(c.name)));
  const select = `SELECT ${list.join(', ')} FROM ${sql}${rangeFilter(table, label, options.range, types)}`;
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
  const decoder = new CopyTextDecoder();
  const builder = new BatchBuilder(options);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (options.signal?.aborted) {
      stream.destroy();
      throw options.signal.reason ?? new Error('read aborted');
    }
    for (const fields of decoder.push(chunk)) {
      const full = builder.add(fields.map((f, i) => (f === null ? null : decoders[i](f))));
      if (full) yield full;
    }
  }
  decoder.end();
  const last = builder.flush();
  if (last) yield last;
}

/**
 * The rows of `select` as binary rows (COPY's binary tuples, the fast path's form, which validation
 * checksums without a value per field): batches of whole tuples, cut where the chunks end.
 */
async function* readBinaryTuples(
  client: pg.PoolClient,
  select: string,
  options: ReadOptions,
): AsyncGenerator<Batch> {
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`));
  let carry: Buffer = Buffer.alloc(0);
  let header = true;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (options.signal?.aborted) {
      stream.destroy();
      throw options.signal.reason ?? new Error('read aborted');
    }
    let data: Buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (header) {
      // Signature (11 bytes), flags (int32), header extension length (int32) and extension.
      if (data.length < 19 || data.length < 19 + data.readUInt32BE(15)) {
        carry = data;
        continue;
      }
      data = data.subarray(19 + data.readUInt32BE(15));
      header = false;
    }
    let at = 0;
    let rows = 0;
    for (let end = tupleEnd(data, at); end > 0 && data.readInt16BE(at) !== -1; end = tupleEnd(data, at)) {
      at = end;
      rows++;
    }
    if (rows) yield { rows: [], bytes: at, binary: { data: Buffer.from(data.subarray(0, at)), rows } };
    carry = Buffer.from(data.subarray(at));
  }
  // What is left is COPY's trailer (a field count of -1).
  if (carry.length !== 2 || carry.readInt16BE(0) !== -1)
    throw new Error('COPY binary output ended inside a tuple');
}

/**
 * core's `lobDigest` of a LOB column, computed by PostgreSQL: SHA-256 of the text's UTF-8 bytes or
 * of the bytes, in hex (only the digest crosses the wire).
 */
function lobDigestExpression(column: Column): string {
  const c = quoteIdent(column.name);
  const bytes = column.type.kind === 'binary' ? `${c}::bytea` : `convert_to(${c}::text, 'UTF8')`;
  return `encode(sha256(${bytes}), 'hex')`;
}
