import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyRules } from '../src/rules/apply-rules.js';
import { loadConfig } from '../src/config/load-config.js';
import { openMigration, type Migration, type MigrationOrigin } from '../src/run/open-migration.js';
import { qualifiedName } from '../src/model/schema-model.js';
import type { DataTask } from '../src/pipeline/data-task.js';
import { startTaskWorkers } from '../src/run/task-workers/worker-runner.js';
import { jobsPerWorker, workerThreads } from '../src/run/task-workers/thread-count.js';
import type { TaskRunOptions } from '../src/run/task-workers/worker-runner.js';

// Task worker threads are one per job at once, at most one per CPU core: beyond that, a worker runs
// several jobs at once, each over a channel of its own. The config (generator -> null) lives in this
// package, so that it imports `@ferry/core/testing` by name as a user's config imports Ferry; its
// generator writes the id of the thread that reads each table into THREADS_DIR.
const config = `import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { generator, nullEndpoint } from '@ferry/core/testing';

const table = (name) => ({
  schema: 'dbo',
  name,
  rows: 20000,
  columns: [{ name: 'id', type: { kind: 'int32' } }],
  generate: (i) => {
    if (i === 0) appendFileSync(join(process.env.THREADS_DIR, name), threadId + '\\n');
    return [i + 1];
  },
});

export default {
  source: generator({ tables: [table('a'), table('b'), table('c')] }),
  target: nullEndpoint({ delayMs: 5 }),
  load: { batchRows: 100 },
};
`;

// A target whose warmUp writes the id of the thread that called it into THREADS_DIR/warm.
const warmingConfig = `import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { defineTargetPlugin } from '@ferry/core';
import { generator, nullEndpoint } from '@ferry/core/testing';

const warming = defineTargetPlugin({
  name: 'warming',
  configSchema: nullEndpoint.configSchema,
  create: async (config, ctx) => {
    const target = await nullEndpoint.create(config, ctx);
    target.warmUp = async () => appendFileSync(join(process.env.THREADS_DIR, 'warm'), threadId + '\\n');
    return target;
  },
});

export default {
  source: generator({ tables: [{ name: 'a', rows: 1 }] }),
  target: warming({}),
};
`;

