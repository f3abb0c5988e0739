// Start-up benchmark (`pnpm bench:startup`): figures printed, never asserted.
// - `ferry --version`: the bin's start alone;
// - a task worker's start: the worker thread `ferry run` starts per parallel task (it loads Ferry, the
//   config and its endpoints, opens the migration), from `new Worker` until it has closed again;
// - `ferry run` of the demo at a small scale (FERRY_STARTUP_SCALE, 0.01) against the emulator and an
//   embedded PostgreSQL: parallelism 4, so the main thread and 4 workers start.
// Each is run FERRY_STARTUP_RUNS (5) times; the median is printed: wall time, CPU seconds (user +
// system, the process's threads together) and peak RSS (bench/process-usage.mjs, preloaded).

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startEmulator } from '../test/mssql-emulator/src/index.js';
import { startPostgres } from '../test/harness/src/index.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.FERRY_STARTUP_RUNS ?? 5);
const scale = process.env.FERRY_STARTUP_SCALE ?? '0.01';
const ferryBin = join(repoRoot, 'packages/cli/bin/ferry.js');
const demoConfig = join(repoRoot, 'examples/demo/migration.config.ts');
const usagePreload = pathToFileURL(join(repoRoot, 'bench/process-usage.mjs')).href;

interface Sample {
  wallMs: number;
  cpuSeconds: number;
  maxRssMb?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function print(name: string, samples: Sample[]): void {
  const rss = samples.every((s) => s.maxRssMb !== undefined)
    ? `, peak RSS ${median(samples.map((s) => s.maxRssMb!)).toFixed(0)} MB`
    : '';
  const wall = median(samples.map((s) => s.wallMs));
  const cpu = median(samples.map((s) => s.cpuSeconds));
  process.stdout.write(
    `${name}: ${wall.toFixed(0)} ms wall, ${cpu.toFixed(2)} CPU-s${rss} (median of ${samples.length})\n`,
  );
}

/** Runs the ferry bin once; its own peak RSS and CPU come from bench/process-usage.mjs. */
async function ferry(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-startup-'));
  const usageFile = join(dir, 'usage.json');
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', usagePreload, ferryBin, ...args], {
      env: { ...process.env, ...env, FERRY_BENCH_USAGE_FILE: usageFile },
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const wallMs = performance.now() - started;
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssMb: number; cpuSeconds: number };
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`ferry ${args.join(' ')} exited with ${code}`);
  return { wallMs, ...usage };
}

/** The task worker's entry and the CLI's built-in plugins, as `ferry run` starts a worker. */
const workerEntry = pathToFileURL(join(repoRoot, 'packages/core/dist/run/task-workers/task-worker.js'));
const builtinsModule = pathToFileURL(join(repoRoot, 'packages/cli/dist/builtin-plugins.js')).href;

/** One worker: started as `ferry run` starts it, told to close at once; timed until it exits. */
async function workerStart(): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(workerEntry, {
      workerData: { origin: { configFile: demoConfig, builtinsModule } },
      execArgv: ['--disable-warning=DEP0123'],
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
    worker.postMessage({ type: 'close' });
  });
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function repeat(make: () => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await make());
  return samples;
}

process.stdout.write(`node ${process.version}, ${runs} runs each\n`);
print('ferry --version', await repeat(() => ferry(['--version'])));

const script = await readFile(join(repoRoot, 'examples/demo/demo.sql'), 'utf8');
const emulator = await startEmulator({ scripts: [script], variables: { scale }, database: 'FerryDemo' });
const pg = await startPostgres();
try {
  const { user, password, server, port, database } = emulator.config;
  process.env.FERRY_DEMO_MSSQL_URL = `Server=tcp:${server},${port};Initial Catalog=${database};User ID=${user};Password=${password};Encrypt=False;TrustServerCertificate=True`;
  process.env.FERRY_DEMO_DATABASE_URL = pg.url;
  print('task worker start', await repeat(workerStart));
  const reports = await mkdtemp(join(tmpdir(), 'ferry-startup-reports-'));
  print(
    `ferry run (demo, scale ${scale})`,
    await repeat(() => ferry(['run', '--config', demoConfig, '--reports', reports])),
  );
  await rm(reports, { recursive: true, force: true });
} finally {
  await Promise.allSettled([pg.stop(), emulator.close()]);
}
