import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

// `pnpm demo` at 1% scale (FERRY_DEMO_SCALE=0.01), into a test database of the run's PostgreSQL.
// Expected counts follow from demo.sql: GENERATE_SERIES(1, n * scale) per table.

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const expectedCounts: Record<string, number> = {
  region: 5,
  straße: 3,
  product: 20,
  customer: 500,
  order: 2000,
  order_line: 6000,
  shipment: 500,
  order_audit: 0,
};

describe('pnpm demo (scale 0.01)', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let reportsDir: string;
  let demo: { code: number | null; stdout: string; stderr: string };
  const query = async (sql: string) => (await client.query(sql)).rows;

  beforeAll(async () => {
    [db, reportsDir] = await Promise.all([
      createTestDatabase(getTestPostgres().url),
      mkdtemp(join(tmpdir(), 'ferry-demo-')),
    ]);
    const { CI: _ci, FORCE_COLOR: _fc, ...base } = process.env;
    const child = spawn(join(demoDir, 'node_modules/.bin/tsx'), ['src/demo.ts'], {
      cwd: demoDir,
      env: {
        ...base,
        FERRY_DEMO_SCALE: '0.01',
        FERRY_DEMO_DATABASE_URL: db.url,
        FERRY_DEMO_REPORTS: reportsDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    demo = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await Promise.allSettled([db?.drop(), reportsDir && rm(reportsDir, { recursive: true, force: true })]);
  });

  it('runs to the end, validates every table and says where the reports are', async () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('validate: ok');
    expect(demo.stdout).toContain(`Reports: ${reportsDir}`);
    const report = JSON.parse(await readFile(join(reportsDir, 'run-report.json'), 'utf8'));
    expect(report.state).toBe('done');
    const tables = Object.fromEntries(report.tables.map((t: { table: string }) => [t.table, t]));
    for (const [name, rows] of Object.entries(expectedCounts)) {
      expect(tables[`sales.${name}`]).toMatchObject({ rows, validation: { match: true, mismatches: [] } });
    }
    for (const file of ['run-report.md', 'run-report.html'])
      expect((await readFile(join(reportsDir, file), 'utf8')).length).toBeGreaterThan(0);
  });

  it('loads every table with the generated row counts, the Unicode-named one included', async () => {
    const counts: Record<string, number> = {};
    for (const table of Object.keys(expectedCounts))
      counts[table] = (await query(`SELECT count(*)::int AS n FROM sales."${table}"`))[0].n;
    expect(counts).toEqual(expectedCounts);
    expect(await query(`SELECT "straße_id", "größe", "città" FROM sales."straße" ORDER BY 1`)).toEqual([
      { straße_id: 1, größe: 'groß', città: 'Köln' },
      { straße_id: 2, größe: 'klein', città: null },
      { straße_id: 3, größe: '😀 emoji', città: '東京' },
    ]);
  });

  it('keeps the generated values exactly (computed by hand from the script for value = 4 and 5)', async () => {
    // Product 4: Spec is xml, Photo NULL (4 % 5 <> 0), OpensAt 08:00 + 4,000 ns, LastAudit 23:59:59.997 + 28 ms:
    // datetime counts 1/300 s ticks, .997 is tick 299, 28 ms is 8.4 ticks -> tick 307 = 00:00:00 + 7/300 s = .023.
    expect(
      await query(
        `SELECT sku, price::text, spec::text, photo, last_audit::text, opens_at::text FROM sales.product WHERE product_id = 4`,
      ),
    ).toEqual([
      {
        sku: 'SKU-000004',
        price: '0.5714285714',
        spec: '<spec id="4" />', // SQL Server returns the stored empty element as <spec id="4" />
        photo: null,
        last_audit: '2021-07-01 00:00:00.023',
        opens_at: '08:00:00.000004',
      },
    ]);
    // Product 5: Photo is CHAR(5) replicated 64 times, as varbinary: 64 bytes 0x05.
    expect((await query(`SELECT photo FROM sales.product WHERE product_id = 5`))[0].photo).toEqual(
      Buffer.alloc(64, 5),
    );
    // Order line 4: order (4-1)/3+1 = 2, line (4-1)%3+1 = 1, product 4 % 20 + 1 = 5, quantity 5, unit price 4/4 = 1.
    expect(
      await query(
        `SELECT order_id::int, line_number, product_id, quantity, unit_price::text, line_total::text FROM sales.order_line WHERE order_id = 2 AND line_number = 1`,
      ),
    ).toEqual([
      { order_id: 2, line_number: 1, product_id: 5, quantity: 5, unit_price: '1.0000', line_total: '5.0000' },
    ]);
  });

  it('continues identity columns after the loaded maximum', async () => {
    expect(
      await query(
        `INSERT INTO sales.customer (code, name, created_at, row_guid) VALUES ('XNEW0001', 'New', now(), gen_random_uuid()) RETURNING customer_id`,
      ),
    ).toEqual([{ customer_id: 1500 }]);
  });
});
