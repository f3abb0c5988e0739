import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

describe('the embedded PostgreSQL of the test run', () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it('is a real PostgreSQL 17 reachable at the provided URL', async () => {
    const server = getTestPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await client.end();
    expect(rows[0].v).toMatch(/^17\./);
  });

  it('gives each caller a fresh, separate database', async () => {
    const { url } = getTestPostgres();
    const a = await createTestDatabase(url);
    const b = await createTestDatabase(url);
    created.push(a, b);
    expect(a.database).not.toBe(b.database);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    await client.query('CREATE TABLE only_in_a (x int)');
    await client.end();
    const other = new pg.Client({ connectionString: b.url });
    await other.connect();
    const { rows } = await other.query(`SELECT current_database() AS db, to_regclass('only_in_a') AS t`);
    await other.end();
    expect(rows[0]).toEqual({ db: b.database, t: null });
  });
});
