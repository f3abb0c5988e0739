import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { run } from '@ferry/core';
import { postgres } from '@ferry/target-postgres';
import { actualItems, expectedItems, openFaultMigration, waitFor } from '../src/fault-fixtures.js';
import { useBinWorld } from '../src/ferry-bin-world.js';
import { ferry, startFerry } from '@ferry/test-harness/ferry-bin';

// Issue 17: two `ferry run` started 0.5 s apart both loaded the table (1,750,000 rows of 1M), and two
// `--resume` of one interrupted run loaded its pending ranges twice (loads = 2). A run now holds the
// target's lease; a second run or resume is refused, naming the holder.

const ranged = { tables: { 'gen.items': { ranges: 4 } }, load: { parallelism: 1, batchRows: 100 } };

describe('fault: two runs on the same target at once', () => {
  const bin = useBinWorld({ rows: 1_200, table: '{ ranges: 4 }' });
  const leaseHolder = () =>
    waitFor(async () => {
      const exists = await bin.world.client.query(`SELECT to_regclass('ferry.lease') IS NOT NULL AS ok`);
      if (!exists.rows[0].ok) return undefined;
      const { rows } = await bin.world.client.query(`SELECT host, pid, started_at FROM ferry.lease`);
      return rows[0] as { host: string; pid: number; started_at: Date } | undefined;
    }, 60_000);

  /** 1,200 rows exact, each of the 4 ranges loaded once, one run, done. */
  async function expectEveryRowOnce() {
    expect(await actualItems(bin.world.client, 'gen.items')).toEqual(expectedItems(1_200));
    expect(
      (await bin.tasks()).map(({ task_id, state, rows, loads }) => ({ task_id, state, rows, loads })),
    ).toEqual(
      Array.from({ length: 4 }, (_, i) => ({
        task_id: `gen.items#${i}`,
        state: 'done',
        rows: 300,
        loads: 1,
      })),
    );
    expect(await bin.runStates()).toEqual(['done']);
  }

  it('`ferry run` while another runs is refused (exit 2) naming the holder; the first loads every row once', async () => {
    // The first run must still hold the lease when the second (a slow process start later) asks for
    // it: the test holds ferry.runs locked, so the first waits right after taking its lease.
    const { world, dir, env } = bin;
    const setup = await openFaultMigration(world);
    const lease = await setup.migration.target.checkpoints!.lease({
      host: 'setup',
      pid: 1,
      startedAt: new Date(),
    });
    await lease.hold();
    await lease.release();
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
    const { world, tasks } = bin;
    await bin.reset();
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

  describe('the lease session of a run is terminated mid-load (pg_terminate_backend)', () => {
    /** A run of 4 ranges read slowly, whose lease notices a lost session within 0.1 s. */
    async function runCutting(cut: (leaseBackend: number) => Promise<void>) {
      const { world } = bin;
      await bin.reset();
      world.emulator.faults.set({ delay: { perRowMs: 1, table: 'gen.items' } });
      const m = await openFaultMigration(world, {
        ...ranged,
        target: postgres({ url: world.db.url, lease: { heartbeatSeconds: 0.1, takeOverAfterSeconds: 1 } }),
      });
      let cutDone: Promise<void> | undefined;
      try {
        return await run(m.migration, {
          onEvent: (e) => {
            m.onEvent(e);
            if (e.type !== 'task-start' || cutDone) return;
            cutDone = world.client
              .query<{ backend_pid: number }>(`SELECT backend_pid FROM ferry.lease`)
              .then((r) => cut(r.rows[0].backend_pid));
          },
        }).then(async (result) => ({ result, events: m.events, cut: await cutDone }));
      } finally {
        world.emulator.faults.set({ delay: undefined });
        await m.migration.close();
      }
    }

    it('nobody took the lock: the run takes its lease back, says so, and loads every row once', async () => {
      const { result, events } = await runCutting(async (backend) => {
        await bin.world.client.query('SELECT pg_terminate_backend($1)', [backend]);
      });
      expect(result.error).toBeUndefined();
      expect(events).toContainEqual({
        type: 'warning',
        where: 'run lease',
        message: 'the run lease lost its session; it was taken back on a new one',
      });
      await expectEveryRowOnce();
    });

    it('another process took the lock: the run stops (RUN_LEASE_LOST), loads nothing twice; a resume once it is free loads the rest', async () => {
      const { world, tasks } = bin;
      const contender = new pg.Client({ connectionString: world.db.url });
      await contender.connect();
      try {
        const { result } = await runCutting(async (backend) => {
          await world.client.query('SELECT pg_terminate_backend($1)', [backend]);
          await contender.query(`SELECT pg_advisory_lock(hashtext('ferry run lease'), hashtext('ferry'))`);
        });
        expect(result.state).toBe('failed');
        expect(result.error).toMatchObject({ code: 'RUN_LEASE_LOST' });
        const before = await tasks();
        expect(before.filter((t) => t.state === 'done').length).toBeLessThan(4);
        expect(before.every((t) => t.loads <= 1)).toBe(true);
      } finally {
        await contender.end();
      }
      // The lost run's row names a live process (this one) on this host: taken over once its heartbeat is 1 s old.
      await new Promise((r) => setTimeout(r, 1_100));
      const resume = await openFaultMigration(world, {
        ...ranged,
        target: postgres({ url: world.db.url, lease: { heartbeatSeconds: 0.1, takeOverAfterSeconds: 1 } }),
      });
      try {
        const resumed = await run(resume.migration, { resume: true, onEvent: resume.onEvent });
        expect(resumed.error).toBeUndefined();
        expect(resume.events.find((e) => e.type === 'warning' && e.where === 'run lease')).toMatchObject({
          message: expect.stringMatching(
            new RegExp(
              `^took over the run lease of host ${hostname()}, pid ${process.pid}, started .*: its session is gone \\(last heartbeat \\d+ s ago\\)$`,
            ),
          ),
        });
      } finally {
        await resume.migration.close();
      }
      await expectEveryRowOnce();
    });
  });
});
