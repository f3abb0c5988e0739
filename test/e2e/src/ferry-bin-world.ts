// The set-up of the fault tests that run the real `ferry` bin: an emulator serving gen.items, a fresh
// PostgreSQL database, and a project folder whose migration.config.ts moves gen.items between them
// with the given table options, one task at a time. Registers its own beforeAll / afterAll.

import { afterAll, beforeAll } from 'vitest';
import { ferryEnv, itemsTable, startWorld, type FaultWorld } from './fault-fixtures.js';
import { project, type Project } from '@ferry/test-harness/ferry-bin';

export interface BinWorldOptions {
  /** Rows of gen.items. */
  rows: number;
  /** The options of `'gen.items'` in the config's `tables`, as TypeScript source, e.g. `{ ranges: 4 }`. */
  table: string;
  /** Source lines before `export default` (imports, constants the table options use). */
  preamble?: string;
}

export interface BinWorld {
  world: FaultWorld;
  dir: Project;
  /** What the config reads: SOURCE_PORT, SOURCE_PASSWORD, DATABASE_URL. */
  env: Record<string, string>;
  /** ferry.tasks in task order (none before the state schema exists). */
  tasks(): Promise<TaskRow[]>;
  /** The states of ferry.runs. */
  runStates(): Promise<string[]>;
  /** Drops gen and the state schema: the next run starts from nothing. */
  reset(): Promise<void>;
}

export interface TaskRow {
  task_id: string;
  state: string;
  rows: number;
  loads: number;
  finished_at: Date | null;
}

export function binConfig(options: BinWorldOptions): string {
  return `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
${options.preamble ?? ''}
export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  tables: { 'gen.items': ${options.table} },
  load: { parallelism: 1, batchRows: 100 },
});
`;
}

/** The world of one describe block; its fields are set once beforeAll ran. */
export function useBinWorld(options: BinWorldOptions): BinWorld {
  const bin = {} as BinWorld;
  beforeAll(async () => {
    const world = await startWorld([itemsTable(options.rows)]);
    const hasState = async () =>
      (await world.client.query(`SELECT to_regclass('ferry.tasks') IS NOT NULL AS ok`)).rows[0].ok as boolean;
    Object.assign(bin, {
      world,
      dir: project({ 'migration.config.ts': binConfig(options) }),
      env: ferryEnv(world),
      tasks: async () =>
        (await hasState())
          ? (
              await world.client.query<TaskRow>(
                `SELECT task_id, state, rows::int, loads, finished_at FROM ferry.tasks ORDER BY task_id`,
              )
            ).rows
          : [],
      runStates: async () =>
        (await hasState())
          ? (await world.client.query(`SELECT state FROM ferry.runs ORDER BY started_at`)).rows.map(
              (r: { state: string }) => r.state,
            )
          : [],
      reset: async () => {
        await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
      },
    } satisfies BinWorld);
  });
  afterAll(async () => {
    bin.dir?.remove();
    await bin.world?.close();
  });
  return bin;
}
