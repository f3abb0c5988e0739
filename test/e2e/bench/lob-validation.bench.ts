// Loads one row of an N MB nvarchar(max) and an N MB varbinary(max) (the emulator's gen.lobs) into
// PostgreSQL, then validates it, each in its own Ferry process, and prints seconds and peak RSS of
// each (issue 17 item 8: validation within the load's memory bound and at most 3x its time).
// Figures only.
//   npx tsx test/e2e/bench/lob-validation.bench.ts [megabytes=50]

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openMigration, parseConfig, run, validate } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, startPostgres } from '@ferry/test-harness';

const here = fileURLToPath(new URL('.', import.meta.url));
const emulatorBin = join(here, '..', '..', 'mssql-emulator', 'bin', 'ferry-mssql-emulator.js');

interface Figures {
  seconds: number;
  maxRssMb: number;
  match?: boolean;
}

/** In a child process: one load or one validation, then its figures as a JSON line. */
async function child(step: 'load' | 'validate'): Promise<void> {
  const migration = await openMigration(
    parseConfig({
      source: mssql({
        host: '127.0.0.1',
        port: Number(process.env.LOB_BENCH_PORT),
        user: 'sa',
        password: 'Ferry-Emulator-1',
        database: 'master',
        encrypt: false,
      }),
      target: postgres({ url: process.env.LOB_BENCH_PG_URL }),
      select: ['gen.lobs'],
    }),
    { cwd: process.cwd() },
  );
  const start = performance.now();
  const match =
    step === 'load'
      ? (await run(migration, { validate: false })).state === 'done'
      : (await validate(migration)).match;
  const seconds = (performance.now() - start) / 1000;
  await migration.close();
  const figures: Figures = { seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, match };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function spawnJson(args: string[], env: Record<string, string>): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures);
    });
  });
}

async function startEmulatorProcess(bytes: number) {
  const p = spawn(
    process.execPath,
    [emulatorBin, '--port', '0', '--no-tls', '--generated', `lobs:1:${bytes}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    p.on('close', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
  return { port, stop: () => p.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 50);
  const emulator = await startEmulatorProcess(megabytes * 1024 * 1024);
  const server = await startPostgres();
  try {
    const db = await createTestDatabase(server.url);
    const env = { LOB_BENCH_PORT: String(emulator.port), LOB_BENCH_PG_URL: db.url };
    const script = fileURLToPath(import.meta.url);
    const load = await spawnJson([script, 'child', 'load'], env);
    const check = await spawnJson([script, 'child', 'validate'], env);
    const row = (what: string, f: Figures) =>
      `| ${what} | ${f.seconds.toFixed(2)} | ${f.maxRssMb.toFixed(0)} | ${f.match ? 'ok' : 'FAILED'} |`;
    process.stdout.write(
      [
        `One row of ${megabytes} MB nvarchar(max) + ${megabytes} MB varbinary(max) (gen.lobs), Ferry process figures`,
        '| step | seconds | peak RSS MB | result |',
        '|---|---|---|---|',
        row('load (run, no validation)', load),
        row('validate (counts + checksums)', check),
        `validation / load time: ${(check.seconds / load.seconds).toFixed(2)}x`,
        '',
      ].join('\n'),
    );
    await db.drop();
  } finally {
    emulator.stop();
    await server.stop();
  }
}

if (process.argv[2] === 'child') await child(process.argv[3] as 'load' | 'validate');
else await main();
