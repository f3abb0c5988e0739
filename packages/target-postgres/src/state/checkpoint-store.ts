// CheckpointStore on PostgreSQL: a run and its tasks in `<state>.runs`/`<state>.tasks` (state schema
// `ferry` by default); a task is marked done (and its rejected rows kept) inside the transaction that
// commits its rows.

import pg from 'pg';
import type {
  CheckpointStore,
  KeyRange,
  LeaseHolder,
  RunLease,
  RecordedRun,
  RecordedTask,
  RejectedRow,
  TaskCheckpoint,
} from '@ferry/core';
import { FerryError, redact, reviveValueJson, stringifyValueJson } from '@ferry/core';
import { targetError } from '../connection.js';
import { defaultLeaseTimings, takeRunLease, type LeaseTimings } from './run-lease.js';
import { stateTablesSql, type StateTables } from './state-tables.js';

export class PostgresCheckpoints implements CheckpointStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly state: StateTables,
    /** Settings of a session of the lease's own (not the pool's: it lives as long as the run). */
    private readonly leaseSession: pg.ClientConfig,
    private readonly leaseTimings: LeaseTimings = defaultLeaseTimings,
  ) {}

  async lease(holder: LeaseHolder, notify?: (message: string) => void): Promise<RunLease> {
    const connect = async () => {
      const client = new pg.Client(this.leaseSession);
      client.on('error', () => undefined);
      try {
        await client.connect();
        return client;
      } catch (err) {
        throw this.cannotConnect(err);
      }
    };
    try {
      return await takeRunLease(connect, this.state, holder, this.leaseTimings, notify);
    } catch (err) {
      throw err instanceof FerryError
        ? err
        : targetError(`taking the run lease (${this.state.lease})`, err, this.state.lease);
    }
  }

  async begin(run: {
    runId: string;
    fingerprint: string;
    tasks: readonly { id: string; source: string; target: string; range?: KeyRange }[];
  }): Promise<void> {
    await this.transaction(`recording the run in ${this.state.runs}`, async (c) => {
      await c.query(stateTablesSql(this.state));
      await c.query(
        `INSERT INTO ${this.state.runs} (run_id, fingerprint, state) VALUES ($1, $2, 'loading')`,
        [run.runId, run.fingerprint],
      );
      await c.query(
        `INSERT INTO ${this.state.tasks} (run_id, task_id, source_table, target_table, range_bounds)
         SELECT $1, t.task_id, t.source_table, t.target_table, t.range_bounds::jsonb
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(task_id, source_table, target_table, range_bounds)`,
        [
          run.runId,
          run.tasks.map((t) => t.id),
          run.tasks.map((t) => t.source),
          run.tasks.map((t) => t.target),
          run.tasks.map((t) => (t.range ? stringifyValueJson(t.range) : null)),
        ],
      );
    });
  }

  async reopen(runId: string): Promise<void> {
    await this.transaction(`recording the resumed run in ${this.state.runs}`, (c) =>
      c.query(`UPDATE ${this.state.runs} SET state = 'loading', finished_at = NULL WHERE run_id = $1`, [
        runId,
      ]),
    );
  }

  async unfinished(): Promise<RecordedRun | undefined> {
    return this.transaction(`reading ${this.state.runs}`, async (c) => {
      const exists = await c.query<{ t: string | null }>(
        `SELECT to_regclass(${this.state.runsRegclass})::text AS t`,
      );
      if (!exists.rows[0].t) return undefined;
      const runs = await c.query<{
        run_id: string;
        fingerprint: string;
        state: RecordedRun['state'];
        started_at: Date;
      }>(
        `SELECT run_id, fingerprint, state, started_at FROM ${this.state.runs} WHERE state <> 'done' ORDER BY started_at DESC LIMIT 1`,
      );
      const run = runs.rows[0];
      if (!run) return undefined;
      const tasks = await c.query<{
        task_id: string;
        source_table: string;
        target_table: string;
        range_bounds: unknown;
        state: RecordedTask['state'];
        rows: string;
        rejected: string;
        loads: number;
        finished_at: Date | null;
      }>(
        `SELECT task_id, source_table, target_table, range_bounds, state, rows, rejected, loads, finished_at FROM ${this.state.tasks} WHERE run_id = $1 ORDER BY task_id`,
        [run.run_id],
      );
      const steps = await c.query<{ step_id: string }>(
        `SELECT step_id FROM ${this.state.steps} WHERE run_id = $1 ORDER BY finished_at, step_id`,
        [run.run_id],
      );
      return {
        doneSteps: steps.rows.map((s) => s.step_id),
        runId: run.run_id,
        fingerprint: run.fingerprint,
        state: run.state,
        startedAt: run.started_at,
        tasks: tasks.rows.map((t): RecordedTask => {
          const range = t.range_bounds == null ? undefined : (reviveValueJson(t.range_bounds) as KeyRange);
          return {
            taskId: t.task_id,
            source: t.source_table,
            target: t.target_table,
            ...(range ? { range } : {}),
            state: t.state,
            rows: Number(t.rows),
            rejected: Number(t.rejected),
            loads: t.loads,
            ...(t.finished_at ? { finishedAt: t.finished_at } : {}),
          };
        }),
      };
    });
  }

  async end(runId: string, state: RecordedRun['state']): Promise<void> {
    await this.transaction(`recording the end of the run in ${this.state.runs}`, (c) =>
      c.query(`UPDATE ${this.state.runs} SET state = $2, finished_at = now() WHERE run_id = $1`, [
        runId,
        state,
      ]),
    );
  }

  /** Where the state's errors arise, as their messages say it. */
  private get where(): string {
    return `ferry state (schema ${this.state.schema})`;
  }

  private cannotConnect(err: unknown): FerryError {
    return targetError('cannot connect to the target PostgreSQL', err, this.where);
  }

  private async transaction<T>(doing: string, body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.cannotConnect(err);
    }
    try {
      await client.query('BEGIN');
      const value = await body(client);
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err instanceof FerryError ? err : targetError(doing, err, this.where);
    } finally {
      client.release();
    }
  }
}

