// The run lease on PostgreSQL: a session-level advisory lock keyed on the state schema, held by a
// session of its own for the whole run, plus a row in <state>.lease naming the holder (host, pid,
// start time, heartbeat). Taking the lock writes nothing; the row (and the state schema) are written
// by `hold`, once the run is about to change the target. A holder that dies loses its session and so
// the lock; its row stays behind and says who it was. Such a lease is taken over once its holder is
// known dead; a holder whose session ended while it lives takes the lease back at its next heartbeat,
// or, if another run took it, is told (`lost`) to stop changing the target.

import type pg from 'pg';
import type { LeaseHolder, RunLease } from '@ferry/core';
import { ExitCode, FerryError } from '@ferry/core';
import { targetError } from '../connection.js';
import { quoteLiteral } from '../ddl/identifiers.js';
import { stateTablesSql, type StateTables } from './state-tables.js';

export interface LeaseTimings {
  /** How often the holder writes its heartbeat (and notices that its session ended). */
  heartbeatMs: number;
  /** A holder whose session ended is taken to be dead after this long without a heartbeat. */
  takeOverAfterMs: number;
}

export const defaultLeaseTimings: LeaseTimings = { heartbeatMs: 5_000, takeOverAfterMs: 30_000 };

/** Connects a new session for the lease (its 'error' events handled). */
export type LeaseSession = () => Promise<pg.Client>;

interface LeaseRow {
  host: string;
  pid: number;
  started_at: Date;
  heartbeat_seconds: number;
  backend_pid: number;
}

