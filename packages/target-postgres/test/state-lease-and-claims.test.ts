import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch, RunLease } from '@ferry/core';
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
const holder = (pid: number) => ({ host: 'box-a', pid, startedAt: new Date('2026-12-07T01:00:00Z') });

describe('PostgreSQL run lease and task claims', () => {
  let t: TestTarget;
  let other: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
    // A second target on the same database: another process, as far as PostgreSQL can tell.
    other = await newTarget({}, t.db);
    await t.migrate(model([items]), 'drop-and-create', 'pre-data');
  });
  afterAll(async () => {
    await other?.target.close();
    await t?.close();
  });

  it('refuses a second lease while the first is held, naming its holder; takes it once released', async () => {
    const first = await t.target.checkpoints.lease(holder(4242));
    const refused = other.target.checkpoints.lease(holder(777));
    await expect(refused).rejects.toMatchObject({ code: 'RUN_LEASE_HELD', exitCode: 2 });
    await expect(refused).rejects.toThrow(
      /^the target is in use: another Ferry run holds it: host box-a, pid 4242, started 2026-12-07T01:00:00\.000Z \(last heartbeat 0 s ago\)$/,
    );
    expect(await t.query(`SELECT host, pid FROM ferry.lease`)).toEqual([{ host: 'box-a', pid: 4242 }]);
    await first.release();
    expect(await t.query(`SELECT count(*)::int AS n FROM ferry.lease`)).toEqual([{ n: 0 }]);
    const second = await other.target.checkpoints.lease(holder(777));
    await second.release();
  });

  it('a holder whose session died holds nothing: its `loading` run is recorded interrupted', async () => {
    let lease: RunLease | undefined = await t.target.checkpoints.lease(holder(1));
    await t.target.checkpoints.begin({
      runId,
      fingerprint: 'fp',
      tasks: [
        { id: 'app.items#0', source: 'dbo.Items', target: 'app.items' },
        { id: 'app.items#1', source: 'dbo.Items', target: 'app.items' },
      ],
    });
    // As when the process is killed: its lease session ends, nothing is released by hand.
    await t.query(`SELECT pg_terminate_backend(backend_pid) FROM ferry.lease`);
    lease = undefined;
    const next = await other.target.checkpoints.lease(holder(2));
    expect(await t.query(`SELECT state FROM ferry.runs WHERE run_id = $1`, [runId])).toEqual([
      { state: 'interrupted' },
    ]);
    expect((await other.target.checkpoints.unfinished())?.runId).toBe(runId);
    await next.release();
    expect(lease).toBeUndefined();
  });

  it('a task another process is loading is refused at once, loads nothing, and is loaded once', async () => {
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    async function* slow(): AsyncGenerator<Batch> {
      yield* batchesOf(rowsOf(0, 50), 10);
      await gate;
      yield* batchesOf(rowsOf(50, 100), 10);
    }
    const options = { columns: ['id', 'name'], checkpoint: { runId, taskId: 'app.items#0' } };
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
      `task app.items#0 of run ${runId} is being loaded by another process; its rows are not loaded twice`,
    );
    go();
    expect((await first).rows).toBe(100);
    expect(await t.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM app.items`)).toEqual([
      { n: 100, d: 100 },
    ]);
    expect(await t.query(`SELECT state, loads FROM ferry.tasks WHERE task_id = 'app.items#0'`)).toEqual([
      { state: 'done', loads: 1 },
    ]);
  });

  it('a task already done is refused before any row goes in', async () => {
    const again = other.target.write(items, batchesOf(rowsOf(0, 100), 10), {
      columns: ['id', 'name'],
      checkpoint: { runId, taskId: 'app.items#0' },
    });
    await expect(again).rejects.toMatchObject({ code: 'TASK_ALREADY_LOADED' });
    expect(await t.query(`SELECT count(*)::int AS n FROM app.items`)).toEqual([{ n: 100 }]);
    expect(await t.query(`SELECT loads FROM ferry.tasks WHERE task_id = 'app.items#0'`)).toEqual([
      { loads: 1 },
    ]);
  });
});
