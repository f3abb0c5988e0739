// Turns driver errors into FerryErrors that say what failed and what to check: unreachable
// host/port, TLS failures, login failed (18456), database not available (4060), query errors.

import { FerryError, redact } from '@ferry/core';

interface DriverError {
  message?: string;
  code?: string;
  number?: number;
  lineNumber?: number;
  originalError?: DriverError;
  cause?: DriverError;
  /** AggregateError of the socket attempts (one per resolved address). */
  errors?: DriverError[];
}

/** Socket codes meaning the host cannot be reached at all. */
const unreachableCodes = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
/** How tedious reports a socket that ended before the server answered. */
const hangUpPattern = /socket hang up|connection lost/i;

const tlsPattern = /certificate|self[- ]signed|ssl|tls|handshake|unable to verify|ERR_TLS|EPROTO/i;

/** The most specific error code: the socket's (ECONNREFUSED...) rather than the driver's (ESOCKET). */
function rootCode(e: DriverError): string | undefined {
  const cause = e.cause ?? e.originalError?.cause;
  return cause?.code ?? cause?.errors?.find((x) => x.code)?.code ?? e.originalError?.code ?? e.code;
}

/** Maps a failure to connect to `server` (e.g. `host:1433`) for `database`/`user` into a FerryError. */
export function connectionError(
  error: unknown,
  server: string,
  database: string | undefined,
  user: string | undefined,
): FerryError {
  const e = (error ?? {}) as DriverError;
  const message = redact(String(e.message ?? error));
  const code = rootCode(e);
  const where = `SQL Server ${server}${database ? `, database ${database}` : ''}`;
  const base = { where, cause: error };
  if (/Login failed for user/i.test(message))
    return new FerryError(
      `Login failed for user '${user ?? '?'}' on ${server} (SQL Server error 18456): ${message}`,
      {
        ...base,
        code: 'SOURCE_LOGIN_FAILED',
        hint: 'Check the user name and password, that SQL authentication is enabled on the server, and (Azure SQL) that the login exists in this database or master.',
      },
    );
  if (/Cannot open database/i.test(message))
    return new FerryError(
      `Cannot open database '${database ?? '?'}' on ${server} (SQL Server error 4060): ${message}`,
      {
        ...base,
        code: 'SOURCE_DATABASE_UNAVAILABLE',
        hint: 'Check the database name (Initial Catalog) and that the login has a user in that database.',
      },
    );
  if (code === 'ECONNREFUSED')
    return new FerryError(`Cannot connect to SQL Server at ${server}: connection refused`, {
      ...base,
      code: 'SOURCE_UNREACHABLE',
      transient: true,
      hint: 'Check host and port, that SQL Server listens on TCP at that port, and that no firewall blocks it.',
    });
  if (code !== undefined && unreachableCodes.has(code))
    return new FerryError(`Cannot reach SQL Server at ${server}: no route to the host (${code})`, {
      ...base,
      code: 'SOURCE_UNREACHABLE',
      transient: true,
      hint: 'Check the host address, the network path (VPN, routes) and firewall rules.',
    });
  if (hangUpPattern.test(message) || code === 'ECONNRESET')
    return new FerryError(
      `Cannot connect to SQL Server at ${server}: the server closed the connection before answering`,
      {
        ...base,
        code: 'SOURCE_UNREACHABLE',
        transient: true,
        hint: "Check that this host and port are SQL Server's TCP endpoint (not another service, or a proxy or load balancer that drops the connection), that the server accepts connections, and firewall rules.",
      },
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new FerryError(`Cannot resolve the SQL Server host name in ${server}`, {
      ...base,
      code: 'SOURCE_UNREACHABLE',
      hint: 'Check the host name (Server=...) and your DNS.',
    });
  if (tlsPattern.test(message) || (code !== undefined && tlsPattern.test(code)))
    return new FerryError(`TLS negotiation with SQL Server at ${server} failed: ${message}`, {
      ...base,
      code: 'SOURCE_TLS_FAILED',
      hint: 'If the server uses a self-signed certificate, set trustServerCertificate: true (TrustServerCertificate=True) or install its CA; or check the encrypt option.',
    });
  if (e.code === 'ETIMEOUT' || code === 'ETIMEDOUT')
    return new FerryError(`Connecting to SQL Server at ${server} timed out: ${message}`, {
      ...base,
      code: 'SOURCE_UNREACHABLE',
      transient: true,
      hint: 'Check host and port, firewall rules (Azure SQL: the server firewall must allow your IP), or raise connectTimeout.',
    });
  return new FerryError(`Cannot connect to SQL Server at ${server}: ${message}`, {
    ...base,
    code: 'SOURCE_CONNECT_FAILED',
    transient: e.code === 'ESOCKET',
  });
}

const connectionLost = new Set(['ESOCKET', 'ECONNCLOSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * SQL Server / Azure SQL error numbers worth retrying (from Microsoft.Data.SqlClient's baseline
 * transient list): lock resources/deadlock/lock timeout, network, throttling, failover, database
 * not currently available. 4060 (cannot open database) is left out: more often a wrong name.
 */
const transientNumbers = new Set([
  1204, 1205, 1222, 4221, 10053, 10054, 10060, 10928, 10929, 40143, 40197, 40501, 40540, 40613, 42108, 42109,
  49918, 49919, 49920,
]);

/** Maps an error of a query about `object` (e.g. `dbo.Orders`, `catalog query columns.sql`) into a FerryError. */
export function queryError(error: unknown, object: string): FerryError {
  if (error instanceof FerryError) return error;
  const e = (error ?? {}) as DriverError;
  const number = [e.number, e.originalError?.number].find((n) => typeof n === 'number');
  const message = redact(String(e.message ?? error));
  const lost = [e.code, e.originalError?.code, rootCode(e)].some(
    (c) => c !== undefined && connectionLost.has(c),
  );
  const retryable = number !== undefined && transientNumbers.has(number);
  return new FerryError(
    `SQL Server query on ${object} failed${number ? ` (error ${number})` : ''}: ${message}`,
    {
      where: object,
      cause: error,
      code: lost ? 'SOURCE_CONNECTION_LOST' : 'SOURCE_QUERY_FAILED',
      transient: lost || retryable || e.code === 'ETIMEOUT',
    },
  );
}
