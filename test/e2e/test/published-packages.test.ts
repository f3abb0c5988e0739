// Ferry as a user installs it from npm: the packages are packed (`pnpm pack`: workspace:* becomes
// versions, only dist/ and what `files` lists ship), installed with npm into a new folder outside
// the workspace (third-party dependencies from the npm registry or npm's cache), and run from there:
// the packed emulator's bin serves a small database, `npx ferry init` writes the config, and
// `npx ferry run` migrates it into the run's embedded PostgreSQL with nothing edited but env vars.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const pnpm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager as string;
const password = 'Shop-Secret-42';
const packages = ['tsql', 'core', 'source-mssql', 'target-postgres', 'cli', 'mssql-emulator'];

const shop = `CREATE TABLE dbo.Customers (CustomerID int NOT NULL PRIMARY KEY, Name nvarchar(40) NOT NULL);
CREATE TABLE dbo.Orders (OrderID int NOT NULL PRIMARY KEY, CustomerID int NOT NULL REFERENCES dbo.Customers, Total money NOT NULL);
INSERT INTO dbo.Customers VALUES (1, N'Ærø Fisk'), (2, N'Nord');
INSERT INTO dbo.Orders VALUES (10, 1, 12.5), (11, 1, 3.25), (12, 2, 100);
`;

/** Runs `npx <args>` in the user's folder, offline: only what was installed there. */
function npx(cwd: string, args: string[], env: Record<string, string> = {}) {
  const { CI: _ci, FORCE_COLOR: _fc, ...base } = process.env;
  return run('npx', ['--no-install', ...args], { cwd, env: { ...base, ...env } });
}

describe('the packed packages, installed with npm outside the workspace', () => {
  let work: string;
  let user: string;
  let emulator: ChildProcess | undefined;
  let db: TestDatabase;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ferry-published-'));
    const packs = join(work, 'packs');
    const filters = packages.flatMap((p) => ['--filter', `@ferry/${p}`]);
    await run('npx', ['--yes', pnpm, '-r', ...filters, 'pack', '--pack-destination', packs], { cwd: root });
    const tarballs = (await readdir(packs)).map((file) => join(packs, file));
    user = join(work, 'project');
    await run('mkdir', [user]);
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], { cwd: user });
    db = await createTestDatabase(getTestPostgres().url);
  }, 600_000);

  afterAll(async () => {
    emulator?.kill('SIGTERM');
    await db?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('installs compiled JavaScript: no TypeScript sources and no tsx', () => {
    const core = join(user, 'node_modules/@ferry/core');
    expect(existsSync(join(core, 'dist/index.js'))).toBe(true);
    expect(existsSync(join(core, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(core, 'src'))).toBe(false);
    expect(existsSync(join(user, 'node_modules/tsx'))).toBe(false);
    const cli = JSON.parse(readFileSync(join(user, 'node_modules/@ferry/cli/package.json'), 'utf8'));
    expect(cli.dependencies['@ferry/core']).toBe('0.1.0');
  });

  it('ferry init writes a config, and ferry run migrates the emulator database with it', async () => {
    await writeFile(join(user, 'shop.sql'), shop);
    const { CI: _ci, ...env } = process.env;
    const server = spawn(
      'npx',
      ['--no-install', 'ferry-mssql-emulator', '--port', '0', '--load', 'shop.sql', '--password', password],
      {
        cwd: user,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    emulator = server;
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const listening = /listening on [\d.]+:(\d+)/.exec(out);
        if (listening) resolve(Number(listening[1]));
      });
      server.on('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${out}`)));
    });

    const init = await npx(user, ['ferry', 'init']);
    expect(init.stdout).toContain('migration.config.ts');
    const ran = await npx(user, ['ferry', 'run', '--no-color'], {
      MSSQL_URL: `Server=tcp:127.0.0.1,${port};Database=master;User Id=sa;Password=${password};Encrypt=true;TrustServerCertificate=true`,
      DATABASE_URL: db.url,
    });
    expect(ran.stdout).toMatch(/validate: ok/);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query(
        'SELECT c.name, count(*)::int AS orders, sum(o.total)::text AS total FROM public.customers c JOIN public.orders o USING (customer_id) GROUP BY c.name ORDER BY c.name',
      );
      expect(rows.rows).toEqual([
        { name: 'Nord', orders: 1, total: '100.0000' },
        { name: 'Ærø Fisk', orders: 2, total: '15.7500' },
      ]);
    } finally {
      await client.end();
    }
  });
});
