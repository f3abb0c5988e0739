// Opens the `mssql` ConnectionPool (tarn underneath, sized by the config) and runs plain queries
// whose failures become FerryErrors naming what was queried.

import './lazy-azure.js';
import sql from 'mssql';
import { connectionError, queryError } from './errors.js';
import { bindParameters, type QueryParameter } from './read/query-parameters.js';
import { describeServer, toPoolConfig, type MssqlSettings } from './mssql-config.js';

/** Connects a pool; a failure to connect says what to check (host/port, TLS, login, database). */
export async function openPool(settings: MssqlSettings): Promise<sql.ConnectionPool> {
  const pool = new sql.ConnectionPool(toPoolConfig(settings));
  pool.on('error', () => {}); // pool-level errors surface through the requests that hit them
  try {
    await pool.connect();
  } catch (e) {
    await pool.close().catch(() => {});
    throw connectionError(
      e,
      describeServer(settings),
      settings.database,
      settings.user ?? settings.authentication.options.userName,
    );
  }
  return pool;
}

/** Runs a query and returns its rows as objects typed by the caller. */
export async function queryRows<T>(
  pool: sql.ConnectionPool,
  text: string,
  object: string,
  parameters: readonly QueryParameter[] = [],
): Promise<T[]> {
  try {
    const result = await bindParameters(pool.request(), parameters).query<T>(text);
    return result.recordset ?? [];
  } catch (e) {
    throw queryError(e, object);
  }
}
