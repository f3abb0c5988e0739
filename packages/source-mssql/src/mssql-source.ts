// The SQL Server / Azure SQL source endpoint: `mssql({...})` in a migration config.

import {
  defineSourcePlugin,
  FerryError,
  isLobType,
  type Batch,
  type Column,
  type IntrospectOptions,
  type IntrospectionResult,
  type KeyRange,
  type ReadOptions,
  type RowSelection,
  type SourceEndpoint,
  type Table,
} from '@ferry/core';
import type { ConnectionPool } from 'mssql';
import { openPool, queryRows } from './connection.js';
import { queryError } from './errors.js';
import { catalogQuery, readCatalog } from './introspect/introspect.js';
import type { DatabaseRow } from './introspect/catalog-rows.js';
import { mssqlConfigSchema, resolveMssqlSettings, type MssqlSettings } from './mssql-config.js';
import { filterPredicate } from './read/filter-predicate.js';
import { rangePredicate } from './read/key-predicate.js';
import { QueryParameters, type SourceQuery } from './read/query-parameters.js';
import { computeRanges } from './read/ranges.js';
import { quoteName, quoteTable, selectList } from './read/select-list.js';
import { binaryReadProblem, readBinaryRows } from './read/raw/binary-read.js';
import { streamBatches, type StreamStats } from './read/stream-batches.js';
import { decoderFor } from './read/values.js';
import { CdcCapture } from './changes/cdc-capture.js';
import { digestDecoder, digestedOnServer, digestExpression, type DigestSupport } from './read/lob-digests.js';

const snapshotOn = 'SET TRANSACTION ISOLATION LEVEL SNAPSHOT;\n';
const snapshotOff = ';\nSET TRANSACTION ISOLATION LEVEL READ COMMITTED;';

export class MssqlSource implements SourceEndpoint {
  readonly name = 'mssql';
  private pool?: Promise<ConnectionPool>;
  private snapshotChecked?: Promise<void>;
  private digests?: Promise<DigestSupport>;
  /** `read` honours `lobDigests`: LOB values are hashed on the server (see read/lob-digests.ts). */
  readonly readsLobDigests = true;
  /** Reader statistics of the last read (rows held at most), for tests of backpressure. */
  readonly stats: StreamStats = { maxBufferedRows: 0 };
  /** Change capture over SQL Server's CDC (see changes/cdc-capture.ts). */
  readonly changes = new CdcCapture(() => this.connect());

  constructor(readonly settings: MssqlSettings) {}

  /** The connected pool (connects on first use). */
  connect(): Promise<ConnectionPool> {
    this.pool ??= openPool(this.settings).catch((e: unknown) => {
      this.pool = undefined;
      throw e;
    });
    return this.pool;
  }

  async introspect(options?: IntrospectOptions): Promise<IntrospectionResult> {
    const { model, actionItems } = await readCatalog(await this.connect(), options);
    return { model, actionItems };
  }

  async ranges(table: Table, count: number): Promise<KeyRange[]> {
    return computeRanges(await this.connect(), table, count);
  }

  /**
   * The SELECT a read sends (exposed for `ferry plan` and tests). With `digests`, LOB columns the
   * server can hash are selected as their digests (see read/lob-digests.ts).
   */
  readQuery(
    table: Table,
    options: Pick<ReadOptions, 'columns' | 'range' | 'where' | 'filters' | 'binaryRows'>,
    digests?: DigestSupport,
  ): SourceQuery {
    const columns = options.columns.map((name) => {
      const c = table.columns.find((col) => col.name === name);
      if (!c)
        throw new FerryError(`Column ${name} is not a column of ${table.schema}.${table.name}`, {
          where: `${table.schema}.${table.name}.${name}`,
        });
      return c;
    });
    const params = new QueryParameters();
    const where = whereClause(table, options.range, options, params);
    const digested = (c: Column) => digests !== undefined && digestedOnServer(c, digests);
    // The fast path reads every column as stored: it decodes the wire bytes itself.
    const list = options.binaryRows
      ? columns.map((c) => quoteName(c.name)).join(', ')
      : selectList(columns, (c) => (digested(c) ? digestExpression(c) : undefined));
    return { text: `SELECT ${list} FROM ${quoteTable(table)}${where}`, parameters: params.list };
  }

  binaryReadProblem(table: Table, columns: readonly string[]): string | undefined {
    for (const name of columns) {
      const column = table.columns.find((c) => c.name === name);
      const problem = column ? binaryReadProblem(column) : `${name} is not a column of ${table.name}`;
      if (problem) return problem;
    }
    return undefined;
  }

