// Validation's server-side checksum: PostgreSQL computes each row's digest (core's row-digest.ts)
// from the rows as stored, with the send function of each column's type, and sums them per key range
// (or per bucket of the key's digest), so that no row is read back unless a range differs.

import type pg from 'pg';
import {
  digestField,
  digestSum,
  digestValue,
  digestOfBytes,
  keySeed,
  type DigestBuckets,
  type DigestField,
  type KeyRange,
  type LogicalKind,
  type Table,
  type TableDigester,
} from '@ferry/core';
import { quoteIdent } from '../ddl/identifiers.js';
import type { TypeMapOptions } from '../types.js';
import { rangeFilter } from './range-filter.js';

/** The PostgreSQL type (pg_type.typname) whose binary form is a logical type's binary row form. */
const storedAs: Partial<Record<LogicalKind, readonly string[]>> = {
  bool: ['bool'],
  int8: ['int2'],
  int16: ['int2'],
  int32: ['int4'],
  int64: ['int8'],
  float32: ['float4'],
  float64: ['float8'],
  decimal: ['numeric'],
  date: ['date'],
  time: ['time'],
  timestamp: ['timestamp'],
  timestamptz: ['timestamptz'],
  uuid: ['uuid'],
  text: ['text', 'varchar', 'bpchar'],
  binary: ['bytea'],
  rowversion: ['bytea'],
};

/** Send functions of the fixed-length types. */
const sendFunction: Record<string, string> = {
  bool: 'boolsend',
  int2: 'int2send',
  int4: 'int4send',
  int8: 'int8send',
  float4: 'float4send',
  float8: 'float8send',
  date: 'date_send',
  time: 'time_send',
  timestamp: 'timestamp_send',
  timestamptz: 'timestamptz_send',
  uuid: 'uuid_send',
};

const bytes = (hex: string) => `E'\\\\x${hex}'::bytea`;

/** The SQL of a column's digest form (see DigestField). */
function fieldSql(field: DigestField, c: string, typname: string): string {
  switch (field) {
    case 'fixed':
      return `coalesce(${bytes('01')} || ${sendFunction[typname]}(${c}), ${bytes('00')})`;
    case 'text':
      return `coalesce(textsend(${c}) || ${bytes('00')}, ${bytes('ff')})`;
    case 'paddedText':
      return `coalesce(textsend(rtrim(${c}::text, ' ')) || ${bytes('00')}, ${bytes('ff')})`;
    case 'numeric':
      return `coalesce(numeric_send(${c}), ${bytes('ff')})`;
    case 'bytes':
      return `coalesce(int4send(octet_length(${c})) || ${c}, ${bytes('ffffffff')})`;
  }
}

const digestSql = (form: string, seed: number) =>
  `hashtextextended(encode(${form}, 'base64') COLLATE "C", ${seed})`;

/**
 * Bytes whose digest Ferry and the server must agree on before any table is digested: lengths that
 * end inside a lookup3 block and a base64 line break (a big-endian server hashes otherwise).
 */
const probe = Buffer.from(Array.from({ length: 131 }, (_, i) => (i * 37 + 11) & 255));

export interface DigesterContext {
  connect(): Promise<pg.PoolClient>;
  /** The table as the target names it in SQL, and for messages. */
  sql: string;
  label: string;
  types: TypeMapOptions;
}

/**
 * The digester of `columns` of `table`, or a reason why the server cannot digest them (a column of a
 * type binary rows do not hold, or stored as another type than the load's; a server that hashes
 * otherwise than Ferry).
 */
export async function tableDigester(
  ctx: DigesterContext,
  table: Table,
  columns: readonly string[],
): Promise<TableDigester | string> {
  const client = await ctx.connect();
  try {
    const typeNames = await storedTypes(client, ctx.sql);
    const forms = new Map<string, string>();
    for (const name of columns) {
      const column = table.columns.find((c) => c.name === name);
      const field = column && digestField(column.type);
      const typname = typeNames.get(name);
      if (!column || !field || !typname || !storedAs[column.type.kind]?.includes(typname))
        return `column ${name} is stored as ${typname ?? 'nothing'}, not as its ${column?.type.kind ?? 'unknown'} values' binary form`;
      forms.set(name, fieldSql(field, quoteIdent(name), typname));
    }
    const probed = await hashesAlike(client).then(
      (alike) => (alike ? undefined : 'the server hashes text otherwise than Ferry (a big-endian server)'),
      (err: Error) => `the server cannot run the digest's functions (${err.message})`,
    );
    if (probed) return probed;
    return new Digester(ctx, table, columns, forms);
  } finally {
    client.release();
  }
}

