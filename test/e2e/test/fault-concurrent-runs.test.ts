import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '@ferry/core';
import {
  actualItems,
  expectedItems,
  itemsTable,
  openFaultMigration,
  startWorld,
  waitFor,
  type FaultWorld,
  ferryEnv,
} from './fault-fixtures.js';
import { ferry, project, startFerry, type Project } from './ferry-process.js';

// Issue 17: two `ferry run` started 0.5 s apart both loaded the table (1,750,000 rows of 1M), and two
// `--resume` of one interrupted run loaded its pending ranges twice (loads = 2). A run now holds the
// target's lease; a second run or resume is refused, naming the holder.

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  tables: { 'gen.items': { ranges: 4 } },
  load: { parallelism: 1, batchRows: 100 },
});
`;
const ranged = { tables: { 'gen.items': { ranges: 4 } }, load: { parallelism: 1, batchRows: 100 } };

describe('fault: two runs on the same target at once', () => {
  let world: FaultWorld;
  let dir: Project;
  let env: Record<string, string>;
  const leaseHolder = () =>
    waitFor(async () => {
      const exists = await world.client.query(`SELECT to_regclass('ferry.lease') IS NOT NULL AS ok`);
      if (!exists.rows[0].ok) return undefined;
      const { rows } = await world.client.query(`SELECT host, pid, started_at FROM ferry.lease`);
      return rows[0] as { host: string; pid: number; started_at: Date } | undefined;
    }, 60_000);
  const tasks = async () =>
    (await world.client.query(`SELECT task_id, state, rows::int, loads FROM ferry.tasks ORDER BY task_id`))
      .rows;

  /** 1,200 rows exact, each of the 4 ranges loaded once, one run, done. */
  async function expectEveryRowOnce() {
    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(1_200));
    expect(await tasks()).toEqual(
      Array.from({ length: 4 }, (_, i) => ({
        task_id: `gen.items#${i}`,
        state: 'done',
        rows: 300,
        loads: 1,
      })),
    );
    expect((await world.client.query(`SELECT state FROM ferry.runs`)).rows).toEqual([{ state: 'done' }]);
  }

  beforeAll(async () => {
    world = await startWorld([itemsTable(1_200)]);
    dir = project({ 'migration.config.ts': config });
    env = ferryEnv(world);
  });
  afterAll(async () => {
    dir?.remove();
    await world?.close();
  });

  it('`ferry run` while another runs is refused (exit 2) naming the holder; the first loads every row once', async () => {
    // The first run must still hold the lease when the second (a slow process start later) asks for
    // it: the test holds ferry.runs locked, so the first waits right after taking its lease.
    const setup = await openFaultMigration(world);
    await (
      await setup.migration.target.checkpoints!.lease({ host: 'setup', pid: 1, startedAt: new Date() })
    ).release();
    await setup.migration.close();
    await world.client.query('BEGIN; LOCK TABLE ferry.runs IN ACCESS EXCLUSIVE MODE');
    const first = startFerry(dir.dir, ['run'], env);
    const holder = await leaseHolder();
    const second = await ferry(dir.dir, ['run'], env);
    await world.client.query('COMMIT');
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      `the target is in use: another Ferry run holds it: host ${hostname()}, pid ${holder.pid}, started ${holder.started_at.toISOString()}`,
    );
    expect(second.stderr).toMatch(/two runs on one target would load rows twice/);
    const done = await first.result;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    await expectEveryRowOnce();
    // The lease went with the run: the next run may start.
    expect((await world.client.query(`SELECT count(*)::int AS n FROM ferry.lease`)).rows[0].n).toBe(0);
  });

  it('a second `--resume` of the same interrupted run is refused; the pending ranges load once', async () => {
    await world.client.query('DROP SCHEMA gen CASCADE; DROP SCHEMA ferry CASCADE');
    const first = await openFaultMigration(world, ranged);
    const stop = new AbortController();
    const interrupted = await run(first.migration, {
      signal: stop.signal,
      onEvent: (e) => e.type === 'task-end' && e.status === 'done' && stop.abort(),
    });
    await first.migration.close();
    expect(interrupted.state).toBe('interrupted');
    const doneBefore = (await tasks()).filter((t) => t.state === 'done').length;
    expect(doneBefore).toBeGreaterThanOrEqual(1);
    expect(doneBefore).toBeLessThan(4);

    world.emulator.faults.set({ delay: { perRowMs: 1, table: 'gen.items' } });
    const a = await openFaultMigration(world, ranged);
    const b = await openFaultMigration(world, ranged);
    const resumingA = run(a.migration, { resume: true });
    await leaseHolder();
    const resumedB = await run(b.migration, { resume: true });
    world.emulator.faults.set({ delay: undefined });
    const resumedA = await resumingA;
    await a.migration.close();
    await b.migration.close();

    expect(resumedB.state).toBe('failed');
    expect(resumedB.error).toMatchObject({ code: 'RUN_LEASE_HELD', exitCode: 2 });
    expect((resumedB.error as Error).message).toContain(`host ${hostname()}, pid ${process.pid}, started `);
    expect(resumedA.error).toBeUndefined();
    expect(resumedA.runId).toBe(interrupted.runId);
    await expectEveryRowOnce();
  });
});
