// Third-party clients against the emulator, run as their users run them: pgloader (Debian package
// pgloader) migrates Northwind and the generated gen.mixed table into a real PostgreSQL with a
// plain MSSQL load file; FreeTDS freebcp (queryout, out) and bsqldb (freetds-bin) read tables
// completely. A test is skipped only when its tool is not installed (.ci/run installs both).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedTable, startEmulator, type RunningEmulator } from '../src/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { corpus, rows } from './engine-helpers.js';

const installed = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const tools = { pgloader: installed('pgloader'), freebcp: installed('freebcp'), bsqldb: installed('bsqldb') };
for (const [tool, found] of Object.entries(tools))
  if (!found)
    console.warn(
      `peers-pgloader-freetds.test.ts: ${tool} tests skipped: \`${tool}\` not found (install the Debian package ${tool === 'pgloader' ? 'pgloader' : 'freetds-bin'})`,
    );

const MIXED_ROWS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'ferry-peers-'));
// FreeTDS settings for every tool: TDS 7.4 and UTF-8 client strings (pgloader's documented setup).
const freetdsConf = join(dir, 'freetds.conf');
writeFileSync(freetdsConf, '[global]\n  tds version = 7.4\n  client charset = UTF-8\n  encryption = off\n');

interface ToolResult {
  code: number | null;
  output: string;
}

