// Ctrl-C during validation of several tables on one worker thread. Each job's digest query holds a
// connection of the worker's target pool while it runs, and an abort cancels it from another session
// (pg_cancel_backend): the pool must hold one more connection than the jobs it runs, or the cancels
// wait behind the very queries they should cancel, until the stop grace runs out and the worker is
// terminated. Real worker threads, the emulator and PostgreSQL; every target table is locked, so
// every digest query waits until it is cancelled.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  loadConfig,
  openMigration,
  run,
  startTaskWorkers,
  validate,
  type Migration,
  type MigrationOrigin,
  type RunEvent,
} from '@ferry/core';
import { project, type Project } from '@ferry/test-harness/ferry-bin';
import { ferryEnv, itemsTable, startWorld, waitFor, type FaultWorld } from '../src/fault-fixtures.js';

const tables = ['t1', 't2', 't3', 't4', 't5', 't6'];

const config = `import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default {
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  load: { parallelism: ${tables.length} },
};
`;

describe('Ctrl-C during validation of several tables on one worker', () => {
  let world: FaultWorld;
  let dir: Project;
  let origin: MigrationOrigin;
  let migration: Migration;

  beforeAll(async () => {
    world = await startWorld(tables.map((t) => itemsTable(300, t)));
    dir = project({ 'migration.config.ts': config });
    Object.assign(process.env, ferryEnv(world));
    const loaded = await loadConfig({ cwd: dir.dir });
    origin = { configFile: loaded.filepath, module: loaded.module };
    migration = await openMigration(loaded.config, { cwd: dir.dir, origin });
    // Loaded on one worker too, and validated: every table matches.
    const workers = startTaskWorkers(origin, { cores: 1 });
    const loadedRun = await run(migration, { workers });
    expect(loadedRun.error).toBeUndefined();
    expect(loadedRun.validations.map((v) => [v.table, v.method, v.match])).toEqual(
      tables.map((t) => [`gen.${t}`, 'checksum', true]),
    );
  });
  afterAll(async () => {
    await migration?.close();
    dir?.remove();
    await world?.close();
  });

  it('ends every job before its stop grace, and the validation is reported interrupted', async () => {
    const locker = new pg.Client({ connectionString: world.db.url });
    await locker.connect();
    const events: RunEvent[] = [];
    const stop = new AbortController();
    try {
      await locker.query(
        `BEGIN; LOCK TABLE ${tables.map((t) => `gen.${t}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
      );
      const validating = validate(migration, {
        workers: startTaskWorkers(origin, { cores: 1 }),
        signal: stop.signal,
        stopGraceMs: 20_000,
        onEvent: (e) => events.push(e),
      });
      validating.catch(() => undefined);
      // Digest queries wait for their locks: at least as many as the default pool size (4), the others
      // waiting for a connection when the pool is no larger.
      await waitFor(async () => {
        const { rows } = await world.client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%hashtextextended%'`,
        );
        return rows[0].n >= 4 ? true : undefined;
      }, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      stop.abort(new Error('interrupted by Ctrl-C'));
      await expect(validating).rejects.toMatchObject({ code: 'INTERRUPTED' });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    // Stopped by themselves: no job's grace ran out (its worker would have been terminated).
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(events.find((e) => e.type === 'phase-end' && e.phase === 'validate')).toMatchObject({
      status: 'interrupted',
    });
  }, 120_000);
});
