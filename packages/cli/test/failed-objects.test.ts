import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { ferry, project, type FerryResult } from './ferry-harness.js';

// Two generated tables; the target already holds a VIEW named like one of them, so PostgreSQL refuses
// to drop and create that table (`... is not a table`).
const config = `import { defineMigration } from '@ferry/core';
import { generator } from '@ferry/core/testing';
import { postgres } from '@ferry/target-postgres';

const columns = [
  { name: 'Id', type: { kind: 'int32' } },
  { name: 'Name', type: { kind: 'text', length: 40, unicode: true, fixed: false } },
] as const;
const table = (name: string, rows: number) => ({
  schema: 'dbo', name, rows, columns: [...columns],
  generate: (i: number) => [i + 1, name + ' ' + i],
});
export default defineMigration({
  source: generator({ tables: [table('Orders', 500), table('Customers', 30)] }),
  target: postgres({ url: process.env.DATABASE_URL, schema: process.env.TARGET_SCHEMA }),
});
`;

type JsonEvent = { type: string; [k: string]: unknown };
const events = (r: FerryResult): JsonEvent[] =>
  r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as JsonEvent);

describe('objects the target refuses', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let run: FerryResult, convert: FerryResult, apply: FerryResult, assess: FerryResult, offline: FerryResult;
  const scalar = async (sql: string) => (await client.query(sql)).rows[0].v;

  beforeAll(async () => {
    db = await createTestDatabase(getTestPostgres().url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (const schema of ['app', 'seed'])
      await client.query(`CREATE SCHEMA ${schema}; CREATE VIEW ${schema}.orders AS SELECT 1 AS x`);
    const dir = project({ 'migration.config.ts': config });
    const env = { DATABASE_URL: db.url };
    // The assessment first: it applies everything in a transaction it rolls back, so the run after it starts from the same target.
    assess = await ferry(dir, ['assess', '--json'], { ...env, TARGET_SCHEMA: 'app' });
    offline = await ferry(dir, ['assess', '--offline'], {
      DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
      TARGET_SCHEMA: 'app',
    });
    [run, convert] = await Promise.all([
      ferry(dir, ['run', '--json'], { ...env, TARGET_SCHEMA: 'app' }),
      ferry(dir, ['convert', '--out', 'schema'], { ...env, TARGET_SCHEMA: 'seed' }),
    ]);
    apply = await ferry(dir, ['apply', 'schema'], { ...env, TARGET_SCHEMA: 'seed' });
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('`ferry run` goes on past a refused table, skips its keys and data, loads the rest and exits 4', async () => {
    expect(run.code).toBe(4);
    const failed = events(run).filter((e) => e.type === 'object-failed');
    expect(failed.map((e) => e.failure)).toEqual([
      expect.objectContaining({
        status: 'failed',
        kind: 'table',
        object: 'app.orders',
        file: expect.stringMatching(/^\d{3}-pre-data-table-app\.orders\.sql$/),
        error: expect.stringContaining('"orders" is not a table'),
      }),
      expect.objectContaining({
        status: 'skipped',
        kind: 'data',
        object: 'app.orders',
        because: 'app.orders',
      }),
      expect.objectContaining({ status: 'skipped', kind: 'primary-key', because: 'app.orders' }),
    ]);
    const result = events(run).find((e) => e.type === 'result') as unknown as {
      report: { failedObjects: unknown[] };
    };
    expect(result.report.failedObjects).toEqual(failed.map((e) => e.failure));
    expect(run.stderr).toMatch(/^1 objects failed, 2 skipped because of them \(exit code 4\):$/m);
    // The view is untouched (the failed step rolled back), and the other table is loaded.
    expect(await scalar('SELECT x AS v FROM app.orders')).toBe(1);
    expect(await scalar('SELECT count(*)::int AS v FROM app.customers')).toBe(30);
  });

  it('`ferry apply` applies every file it can, names each refused file with the error, and exits 4', async () => {
    expect(convert.code).toBe(0);
    expect(apply.code).toBe(4);
    expect(apply.stdout).toMatch(/^applied \d+ of \d+ files from .*schema to postgres$/m);
    expect(apply.stderr).toMatch(
      /failed: file \d{3}-pre-data-table-seed\.orders\.sql: .*"orders" is not a table/,
    );
    expect(await scalar("SELECT to_regclass('seed.customers')::text AS v")).toBe('seed.customers');
  });

  it("`ferry assess` verifies on the target in a rolled-back transaction: its failed objects are the run's", () => {
    expect(assess.code).toBe(0);
    const report = (
      events(assess).find((e) => e.type === 'assessment') as unknown as {
        report: {
          verification: { objects: { kind: string; object: string; status: string; error?: string }[] };
        };
      }
    ).report;
    const fails = report.verification.objects.filter((o) => o.status === 'fails');
    const runFailed = (
      events(run).find((e) => e.type === 'result') as unknown as {
        report: { failedObjects: { kind: string; object: string; phase: string }[] };
      }
    ).report.failedObjects.filter((f) => f.phase !== 'data');
    expect(fails.map((o) => [o.kind, o.object])).toEqual(runFailed.map((f) => [f.kind, f.object]));
    expect(fails[0].error).toContain('"orders" is not a table');
    expect(report.verification.objects.find((o) => o.object === 'app.customers')?.status).toBe('applies');
  });

  it('`ferry assess --offline` verifies on an embedded PostgreSQL, without reaching the configured target', () => {
    expect(offline.stderr).toBe('');
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(
      /^applies in PostgreSQL: \d+ of \d+ objects \(100%\), verified on an embedded PostgreSQL/m,
    );
    expect(offline.stdout).not.toContain('secret');
  });
});