  async *read(table: Table, options: ReadOptions): AsyncIterable<Batch> {
    if (options.binaryRows && !options.lobDigests) return yield* this.readBinary(table, options);
    const digests = options.lobDigests ? await this.digestSupport() : undefined;
    const query = this.readQuery(table, options, digests);
    const decoders = options.columns.map((name) => {
      const column = table.columns.find((c) => c.name === name)!;
      const decode = decoderFor(column);
      return digests && isLobType(column.type) ? digestDecoder(column, digests, decode) : decode;
    });
    const pool = await this.connect();
    await this.checkSnapshot();
    const object = `${table.schema}.${table.name}${rangeLabel(options.range)}`;
    this.stats.maxBufferedRows = 0;
    yield* streamBatches(
      pool,
      { ...query, text: this.withIsolation(query.text) },
      decoders,
      options,
      (e) => queryError(e, object),
      this.stats,
    );
  }

  /** The fast path: the rows as binary rows, decoded from the response's bytes (see read/raw). */
  private async *readBinary(table: Table, options: ReadOptions): AsyncGenerator<Batch> {
    const query = this.readQuery(table, options);
    const pool = await this.connect();
    await this.checkSnapshot();
    try {
      yield* readBinaryRows(
        pool,
        { ...query, text: this.withIsolation(query.text) },
        options.columns.length,
        options,
      );
    } catch (e) {
      if (options.signal?.aborted && e === options.signal.reason) throw e;
      throw queryError(e, `${table.schema}.${table.name}${rangeLabel(options.range)}`);
    }
  }

  /** What this server can hash for `lobDigests` (UTF-8 collations: SQL Server 2019+, Azure SQL). */
  private digestSupport(): Promise<DigestSupport> {
    this.digests ??= (async () => {
      const [row] = await queryRows<{ major: number | null; edition: number | null }>(
        await this.connect(),
        `SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS int) AS major, CAST(SERVERPROPERTY('EngineEdition') AS int) AS edition`,
        'server version',
      );
      const azure = row?.edition === 5 || row?.edition === 8;
      return { utf8Collations: azure || (row?.major ?? 0) >= 15 };
    })();
    return this.digests;
  }

  async count(table: Table, range?: KeyRange, rows: RowSelection = {}): Promise<number> {
    const pool = await this.connect();
    await this.checkSnapshot();
    const params = new QueryParameters();
    const query = `SELECT COUNT_BIG(*) AS n FROM ${quoteTable(table)}${whereClause(table, range, rows, params)}`;
    const [row] = await queryRows<{ n: string | number }>(
      pool,
      this.withIsolation(query),
      `${table.schema}.${table.name}`,
      params.list,
    );
    return Number(row?.n ?? 0);
  }

  /** Connects the pool (its first connection logs in) while the run is planned. */
  async warmUp(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool.catch(() => undefined))?.close();
  }

  private withIsolation(query: string): string {
    return this.settings.snapshot ? `${snapshotOn}${query}${snapshotOff}` : query;
  }

  /** With `snapshot: true`, checks once that the database allows SNAPSHOT isolation. */
  private checkSnapshot(): Promise<void> {
    if (!this.settings.snapshot) return Promise.resolve();
    this.snapshotChecked ??= (async () => {
      const [db] = await queryRows<DatabaseRow>(
        await this.connect(),
        catalogQuery('database.sql'),
        'catalog query database.sql',
      );
      if (db?.snapshot_isolation_state !== 1)
        throw new FerryError(
          `Consistent-snapshot reads need SNAPSHOT isolation, which database ${db?.database_name ?? this.settings.database ?? '?'} does not allow (snapshot_isolation_state ${db?.snapshot_isolation_state ?? '?'})`,
          {
            code: 'SOURCE_SNAPSHOT_NOT_ALLOWED',
            where: 'source.snapshot',
            hint: `Run ALTER DATABASE [${db?.database_name ?? 'db'}] SET ALLOW_SNAPSHOT_ISOLATION ON, or set snapshot: false.`,
          },
        );
    })();
    return this.snapshotChecked;
  }
}

const rangeLabel = (range: KeyRange | undefined) =>
  range && (range.lower || range.upper) ? ` range ${range.index}` : '';

/** ` WHERE ...` selecting a key range and a row selection (the `where` text, the filters), or nothing. */
function whereClause(
  table: Table,
  range: KeyRange | undefined,
  rows: RowSelection,
  params: QueryParameters,
): string {
  const parts = [
    range ? rangePredicate(table, range, params) : undefined,
    rows.where ? `(${rows.where})` : undefined,
    filterPredicate(table, rows.filters, params),
  ].filter((p) => p !== undefined);
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

/** `mssql({ connectionString })` or `mssql({ host, database, user, password, ... })`. */
export const mssql = defineSourcePlugin({
  name: 'mssql',
  configSchema: mssqlConfigSchema,
  create: (config, ctx) => {
    const settings = resolveMssqlSettings(config);
    // A connection for each job run at once (a read's cancel goes over its own connection).
    const max = Math.max(settings.pool.max, ctx.jobs ?? 1);
    return new MssqlSource({ ...settings, pool: { ...settings.pool, max } });
  },
});
