import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import type { Batch } from '@ferry/core';
import { batchesOf, col, model, newTarget, table, type TestTarget } from './fixtures.js';

// Issue 17: two runs on one target loaded the same rows twice. A run holds the target's lease; each
// checkpointed write claims its task in its own transaction before loading.

const items = table(
  'app',
  'items',
  [
    col('id', { kind: 'int64' }, { nullable: false }),
    col('name', { kind: 'text', length: 40, unicode: true, fixed: false }),
  ],
  { primaryKey: { name: 'pk_items', columns: ['id'] } },
);
const rowsOf = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => [BigInt(from + i), `n${from + i}`]);
const runId = '00000000-0000-4000-8000-0000000000aa';
const claimsRun = '00000000-0000-4000-8000-0000000000bb';
const holder = (pid: number, host = 'box-a') => ({ host, pid, startedAt: new Date('2026-12-07T01:00:00Z') });
/** A pid no process has (it has ended). */
const deadPid = spawnSync('true').pid;
/** Short lease timings so that a session's end is noticed within 0.1 s, and a silent holder is dead after 1 s. */
const fast = { lease: { heartbeatSeconds: 0.1, takeOverAfterSeconds: 1 } };
const lockKey = `hashtext('ferry run lease'), hashtext('ferry')`;

async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('until: timed out');
}

