// `pnpm demo`: starts the SQL Server emulator loaded with demo.sql and an embedded PostgreSQL,
// then runs `ferry run` on migration.config.ts against them, as a user would from a terminal.
//   FERRY_DEMO_SCALE=2 pnpm demo   doubles the generated data (scale 1 is about 900,000 rows; 0.01 is 1%)
//   FERRY_DEMO_DATABASE_URL=postgres://...   loads into that PostgreSQL database instead of an embedded one
//   FERRY_DEMO_REPORTS=dir                    writes the reports there (default examples/demo/reports)

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@ferry/mssql-emulator';
import { startPostgres } from '@ferry/test-harness';

const here = dirname(fileURLToPath(import.meta.url));
const demoDir = join(here, '..');
const repoRoot = join(demoDir, '..', '..');
const scale = process.env.FERRY_DEMO_SCALE ?? '1';
const reportsDir = process.env.FERRY_DEMO_REPORTS ?? join(demoDir, 'reports');

function step(message: string): void {
  process.stdout.write(`\u001b[1m▸ ${message}\u001b[0m\n`);
}

async function main(): Promise<number> {
  step(`Loading the demo database into the SQL Server emulator (scale ${scale})`);
  const script = await readFile(join(demoDir, 'demo.sql'), 'utf8');
  let started = Date.now();
  const emulator = await startEmulator({ scripts: [script], variables: { scale }, database: 'FerryDemo' });
  process.stdout.write(
    `  SQL Server emulator on 127.0.0.1:${emulator.port} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );

  const givenUrl = process.env.FERRY_DEMO_DATABASE_URL;
  let pg: { url: string; stop(): Promise<void> };
  if (givenUrl) {
    pg = { url: givenUrl, stop: async () => {} };
  } else {
    step('Starting an embedded PostgreSQL');
    started = Date.now();
    const embedded = await startPostgres();
    pg = embedded;
    process.stdout.write(
      `  PostgreSQL on 127.0.0.1:${embedded.port} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  }

  try {
    const { user, password, server, port, database } = emulator.config;
    const env = {
      ...process.env,
      FERRY_DEMO_MSSQL_URL: `Server=tcp:${server},${port};Initial Catalog=${database};User ID=${user};Password=${password};Encrypt=False;TrustServerCertificate=True`,
      FERRY_DEMO_DATABASE_URL: pg.url,
    };
    step('ferry run --config examples/demo/migration.config.ts');
    const bin = join(repoRoot, 'packages', 'cli', 'bin', 'ferry.js');
    const args = [bin, 'run', '--config', join(demoDir, 'migration.config.ts'), '--reports', reportsDir];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: 'inherit', env, cwd: demoDir });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    process.stdout.write(`\nReports: ${reportsDir}\n`);
    return code;
  } finally {
    await Promise.allSettled([pg.stop(), emulator.close()]);
  }
}

process.exitCode = await main();
