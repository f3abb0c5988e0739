import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FerryError, type Batch, type KeyRange } from '@ferry/core';
import { batchesOf, col, model, newTarget, table, type TestTarget } from './fixtures.js';

const items = table(
  'app',
  'items',
  [
    col('id', { kind: 'int64' }, { nullable: false }),
    col('name', { kind: 'text', length: 40, unicode: true, fixed: false }),
  ],
  {
    primaryKey: { name: 'pk_items', columns: ['id'] },
  },
);
const rowsOf = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => [BigInt(from + i), `n${from + i}`]);
const range = (index: number, lower?: bigint, upper?: bigint): KeyRange => ({
  index,
  key: ['id'],
  ...(lower === undefined ? {} : { lower: [lower] }),
  ...(upper === undefined ? {} : { upper: [upper] }),
});

describe('PostgreSQL checkpoint store (ferry.runs, ferry.tasks)', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
    await t.migrate(model([items]));
  });
  afterAll(() => t?.close());

  it('has no unfinished run before the first one (no ferry schema yet)', async () => {
    expect(await t.target.checkpoints.unfinished()).toBeUndefined();
  });

  it('records a run and its tasks; key bounds read back exactly (bigint, binary)', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    const binary: KeyRange = {
      index: 2,
      key: ['k'],
      lower: [Buffer.from('00ff', 'hex')],
      upper: [9_007_199_254_740_993n],
    };
    await t.target.checkpoints.begin({
      runId,
      fingerprint: 'fp-1',
      tasks: [
        { id: 'app.items#0', source: 'dbo.Items', target: 'app.items', range: range(0, undefined, 100n) },
        { id: 'app.items#1', source: 'dbo.Items', target: 'app.items', range: range(1, 100n) },
        { id: 'app.other#2', source: 'dbo.Other', target: 'app.other', range: binary },
      ],
    });
    const run = await t.target.checkpoints.unfinished();
    expect(run).toMatchObject({ runId, fingerprint: 'fp-1', state: 'loading' });
    expect(run!.tasks.map((x) => [x.taskId, x.state, x.rows, x.loads])).toEqual([
      ['app.items#0', 'pending', 0, 0],
      ['app.items#1', 'pending', 0, 0],
      ['app.other#2', 'pending', 0, 0],
    ]);
    expect(run!.tasks[0].range).toEqual(range(0, undefined, 100n));
    expect(run!.tasks[2].range).toEqual(binary);
  });

  it('a checkpointed write commits the rows and the task record together', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    const result = await t.target.write(items, batchesOf(rowsOf(1, 100), 30), {
      columns: ['id', 'name'],
      checkpoint: { runId, taskId: 'app.items#0' },
    });
    expect(result.rows).toBe(99);
    const [task] = await t.query(
      `SELECT state, rows::int, loads, finished_at IS NOT NULL AS finished FROM ferry.tasks WHERE task_id = 'app.items#0'`,
    );
    expect(task).toEqual({ state: 'done', rows: 99, loads: 1, finished: true });
  });

  it('a write that fails part-way leaves neither rows nor a done record', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    async function* failing(): AsyncGenerator<Batch> {
      yield* batchesOf(rowsOf(100, 150), 10);
      throw new FerryError('source connection lost', { transient: true });
    }
    await expect(
      t.target.write(items, failing(), {
        columns: ['id', 'name'],
        checkpoint: { runId, taskId: 'app.items#1' },
      }),
    ).rejects.toThrow(/source connection lost/);
    expect(await t.query(`SELECT count(*)::int AS n FROM app.items WHERE id >= 100`)).toEqual([{ n: 0 }]);
    expect(await t.query(`SELECT state, loads FROM ferry.tasks WHERE task_id = 'app.items#1'`)).toEqual([
      { state: 'pending', loads: 0 },
    ]);
  });

  it('a write for a task the run does not know rolls its rows back', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    await expect(
      t.target.write(items, batchesOf(rowsOf(200, 210)), {
        columns: ['id', 'name'],
        checkpoint: { runId, taskId: 'app.items#9' },
      }),
    ).rejects.toThrow(/task app\.items#9 of run 00000000-0000-4000-8000-000000000001 is not in ferry\.tasks/);
    expect(await t.query(`SELECT count(*)::int AS n FROM app.items WHERE id >= 200`)).toEqual([{ n: 0 }]);
  });

  it('a finished run is no longer offered for resume', async () => {
    await t.target.checkpoints.end('00000000-0000-4000-8000-000000000001', 'done');
    expect(await t.target.checkpoints.unfinished()).toBeUndefined();
  });
});