describe('PostgreSQL run lease and task claims', () => {
  let t: TestTarget;
  let other: TestTarget;
  beforeAll(async () => {
    t = await newTarget(fast);
    // A second target on the same database: another process, as far as PostgreSQL can tell.
    other = await newTarget(fast, t.db);
    await t.migrate(model([items]), 'drop-and-create', 'pre-data');
  });
  afterAll(async () => {
    await other?.target.close();
    await t?.close();
  });

  it('refuses a second lease while the first is held, naming its holder; nothing is written to the target before hold()', async () => {
    const fresh = await newTarget(fast);
    const second = await newTarget(fast, fresh.db);
    const stateSchema = () => fresh.query(`SELECT to_regnamespace('ferry')::text AS s`);
    try {
      const first = await fresh.target.checkpoints.lease(holder(4242));
      const early = second.target.checkpoints.lease(holder(777));
      await expect(early).rejects.toMatchObject({ code: 'RUN_LEASE_HELD', exitCode: 2 });
      await expect(early).rejects.toThrow(/another Ferry run holds it \(it is just starting\)/);
      // Taking the lease (the lock) and being refused wrote nothing: not even the state schema.
      expect(await stateSchema()).toEqual([{ s: null }]);
      await first.hold();
      const refused = second.target.checkpoints.lease(holder(777));
      await expect(refused).rejects.toThrow(
        /^the target is in use: another Ferry run holds it: host box-a, pid 4242, started 2026-12-07T01:00:00\.000Z \(last heartbeat 0 s ago\)$/,
      );
      expect(await fresh.query(`SELECT host, pid FROM ferry.lease`)).toEqual([{ host: 'box-a', pid: 4242 }]);
      await first.release();
      expect(await fresh.query(`SELECT count(*)::int AS n FROM ferry.lease`)).toEqual([{ n: 0 }]);
      const next = await second.target.checkpoints.lease(holder(777));
      expect(next.tookOver).toBeUndefined();
      await next.release();
    } finally {
      await second.target.close();
      await fresh.close();
    }
  });

  it('a live holder whose lease session is terminated takes the lease back; meanwhile nobody else takes it', async () => {
    const notices: string[] = [];
    const lease = await t.target.checkpoints.lease(holder(process.pid), (m) => notices.push(m));
    await lease.hold();
    const [{ backend_pid: before }] = await t.query<{ backend_pid: number }>(
      `SELECT backend_pid FROM ferry.lease`,
    );
    await t.query(`SELECT pg_terminate_backend($1)`, [before]);
    // The lock is free now, but the holder (on another host, as far as this one can tell) may still be running.
    const meanwhile = other.target.checkpoints.lease(holder(99, 'box-b'));
    await expect(meanwhile).rejects.toMatchObject({ code: 'RUN_LEASE_HELD' });
    await expect(meanwhile).rejects.toThrow(/host box-a, pid \d+, .*lost its session.*may still be going/);
    const after = await until(async () => {
      const rows = await t.query<{ backend_pid: number }>(
        `SELECT l.backend_pid FROM ferry.lease l JOIN pg_locks k ON k.pid = l.backend_pid AND k.locktype = 'advisory' AND k.granted`,
      );
      return rows[0]?.backend_pid;
    });
    expect(after).not.toBe(before);
    expect(lease.lost.aborted).toBe(false);
    expect(notices).toEqual(['the run lease lost its session; it was taken back on a new one']);
    await expect(other.target.checkpoints.lease(holder(99, 'box-b'))).rejects.toThrow(
      /another Ferry run holds it: host box-a/,
    );
    await lease.release();
  });

  it('a holder whose lease session ended since its last heartbeat deletes its row on release: the next run of its process starts at once', async () => {
    const slow = await newTarget({ lease: { heartbeatSeconds: 60, takeOverAfterSeconds: 60 } }, t.db);
    try {
      const lease = await slow.target.checkpoints.lease(holder(process.pid));
      await lease.hold();
      await t.query(`SELECT pg_terminate_backend(backend_pid) FROM ferry.lease`);
      await lease.release();
      expect(await t.query(`SELECT host FROM ferry.lease`)).toEqual([]);
      const next = await slow.target.checkpoints.lease(holder(process.pid));
      expect(next.tookOver).toBeUndefined();
      await next.release();
    } finally {
      await slow.target.close();
    }
  });

  it('a holder whose session ended and another run took the lock stops: lost says RUN_LEASE_LOST', async () => {
    const lease = await t.target.checkpoints.lease(holder(process.pid));
    await lease.hold();
    const contender = new pg.Client({ connectionString: t.db.url });
    await contender.connect();
    try {
      await t.query(`SELECT pg_terminate_backend(backend_pid) FROM ferry.lease`);
      await contender.query(`SELECT pg_advisory_lock(${lockKey})`);
      await until(async () => (lease.lost.aborted ? true : undefined));
      expect(lease.lost.reason).toMatchObject({ code: 'RUN_LEASE_LOST' });
      expect(String(lease.lost.reason)).toMatch(
        /another Ferry run took the lease; it stops changing the target/,
      );
      await lease.release();
    } finally {
      await contender.end();
    }
    await t.query(`DELETE FROM ferry.lease`);
  });

  it('a heartbeat the target refuses while the session lives stops the run with the target\'s error (not "another run took the lease")', async () => {
    const lease = await t.target.checkpoints.lease(holder(process.pid));
    await lease.hold();
    await t.query(`ALTER TABLE ferry.lease RENAME TO lease_away`);
    try {
      await until(async () => (lease.lost.aborted ? true : undefined));
      expect(lease.lost.reason).toMatchObject({ code: 'RUN_LEASE_LOST' });
      expect(String(lease.lost.reason)).toMatch(
        /the target refused its heartbeat \(writing its heartbeat in the state schema ferry: relation "ferry\.lease" does not exist\); it stops changing the target/,
      );
      await lease.release();
    } finally {
      await t.query(`ALTER TABLE ferry.lease_away RENAME TO lease; DELETE FROM ferry.lease`);
    }
  });

  it('a dead holder (its process gone on this host) is taken over at once, naming it; its run is interrupted and its late loads refused', async () => {
    const setup = await t.target.checkpoints.lease(holder(process.pid));
    await setup.hold();
    await setup.release();
    // What a killed holder leaves behind: its lease row (its session, and so the lock, gone) and a loading run.
    await t.query(
      `INSERT INTO ferry.lease (lease_key, host, pid, started_at, heartbeat_at, backend_pid) VALUES ('run', 'box-a', $1, '2026-12-07T00:00:00Z', now(), 0)`,
      [deadPid],
    );
    await t.target.checkpoints.begin({
      runId,
      fingerprint: 'fp',
      tasks: [
        { id: 'app.items#0', source: 'dbo.Items', target: 'app.items' },
        { id: 'app.items#1', source: 'dbo.Items', target: 'app.items' },
      ],
    });
    const next = await other.target.checkpoints.lease(holder(process.pid));
    expect(next.tookOver).toBe(
      `took over the run lease of host box-a, pid ${deadPid}, started 2026-12-07T00:00:00.000Z: its session is gone and its process has ended (last heartbeat 0 s ago)`,
    );
    await next.hold();
    expect(await t.query(`SELECT state FROM ferry.runs WHERE run_id = $1`, [runId])).toEqual([
      { state: 'interrupted' },
    ]);
    // A load of the dead run still in flight elsewhere commits nothing now.
    const late = t.target.write(items, batchesOf(rowsOf(0, 10), 10), {
      columns: ['id', 'name'],
      checkpoint: { runId, taskId: 'app.items#1' },
    });
    await expect(late).rejects.toMatchObject({ code: 'RUN_LEASE_LOST' });
    expect(await t.query(`SELECT count(*)::int AS n FROM app.items`)).toEqual([{ n: 0 }]);
    expect((await other.target.checkpoints.unfinished())?.runId).toBe(runId);
    await next.release();
  });

  it('a holder on another host whose session ended is taken over only once its heartbeat is stale', async () => {
    await t.query(
      `INSERT INTO ferry.lease (lease_key, host, pid, started_at, heartbeat_at, backend_pid) VALUES ('run', 'box-z', 1, '2026-12-07T00:00:00Z', now(), 0)`,
    );
    const early = other.target.checkpoints.lease(holder(process.pid));
    await expect(early).rejects.toThrow(
      /^the target may be in use: the run lease of host box-z, pid 1, started 2026-12-07T00:00:00\.000Z lost its session, but its last heartbeat was 0 s ago/,
    );
    await t.query(`UPDATE ferry.lease SET heartbeat_at = now() - interval '2 s'`);
    const next = await other.target.checkpoints.lease(holder(process.pid));
    expect(next.tookOver).toBe(
      'took over the run lease of host box-z, pid 1, started 2026-12-07T00:00:00.000Z: its session is gone (last heartbeat 2 s ago)',
    );
    await next.hold();
    expect(await t.query(`SELECT host FROM ferry.lease`)).toEqual([{ host: 'box-a' }]);
    await next.release();
    await t.target.checkpoints.begin({
      runId: claimsRun,
      fingerprint: 'fp',
      tasks: [{ id: 'app.items#0', source: 'dbo.Items', target: 'app.items' }],
    });
  });

  it('a task another process is loading is refused at once, loads nothing, and is loaded once', async () => {
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    async function* slow(): AsyncGenerator<Batch> {
      yield* batchesOf(rowsOf(0, 50), 10);
      await gate;
      yield* batchesOf(rowsOf(50, 100), 10);
    }
    const options = { columns: ['id', 'name'], checkpoint: { runId: claimsRun, taskId: 'app.items#0' } };
    const first = t.target.write(items, slow(), options);
    // Wait until the first load holds its claim (its COPY is in flight).
    for (let i = 0; i < 200; i++) {
      const copying = await t.query(`SELECT 1 FROM pg_stat_activity WHERE query LIKE 'COPY app.items%'`);
      if (copying.length) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = other.target.write(items, batchesOf(rowsOf(0, 100), 10), options);
    await expect(second).rejects.toMatchObject({ code: 'TASK_CLAIMED' });
    await expect(second).rejects.toThrow(
      `task app.items#0 of run ${claimsRun} is being loaded by another process; its rows are not loaded twice`,
    );
    go();
    expect((await first).rows).toBe(100);
    expect(await t.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM app.items`)).toEqual([
      { n: 100, d: 100 },
    ]);
    expect(
      await t.query(
        `SELECT state, loads FROM ferry.tasks WHERE run_id = '${claimsRun}' AND task_id = 'app.items#0'`,
      ),
    ).toEqual([{ state: 'done', loads: 1 }]);
  });

  it('a task already done is refused before any row goes in', async () => {
    const again = other.target.write(items, batchesOf(rowsOf(0, 100), 10), {
      columns: ['id', 'name'],
      checkpoint: { runId: claimsRun, taskId: 'app.items#0' },
    });
    await expect(again).rejects.toMatchObject({ code: 'TASK_ALREADY_LOADED' });
    expect(await t.query(`SELECT count(*)::int AS n FROM app.items`)).toEqual([{ n: 100 }]);
    expect(
      await t.query(
        `SELECT loads FROM ferry.tasks WHERE run_id = '${claimsRun}' AND task_id = 'app.items#0'`,
      ),
    ).toEqual([{ loads: 1 }]);
  });
});
