// A fresh, uniquely named database on a running server, so each test file works in isolation.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as the given URL). */
  url: string;
  database: string;
  /** Drops the database (terminating leftover sessions). */
  drop(): Promise<void>;
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `ferry_test_<random>` on the server of `serverUrl` and returns its URL. */
export async function createTestDatabase(serverUrl: string, prefix = 'ferry_test'): Promise<TestDatabase> {
  const database = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${database}`));
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    database,
    drop: () =>
      withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
