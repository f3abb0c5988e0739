import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

// The seed's migration as a user runs it: examples/northwind/migration.config.ts, `ferry run` (the real
// bin), Azure SQL Northwind from the corpus in the SQL Server emulator, into a fresh PostgreSQL database.
// Every expected value below was read by hand from northwind-azure.sql.

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(exampleDir, '../..');
const corpusDir = process.env.FERRY_CORPUS_DIR ?? join(repoRoot, '../shared/corpus');
const ferryBin = join(repoRoot, 'packages/cli/bin/ferry.js');

function ferry(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
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

const expectedCounts: Record<string, number> = {
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
};

describe('Northwind (Azure SQL) -> PostgreSQL with examples/northwind/migration.config.ts', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let client: pg.Client;
  let reportsDir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  const query = async (sql: string) => (await client.query(sql)).rows;
  const scalar = async (sql: string) => (await client.query(sql)).rows[0].v;

  beforeAll(async () => {
    const script = await readFile(join(corpusDir, 'northwind-azure.sql'), 'utf8');
    [emulator, db, reportsDir] = await Promise.all([
      startEmulator({ scripts: [script], database: 'Northwind' }),
      createTestDatabase(getTestPostgres().url),
      mkdtemp(join(tmpdir(), 'ferry-northwind-')),
    ]);
    const { server, port, user, password, database } = emulator.config;
    run = await ferry(['run', '--no-color', '--reports', reportsDir], {
      MSSQL_URL: `Server=tcp:${server},${port};Initial Catalog=${database};User ID=${user};Password=${password};Encrypt=False;TrustServerCertificate=True`,
      DATABASE_URL: db.url,
    });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await Promise.allSettled([
      db?.drop(),
      emulator?.close(),
      reportsDir && rm(reportsDir, { recursive: true, force: true }),
    ]);
  });

  it('runs to the end with exit code 0 and validation matching on every table', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(join(reportsDir, 'run-report.json'), 'utf8'));
    expect(report.state).toBe('done');
    const tables = Object.fromEntries(report.tables.map((t: { table: string }) => [t.table, t]));
    expect(Object.keys(tables).sort()).toEqual(
      Object.keys(expectedCounts)
        .map((t) => `northwind.${t}`)
        .sort(),
    );
    for (const [name, rows] of Object.entries(expectedCounts)) {
      expect(tables[`northwind.${name}`]).toMatchObject({
        rows,
        validation: { match: true, method: 'checksum', mismatches: [] },
      });
    }
  });

  it('loads all 13 tables with their exact row counts into schema northwind, snake_case', async () => {
    const counts: Record<string, number> = {};
    for (const table of Object.keys(expectedCounts))
      counts[table] = await scalar(`SELECT count(*)::int AS v FROM northwind.${table}`);
    expect(counts).toEqual(expectedCounts);
  });

  it('creates the 13 primary keys, 13 foreign keys and 26 indexes of the script', async () => {
    const constraints = await query(
      `SELECT contype, count(*)::int AS n FROM pg_constraint
        WHERE connamespace = 'northwind'::regnamespace AND contype IN ('p', 'f') GROUP BY contype ORDER BY contype`,
    );
    expect(constraints).toEqual([
      { contype: 'f', n: 13 },
      { contype: 'p', n: 13 },
    ]);
    // 13 primary key indexes + the 26 CREATE INDEX statements.
    expect(await scalar(`SELECT count(*)::int AS v FROM pg_indexes WHERE schemaname = 'northwind'`)).toBe(39);
    expect(
      await query(
        `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
          WHERE connamespace = 'northwind'::regnamespace AND contype = 'f' AND conrelid = 'northwind.order_details'::regclass ORDER BY 2`,
      ),
    ).toEqual([
      { child: 'northwind.order_details', parent: 'northwind.orders' },
      { child: 'northwind.order_details', parent: 'northwind.products' },
    ]);
  });

  it('continues identity columns after the loaded maximum', async () => {
    const order = await query(
      `INSERT INTO northwind.orders (customer_id, employee_id, freight) VALUES ('RATTC', 1, 1.5) RETURNING order_id`,
    );
    expect(order).toEqual([{ order_id: 11078 }]);
    const shipper = await query(
      `INSERT INTO northwind.shippers (company_name) VALUES ('Ferry Freight') RETURNING shipper_id`,
    );
    expect(shipper).toEqual([{ shipper_id: 4 }]);
  });

  it('keeps money exact to 4 places, datetimes, Unicode text and real values as in the script', async () => {
    expect(
      await query(
        `SELECT freight::text, order_date::text, ship_name, ship_city FROM northwind.orders WHERE order_id = 10249`,
      ),
    ).toEqual([
      {
        freight: '11.6100',
        order_date: '1996-07-05 00:00:00',
        ship_name: 'Toms Spezialitäten',
        ship_city: 'Münster',
      },
    ]);
    expect(await scalar(`SELECT freight::text AS v FROM northwind.orders WHERE order_id = 11077`)).toBe(
      '8.5300',
    );
    expect(
      await query(`SELECT product_name, unit_price::text FROM northwind.products WHERE product_id = 38`),
    ).toEqual([{ product_name: 'Côte de Blaye', unit_price: '263.5000' }]);
    expect(
      await query(
        `SELECT unit_price::text, quantity, discount FROM northwind.order_details WHERE order_id = 11077 AND product_id = 2`,
      ),
    ).toEqual([{ unit_price: '19.0000', quantity: 24, discount: 0.2 }]);
    expect(
      await scalar(`SELECT company_name AS v FROM northwind.customers WHERE customer_id = 'ANTON'`),
    ).toBe('Antonio Moreno Taquería');
  });

  it('applies the Customers row transform: UK becomes United Kingdom', async () => {
    expect(
      await query(
        `SELECT country, count(*)::int AS n FROM northwind.customers WHERE country IN ('UK', 'United Kingdom') GROUP BY country`,
      ),
    ).toEqual([{ country: 'United Kingdom', n: 7 }]);
    expect(await scalar(`SELECT country AS v FROM northwind.customers WHERE customer_id = 'AROUT'`)).toBe(
      'United Kingdom',
    );
  });

  it('leaves the employees photo column behind (remove-column rule)', async () => {
    const columns = (
      await query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'northwind' AND table_name = 'employees'`,
      )
    ).map((r) => r.column_name);
    expect(columns).toContain('photo_path');
    expect(columns).not.toContain('photo');
  });
});
