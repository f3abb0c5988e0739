// Test helpers: small model builders, a target on a fresh database of the run's embedded PostgreSQL.

import pg from 'pg';
import type {
  Batch,
  Column,
  LogicalType,
  PrepMode,
  Routine,
  Row,
  SchemaModel,
  Table,
  TargetPlan,
} from '@ferry/core';
import { parseBatch, type Statement } from '@ferry/tsql';
import { emptyModel, estimateRowBytes } from '@ferry/core';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { postgres, postgresConfigSchema, type PostgresTarget, type PostgresOptions } from '../src/index.js';

export function col(name: string, type: LogicalType, extra: Partial<Column> = {}): Column {
  return { name, type, nativeType: type.kind, nullable: true, ...extra };
}

export function table(schema: string, name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { schema, name, columns, uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra };
}

/** A T-SQL routine of the model, parsed as the source's introspection parses it. */
export function routine(schema: string, name: string, kind: Routine['kind'], sql: string): Routine {
  return { schema, name, kind, definition: sql, dialect: 'tsql', tree: parseBatch(sql)[0] as Statement };
}

export function model(tables: Table[], extra: Partial<SchemaModel> = {}): SchemaModel {
  return { ...emptyModel(), schemas: [...new Set(tables.map((t) => t.schema))], tables, ...extra };
}

export async function* batchesOf(rows: Row[], size = 1000): AsyncGenerator<Batch> {
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    yield { rows: chunk, bytes: chunk.reduce((n, r) => n + estimateRowBytes(r), 0) };
  }
}

export async function collect(batches: AsyncIterable<Batch>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const b of batches) rows.push(...b.rows);
  return rows;
}

export interface TestTarget {
  target: PostgresTarget;
  db: TestDatabase;
  logs: string[];
  /** Runs SQL as the superuser on the test database. */
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Plans the model and applies every step in order. */
  migrate(
    m: SchemaModel,
    prep?: PrepMode | ((t: Table) => PrepMode),
    phase?: 'pre-data' | 'post-data',
  ): Promise<TargetPlan>;
  close(): Promise<void>;
}

/** A fresh database and a target built through the plugin (config schema + create). */
export async function newTarget(
  options: Partial<PostgresOptions> = {},
  db?: TestDatabase,
): Promise<TestTarget> {
  const database = db ?? (await createTestDatabase(getTestPostgres().url));
  const logs: string[] = [];
  const config = postgresConfigSchema.parse({ url: database.url, ...options });
  const target = (await postgres.create(config, {
    log: (m) => logs.push(m),
    notice: (m) => logs.push(m),
    cwd: process.cwd(),
  })) as PostgresTarget;
  const admin = new pg.Pool({ connectionString: database.url, max: 2 });
  // pool.end() resolves before its clients' sockets close; the database's DROP ... WITH (FORCE) in
  // close() may then terminate one (57P01), an 'error' with no listener: an uncaught exception.
  admin.on('connect', (client) => client.on('error', () => undefined));
  return {
    target,
    db: database,
    logs,
    async query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
      return (await admin.query<T>(sql, params)).rows;
    },
    async migrate(m, prep = 'drop-and-create', phase) {
      const plan = await target.plan(m, {
        prep: (t) =>
          typeof prep === 'function'
            ? prep(m.tables.find((x) => x.schema === t.schema && x.name === t.name)!)
            : prep,
      });
      for (const step of plan.steps) if (!phase || step.phase === phase) await target.apply(step);
      return plan;
    },
    async close() {
      await target.close();
      await admin.end();
      if (!db) await database.drop();
    },
  };
}