/** Takes the lease on a session of its own (ended on release), or throws RUN_LEASE_HELD. Writes nothing. */
export async function takeRunLease(
  connect: LeaseSession,
  state: StateTables,
  holder: LeaseHolder,
  timings: LeaseTimings = defaultLeaseTimings,
  notify: (message: string) => void = () => undefined,
): Promise<RunLease> {
  const client = await connect();
  try {
    if (!(await tryLock(client, state))) throw heldBy(await leaseRow(client, state), state, timings);
    // The lock was free: a row left behind names a holder whose session ended. Is it dead?
    const previous = await leaseRow(client, state);
    if (previous && !holderDead(previous, holder, timings)) {
      await client.query(`SELECT pg_advisory_unlock(${lockKey(state)})`);
      throw sessionEnded(previous, state, timings);
    }
    const tookOver =
      previous && `took over the run lease of ${describe(previous)}: ${deathOf(previous, holder)}`;
    return new HeldLease(client, connect, state, holder, timings, notify, tookOver);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

class HeldLease implements RunLease {
  private readonly stop = new AbortController();
  readonly lost = this.stop.signal;
  private beat?: NodeJS.Timeout;
  private lastBeat = Date.now();
  private beating = false;

  constructor(
    private client: pg.Client,
    private readonly connect: LeaseSession,
    private readonly state: StateTables,
    private readonly holder: LeaseHolder,
    private readonly timings: LeaseTimings,
    private readonly notify: (message: string) => void,
    readonly tookOver: string | undefined,
  ) {}

  async hold(): Promise<void> {
    const { state } = this;
    // The session may have ended while the run planned: take the lock back first (or give up).
    if (!(await this.alive()) && !(await this.retake(false))) throw this.stop.signal.reason as FerryError;
    try {
      await this.record();
    } catch (e) {
      throw targetError(`writing the run lease in the state schema ${state.schema}`, e);
    }
    this.lastBeat = Date.now();
    this.beat = setInterval(() => void this.heartbeat(), this.timings.heartbeatMs);
    this.beat.unref();
  }

  /** Creates the state tables and writes this run's lease row. */
  private async record(): Promise<void> {
    const { state, holder } = this;
    await this.client.query(stateTablesSql(state));
    await this.client.query(
      `INSERT INTO ${state.lease} (lease_key, host, pid, started_at, heartbeat_at, backend_pid)
       VALUES ('run', $1, $2, $3, now(), pg_backend_pid())
       ON CONFLICT (lease_key) DO UPDATE SET host = $1, pid = $2, started_at = $3, heartbeat_at = now(), backend_pid = pg_backend_pid()`,
      [holder.host, holder.pid, holder.startedAt],
    );
    // Nobody else holds the lease, so a run still `loading` lost its holder (killed, or its machine died).
    // Loads of that holder still in flight commit only while their run is `loading` (claimTask).
    await this.client.query(
      `UPDATE ${state.runs} SET state = 'interrupted', finished_at = coalesce(finished_at, now()) WHERE state = 'loading'`,
    );
  }

  async release(): Promise<void> {
    clearInterval(this.beat);
    try {
      if (this.lost.aborted) return;
      // A session that ended since the last heartbeat took its lock with it, not its row: a run of this
      // process would find the row of a live holder and wait for it. The row is deleted on a new session
      // (which holds no lock to give back).
      const holdsLock = await this.alive();
      if (!holdsLock) {
        await this.client.end().catch(() => undefined);
        this.client = await this.connect();
      }
      const { host, pid, startedAt } = this.holder;
      await this.client.query(
        `DELETE FROM ${this.state.lease} WHERE lease_key = 'run' AND host = $1 AND pid = $2 AND started_at = $3`,
        [host, pid, startedAt],
      );
      if (holdsLock) await this.client.query(`SELECT pg_advisory_unlock(${lockKey(this.state)})`);
    } catch {
      // The target cannot be reached: the lock went with the session; the row names a holder that ended.
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }

  private async alive(): Promise<boolean> {
    return this.client.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  private async heartbeat(): Promise<void> {
    if (this.beating || this.lost.aborted) return;
    this.beating = true;
    try {
      let failure: unknown;
      const beat = await this.client
        .query(
          `UPDATE ${this.state.lease} SET heartbeat_at = now() WHERE lease_key = 'run' AND backend_pid = pg_backend_pid()`,
        )
        .catch((e: unknown) => void (failure = e));
      if (beat?.rowCount === 1) this.lastBeat = Date.now();
      else if (beat) this.lose(`its row in ${this.state.lease} no longer names this run`);
      // The session lives but the target refused the write (privileges, the table gone): say why.
      else if (await this.alive())
        this.lose('the target refused its heartbeat', this.writeError('writing its heartbeat', failure));
      else await this.retake(true);
    } finally {
      this.beating = false;
    }
  }

  /**
   * The lease's session ended: takes the lock back on a new session if nobody else took it (and the
   * row still names this run). Returns false (and aborts `lost`) when it cannot.
   */
  private async retake(recorded: boolean): Promise<boolean> {
    let fresh: pg.Client | undefined;
    try {
      fresh = await this.connect();
      if (!(await tryLock(fresh, this.state))) {
        await fresh.end().catch(() => undefined);
        return this.lose('its session ended and another Ferry run took the lease');
      }
      if (recorded && !(await this.reclaimRow(fresh))) {
        await fresh.end().catch(() => undefined);
        return this.lose(`its session ended and its row in ${this.state.lease} no longer names this run`);
      }
    } catch (e) {
      await fresh?.end().catch(() => undefined);
      const silent = Date.now() - this.lastBeat;
      // Give up before anyone may take the lease over (no heartbeat for takeOverAfterMs).
      if (!recorded || silent > this.timings.takeOverAfterMs - 2 * this.timings.heartbeatMs)
        return this.lose(
          `its session ended and it could not take the lease back for ${Math.round(silent / 1000)} s`,
          this.writeError('taking the run lease back', e),
        );
      return true;
    }
    await this.client.end().catch(() => undefined);
    this.client = fresh;
    this.lastBeat = Date.now();
    if (recorded) this.notify('the run lease lost its session; it was taken back on a new one');
    return true;
  }

  private async reclaimRow(fresh: pg.Client): Promise<boolean> {
    const { host, pid, startedAt } = this.holder;
    const moved = await fresh.query(
      `UPDATE ${this.state.lease} SET backend_pid = pg_backend_pid(), heartbeat_at = now()
       WHERE lease_key = 'run' AND host = $1 AND pid = $2 AND started_at = $3`,
      [host, pid, startedAt],
    );
    if (moved.rowCount === 1) return true;
    await fresh.query(`SELECT pg_advisory_unlock(${lockKey(this.state)})`);
    return false;
  }

  /** A lease write the target refused, as hold() reports it (the target's message, its hint by SQLSTATE). */
  private writeError(doing: string, e: unknown): FerryError {
    return targetError(`${doing} in the state schema ${this.state.schema}`, e, this.state.lease);
  }

  private lose(why: string, cause?: FerryError): false {
    clearInterval(this.beat);
    this.client.end().catch(() => undefined);
    const resume =
      '`ferry run --resume` continues the run: finished ranges are kept and none is loaded twice';
    this.stop.abort(
      new FerryError(
        `the run lost the target's run lease: ${why}${cause ? ` (${cause.message})` : ''}; it stops changing the target`,
        {
          code: 'RUN_LEASE_LOST',
          where: this.state.lease,
          cause,
          hint: cause?.hint ? `${cause.hint}; then ${resume}` : resume,
        },
      ),
    );
    return false;
  }
}

function lockKey(state: StateTables): string {
  return `hashtext('ferry run lease'), hashtext(${quoteLiteral(state.schema)})`;
}

async function tryLock(client: pg.Client, state: StateTables): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(
    `SELECT pg_try_advisory_lock(${lockKey(state)}) AS ok`,
  );
  return rows[0].ok;
}

async function leaseRow(client: pg.Client, state: StateTables): Promise<LeaseRow | undefined> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass(${quoteLiteral(state.lease)})::text AS t`,
  );
  if (!exists.rows[0].t) return undefined;
  const { rows } = await client.query<LeaseRow>(
    `SELECT host, pid, started_at, extract(epoch FROM now() - heartbeat_at)::float8 AS heartbeat_seconds, backend_pid
     FROM ${state.lease} WHERE lease_key = 'run'`,
  );
  return rows[0];
}

/** A holder whose session ended is dead when its process is gone (on this host) or its heartbeat stopped long ago. */
function holderDead(previous: LeaseRow, asking: LeaseHolder, timings: LeaseTimings): boolean {
  if (previous.heartbeat_seconds * 1000 > timings.takeOverAfterMs) return true;
  return previous.host === asking.host && !processAlive(previous.pid);
}

function deathOf(previous: LeaseRow, asking: LeaseHolder): string {
  const beat = `last heartbeat ${Math.round(previous.heartbeat_seconds)} s ago`;
  return previous.host === asking.host && !processAlive(previous.pid)
    ? `its session is gone and its process has ended (${beat})`
    : `its session is gone (${beat})`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const describe = (row: LeaseRow) =>
  `host ${row.host}, pid ${row.pid}, started ${row.started_at.toISOString()}`;

function heldBy(row: LeaseRow | undefined, state: StateTables, timings: LeaseTimings): FerryError {
  const who = row
    ? `another Ferry run holds it: ${describe(row)} (last heartbeat ${Math.round(row.heartbeat_seconds)} s ago)`
    : 'another Ferry run holds it (it is just starting)';
  const stale = row && row.heartbeat_seconds * 1000 > 6 * timings.heartbeatMs;
  return new FerryError(`the target is in use: ${who}`, {
    code: 'RUN_LEASE_HELD',
    where: `${state.schema}.lease`,
    exitCode: ExitCode.usage,
    hint: stale
      ? `its heartbeat stopped, so it may be hung: stop that process, or end its PostgreSQL session (SELECT pg_terminate_backend(${row.backend_pid})), then run again`
      : 'wait for it to finish or stop it (Ctrl-C; `ferry run --resume` continues its run later); two runs on one target would load rows twice',
  });
}

/** The holder's session ended, but it may still be running (it takes the lease back at its next heartbeat). */
function sessionEnded(row: LeaseRow, state: StateTables, timings: LeaseTimings): FerryError {
  const wait = Math.max(1, Math.ceil(timings.takeOverAfterMs / 1000 - row.heartbeat_seconds));
  return new FerryError(
    `the target may be in use: the run lease of ${describe(row)} lost its session, but its last heartbeat was ${Math.round(row.heartbeat_seconds)} s ago, so that run may still be going`,
    {
      code: 'RUN_LEASE_HELD',
      where: `${state.schema}.lease`,
      exitCode: ExitCode.usage,
      hint: `a live holder takes its lease back within ${Math.ceil(timings.heartbeatMs / 1000)} s; if that process is dead, its lease is taken over after ${Math.round(timings.takeOverAfterMs / 1000)} s without a heartbeat (run again in ${wait} s)`,
    },
  );
}
