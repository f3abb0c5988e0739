import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

// The seed's workflow: the schema converted to files and applied first (`ferry convert --out dir`,
// `ferry apply dir`, FKs included), the tables truncated by the user, then `ferry run` with table
// preparation 'do-nothing' loading into the existing tables while their FKs exist.

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(exampleDir, '../..');
const corpusDir = process.env.FERRY_CORPUS_DIR ?? join(repoRoot, '../shared/corpus');
const ferryBin = join(repoRoot, 'packages/cli/bin/ferry.js');

type Result = { code: number | null; stdout: string; stderr: string };

function ferry(args: string[], env: Record<string, string>): Promise<Result> {
  const { CI: _ci, FORCE_COLOR: _fc, ...base } = process.env;
  const child = spawn(process.execPath, [ferryBin, ...args], {
    cwd: exampleDir,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tables = [
  'order_details',
  'orders',
  'customers',
  'products',
  'territories',
  'employee_territories',
  'suppliers',
  'employees',
  'categories',
  'region',
  'shippers',
  'customer_customer_demo',
  'customer_demographics',
];

// One emulator with Northwind for both scenarios (the source is only read).
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    scripts: [await readFile(join(corpusDir, 'northwind-azure.sql'), 'utf8')],
    database: 'Northwind',
  });
});
afterAll(() => emulator?.close());

describe("Northwind the seed's way: convert, apply, truncate, run with prep do-nothing", () => {
  let db: TestDatabase;
  let client: pg.Client;
  let dir: string;
  let convert: Result, apply: Result, run: Result;
  let filesWritten: string[];
  let foreignKeysAfterApply: number;
  const scalar = async (sql: string) => (await client.query(sql)).rows[0].v;

  beforeAll(async () => {
    [db, dir] = await Promise.all([
      createTestDatabase(getTestPostgres().url),
      mkdtemp(join(tmpdir(), 'ferry-northwind-seed-')),
    ]);
    const { server, port, user, password, database } = emulator.config;
    const env = {
      MSSQL_URL: `Server=tcp:${server},${port};Initial Catalog=${database};User ID=${user};Password=${password};Encrypt=False;TrustServerCertificate=True`,
      DATABASE_URL: db.url,
    };
    // The user's variant of the example config: same migration, tables left as they are.
    const config = join(dir, 'migration.config.ts');
    await writeFile(
      config,
      `import base from ${JSON.stringify(join(exampleDir, 'migration.config.ts'))};\n` +
        `export default { ...base, load: { ...base.load, prep: 'do-nothing' as const } };\n`,
    );
    const schemaDir = join(dir, 'schema');
    convert = await ferry(['convert', '--no-color', '--out', schemaDir], env);
    filesWritten = (await readdir(schemaDir)).filter((f) => f.endsWith('.sql'));
    apply = await ferry(['apply', '--no-color', schemaDir], env);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    foreignKeysAfterApply = await scalar(
      `SELECT count(*)::int AS v FROM pg_constraint WHERE connamespace = 'northwind'::regnamespace AND contype = 'f'`,
    );
    await client.query(`TRUNCATE ${tables.map((t) => `northwind.${t}`).join(', ')}`);
    run = await ferry(
      ['run', '--no-color', '--verbose', '--config', config, '--reports', join(dir, 'reports')],
      env,
    );
  });
  afterAll(async () => {
    await client?.end();
    await Promise.allSettled([db?.drop(), dir && rm(dir, { recursive: true, force: true })]);
  });

  it('convert writes .sql files and apply creates the schema with its 13 foreign keys', () => {
    expect(convert.stderr).toBe('');
    expect(convert.code).toBe(0);
    expect(filesWritten.length).toBeGreaterThan(13);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(foreignKeysAfterApply).toBe(13);
  });

  it('run loads every table into the existing tables, FKs in place, and validates', async () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^validate: ok/m);
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = await scalar(`SELECT count(*)::int AS v FROM northwind.${t}`);
    expect(counts).toEqual({
      order_details: 2155,
      orders: 830,
      customers: 91,
      products: 77,
      territories: 53,
      employee_territories: 49,
      suppliers: 29,
      employees: 9,
      categories: 8,
      region: 4,
      shippers: 3,
      customer_customer_demo: 0,
      customer_demographics: 0,
    });
    expect(
      await scalar(
        `SELECT count(*)::int AS v FROM pg_constraint WHERE connamespace = 'northwind'::regnamespace AND contype = 'f'`,
      ),
    ).toBe(13);
    expect(
      await scalar(
        `SELECT count(*)::int AS v FROM northwind.order_details d LEFT JOIN northwind.orders o USING (order_id) WHERE o.order_id IS NULL`,
      ),
    ).toBe(0);
  });

  it('says how foreign key enforcement was handled during the load', () => {
    // The test login is a superuser: Ferry's load sessions use session_replication_role = replica.
    // (The target's note reaches the terminal, on stderr, with --verbose.)
    expect(run.stderr).toMatch(
      /foreign keys of .*: not enforced in Ferry's load sessions \(session_replication_role = replica\)/,
    );
  });
});

