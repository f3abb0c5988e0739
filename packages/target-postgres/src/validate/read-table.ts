// Validation reads on the target: row counts and rows in canonical values per key range, streamed
// with `COPY (SELECT ...) TO STDOUT` (bounded memory, no per-value type conversion by pg).

import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Batch, Column, KeyRange, ReadOptions, Table } from '@ferry/core';
import { BatchBuilder, FerryError, isLobType, NotSupportedError } from '@ferry/core';
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
 * core's `lobDigest` of a LOB column, computed by PostgreSQL: SHA-256 of the text's UTF-8 bytes or
 * of the bytes, in hex (only the digest crosses the wire).
 */
function lobDigestExpression(column: Column): string {
  const c = quoteIdent(column.name);
  const bytes = column.type.kind === 'binary' ? `${c}::bytea` : `convert_to(${c}::text, 'UTF8')`;
  return `encode(sha256(${bytes}), 'hex')`;
}
