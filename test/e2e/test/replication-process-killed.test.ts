// kill -9 of the real `ferry` bin while it applies replicated changes, then `ferry run --resume` and
// `ferry cutover` (issue 20.4): the tables end equal by validation, and no change is applied twice.
// Proof of the second: a target trigger logs every row the applier writes; the workload never gives
// a key the same values twice, so a change applied again would log the same (key, values) twice.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { startWorkload, workloadScript } from '../src/dml-workload.js';
import { waitFor } from '../src/fault-fixtures.js';
import { ferry, project, startFerry, type Project } from '@ferry/test-harness/ferry-bin';

const rows = 1_500;
let emulator: RunningEmulator;
let db: TestDatabase;
let client: pg.Client;
let dir: Project;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: [workloadScript(rows)] });
  db = await createTestDatabase(getTestPostgres().url);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  dir = project({
    'migration.config.ts': `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: ${emulator.port}, user: 'sa', password: process.env.SOURCE_PASSWORD, database: '${emulator.config.database}', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  load: { mode: 'full-load-and-cdc', parallelism: 2 },
});
`,
  });
});
afterAll(async () => {
  dir?.remove();
  await client?.end();
  await db?.drop();
  await emulator?.close();
});

/** Logs a row written to a replicated table; slowly (per row), so that a cycle's transaction stays open a while. */
const logFunction = (sleepSeconds: number) => `
CREATE OR REPLACE FUNCTION public.log_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.applied VALUES (TG_TABLE_NAME, row_to_json(NEW)::text);
  PERFORM pg_sleep(${sleepSeconds});
  RETURN NEW;
END $$;`;

/** The log of the rows written to the replicated tables (its triggers fire in replica mode too). */
const auditSql = `
CREATE TABLE public.applied (tbl text NOT NULL, image text NOT NULL);
${logFunction(0.01)}
CREATE TRIGGER log_applied AFTER INSERT ON dbo.orders FOR EACH ROW EXECUTE FUNCTION public.log_applied();
CREATE TRIGGER log_applied AFTER INSERT ON dbo.lines FOR EACH ROW EXECUTE FUNCTION public.log_applied();
ALTER TABLE dbo.orders ENABLE ALWAYS TRIGGER log_applied;
ALTER TABLE dbo.lines ENABLE ALWAYS TRIGGER log_applied;`;

const applying = async () => {
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state = 'active' AND query ~ '^(INSERT INTO|DELETE FROM) "?dbo'`,
  );
  return rows[0].n > 0 ? true : undefined;
};

it('killed with SIGKILL while applying changes, resumed and cut over: equal tables, each change applied once', async () => {
  const env = { SOURCE_PASSWORD: emulator.config.password, DATABASE_URL: db.url };
  const workload = startWorkload(emulator, rows, 5);
  let loggedBefore = 0;
  try {
    const first = startFerry(dir.dir, ['run'], env);
    // Replicating: the run recorded its position, then applied a first cycle.
    await waitFor(async () => {
      const { rows } = await client.query(`SELECT to_regclass('ferry.replication') IS NOT NULL AS ok`);
      if (!rows[0].ok) return undefined;
      const applied = await client.query('SELECT 1 FROM ferry.replication WHERE changes > 0');
      return applied.rowCount ? true : undefined;
    }, 60_000);
    await client.query(auditSql);
    // A cycle committed with the log on, then kill in the middle of the next one's transaction.
    await waitFor(async () =>
      (await client.query('SELECT 1 FROM public.applied')).rowCount ? true : undefined,
    );
    await waitFor(applying, 30_000);
    first.child.kill('SIGKILL');
    const killed = await first.result;
    expect(killed.signal).toBe('SIGKILL');
    await client.query(logFunction(0));
    expect(killed.stdout).toMatch(/^replicate: \S+ changes applied/m);
    const before = await client.query(`SELECT position FROM ferry.replication`);
    loggedBefore = (await client.query('SELECT count(*)::int AS n FROM public.applied')).rows[0].n;

    const resumed = startFerry(dir.dir, ['run', '--resume'], env);
    // The resumed run applies past the killed run's position while the workload still writes.
    await waitFor(async () => {
      const { rows } = await client.query(`SELECT position FROM ferry.replication`);
      return rows[0].position > before.rows[0].position ? true : undefined;
    }, 60_000);
    await workload.stop();
    const cut = await ferry(dir.dir, ['cutover'], env);
    const done = await resumed.result;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(cut.code).toBe(0);
    expect(cut.stdout).toMatch(/cutover of run \S+: done after/);
    expect(done.stdout).toMatch(/^validate: dbo\.lines match by checksum/m);
    expect(done.stdout).toMatch(/^validate: dbo\.orders match by checksum/m);
    expect(done.stdout).not.toMatch(/differ/);
    // The cutover report, printed and written next to the run report, with the tables as the workload left them.
    const { orders, lines } = workload.rows();
    expect(done.stdout).toMatch(/^# Cutover of run \S+\n\n- Validation: \*\*every table matches\*\*$/m);
    expect(done.stdout).toContain(`| dbo.orders | ok (checksum) | ${orders.toLocaleString('en-US')} |`);
    const report = JSON.parse(readFileSync(join(dir.dir, 'reports/cutover-report.json'), 'utf8'));
    expect(report.tables).toEqual([
      { table: 'dbo.lines', method: 'checksum', match: true, sourceRows: lines, targetRows: lines },
      { table: 'dbo.orders', method: 'checksum', match: true, sourceRows: orders, targetRows: orders },
    ]);
    expect(report.lag.length).toBeGreaterThan(0);
  } finally {
    await workload.stop();
  }
  for (const kind of ['insert', 'update', 'key-update', 'delete', 'transaction', 'rollback'])
    expect(workload.counts[kind], kind).toBeGreaterThan(0);
  // One run: the killed one, resumed to the end.
  const runs = await client.query(`SELECT state FROM ferry.runs`);
  expect(runs.rows).toEqual([{ state: 'done' }]);
  // Rows were logged both before the kill and after the resume, and no row image twice.
  const logged = await client.query(
    `SELECT count(*)::int AS n, count(DISTINCT (tbl, image))::int AS distinct FROM public.applied`,
  );
  expect(loggedBefore).toBeGreaterThan(0);
  expect(logged.rows[0].n).toBeGreaterThan(loggedBefore);
  expect(logged.rows[0].distinct).toBe(logged.rows[0].n);
});
