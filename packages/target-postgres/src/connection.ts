// The endpoint's pg pool, and what its sessions may do (e.g. disable FK enforcement for loading).

import pg from 'pg';
import { FerryError, parseConnectionUrl, redact, registerSecret, type PlanStep } from '@ferry/core';
import type { PostgresConfig } from './postgres-config.js';

/**
 * The endpoint's pool: `poolSize` connections, and at least one per job run at once (`jobs`,
 * PluginContext.jobs) plus one, with which a validation's digest query is cancelled
 * (pg_cancel_backend) when every other connection is running a job's query.
 */
export function createPool(config: PostgresConfig, jobs = 1): pg.Pool {
  registerSecret(config.password);
  if (config.url) parseConnectionUrl(config.url, 'target.url', ['postgres', 'postgresql']);
  const pool = new pg.Pool({ ...sessionConfig(config), max: Math.max(config.poolSize, jobs + 1) });
  // A client losing its connection (idle, or checked out: pg_terminate_backend, network) must not
  // crash the process with an unhandled 'error' event; the query in flight or the next one reports it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));

  return pool;
}

/** How every session of the endpoint connects (the pool's, and the run lease's own session). */
export function sessionConfig(config: PostgresConfig): pg.ClientConfig {
  return {
    connectionString: config.url,
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    ssl: config.ssl,
    application_name: 'ferry',
    // Canonical text I/O on every session: ISO dates, UTC, shortest exact floats, standard strings.
    options: canonicalSessionOptions,
  };
}

/** Session settings (startup options) that make text input/output canonical. */
const canonicalSessionOptions =
  '-c DateStyle=ISO,YMD -c TimeZone=UTC -c extra_float_digits=1 -c standard_conforming_strings=on';

/** Wraps a pg error into a FerryError naming what was being done. */
export function targetError(doing: string, err: unknown, where?: string): FerryError {
  const e = err as { message?: string; code?: string; detail?: string };
  const transientCodes = new Set([
    '57P01',
    '57P02',
    '57P03',
    '08000',
    '08003',
    '08006',
    '40001',
    '40P01',
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
  ]);
  const detail = e.detail ? ` (${e.detail})` : '';
  return new FerryError(redact(`${doing}: ${e.message ?? String(err)}${detail}`), {
    code: 'TARGET_ERROR',
    where,
    cause: err,
    transient: e.code !== undefined && (transientCodes.has(e.code) || e.code.startsWith('08')),
    hint: e.code ? targetHints[e.code] : undefined,
  });
}

/**
 * A refused plan step. A role that this login may not create (42501: no CREATEROLE) says so and how to
 * go on without roles, since every role and grant step of the migration fails the same way.
 */
export function stepError(step: PlanStep, err: unknown): FerryError {
  const doing = `${step.phase} step ${step.kind} on ${step.object} failed`;
  if (step.kind !== 'role' || (err as { code?: string }).code !== '42501')
    return targetError(doing, err, step.object);
  return new FerryError(
    `${doing}: the target login may not create roles (it has no CREATEROLE privilege): ALTER ROLE <login> CREATEROLE, or set security: { roles: 'skip' } in the migration config to leave the source's users, roles and grants out (each is then an action item)`,
    { code: 'TARGET_ERROR', where: step.object, cause: err },
  );
}

/** What to do about the target errors a user can fix, by SQLSTATE. */
const targetHints: Record<string, string> = {
  '42501':
    'the target login lacks a privilege: grant it CREATE on the database (schemas) or on the target schema, or let a more privileged role run the migration',
  '3D000': 'check the database name of the target URL, or create the database first',
  '28P01': 'check the target user name and password',
  '53100':
    'the target ran out of disk space: free space or grow the volume, then run again (`ferry run --resume` keeps finished tables)',
};

/** The server's PostgreSQL major version (`server_version_num` 160004 -> 16). */
export async function serverMajorVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await db.query<{ version: string }>(
    `SELECT current_setting('server_version_num') AS version`,
  );
  return Math.floor(Number(rows[0]!.version) / 10000);
}

/** True when this login may `SET session_replication_role` (superuser, or PG15+ GRANT SET ON PARAMETER). */
export async function canDisableTriggers(db: pg.Pool | pg.PoolClient): Promise<boolean> {
  const { rows } = await db.query<{ superuser: boolean; version: string }>(
    `SELECT rolsuper AS superuser, current_setting('server_version_num') AS version FROM pg_roles WHERE rolname = current_user`,
  );
  if (rows[0]?.superuser) return true;
  if (Number(rows[0]?.version) < 150000) return false;
  const granted = await db.query<{ allowed: boolean }>(
    `SELECT has_parameter_privilege('session_replication_role', 'SET') AS allowed`,
  );
  return granted.rows[0]?.allowed === true;
}
