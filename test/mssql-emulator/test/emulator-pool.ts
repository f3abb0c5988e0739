// Test helper: an emulator loaded with scripts and an mssql pool connected to it, started before the
// file's tests and closed after them.
import sql from 'mssql';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';

/** `oneConnection`: a pool of one connection, so session state (an open transaction, SET options) carries from query to query. */
export function emulatorWithPool(
  scripts: string[],
  database: string,
  options: { oneConnection?: boolean } = {},
): { readonly pool: sql.ConnectionPool; readonly emulator: RunningEmulator } {
  let em: RunningEmulator | undefined;
  let pool: sql.ConnectionPool | undefined;
  beforeAll(async () => {
    em = await startEmulator({ scripts, database });
    const config = options.oneConnection ? { ...em.config, pool: { max: 1, min: 1 } } : em.config;
    pool = await new sql.ConnectionPool(config).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await em?.close();
  });
  return {
    get pool() {
      if (!pool) throw new Error('the emulator is not started yet (use the pool inside tests)');
      return pool;
    },
    get emulator() {
      if (!em) throw new Error('the emulator is not started yet (use it inside tests)');
      return em;
    },
  };
}

/** The error a query raises through `pool` (number and message); throws when the query succeeds. */
export async function queryError(
  pool: sql.ConnectionPool,
  q: string,
): Promise<{ number?: number; message: string }> {
  try {
    await pool.request().query(q);
  } catch (e) {
    const { number, message } = e as { number?: number; message: string };
    return { number, message };
  }
  throw new Error(`expected an error from: ${q}`);
}

/** The error a query raises through `pool`, as the client gives it; throws when the query succeeds. */
export function requestFailure(
  pool: sql.ConnectionPool,
  text: string,
): Promise<sql.RequestError & { precedingErrors?: sql.RequestError[] }> {
  return pool
    .request()
    .query(text)
    .then(
      () => {
        throw new Error(`no error from: ${text}`);
      },
      (e: sql.RequestError & { precedingErrors?: sql.RequestError[] }) => e,
    );
}
