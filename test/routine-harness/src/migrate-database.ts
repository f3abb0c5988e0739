// Puts one corpus database in place on both sides: loaded into a SQL Server emulator (batch by batch,
// past errors), migrated by Ferry's `run` (schema, data, post-data) into a fresh PostgreSQL database.

import { openMigration, parseConfig, run, type FailedObject } from '@ferry/core';
import { startEmulator, type CorpusDatabase, type RunningEmulator } from '@ferry/mssql-emulator';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, type TestDatabase } from '@ferry/test-harness';
import sql from 'mssql';
import { readFileSync } from 'node:fs';
import { emulatorOptions, type HarnessDatabase } from './corpus-sources.js';
import { databaseSetup } from './database-setup.js';
import { errorText } from './outcome.js';

export interface MigratedDatabase {
  emulator: RunningEmulator;
  target: TestDatabase;
  /** Batches the emulator refused while loading the corpus scripts. */
  refusedBatches: number;
  /** Ferry's run: done, or why it failed. */
  migration: { state: 'done' | 'failed' | 'interrupted'; error?: string };
  /** Objects PostgreSQL refused, or that were skipped because they need one it refused (the run report's). */
  failedObjects: FailedObject[];
  close(): Promise<void>;
}

/**
 * The migration of one corpus database from its emulator into `targetUrl`, with the default config
 * (the naming strategy its harness setup gives, if any: src/database-setup.ts).
 * datetime2(7) values beyond microseconds (WWI-DW's 9999-12-31 23:59:59.9999999, SYSDATETIME()
 * defaults) load truncated, as Ferry's documented fix does; results holding them then differ.
 */
export async function openCorpusMigration(
  entry: CorpusDatabase,
  emulator: RunningEmulator,
  targetUrl: string,
) {
  const c = emulator.config;
  const { naming } = databaseSetup(entry.name);
  return openMigration(
    parseConfig({
      source: mssql({
        host: c.server,
        port: c.port,
        user: c.user,
        password: c.password,
        database: entry.database,
        encrypt: false,
      }),
      target: postgres({ url: targetUrl }),
      load: { onError: 'fix' },
      ...(naming ? { naming: naming.strategy } : {}),
    }),
    { cwd: process.cwd() },
  );
}

export async function migrateDatabase(
  entry: HarnessDatabase,
  postgresUrl: string,
): Promise<MigratedDatabase> {
  const emulator = await startEmulator(emulatorOptions(entry));
  const target = await createTestDatabase(postgresUrl, 'harness');
  const close = async () => {
    await target.drop();
    await emulator.close();
  };
  try {
    await runSetupScript(entry, emulator);
    const migration = await openCorpusMigration(entry, emulator, target.url);
    try {
      const result = await run(migration, { validate: false });
      return {
        emulator,
        target,
        refusedBatches: emulator.load.failures.length,
        migration: { state: result.state, ...(result.error ? { error: errorText(result.error) } : {}) },
        failedObjects: result.report.failedObjects,
        close,
      };
    } finally {
      await migration.close();
    }
  } catch (error) {
    await close();
    throw error;
  }
}

/** The database's setup script (src/database-setup.ts), run on the emulator before Ferry migrates. */
async function runSetupScript(entry: HarnessDatabase, emulator: RunningEmulator): Promise<void> {
  const { script } = databaseSetup(entry.name);
  if (!script) return;
  const pool = await new sql.ConnectionPool({ ...emulator.config, database: entry.database }).connect();
  try {
    await pool.request().batch(readFileSync(script, 'utf8'));
  } catch (error) {
    throw new Error(`the harness setup script ${script} failed on the emulator: ${errorText(error)}`);
  } finally {
    await pool.close();
  }
}