/** Records a plan step as applied, on the step's connection inside its transaction. */
export async function recordAppliedStep(
  client: pg.PoolClient,
  state: StateTables,
  runId: string,
  stepId: string,
): Promise<void> {
  await client.query(`INSERT INTO ${state.steps} (run_id, step_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
    runId,
    stepId,
  ]);
}

/**
 * Claims a task for the load whose transaction `client` has open, before any row goes in: locks its
 * row until that transaction ends (SKIP LOCKED: a row another process's load has locked is not
 * waited for). A task already done, or being loaded elsewhere, is refused. The claim needs no
 * clean-up: a load that dies rolls back, and its lock goes with it. Several processes (later,
 * `ferry worker`s) can take the pending tasks of one run this way, each loading a task at most once.
 */
export async function claimTask(
  client: pg.PoolClient,
  state: StateTables,
  checkpoint: TaskCheckpoint,
): Promise<void> {
  await checkRunLoading(client, state, checkpoint, false);
  const where = `WHERE run_id = $1 AND task_id = $2`;
  const args = [checkpoint.runId, checkpoint.taskId];
  const locked = await client.query<{ state: string }>(
    `SELECT state FROM ${state.tasks} ${where} FOR UPDATE SKIP LOCKED`,
    args,
  );
  const task = `task ${checkpoint.taskId} of run ${checkpoint.runId}`;
  if (locked.rows[0]?.state === 'pending') return;
  if (locked.rows[0]) {
    throw new FerryError(
      `${task} is already loaded (${state.tasks}: ${locked.rows[0].state}); its rows are not loaded again`,
      {
        code: 'TASK_ALREADY_LOADED',
        where: state.tasks,
      },
    );
  }
  const seen = await client.query(`SELECT 1 FROM ${state.tasks} ${where}`, args);
  if (seen.rowCount) {
    throw new FerryError(`${task} is being loaded by another process; its rows are not loaded twice`, {
      code: 'TASK_CLAIMED',
      where: state.tasks,
      hint: 'two Ferry processes are loading the same run; let the other finish',
    });
  }
  throw new FerryError(`${task} is not in ${state.tasks}`, {
    code: 'TARGET_STATE_MISSING',
    where: state.tasks,
  });
}

/**
 * A load commits only while its run is `loading`: a run whose lease was taken over is `interrupted`
 * (the new holder marks it so). `lock` keeps the run's row shared until the load commits, so a
 * takeover waits for a load that passed this check, and every later one fails it.
 */
async function checkRunLoading(
  client: pg.PoolClient,
  state: StateTables,
  checkpoint: TaskCheckpoint,
  lock: boolean,
): Promise<void> {
  const { rows } = await client.query<{ state: string }>(
    `SELECT state FROM ${state.runs} WHERE run_id = $1${lock ? ' FOR SHARE' : ''}`,
    [checkpoint.runId],
  );
  const run = rows[0]?.state;
  if (run === 'loading' || run === undefined) return;
  throw new FerryError(
    `run ${checkpoint.runId} is ${run} (${state.runs}), so task ${checkpoint.taskId} is not loaded: another Ferry run took the target's run lease`,
    {
      code: 'RUN_LEASE_LOST',
      where: state.runs,
      hint: '`ferry run --resume` continues the run: finished ranges are kept and none is loaded twice',
    },
  );
}