describe('task workers', () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  let dir: string;
  let migration: Migration;
  let tasks: DataTask[];
  let configFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(packageDir, '.task-workers-'));
    configFile = join(dir, 'migration.config.mjs');
    await writeFile(configFile, config);
    process.env.THREADS_DIR = dir;
    const loaded = await loadConfig({ configPath: configFile });
    migration = await openMigration(loaded.config, { cwd: dir });
    const { model } = await migration.source.introspect({});
    const { mappings } = applyRules(model, migration.config, migration.target.capabilities);
    tasks = mappings.map((m) => {
      const id = qualifiedName(m.target);
      return { id, source: qualifiedName(m.source), target: id, rowEstimate: 20000 };
    });
  });
  afterAll(async () => {
    await migration?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const options: TaskRunOptions = { log: () => undefined, stopGraceMs: 5_000 };
  /** Runs every task at once on workers for `cores` cores; the thread that read each table, and each result. */
  async function runAll(
    cores: number,
    signals: AbortSignal[] = [],
    opened?: MigrationOrigin,
    configFollows = opened !== undefined,
  ) {
    const { model } = await migration.source.introspect({});
    const workers = startTaskWorkers({ configFile }, { cores, configFollows });
    workers.warm(tasks.length, opened);
    const jobs = workers.start({ sourceModel: model }, options);
    const progress = new Map<string, number>();
    try {
      const results = await Promise.allSettled(
        tasks.map((task, i) =>
          jobs.runTask(task, {
            signal: signals[i] ?? new AbortController().signal,
            progress: (rows) => progress.set(task.id, rows),
          }),
        ),
      );
      const threads = await Promise.all(
        ['a', 'b', 'c'].map(async (t) => (await readFile(join(dir, t), 'utf8').catch(() => '')).trim()),
      );
      return { results, threads, progress };
    } finally {
      await workers.close();
      for (const t of ['a', 'b', 'c']) await rm(join(dir, t), { force: true });
    }
  }

  it('warm their endpoints up (connect) once the migration is open, before any task is sent', async () => {
    const warmingFile = join(dir, 'warming.config.mjs');
    await writeFile(warmingFile, warmingConfig);
    const workers = startTaskWorkers({ configFile: warmingFile }, { cores: 2 });
    try {
      await vi.waitFor(
        async () => expect((await readFile(join(dir, 'warm'), 'utf8')).trim()).toMatch(/^[1-9]\d*$/),
        { timeout: 30_000, interval: 50 },
      );
    } finally {
      await workers.close();
      await rm(join(dir, 'warm'), { force: true });
    }
  });

  it('are one per job at once, at most one per CPU core', () => {
    expect(workerThreads(4, 2)).toBe(2);
    expect(workerThreads(1, 16)).toBe(1);
    expect(workerThreads(3, 16)).toBe(3);
  });

  it('run at most ceil(jobs / threads) jobs each, which their connection pools are sized by', () => {
    expect(jobsPerWorker(4, 2)).toBe(2);
    expect(jobsPerWorker(5, 2)).toBe(3);
    expect(jobsPerWorker(6, 1)).toBe(6);
    expect(jobsPerWorker(3, 16)).toBe(1);
  });

  it('run three tasks at once on three threads when there are three cores', async () => {
    const { results, threads } = await runAll(3);
    expect(results.map((r) => r.status === 'fulfilled' && r.value.rows)).toEqual([20000, 20000, 20000]);
    expect(new Set(threads).size).toBe(3);
  });

  it('import the config as this thread compiled it, the first one too when told it follows', async () => {
    // The handed module writes `handed <thread>`: every worker imports it, none compiles the file.
    const { module } = await loadConfig({ configPath: configFile });
    const handed = module!.replace('threadId + ', '"handed " + threadId + ');
    expect(handed).not.toBe(module);
    const { threads } = await runAll(3, [], { configFile, module: handed });
    expect(threads.filter((t) => t.startsWith('handed ')).length).toBe(3);
    expect(new Set(threads).size).toBe(3);
  });

  it('load the config themselves when told it follows but never told it (at the latest when the run starts)', async () => {
    const { results, threads } = await runAll(2, [], undefined, true);
    expect(results.map((r) => r.status === 'fulfilled' && r.value.rows)).toEqual([20000, 20000, 20000]);
    expect(new Set(threads).size).toBe(2);
  });

  it('run three tasks at once on one thread when there is one core; each reports its own progress and result', async () => {
    const { results, threads, progress } = await runAll(1);
    expect(results.map((r) => r.status === 'fulfilled' && r.value.rows)).toEqual([20000, 20000, 20000]);
    expect(new Set(threads).size).toBe(1);
    expect(threads[0]).not.toBe('');
    expect([...progress.keys()].sort()).toEqual(tasks.map((t) => t.id).sort());
  });

  it('run a dozen tasks at once on one thread, without a listener warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const all = tasks;
    tasks = Array.from({ length: 12 }, (_, i) => ({ ...all[i % 3], id: `${all[i % 3].id}#${i}` }));
    try {
      const { results, threads } = await runAll(1);
      expect(results.every((r) => r.status === 'fulfilled' && r.value.rows === 20000)).toBe(true);
      expect(new Set(threads.flatMap((t) => t.split('\n'))).size).toBe(1);
    } finally {
      tasks = all;
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('stop only the job told to stop when jobs share a thread', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('interrupted')), 300);
    const { results } = await runAll(1, [new AbortController().signal, stop.signal]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INTERRUPTED' });
  });

  it('terminate a shared thread only once every job on it is past its stop grace: a sibling still running finishes', async () => {
    // The same tables; table b's write never ends and ignores stop.
    const stuckConfig = join(dir, 'stuck.config.mjs');
    await writeFile(
      stuckConfig,
      `import { z } from 'zod';
import { defineTargetPlugin } from '@ferry/core';
import { generator, nullTarget } from '@ferry/core/testing';
const table = (name) => ({ schema: 'dbo', name, rows: 20000, columns: [{ name: 'id', type: { kind: 'int32' } }], generate: (i) => [i + 1] });
const stuckOnB = defineTargetPlugin({
  name: 'stuck-on-b',
  configSchema: z.object({}),
  create: () => {
    const base = nullTarget({ delayMs: 5 });
    return { ...base, write: (table, batches, options) => (table.name === 'b' ? new Promise(() => {}) : base.write(table, batches, options)) };
  },
});
export default {
  source: generator({ tables: [table('a'), table('b'), table('c')] }),
  target: stuckOnB({}),
  load: { batchRows: 100 },
};
`,
    );
    const { model } = await migration.source.introspect({});
    const workers = startTaskWorkers({ configFile: stuckConfig }, { cores: 1 });
    const forced: string[] = [];
    const jobs = workers.start(
      { sourceModel: model },
      { log: () => undefined, stopGraceMs: 200, onForcedStop: (where) => forced.push(where) },
    );
    const stop = new AbortController();
    try {
      const [a, b] = tasks;
      const results = await Promise.allSettled([
        // b is stopped once the worker runs both (a's first progress), a has ~1 s of rows left.
        jobs.runTask(a!, {
          signal: new AbortController().signal,
          progress: () => stop.abort(new Error('interrupted')),
        }),
        jobs.runTask(b!, { signal: stop.signal, progress: () => undefined }),
      ]);
      expect(results[0]).toMatchObject({ status: 'fulfilled', value: { rows: 20000 } });
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'INTERRUPTED' } });
      expect(forced).toEqual([b!.id]);
    } finally {
      await workers.close();
    }
  });
});
