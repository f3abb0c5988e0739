// Shared by the fault-injection tests: an emulated SQL Server serving generated tables, a fresh
// database on the test PostgreSQL, and a Ferry migration between them (in-process).

import { createHash } from 'node:crypto';
import pg from 'pg';
import { openMigration, parseConfig, type Migration, type RunEvent } from '@ferry/core';
import {
  defineGeneratedTable,
  startEmulator,
  type GeneratedTable,
  type RunningEmulator,
} from '@ferry/mssql-emulator';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

/** id bigint (i + 1), code int, name nvarchar(60), price decimal(19,4): exact types, values from i. */
export function itemsTable(rows: number, name = 'items'): GeneratedTable {
  return defineGeneratedTable({
    schema: 'gen',
    name,
    rows,
    columns: [
      { name: 'id', type: { name: 'bigint' }, nullable: false, generate: (i) => BigInt(i + 1) },
      { name: 'code', type: { name: 'int' }, nullable: false, generate: (i) => codeOf(i) },
      { name: 'name', type: { name: 'nvarchar', length: 60 }, nullable: false, generate: (i) => nameOf(i) },
      {
        name: 'price',
        type: { name: 'decimal', precision: 19, scale: 4 },
        nullable: false,
        generate: (i) => priceOf(i),
      },
    ],
  });
}
/**
 * gen.`name`: id int (i + 1), label nvarchar(30) (with a NUL where `at.nul(id)`), stamp datetime2(7)
 * (a 100 ns fraction where `at.tick(id)`, the end of time where `at.end(id)`): values the error policies act on.
 */
export function policyValuesTable(
  name: string,
  rows: number,
  at: { nul: (id: number) => boolean; tick: (id: number) => boolean; end?: (id: number) => boolean },
): GeneratedTable {
  return defineGeneratedTable({
    schema: 'gen',
    name,
    rows,
    columns: [
      { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
      {
        name: 'label',
        type: { name: 'nvarchar', length: 30 },
        nullable: false,
        generate: (i) => (at.nul(i + 1) ? `bad\u0000${i + 1}` : `label ${i + 1}`),
      },
      {
        name: 'stamp',
        type: { name: 'datetime2', scale: 7 },
        nullable: false,
        generate: (i) =>
          at.end?.(i + 1)
            ? '9999-12-31 23:59:59.9999999'
            : `2025-01-02 03:04:05.${at.tick(i + 1) ? '0000001' : '0000000'}`,
      },
    ],
  });
}

/** A `ferry run` config (migration.config.ts) of the emulator and PostgreSQL in ferryEnv, with `tables` and `load`. */
export function ferryBinConfig(tables: Record<string, unknown>, load: Record<string, unknown>): string {
  return `import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default {
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  tables: ${JSON.stringify(tables)},
  load: ${JSON.stringify(load)},
};
`;
}

export const codeOf = (i: number) => (i * 7919) % 1_000_003;
export const nameOf = (i: number) => `Item ${i + 1} Ünïcødé ✓`;
export const priceOf = (i: number) => `${Math.floor(i / 3)}.${String((i * 37) % 10_000).padStart(4, '0')}`;

/** What the target must hold for `rows` rows of itemsTable, computed from the generator formulas. */
export function expectedItems(rows: number): {
  count: number;
  distinctIds: number;
  sumCode: string;
  sumPrice: string;
  namesMd5: string;
} {
  let sumCode = 0n;
  let sumPrice = 0n;
  const names: string[] = [];
  for (let i = 0; i < rows; i++) {
    sumCode += BigInt(codeOf(i));
    sumPrice += BigInt(priceOf(i).replace('.', ''));
    names.push(nameOf(i));
  }
  const p = sumPrice.toString().padStart(5, '0');
  return {
    count: rows,
    distinctIds: rows,
    sumCode: sumCode.toString(),
    sumPrice: `${p.slice(0, -4)}.${p.slice(-4)}`,
    namesMd5: createHash('md5').update(names.join('|'), 'utf8').digest('hex'),
  };
}

/** The same figures, read from the target table. */
export async function actualItems(
  client: pg.Client,
  table: string,
): Promise<ReturnType<typeof expectedItems>> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS count, count(DISTINCT id)::int AS "distinctIds", sum(code)::text AS "sumCode",
            sum(price)::text AS "sumPrice", md5(string_agg(name, '|' ORDER BY id)) AS "namesMd5"
     FROM ${table}`,
  );
  return rows[0];
}

export interface FaultWorld {
  emulator: RunningEmulator;
  db: TestDatabase;
  client: pg.Client;
  close(): Promise<void>;
}

/** An emulator serving `tables` (and the tables `scripts` create), an empty database and a client of it. */
export async function startWorld(tables: GeneratedTable[], scripts: string[] = []): Promise<FaultWorld> {
  const emulator = await startEmulator({ tables, scripts });
  const db = await createTestDatabase(getTestPostgres().url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  return {
    emulator,
    db,
    client,
    close: async () => {
      await client.end();
      await db.drop();
      await emulator.close();
    },
  };
}

/** A migration from an emulator into a PostgreSQL database; `config` adds fields of the migration config. */
export function openEmulatorMigration(
  emulator: RunningEmulator,
  targetUrl: string,
  config: Record<string, unknown> = {},
  database = emulator.config.database,
): Promise<Migration> {
  const c = emulator.config;
  return openMigration(
    parseConfig({
      source: mssql({
        host: c.server,
        port: c.port,
        user: c.user,
        password: c.password,
        database,
        encrypt: false,
      }),
      target: postgres({ url: targetUrl }),
      ...config,
    }),
    { cwd: process.cwd() },
  );
}

/** The environment of a `ferry` bin run whose config reads SOURCE_PORT, SOURCE_PASSWORD and DATABASE_URL. */
export function ferryEnv(world: FaultWorld): Record<string, string> {
  return {
    SOURCE_PORT: String(world.emulator.port),
    SOURCE_PASSWORD: world.emulator.config.password,
    DATABASE_URL: world.db.url,
  };
}

/** A migration emulator -> PostgreSQL; `config` adds fields of the migration config. */
export async function openFaultMigration(
  world: FaultWorld,
  config: Record<string, unknown> = {},
): Promise<{ migration: Migration; events: RunEvent[]; onEvent: (e: RunEvent) => void }> {
  const migration = await openEmulatorMigration(world.emulator, world.db.url, config);
  const events: RunEvent[] = [];
  return { migration, events, onEvent: (e) => events.push(e) };
}

/** Polls until `check` returns a value (not undefined), every 10 ms, at most `ms`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