async function storedTypes(client: pg.PoolClient, sql: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, t.typname AS type
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [sql],
  );
  return new Map(rows.map((r) => [r.name, r.type]));
}

async function hashesAlike(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ h: string }>(`SELECT ${digestSql('$1::bytea', keySeed)}::text AS h`, [
    probe,
  ]);
  const hash = new Uint32Array(2);
  digestOfBytes(probe, keySeed, hash);
  return digestSum(rows[0].h) === digestValue(hash);
}

class Digester implements TableDigester {
  /** A row's digest. */
  private readonly row: string;
  /** The digest form of the last key asked for (a table's key is the same every time), and its bucket. */
  private key?: { names: string; form: string; digest: string };

  constructor(
    private readonly ctx: DigesterContext,
    private readonly table: Table,
    columns: readonly string[],
    private readonly forms: ReadonlyMap<string, string>,
  ) {
    this.row = digestSql(this.form(columns), 0);
  }

  async sums(range: KeyRange | undefined, buckets?: DigestBuckets, signal?: AbortSignal) {
    const { row } = this;
    const where = this.where(range);
    if (!buckets) {
      const { rows } = await this.query<{ n: string; s: string }>(
        `SELECT count(*) AS n, coalesce(sum(${row}), 0)::text AS s FROM ${this.ctx.sql}${where}`,
        [],
        signal,
      );
      return [{ count: Number(rows[0].n), sum: digestSum(rows[0].s) }];
    }
    const { rows } = await this.query<{ b: string; n: string; s: string }>(
      `SELECT ${this.bucket(buckets)} AS b, count(*) AS n, sum(${row})::text AS s
         FROM ${this.ctx.sql}${where} GROUP BY 1`,
      [],
      signal,
    );
    return rows.map((r) => ({ bucket: Number(r.b), count: Number(r.n), sum: digestSum(r.s) }));
  }

  async rows(
    range: KeyRange | undefined,
    buckets: DigestBuckets & { only: readonly number[] },
    signal?: AbortSignal,
  ) {
    const where = this.where(range);
    const { rows } = await this.query<{ k: Buffer; d: string }>(
      `SELECT ${this.keySql(buckets.key).form} AS k, ${this.row}::text AS d
         FROM ${this.ctx.sql}${where ? `${where} AND` : ' WHERE'} ${this.bucket(buckets)} = ANY($1::int8[])`,
      [buckets.only],
      signal,
    );
    return rows.map((r) => ({ key: r.k, digest: digestSum(r.d) }));
  }

  private form(columns: readonly string[]): string {
    return columns.map((c) => this.forms.get(c)!).join(' || ');
  }

  private keySql(key: readonly string[]): { form: string; digest: string } {
    const names = key.join('\u0000');
    if (this.key?.names !== names) {
      const form = this.form(key);
      this.key = { names, form, digest: digestSql(form, keySeed) };
    }
    return this.key;
  }

  private bucket(buckets: DigestBuckets): string {
    return `(${this.keySql(buckets.key).digest} & ${buckets.count - 1})`;
  }

  private where(range: KeyRange | undefined): string {
    return rangeFilter(this.table, this.ctx.label, range, this.ctx.types);
  }

  /** Runs one query; `signal` cancels it on the server (pg_cancel_backend from another session). */
  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[], signal?: AbortSignal) {
    signal?.throwIfAborted();
    const client = await this.ctx.connect();
    const pid = (client as unknown as { processID: number }).processID;
    const cancel = () => void this.cancel(pid);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await client.query<R>(sql, values);
    } finally {
      signal?.removeEventListener('abort', cancel);
      client.release();
    }
  }

  private async cancel(pid: number): Promise<void> {
    const client = await this.ctx.connect().catch(() => undefined);
    try {
      await client?.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The query ends anyway when its session does.
    } finally {
      client?.release();
    }
  }
}
