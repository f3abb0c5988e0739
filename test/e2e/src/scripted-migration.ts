import pg from 'pg';
import { assess, run, type Assessment, type RunResult } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from './fault-fixtures.js';

/** A source loaded from scripts, assessed and then migrated by `run`, with a client on the target. */
export interface ScriptedMigration {
  readonly emulator: RunningEmulator;
  readonly db: TestDatabase;
  readonly assessment: Assessment;
  readonly result: RunResult;
  readonly client: pg.Client;
  close(): Promise<void>;
}

/**
 * Starts an emulator on `scripts`, then assesses and runs the migration of `database` into a new test
 * database. `close` ends the client, drops the database and stops the emulator, whatever was started.
 */
export async function assessAndRunScripts(
  scripts: string[],
  database: string,
  options: { continueOnError?: boolean } = {},
): Promise<ScriptedMigration> {
  const emulator = await startEmulator({ scripts, ...options });
  let db: TestDatabase | undefined;
  let client: pg.Client | undefined;
  const close = async () => {
    await client?.end();
    await db?.drop();
    await emulator.close();
  };
  try {
    db = await createTestDatabase(getTestPostgres().url);
    const migration = await openEmulatorMigration(emulator, db.url, {}, database);
    let assessment: Assessment;
    let result: RunResult;
    try {
      assessment = await assess(migration);
      result = await run(migration);
    } finally {
      await migration.close();
    }
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return { emulator, db, assessment, result, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
