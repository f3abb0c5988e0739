import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { ferry, project, type FerryResult } from './ferry-harness.js';

// Generated tables of exactly representable types, loaded into a real PostgreSQL. The row transform
// notes the thread it runs on (THREADS_FILE): data tasks and validation run on worker threads.
const config = `import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { defineMigration } from '@ferry/core';
import { generator } from '@ferry/core/testing';
import { postgres } from '@ferry/target-postgres';

const noted = new Set<number>();
const noteThread = <T,>(row: T): T => {
  if (process.env.THREADS_FILE && !noted.has(threadId)) {
    noted.add(threadId);
    appendFileSync(process.env.THREADS_FILE, threadId + '\\n');
  }
  return row;
};

const columns = [
  { name: 'Id', type: { kind: 'int32' } },
  { name: 'Name', type: { kind: 'text', length: 40, unicode: true, fixed: false } },
  { name: 'Amount', type: { kind: 'decimal', precision: 19, scale: 4 } },
] as const;
const table = (name: string, rows: number) => ({
  schema: 'dbo', name, rows, columns: [...columns],
  generate: (i: number) => [i + 1, name + ' ' + i + ' é', i + '.' + String(i).padStart(4, '0')],
});
export default defineMigration({
  source: generator({ tables: [table('Orders', 5000), table('Customers', 300)] }),
  target: postgres({ url: process.env.DATABASE_URL, schema: process.env.TARGET_SCHEMA }),
  tables: { 'dbo.Orders': { ranges: 2, transform: noteThread } },
  load: { prep: (process.env.PREP ?? 'drop-and-create') as 'do-nothing', parallelism: 2 },
});
`;

describe('ferry against a real PostgreSQL target', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let run: FerryResult, convert: FerryResult, apply: FerryResult, seedRun: FerryResult;
  let dir: string;
  const scalar = async (sql: string) => (await client.query(sql)).rows[0].v;

  beforeAll(async () => {
    db = await createTestDatabase(getTestPostgres().url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    dir = project({ 'migration.config.ts': config });
    const env = { DATABASE_URL: db.url };
    [run, convert] = await Promise.all([
      ferry(dir, ['run'], { ...env, TARGET_SCHEMA: 'app', THREADS_FILE: join(dir, 'threads.txt') }),
      ferry(dir, ['convert', '--out', 'schema'], { ...env, TARGET_SCHEMA: 'seed' }),
    ]);
    // The seed's workflow: schema converted and applied first, then the data into the existing tables.
    apply = await ferry(dir, ['apply', 'schema'], { ...env, TARGET_SCHEMA: 'seed' });
    seedRun = await ferry(dir, ['run'], { ...env, TARGET_SCHEMA: 'seed', PREP: 'do-nothing' });
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('`ferry run` creates the tables, loads every row exactly and validates', async () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Tables named where they are (the target's schema option), in the task lines, validation lines and summary.
    expect(run.stdout).toMatch(
      /^validate: app\.orders match by checksum \(source 5,000 rows, target 5,000 rows\)/m,
    );
    expect(run.stdout).toMatch(/^data: app\.customers done: 300 rows/m);
    expect(run.stdout).toMatch(/^app\.orders\s+5,000\s.*\sok$/m);
    expect(run.stdout).not.toMatch(/dbo\.(orders|customers)/);
    // The row transform's note, under the summary too: a match is a match after the transform.
    expect(run.stdout).toContain(
      'app.orders: compared after its row transform, which changed the source rows: "match" means a match after your transforms, not with the source as stored',
    );
    expect(await scalar('SELECT count(*)::int AS v FROM app.orders')).toBe(5000);
    expect(await scalar('SELECT count(*)::int AS v FROM app.customers')).toBe(300);
    // amount of row i is i + i/10000: the sum over i < 5000 is 1.0001 * 12,497,500.
    expect(await scalar('SELECT sum(amount)::text AS v FROM app.orders')).toBe('12498749.7500');
    expect(await scalar('SELECT name AS v FROM app.orders WHERE id = 4321')).toBe('Orders 4320 é');
  });

  it('runs the data tasks on worker threads, `load.parallelism` at once, with the config loaded there', () => {
    const threads = readFileSync(join(dir, 'threads.txt'), 'utf8').trim().split('\n').map(Number);
    // The two ranges of dbo.Orders load at once, each on a worker thread of its own (thread ids > 0);
    // validation passes the source rows through the transform on one of them: never on the main
    // thread (id 0), where a transform that never returns would keep Ctrl-C from ending Ferry.
    expect(threads).toHaveLength(2);
    expect(threads.every((id) => id > 0)).toBe(true);
  });

  it('`ferry convert` + `ferry apply` + `ferry run` with prep do-nothing loads into the tables made from the files', async () => {
    expect(convert.code).toBe(0);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/^applied \d+ files from .*schema to postgres$/m);
    // The only note: how FK enforcement was handled for the load into existing tables (superuser: replica).
    expect(seedRun.stderr).toMatch(
      /^foreign keys of seed\.customers, seed\.orders: not enforced in Ferry's load sessions \(session_replication_role = replica\)\n$/,
    );
    expect(seedRun.code).toBe(0);
    expect(await scalar('SELECT count(*)::int AS v FROM seed.orders')).toBe(5000);
    expect(
      await scalar(
        "SELECT count(*)::int AS v FROM pg_constraint WHERE conname = 'pk_orders' AND conrelid = 'seed.orders'::regclass",
      ),
    ).toBe(1);
  });

  it('never prints the password of the target URL', () => {
    const password = new URL(db.url).password;
    expect(password.length).toBeGreaterThan(3);
    for (const r of [run, convert, apply, seedRun]) expect(r.stdout + r.stderr).not.toContain(password);
  });
});
