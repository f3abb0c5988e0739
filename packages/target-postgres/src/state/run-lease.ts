// The run lease on PostgreSQL: a session-level advisory lock keyed on the state schema, held by a
// session of its own for the whole run, plus a row in <state>.lease naming the holder (host, pid,
// start time, heartbeat). A holder that dies loses its session and so the lock: the next run takes
// it without anyone clearing anything. The heartbeat only tells a refused user how alive the holder is.

import type pg from 'pg';
import type { LeaseHolder, RunLease } from '@ferry/core';
import { ExitCode, FerryError } from '@ferry/core';
import { quoteLiteral } from '../ddl/identifiers.js';
import { stateTablesSql, type StateTables } from './state-tables.js';

const heartbeatMs = 5_000;

interface LeaseRow {
  host: string;
  pid: number;
  started_at: Date;
  heartbeat_seconds: number;
  backend_pid: number;
}

/** Takes the lease on `client` (a session of its own, ended on release), or throws RUN_LEASE_HELD. */
export async function takeRunLease(
  client: pg.Client,
  state: StateTables,
  holder: LeaseHolder,
): Promise<RunLease> {
  const key = `hashtext('ferry run lease'), hashtext(${quoteLiteral(state.schema)})`;
  const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS ok`);
  if (!rows[0].ok) throw await leaseHeld(client, state);
  await client.query(stateTablesSql(state));
  await client.query(
    `INSERT INTO ${state.lease} (lease_key, host, pid, started_at, heartbeat_at, backend_pid)
     VALUES ('run', $1, $2, $3, now(), pg_backend_pid())
     ON CONFLICT (lease_key) DO UPDATE SET host = $1, pid = $2, started_at = $3, heartbeat_at = now(), backend_pid = pg_backend_pid()`,
    [holder.host, holder.pid, holder.startedAt],
  );
  // Nobody else holds the lease, so a run still `loading` lost its holder (killed, or its machine died).
  await client.query(
    `UPDATE ${state.runs} SET state = 'interrupted', finished_at = coalesce(finished_at, now()) WHERE state = 'loading'`,
  );
  const beat = setInterval(() => {
    client
      .query(`UPDATE ${state.lease} SET heartbeat_at = now() WHERE lease_key = 'run'`)
      .catch(() => undefined);
  }, heartbeatMs);
  beat.unref();
  return {
    async release() {
      clearInterval(beat);
      try {
        await client.query(
          `DELETE FROM ${state.lease} WHERE lease_key = 'run' AND backend_pid = pg_backend_pid()`,
        );
        await client.query(`SELECT pg_advisory_unlock(${key})`);
      } catch {
        // The lease's session is gone (terminated, network): its lock went with it.
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

async function leaseHeld(client: pg.Client, state: StateTables): Promise<FerryError> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass(${quoteLiteral(state.lease)})::text AS t`,
  );
  const row = exists.rows[0].t
    ? (
        await client.query<LeaseRow>(
          `SELECT host, pid, started_at, extract(epoch FROM now() - heartbeat_at)::float8 AS heartbeat_seconds, backend_pid
           FROM ${state.lease} WHERE lease_key = 'run'`,
        )
      ).rows[0]
    : undefined;
  const who = row
    ? `another Ferry run holds it: host ${row.host}, pid ${row.pid}, started ${row.started_at.toISOString()} (last heartbeat ${Math.round(row.heartbeat_seconds)} s ago)`
    : 'another Ferry run holds it (it is just starting)';
  const stale = row && row.heartbeat_seconds * 1000 > 6 * heartbeatMs;
  return new FerryError(`the target is in use: ${who}`, {
    code: 'RUN_LEASE_HELD',
    where: `${state.schema}.lease`,
    exitCode: ExitCode.usage,
    hint: stale
      ? `its heartbeat stopped, so it may be hung: stop that process, or end its PostgreSQL session (SELECT pg_terminate_backend(${row.backend_pid})), then run again`
      : 'wait for it to finish or stop it (Ctrl-C; `ferry run --resume` continues its run later); two runs on one target would load rows twice',
  });
}
