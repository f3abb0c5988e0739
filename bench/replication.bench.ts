// Replication benchmark (a section of `pnpm bench`; alone: `pnpm bench:replication`): figures
// printed, never asserted. The DML workload of the e2e tests (inserts, updates, key updates, deletes,
// multi-row and rolled-back transactions) writes on an emulator in this process; Ferry replicates
// with the `ferry` bin (load.mode 'full-load-and-cdc'), as a user runs it.
// 1. Steady writes: the workload at full speed while Ferry replicates: its write rate (changes/s,
//    counted in the CDC change tables) and Ferry's lag per cycle (goal < 2 s).
// 2. Apply rate: Ferry stopped (Ctrl-C), the workload alone (its rate on this machine), then
//    `ferry run --resume` catches up the backlog in one cycle: changes applied per second of that
//    cycle (goal >= 3x the workload's rate). Then `ferry cutover`, with its validation.
// Sizes (env): FERRY_BENCH_REPL_ROWS (5000 orders), FERRY_BENCH_REPL_SECONDS (15 per phase).

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
// The built emulator: the workload (test/e2e) types it from there too.
import { startEmulator, type RunningEmulator } from '../test/mssql-emulator/dist/index.js';
import { createTestDatabase, startPostgres } from '../test/harness/src/index.js';
import { startWorkload, workloadScript } from '../test/e2e/src/dml-workload.js';

const rows = Number(process.env.FERRY_BENCH_REPL_ROWS ?? 5_000);
const phaseSeconds = Number(process.env.FERRY_BENCH_REPL_SECONDS ?? 15);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface TimedEvent {
  at: number;
  event: Record<string, unknown>;
}