/** Runs a tool without blocking: the emulator serves it from this process. */
function runTool(command: string, args: string[], input = ''): Promise<ToolResult> {
  const child = spawn(command, args, { env: { ...process.env, FREETDSCONF: freetdsConf }, cwd: dir });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

/** Northwind's row counts (northwind-azure.sql), by PostgreSQL table name. */
const northwindRows: Record<string, number> = {
  'dbo.categories': 8,
  'dbo.customercustomerdemo': 0,
  'dbo.customerdemographics': 0,
  'dbo.customers': 91,
  'dbo.employees': 9,
  'dbo.employeeterritories': 49,
  'dbo."Order Details"': 2155,
  'dbo.orders': 830,
  'dbo.products': 77,
  'dbo.region': 4,
  'dbo.shippers': 3,
  'dbo.suppliers': 29,
  'dbo.territories': 53,
};

describe('third-party clients against the emulator', () => {
  let em: RunningEmulator;
  let session: EngineSession;
  const login = () => ['-S', `${em.host}:${em.port}`, '-U', em.config.user, '-P', em.config.password];
  beforeAll(async () => {
    em = await startEmulator({
      scripts: [corpus('northwind-azure.sql')],
      database: 'Northwind',
      tables: [mixedTable(MIXED_ROWS)],
    });
    session = em.engine.openSession({ user: 'sa', database: 'Northwind' });
  });
  afterAll(() => em?.close());

  describe.skipIf(!tools.pgloader)('pgloader migrates Northwind and gen.mixed into PostgreSQL', () => {
    let db: TestDatabase;
    let client: pg.Client;
    let run: ToolResult;
    const query = async (sql: string) => (await client.query(sql)).rows;
    beforeAll(async () => {
      db = await createTestDatabase(getTestPostgres().url);
      client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const load = join(dir, 'northwind.load');
      writeFileSync(
        load,
        `LOAD DATABASE\n  FROM mssql://${em.config.user}:${em.config.password}@${em.host}:${em.port}/Northwind\n  INTO ${db.url};\n`,
      );
      run = await runTool('pgloader', ['--root-dir', join(dir, 'pgloader'), load]);
    }, 180_000);
    afterAll(async () => {
      await client?.end();
      await db?.drop();
    });

    it('reports every table with no error and its exact row count (pgloader exits 0 even when it fails)', () => {
      expect(run.code).toBe(0);
      expect(run.output).not.toMatch(/ERROR|FATAL|KABOOM/);
      // Summary lines: `table name  errors  rows  bytes  total time`.
      const summary = new Map<string, [number, number]>();
      for (const line of run.output.split('\n')) {
        const m = /^\s*(\S+(?: \S+)*?)\s{2,}(\d+)\s+(\d+)\s+[\d.]+ [kMG]?B\s/.exec(line);
        if (m) summary.set(m[1], [Number(m[2]), Number(m[3])]);
      }
      const expected = { ...northwindRows, 'gen.mixed': MIXED_ROWS };
      for (const [table, n] of Object.entries(expected))
        if (n > 0) expect([table, summary.get(table)]).toEqual([table, [0, n]]);
      expect(run.output).toMatch(/Total import time\s+✓\s+4308\s/);
    });

    it('loads every table with exactly its rows', async () => {
      for (const [table, n] of Object.entries({ ...northwindRows, 'gen.mixed': MIXED_ROWS }))
        expect([table, (await query(`SELECT count(*)::int AS n FROM ${table}`))[0].n]).toEqual([table, n]);
    });

    it('creates the primary keys, foreign keys and indexes', async () => {
      const keys = await query(`
        SELECT c.conrelid::regclass::text AS t, c.contype AS kind, c.confrelid::regclass::text AS ref,
               (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols
        FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
        WHERE s.nspname IN ('dbo', 'gen') AND c.contype IN ('p', 'f')`);
      const primary = keys.filter((k) => k.kind === 'p').map((k) => `${k.t}(${k.cols})`);
      expect(primary.sort()).toEqual(
        [
          'dbo.categories(categoryid)',
          'dbo.customercustomerdemo(customerid,customertypeid)',
          'dbo.customerdemographics(customertypeid)',
          'dbo.customers(customerid)',
          'dbo.employees(employeeid)',
          'dbo.employeeterritories(employeeid,territoryid)',
          'dbo."Order Details"(orderid,productid)',
          'dbo.orders(orderid)',
          'dbo.products(productid)',
          'dbo.region(regionid)',
          'dbo.shippers(shipperid)',
          'dbo.suppliers(supplierid)',
          'dbo.territories(territoryid)',
          'gen.mixed(id)',
        ].sort(),
      );
      const foreign = keys.filter((k) => k.kind === 'f').map((k) => `${k.t}(${k.cols}) -> ${k.ref}`);
      expect(foreign.sort()).toEqual(
        [
          'dbo.customercustomerdemo(customerid) -> dbo.customers',
          'dbo.customercustomerdemo(customertypeid) -> dbo.customerdemographics',
          'dbo.employees(reportsto) -> dbo.employees',
          'dbo.employeeterritories(employeeid) -> dbo.employees',
          'dbo.employeeterritories(territoryid) -> dbo.territories',
          'dbo."Order Details"(orderid) -> dbo.orders',
          'dbo."Order Details"(productid) -> dbo.products',
          'dbo.orders(customerid) -> dbo.customers',
          'dbo.orders(employeeid) -> dbo.employees',
          'dbo.orders(shipvia) -> dbo.shippers',
          'dbo.products(categoryid) -> dbo.categories',
          'dbo.products(supplierid) -> dbo.suppliers',
          'dbo.territories(regionid) -> dbo.region',
        ].sort(),
      );
      const indexes = await query(`
        SELECT i.indrelid::regclass::text AS t, i.indisunique AS u,
               (SELECT string_agg(a.attname, ',') FROM unnest(i.indkey) k(n)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n) AS cols
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'dbo' AND NOT i.indisprimary`);
      // Northwind's 26 non-key indexes (two of them twice over the same column, as the script has them).
      expect(indexes.map((i) => `${i.t}(${i.cols})${i.u ? ' unique' : ''}`).sort()).toEqual(
        [
          'dbo.categories(categoryname)',
          'dbo.customers(city)',
          'dbo.customers(companyname)',
          'dbo.customers(postalcode)',
          'dbo.customers(region)',
          'dbo.employees(lastname)',
          'dbo.employees(postalcode)',
          'dbo."Order Details"(orderid)',
          'dbo."Order Details"(orderid)',
          'dbo."Order Details"(productid)',
          'dbo."Order Details"(productid)',
          'dbo.orders(customerid)',
          'dbo.orders(customerid)',
          'dbo.orders(employeeid)',
          'dbo.orders(employeeid)',
          'dbo.orders(orderdate)',
          'dbo.orders(shippeddate)',
          'dbo.orders(shipvia)',
          'dbo.orders(shippostalcode)',
          'dbo.products(categoryid)',
          'dbo.products(categoryid)',
          'dbo.products(productname)',
          'dbo.products(supplierid)',
          'dbo.products(supplierid)',
          'dbo.suppliers(companyname)',
          'dbo.suppliers(postalcode)',
        ].sort(),
      );
    });

    it('copies the values: Unicode text, money and the generated table', async () => {
      const customers = await rows(session, 'SELECT CustomerID, CompanyName, City FROM dbo.Customers');
      const loaded = await query('SELECT customerid, companyname, city FROM dbo.customers');
      expect(loaded.map((r) => [r.customerid, r.companyname, r.city]).sort()).toEqual(customers.sort());
      const [[revenue]] = await rows(
        session,
        'SELECT CONVERT(varchar(40), SUM(UnitPrice * Quantity)) FROM dbo.[Order Details]',
      );
      expect((await query('SELECT sum(unitprice * quantity)::text AS v FROM dbo."Order Details"'))[0].v).toBe(
        revenue,
      );
      const [[names, price, notes]] = await rows(
        session,
        'SELECT COUNT(DISTINCT name), CONVERT(varchar(40), SUM(price)), COUNT(note) FROM gen.mixed',
      );
      expect(
        await query(
          'SELECT count(DISTINCT name)::int AS a, sum(price)::text AS b, count(note)::int AS c FROM gen.mixed',
        ),
      ).toEqual([{ a: names, b: price, c: notes }]);
    });
  });

  it.skipIf(!tools.freebcp)('freebcp queryout and out read whole tables', async () => {
    const file = join(dir, 'order-details.txt');
    const query = 'SELECT OrderID, ProductID, Quantity FROM dbo.[Order Details]';
    const r = await runTool('freebcp', [query, 'queryout', file, '-c', ...login(), '-D', 'Northwind']);
    expect(r.output).toContain('2155 rows copied.');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const expected = (await rows(session, query)).map((row) => row.join('\t'));
    expect(lines.sort()).toEqual(expected.sort());

    const mixed = join(dir, 'mixed.txt');
    const out = await runTool('freebcp', ['gen.mixed', 'out', mixed, '-c', ...login(), '-D', 'Northwind']);
    expect(out.output).toContain(`${MIXED_ROWS} rows copied.`);
    const fields = readFileSync(mixed, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    const generated = await rows(session, 'SELECT id, name, note FROM gen.mixed');
    expect(fields.map((f) => [f[0], f[2], f[7] || null]).sort()).toEqual(
      generated.map(([id, name, note]) => [String(id), name, note]).sort(),
    );
  });

  it.skipIf(!tools.bsqldb)('bsqldb reads a whole table', async () => {
    const query = 'SELECT CustomerID, CompanyName, Country FROM dbo.Customers';
    const r = await runTool('bsqldb', [...login(), '-D', 'Northwind', '-q', '-t', '|'], `${query}\n`);
    expect(r.code).toBe(0);
    const lines = r.output.trimEnd().split('\n');
    const expected = (await rows(session, query)).map((row) => row.join('|'));
    expect(lines.sort()).toEqual(expected.sort());
  });
});