describe('the same workflow as a login that may not set session_replication_role', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  let dir: string;
  let run: Result;
  const role = `ferry_loader_${Math.random().toString(36).slice(2, 10)}`;
  const scalar = async (sql: string) => (await admin.query(sql)).rows[0].v;

  beforeAll(async () => {
    [db, dir] = await Promise.all([
      createTestDatabase(getTestPostgres().url),
      mkdtemp(join(tmpdir(), 'ferry-northwind-seed-')),
    ]);
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    // An ordinary login owning the database: it creates the schema but may not disable FK checks.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'loader-pw'`);
    await admin.query(`ALTER DATABASE ${db.database} OWNER TO ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'loader-pw';
    const { server, port, user, password, database } = emulator.config;
    const env = {
      MSSQL_URL: `Server=tcp:${server},${port};Initial Catalog=${database};User ID=${user};Password=${password};Encrypt=False;TrustServerCertificate=True`,
      DATABASE_URL: url.toString(),
    };
    const config = join(dir, 'migration.config.ts');
    await writeFile(
      config,
      `import base from ${JSON.stringify(join(exampleDir, 'migration.config.ts'))};\n` +
        `export default { ...base, load: { ...base.load, prep: 'do-nothing' as const } };\n`,
    );
    const schemaDir = join(dir, 'schema');
    const convert = await ferry(['convert', '--no-color', '--out', schemaDir], env);
    const apply = await ferry(['apply', '--no-color', schemaDir], env);
    if (convert.code !== 0 || apply.code !== 0)
      throw new Error(`convert/apply failed: ${convert.stderr}${apply.stderr}`);
    run = await ferry(
      ['run', '--no-color', '--verbose', '--config', config, '--reports', join(dir, 'reports')],
      env,
    );
  });
  afterAll(async () => {
    await admin?.end();
    await rm(dir, { recursive: true, force: true });
    await db?.drop();
    const server = new pg.Client({ connectionString: getTestPostgres().url });
    await server.connect();
    await server.query(`DROP ROLE IF EXISTS ${role}`).finally(() => server.end());
  });

  it('drops the foreign keys for the load, re-creates all 13 after it, and says so', async () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/foreign keys of .*: dropped for the load and re-created after it/);
    expect(run.stdout).toMatch(/^validate: ok/m);
    expect(await scalar(`SELECT count(*)::int AS v FROM northwind.order_details`)).toBe(2155);
    expect(
      await scalar(
        `SELECT count(*)::int AS v FROM pg_constraint WHERE connamespace = 'northwind'::regnamespace AND contype = 'f'`,
      ),
    ).toBe(13);
  });
});