/**
 * Marks the task done with its counts, on the load's own connection before it commits: the rows and
 * the record (and the rejected rows, see RejectedRowsRecorder) commit together, or none does.
 */
export async function recordFinishedTask(
  client: pg.PoolClient,
  state: StateTables,
  checkpoint: TaskCheckpoint,
  result: { rows: number; rejected?: number },
): Promise<void> {
  await checkRunLoading(client, state, checkpoint, true);
  const updated = await client.query(
    `UPDATE ${state.tasks} SET state = 'done', rows = $3, rejected = $4, loads = loads + 1, finished_at = now()
     WHERE run_id = $1 AND task_id = $2`,
    [checkpoint.runId, checkpoint.taskId, result.rows, result.rejected ?? 0],
  );
  if (updated.rowCount !== 1) {
    throw new FerryError(`task ${checkpoint.taskId} of run ${checkpoint.runId} is not in ${state.tasks}`, {
      code: 'TARGET_STATE_MISSING',
      where: state.tasks,
    });
  }
}

/** Rejected rows written to `<state>.rejected_rows` at a time, at the most (and their text, in characters). */
const rejectedChunk = { rows: 1_000, chars: 8 << 20 };

/**
 * Writes a task's rejected rows to `<state>.rejected_rows` as they come, in the load's transaction
 * (between its COPYs): a few at a time, held as the text they are stored as, so that however many
 * rows (or however large values) are rejected, memory holds at most a chunk. `flush` before commit.
 */
export class RejectedRowsRecorder {
  /** The rows not written yet, each as the texts of its columns. */
  private rows: string[][] = [];
  private chars = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly state: StateTables,
    private readonly checkpoint: TaskCheckpoint,
  ) {}

  async add(r: RejectedRow): Promise<void> {
    const fields = [
      r.table,
      String(r.rowNumber),
      redact(stringifyValueJson(r.key)),
      r.column,
      r.code,
      redact(r.reason),
      redact(stringifyValueJson(r.row)),
    ];
    this.rows.push(fields);
    this.chars += fields.reduce((n, f) => n + f.length, 0);
    if (this.rows.length >= rejectedChunk.rows || this.chars >= rejectedChunk.chars) await this.flush();
  }

  async flush(): Promise<void> {
    const { rows } = this;
    if (!rows.length) return;
    this.rows = [];
    this.chars = 0;
    await this.client.query(
      `INSERT INTO ${this.state.rejectedRows} (run_id, task_id, target_table, row_number, key_values, column_name, code, reason, row_values)
       SELECT $1, $2, r.target_table, r.row_number, r.key_values, r.column_name, r.code, r.reason, r.row_values
       FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS r(target_table, row_number, key_values, column_name, code, reason, row_values)`,
      [this.checkpoint.runId, this.checkpoint.taskId, ...rows[0].map((_, i) => rows.map((f) => f[i]))],
    );
  }
}
