import { describe, expect, it } from 'vitest';
import { runTasks, transferRunner, type TaskProgress, type TaskRunner } from '../src/pipeline/scheduler.js';
import type { DataTask } from '../src/pipeline/data-task.js';
import { InterruptedError } from '../src/pipeline/interrupted-error.js';
import { collectingTarget, generatorSource, identityMapping } from '../src/testing/index.js';

const task = (id: string, rowEstimate: number): DataTask => ({
  id,
  source: `dbo.${id}`,
  target: `app.${id}`,
  rowEstimate,
});
const tick = () => new Promise((r) => setTimeout(r, 1));

/** A runner whose tasks finish when the test says so. */
function gatedRunner() {
  const started: string[] = [];
  const gates = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();
  let running = 0;
  let maxRunning = 0;
  const run: TaskRunner = (t, ctx) =>
    new Promise((resolve, reject) => {
      started.push(t.id);
      running++;
      maxRunning = Math.max(maxRunning, running);
      const done = () => running--;
      ctx.signal.addEventListener('abort', () => {
        done();
        reject(new InterruptedError(t.id));
      });
      gates.set(t.id, {
        resolve: () => (done(), resolve({ rows: 10, bytes: 100 })),
        reject: (e) => (done(), reject(e)),
      });
    });
  return { run, started, gates, maxRunning: () => maxRunning };
}

describe('runTasks', () => {
  it('starts the biggest tasks first, ties by id', async () => {
    const started: string[] = [];
    const tasks = [
      task('small', 10),
      task('big', 1_000),
      task('mid#10', 100),
      task('mid#2', 100),
      task('unknown', 0),
    ];
    const result = await runTasks({
      tasks,
      parallelism: 1,
      run: async (t) => (started.push(t.id), { rows: 1, bytes: 1 }),
    });
    expect(started).toEqual(['big', 'mid#2', 'mid#10', 'small', 'unknown']);
    expect(result.state).toBe('done');
    expect(result.tasks.every((t) => t.state === 'done')).toBe(true);
  });

  it('records when each task started and ended, for the timeline', async () => {
    const before = Date.now();
    const result = await runTasks({
      tasks: [task('a', 2), task('b', 1)],
      parallelism: 1,
      run: async () => (await new Promise((r) => setTimeout(r, 20)), { rows: 1, bytes: 1 }),
    });
    const [a, b] = result.tasks;
    expect(a.startedAt).toBeGreaterThanOrEqual(before);
    expect(a.endedAt! - a.startedAt!).toBeGreaterThanOrEqual(15);
    // One lane: b starts once a has ended.
    expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt!);
    expect(b.endedAt).toBeGreaterThanOrEqual(b.startedAt!);
  });

  it('runs at most `parallelism` tasks at once and starts the next as one finishes', async () => {
    const g = gatedRunner();
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((id, i) => task(id, 100 - i));
    const result = runTasks({ tasks, parallelism: 2, run: g.run });
    await tick();
    expect(g.started).toEqual(['a', 'b']);
    g.gates.get('b')!.resolve();
    await tick();
    expect(g.started).toEqual(['a', 'b', 'c']);
    for (const id of ['a', 'c', 'd', 'e']) {
      await tick();
      g.gates.get(id)!.resolve();
    }
    expect((await result).state).toBe('done');
    expect(g.maxRunning()).toBe(2);
  });

  it('after a failure starts no new task, lets running ones settle, and fails the run', async () => {
    const g = gatedRunner();
    const events: TaskProgress[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((id, i) => task(id, 100 - i));
    const result = runTasks({ tasks, parallelism: 2, run: g.run, onProgress: (p) => events.push(p) });
    await tick();
    g.gates.get('a')!.reject(new Error('constraint violated'));
    await tick();
    expect(g.started).toEqual(['a', 'b']);
    g.gates.get('b')!.resolve();
    const r = await result;
    expect(r.state).toBe('failed');
    expect((r.error as Error).message).toBe('constraint violated');
    expect(g.started).toEqual(['a', 'b']);
    const final = new Map(r.tasks.map((t) => [t.taskId, t]));
    expect(final.get('a')).toMatchObject({ state: 'failed', error: 'constraint violated' });
    expect(final.get('b')?.state).toBe('done');
    expect(final.get('c')?.state).toBe('queued');
    expect(events.filter((e) => e.taskId === 'a').map((e) => e.state)).toEqual([
      'queued',
      'running',
      'failed',
    ]);
  });

  it('is interrupted by its abort signal: running tasks and queued ones end interrupted', async () => {
    const g = gatedRunner();
    const ac = new AbortController();
    const tasks = ['a', 'b', 'c'].map((id, i) => task(id, 100 - i));
    const result = runTasks({ tasks, parallelism: 2, run: g.run, signal: ac.signal });
    await tick();
    ac.abort();
    const r = await result;
    expect(r.state).toBe('interrupted');
    expect(g.started).toEqual(['a', 'b']);
    expect(r.tasks.map((t) => t.state)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    expect(r.tasks[2].error).toMatch(/not started/);
  });

  it('reports rows, bytes, rows/s and an ETA from the row estimate while a task runs', async () => {
    const events: TaskProgress[] = [];
    await runTasks({
      tasks: [task('t', 1_000)],
      parallelism: 1,
      progressIntervalMs: 0,
      onProgress: (p) => events.push(p),
      run: async (_t, ctx) => {
        for (let rows = 250; rows <= 1_000; rows += 250) {
          await new Promise((r) => setTimeout(r, 5));
          ctx.progress(rows, rows * 10);
        }
        return { rows: 1_000, bytes: 10_000 };
      },
    });
    const running = events.filter((e) => e.state === 'running' && e.rows > 0);
    expect(running.map((e) => e.rows)).toEqual([250, 500, 750, 1_000]);
    const first = running[0];
    expect(first.bytes).toBe(2_500);
    expect(first.seconds).toBeGreaterThan(0);
    expect(first.rowsPerSec).toBeCloseTo(250 / first.seconds, 6);
    expect(first.etaSeconds).toBeCloseTo(750 / first.rowsPerSec, 6);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ state: 'done', rows: 1_000, bytes: 10_000, etaSeconds: 0 });
  });

  it('runs transfer tasks resolved by table name, and fails a task naming an unknown table', async () => {
    const source = generatorSource({ tables: [{ schema: 'dbo', name: 'A', rows: 3_000 }] });
    const { model } = await source.introspect();
    const mapping = identityMapping(model.tables[0], { targetSchema: 'app' });
    const target = collectingTarget();
    const ranges = await source.ranges!(model.tables[0], 3);
    const tasks: DataTask[] = ranges.map((range) => ({
      id: `app.A#${range.index}`,
      source: 'dbo.A',
      target: 'app.A',
      range,
      rowEstimate: 1_000,
    }));
    const run = transferRunner({ source, target, mappings: [mapping], batchRows: 500, batchBytes: 1 << 20 });
    const ok = await runTasks({ tasks, parallelism: 3, run });
    expect(ok.state).toBe('done');
    expect(
      target
        .rows('app.A')
        .map((r) => r[0])
        .sort((a, b) => (a as number) - (b as number)),
    ).toEqual(Array.from({ length: 3_000 }, (_, i) => i + 1));
    const bad = await runTasks({
      tasks: [{ id: 'x', source: 'dbo.X', target: 'app.X', rowEstimate: 0 }],
      parallelism: 1,
      run,
    });
    expect(bad.state).toBe('failed');
    expect(bad.tasks[0].error).toMatch(/no table mapping for data task x \(dbo\.X -> app\.X\)/);
  });
});