/** A `ferry` bin process with --json: its events as they come, with the time each arrived. */
function ferryProcess(emulator: RunningEmulator, pgUrl: string, dir: string, args: string[]) {
  const env = {
    ...process.env,
    FERRY_BENCH_JOB_PORT: String(emulator.port),
    FERRY_BENCH_JOB_USER: emulator.config.user,
    FERRY_BENCH_JOB_PASSWORD: emulator.config.password,
    FERRY_BENCH_JOB_DATABASE: emulator.config.database,
    FERRY_BENCH_JOB_PG_URL: pgUrl,
    FERRY_BENCH_JOB_TABLE: 'dbo.Orders,dbo.Lines',
    FERRY_BENCH_JOB_MODE: 'full-load-and-cdc',
  };
  const p = spawn(
    process.execPath,
    [
      join(repoRoot, 'packages/cli/bin/ferry.js'),
      ...args,
      '--json',
      '--config',
      join(repoRoot, 'test/e2e/bench/migration.config.ts'),
      '--reports',
      join(dir, 'reports'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env, cwd: repoRoot },
  );
  const events: TimedEvent[] = [];
  const waiting: { test: (e: Record<string, unknown>) => boolean; resolve: (t: TimedEvent) => void }[] = [];
  createInterface({ input: p.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const timed = { at: performance.now(), event: JSON.parse(line) as Record<string, unknown> };
    events.push(timed);
    for (const w of waiting.filter((w) => w.test(timed.event))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(timed);
    }
  });
  const exited = new Promise<number | null>((resolve) => p.on('close', resolve));
  return {
    events,
    exited,
    /** The first event (from now on, or already seen) that passes `test`. */
    next: (test: (e: Record<string, unknown>) => boolean) =>
      new Promise<TimedEvent>((resolve, reject) => {
        const seen = events.find((e) => test(e.event));
        if (seen) return resolve(seen);
        waiting.push({ test, resolve });
        void exited.then((code) => reject(new Error(`ferry ${args.join(' ')} exited with ${code}`)));
      }),
    interrupt: () => p.kill('SIGINT'),
  };
}

/** Change rows in the workload tables' CDC change tables (before-images of updates left out). */
async function capturedChanges(emulator: RunningEmulator): Promise<number> {
  const session = emulator.engine.openSession({
    user: emulator.config.user,
    database: emulator.config.database,
  });
  try {
    const sql = `SELECT (SELECT COUNT(*) FROM cdc.dbo_Orders_CT WHERE __$operation <> 3) + (SELECT COUNT(*) FROM cdc.dbo_Lines_CT WHERE __$operation <> 3)`;
    for await (const r of session.executeBatch(sql, new AbortController().signal)) {
      if (r.kind === 'error') throw new Error(r.error.message);
      if (r.kind === 'rows') for await (const row of r.resultSet.rows) return Number(row[0]);
    }
    throw new Error('no count of change rows');
  } finally {
    session.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs both phases on a fresh emulator and a fresh database of `pgServerUrl`; returns the printed text. */
export async function replicationBench(pgServerUrl: string): Promise<string> {
  const emulator = await startEmulator({ scripts: [workloadScript(rows)], tls: false });
  const db = await createTestDatabase(pgServerUrl, 'ferry_bench_replication');
  const dir = await mkdtemp(join(tmpdir(), 'ferry-replication-bench-'));
  const workload = startWorkload(emulator, rows, 42);
  await workload.pause();
  try {
    // 1. Steady writes while Ferry replicates.
    const first = ferryProcess(emulator, db.url, dir, ['run']);
    await first.next((e) => e.type === 'phase-start' && e.phase === 'replicate');
    const steadyFrom = { at: performance.now(), changes: await capturedChanges(emulator) };
    workload.resume();
    await sleep(phaseSeconds * 1000);
    await workload.pause();
    const steadyWritten = (await capturedChanges(emulator)) - steadyFrom.changes;
    const steadySeconds = (performance.now() - steadyFrom.at) / 1000;
    // The cycles that applied the steady writes (and the catch-up after them).
    await sleep(2_000);
    const cycles = first.events
      .filter((e) => e.event.type === 'replication' && e.at >= steadyFrom.at)
      .map((e) => e.event as { changes: number; lagSeconds: number });
    first.interrupt();
    await first.exited;

    // 2. The workload alone builds a backlog; the resumed run catches it up in its first cycle.
    const aloneFrom = { at: performance.now(), changes: await capturedChanges(emulator) };
    workload.resume();
    await sleep(phaseSeconds * 1000);
    await workload.pause();
    const backlog = (await capturedChanges(emulator)) - aloneFrom.changes;
    const aloneRate = backlog / ((performance.now() - aloneFrom.at) / 1000);
    const resumed = ferryProcess(emulator, db.url, dir, ['run', '--resume']);
    const replicating = await resumed.next((e) => e.type === 'phase-start' && e.phase === 'replicate');
    const caughtUp = await resumed.next((e) => e.type === 'replication');
    const applySeconds = (caughtUp.at - replicating.at) / 1000;
    const applied = caughtUp.event.changes as number;
    const cutover = ferryProcess(emulator, db.url, dir, ['cutover']);
    await cutover.exited;
    await resumed.exited;
    const result = resumed.events.find((e) => e.event.type === 'result')?.event as
      { cutover?: { seconds: number; match: boolean } } | undefined;

    const lags = cycles.map((c) => c.lagSeconds);
    const applyRate = applied / applySeconds;
    return [
      `Replication (DML workload on ${int(rows)} orders + ${int(2 * rows)} lines; load.mode 'full-load-and-cdc', the ferry bin, 500 ms poll)`,
      `  steady writes while replicating: ${int(steadyWritten)} changes in ${fixed(steadySeconds)} s = ${int(steadyWritten / steadySeconds)} changes/s written; ${cycles.length} cycles applied ${int(cycles.reduce((n, c) => n + c.changes, 0))} changes`,
      `  lag per cycle: median ${fixed(quantile(lags, 0.5))} s, p95 ${fixed(quantile(lags, 0.95))} s, max ${fixed(Math.max(0, ...lags))} s (goal < 2 s)`,
      `  workload alone: ${int(aloneRate)} changes/s; backlog of ${int(backlog)} changes applied by the resumed run in one cycle of ${fixed(applySeconds, 2)} s = ${int(applyRate)} changes/s, ${fixed(applyRate / aloneRate)}x the workload's rate (goal >= 3x)`,
      `  cutover: ${result?.cutover ? `${fixed(result.cutover.seconds)} s from the request, validation ${result.cutover.match ? 'every table matches' : 'TABLES DIFFER'}` : 'no cutover report'}`,
    ].join('\n');
  } finally {
    await workload.stop();
    await emulator.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startPostgres();
  try {
    console.log(await replicationBench(server.url));
  } finally {
    await server.stop();
  }
}
