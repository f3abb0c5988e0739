// Full load + ongoing replication (issue 20.2, 20.4) from the emulator's CDC into PostgreSQL, with a
// DML workload running during the load and during replication: the run ends in equal tables, proven
// by its validation (counts and checksums); a source DDL change on a captured table stops it.

import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import {
  cutover,
  run,
  type CutoverReport,
  type CutoverResult,
  type RunEvent,
  type RunResult,
} from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { startPostgres } from '@ferry/test-harness';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';
import { startWorkload, workloadScript, type DmlWorkload } from '../src/dml-workload.js';

const rows = 1_500;
let emulator: RunningEmulator;
let db: TestDatabase;

beforeAll(async () => {
  emulator = await startEmulator({ scripts: [workloadScript(rows)] });
  db = await createTestDatabase(getTestPostgres().url);
});
afterAll(async () => {
  await db?.drop();
  await emulator?.close();
});

const config = { load: { mode: 'full-load-and-cdc', parallelism: 2 } };

it('loads while the workload writes, replicates its changes, cuts over and ends in equal tables', async () => {
  const migration = await openEmulatorMigration(emulator, db.url, config);
  // ferry cutover: another process, here another migration on the same config.
  const cutoverSide = await openEmulatorMigration(emulator, db.url, config);
  const events: RunEvent[] = [];
  const workload = startWorkload(emulator, rows);
  let cutoverDone: Promise<CutoverResult> | undefined;
  let writesStopped = Infinity;
  const onEvent = (e: RunEvent) => {
    events.push(e);
    // Writes go on for a while after the load; the cutover is asked for while they still go on, and
    // they stop once the run has seen the request (not at a fixed time: on a loaded machine the
    // request itself can take longer than any fixed delay).
    if (e.type === 'phase-end' && e.phase === 'data') {
      setTimeout(() => {
        cutoverDone = cutover(cutoverSide, { pollMs: 100 });
      }, 1_000);
    }
    if (e.type === 'cutover' && e.stage === 'requested')
      setTimeout(() => void workload.stop().then(() => (writesStopped = Date.now())), 500);
  };
  let report: CutoverReport | undefined;
  try {
    const result = await run(migration, { onEvent, replicatePollMs: 100, cutoverQuietMs: 300 });
    report = result.cutover;
    await expectCutOverEqual(result, cutoverDone);
  } finally {
    await workload.stop();
    await migration.close();
    await cutoverSide.close();
  }
  // Writes stopped after the cutover was asked for: it waited for them.
  const stages = events.flatMap((e) => (e.type === 'cutover' ? [e.stage] : []));
  expect(stages).toEqual(['requested', 'writes-stopped']);
  const requested = events.findIndex((e) => e.type === 'cutover');
  expect(events.slice(requested).some((e) => e.type === 'replication')).toBe(true);
  for (const kind of ['insert', 'update', 'key-update', 'delete', 'transaction', 'rollback'])
    expect(workload.counts[kind], kind).toBeGreaterThan(0);
  const cycles = events.filter((e) => e.type === 'replication');
  expect(cycles.length).toBeGreaterThan(0);
  const last = cycles.at(-1)!;
  expect(last.type === 'replication' && last.totalChanges).toBeGreaterThan(0);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    // The applied position is recorded with the changes; it is the source's last one.
    const state = await client.query('SELECT position, changes::int FROM ferry.replication');
    expect(state.rows).toEqual([
      {
        position: last.type === 'replication' && last.position,
        changes: last.type === 'replication' && last.totalChanges,
      },
    ]);
    // The cutover report: asked for while the workload wrote, writes seen stopped after it stopped,
    // every cycle's changes and lag, and the tables as the workload left them.
    const at = (iso: string) => Date.parse(iso);
    expect(report).toBeDefined();
    const r = report!;
    expect(at(r.replicationStartedAt)).toBeLessThan(at(r.requestedAt));
    expect(at(r.requestedAt)).toBeLessThan(writesStopped);
    expect(at(r.writesStoppedAt)).toBeGreaterThanOrEqual(writesStopped);
    expect(at(r.finishedAt)).toBeGreaterThan(at(r.writesStoppedAt));
    expect(r.position).toBe(state.rows[0].position);
    expect(r.changes).toBe(state.rows[0].changes);
    expect(r.lag).toEqual(
      cycles.map((e) => ({
        at: expect.any(String),
        position: e.type === 'replication' && e.position,
        changes: e.type === 'replication' && e.changes,
        lagSeconds: e.type === 'replication' && e.lagSeconds,
      })),
    );
    expect(r.lag.at(-1)!.position).toBe(r.position);
    expect(r.maxLagSeconds).toBe(Math.max(...r.lag.map((s) => s.lagSeconds)));
    const { orders, lines } = workload.rows();
    expect(r.tables).toEqual([
      { table: 'dbo.lines', method: 'checksum', match: true, sourceRows: lines, targetRows: lines },
      { table: 'dbo.orders', method: 'checksum', match: true, sourceRows: orders, targetRows: orders },
    ]);
    expect(r.match).toBe(true);
  } finally {
    await client.end();
  }
});

it('stops when a captured table is altered on the source, naming the table and the change', async () => {
  const migration = await openEmulatorMigration(emulator, db.url, config);
  const session = emulator.engine.openSession({
    user: emulator.config.user,
    database: emulator.config.database,
  });
  const onEvent = (e: RunEvent) => {
    if (e.type === 'phase-end' && e.phase === 'data')
      void (async () => {
        for await (const r of session.executeBatch(
          'ALTER TABLE dbo.Lines ADD Note nvarchar(20) NULL',
          new AbortController().signal,
        ))
          if (r.kind === 'error') throw new Error(r.error.message);
      })();
  };
  try {
    const result = await run(migration, { onEvent, replicatePollMs: 100 });
    expect(result.state).toBe('failed');
    await expect(cutover(migration)).rejects.toMatchObject({ code: 'CUTOVER_NO_RUN' });
    expect(result.error).toMatchObject({
      code: 'REPLICATION_SOURCE_DDL',
      where: 'dbo.Lines',
      message: expect.stringContaining(
        'table dbo.Lines was changed on the source (ALTER TABLE dbo.Lines ADD Note',
      ),
    });
  } finally {
    session.close();
    await migration.close();
  }
});

it('interrupted while replicating, resumes from the applied position and ends in equal tables', async () => {
  // A source of its own: the tests above changed the shared one.
  const emulator = await startEmulator({ scripts: [workloadScript(rows)] });
  onTestFinished(() => emulator.close());
  const workload = startWorkload(emulator, rows, 7);
  const first = await openEmulatorMigration(emulator, db.url, config);
  const stop = new AbortController();
  let applied = 0;
  let interruptedRun: string | undefined;
  try {
    const interrupted = await run(first, {
      signal: stop.signal,
      replicatePollMs: 50,
      onEvent: (e) => {
        if (e.type === 'replication' && ++applied === 3) stop.abort();
      },
    });
    expect(interrupted.state).toBe('interrupted');
    interruptedRun = interrupted.runId;
  } finally {
    await first.close();
  }
  const second = await openEmulatorMigration(emulator, db.url, config);
  const cutoverSide = await openEmulatorMigration(emulator, db.url, config);
  const events: RunEvent[] = [];
  let cutoverDone: Promise<CutoverResult> | undefined;
  try {
    const resumed = await run(second, {
      resume: true,
      replicatePollMs: 50,
      cutoverQuietMs: 300,
      onEvent: (e) => {
        events.push(e);
        const cycles = events.filter((x) => x.type === 'replication').length;
        // Writes stop after a few cycles of the resumed run; then the cutover comes.
        if (e.type === 'replication' && cycles === 4) {
          void workload.stop();
          cutoverDone = cutover(cutoverSide, { pollMs: 100 });
        }
      },
    });
    expect(resumed.error).toBeUndefined();
    expect(resumed.state).toBe('done');
    // The same run went on, from the position it recorded with its last applied changes.
    expect(resumed.runId).toBe(interruptedRun);
    expect(resumed.validations.every((v) => v.match)).toBe(true);
    expect(await cutoverDone).toMatchObject({ state: 'done' });
  } finally {
    await workload.stop();
    await second.close();
    await cutoverSide.close();
  }
});

interface CutoverRun {
  /** Target database URL (default: the file's). */
  target?: string;
  /** Fields of the migration config over `config`. */
  config?: Record<string, unknown>;
  /** Called with each event of the run, as it comes. */
  onEvent?: (e: RunEvent) => void;
  /** Called at each replication cycle with its number, from 1, and the run's source. */
  onCycle?: (cycle: number, emulator: RunningEmulator) => void;
  /** The cycle after which the workload stops and the cutover is asked for. */
  cutoverAfter: number;
  /** While this returns true, the cutover waits past `cutoverAfter` (replication goes on). */
  holdCutover?: () => boolean;
}

/**
 * A run replicating the workload on its own emulator until a cutover asked for after some cycles:
 * it must end done, with equal tables by validation. Returns its events and the workload.
 */
async function replicateAndCutOver(
  seed: number,
  options: CutoverRun,
): Promise<{ events: RunEvent[]; workload: DmlWorkload; emulator: RunningEmulator }> {
  const emulator = await startEmulator({ scripts: [workloadScript(rows)] });
  onTestFinished(() => emulator.close());
  const workload = startWorkload(emulator, rows, seed);
  onTestFinished(() => workload.stop());
  const target = options.target ?? db.url;
  const migrationConfig = { ...config, ...options.config };
  const migration = await openEmulatorMigration(emulator, target, migrationConfig);
  onTestFinished(() => migration.close());
  const cutoverSide = await openEmulatorMigration(emulator, target, migrationConfig);
  onTestFinished(() => cutoverSide.close());
  const events: RunEvent[] = [];
  let cutoverDone: Promise<CutoverResult> | undefined;
  let cycles = 0;
  const result = await run(migration, {
    replicatePollMs: 50,
    cutoverQuietMs: 300,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
      if (e.type !== 'replication') return;
      cycles += 1;
      options.onCycle?.(cycles, emulator);
      if (!cutoverDone && cycles >= options.cutoverAfter && !options.holdCutover?.()) {
        void workload.stop();
        cutoverDone = cutover(cutoverSide, { pollMs: 100 });
      }
    },
  });
  await expectCutOverEqual(result, cutoverDone);
  return { events, workload, emulator };
}

/** The run is done with both tables equal by validation, and the cutover asked for finished it. */
async function expectCutOverEqual(result: RunResult, cutoverDone: Promise<CutoverResult> | undefined) {
  expect(result.error).toBeUndefined();
  expect(result.state).toBe('done');
  expect(result.validations.map((v) => [v.table, v.match])).toEqual([
    ['dbo.lines', true],
    ['dbo.orders', true],
  ]);
  expect(await cutoverDone).toMatchObject({ runId: result.runId, state: 'done' });
}

const retrying = { load: { ...config.load, retries: { attempts: 5, baseMs: 50, maxMs: 200 } } };

it('goes on when the target ends its sessions while replicating (as a restart does), ending in equal tables', async () => {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  onTestFinished(() => admin.end());
  let terminated: Promise<number> | undefined;
  await replicateAndCutOver(11, {
    config: retrying,
    cutoverAfter: 5,
    onCycle: (n) => {
      if (n === 2)
        terminated = admin
          .query(
            'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
          .then((r) => r.rows[0].n);
    },
  });
  expect(await terminated).toBeGreaterThan(0);
});

it('goes on when the source drops the connection of a change read, ending in equal tables', async () => {
  // A target of its own, apart from the other tests' runs.
  const target = await createTestDatabase(getTestPostgres().url);
  onTestFinished(() => target.drop());
  const { events, emulator } = await replicateAndCutOver(13, {
    target: target.url,
    config: retrying,
    cutoverAfter: 6,
    // Twice: the connection of a read of dbo.Orders' changes closes at its first row.
    onCycle: (n, source) => {
      if (n === 2)
        source.faults.set({
          dropConnection: { table: 'cdc.fn_cdc_get_all_changes_dbo_Orders', afterRows: 1, times: 2 },
        });
    },
  });
  expect(emulator.faults.current.dropConnection).toBeUndefined();
  const retried = events.flatMap((e) =>
    e.type === 'warning' && e.where === 'replication' ? [e.message] : [],
  );
  expect(retried).toHaveLength(2);
  expect(retried[0]).toMatch(/^cycle failed \(attempt 1: .*changes of dbo\.Orders/);
});

it('goes on when the target restarts while replicating, ending in equal tables', async () => {
  // A server of its own: the other test files use the shared one.
  const server = await startPostgres();
  onTestFinished(() => server.stop());
  let restarted: Promise<void> | undefined;
  let restarting = true;
  onTestFinished(() => restarted);
  const seen: RunEvent[] = [];
  const cycleFailed = () => seen.some((e) => e.type === 'warning' && e.where === 'replication');
  // The server stays down until a cycle has failed on it (a quick restart could fall between cycles).
  const untilACycleFails = async () => {
    for (let waited = 0; !cycleFailed(); waited += 50) {
      if (waited > 60_000) throw new Error('no replication cycle failed in 60 s with the target down');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const { events } = await replicateAndCutOver(17, {
    target: server.url,
    config: { load: { ...config.load, retries: { attempts: 10, baseMs: 200, maxMs: 1_000 } } },
    cutoverAfter: 5,
    // Replication goes on through the whole restart (else the run could end before the server stops).
    holdCutover: () => restarting,
    onEvent: (e) => seen.push(e),
    onCycle: (n) => {
      if (n === 2) restarted = server.restart(untilACycleFails).finally(() => (restarting = false));
    },
  });
  await restarted;
  // The restart failed a cycle at least once; it ran again from the applied position.
  expect(events.filter((e) => e.type === 'warning' && e.where === 'replication').length).toBeGreaterThan(0);
});

it("at cutover sets the target's identities and sequences past the source's values: inserts on the target do not collide", async () => {
  const emulator = await startEmulator({
    scripts: [
      `CREATE TABLE dbo.Tickets (Id int IDENTITY(1,1) PRIMARY KEY, Note nvarchar(20) NOT NULL)
GO
CREATE SEQUENCE dbo.TicketNo AS bigint START WITH 1000 INCREMENT BY 1
GO
INSERT INTO dbo.Tickets (Note) SELECT CONCAT(N't', value) FROM GENERATE_SERIES(1, 10)
GO
EXEC sys.sp_cdc_enable_db
GO
EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Tickets', @role_name = NULL`,
    ],
  });
  onTestFinished(() => emulator.close());
  const target = await createTestDatabase(getTestPostgres().url);
  onTestFinished(() => target.drop());
  const session = emulator.engine.openSession({
    user: emulator.config.user,
    database: emulator.config.database,
  });
  onTestFinished(() => session.close());
  const exec = async (sql: string) => {
    for await (const r of session.executeBatch(sql, new AbortController().signal)) {
      if (r.kind === 'error') throw new Error(r.error.message);
      // Rows are computed as they are read (NEXT VALUE FOR too).
      if (r.kind === 'rows') for await (const _ of r.resultSet.rows);
    }
  };
  const migration = await openEmulatorMigration(emulator, target.url, config);
  const cutoverSide = await openEmulatorMigration(emulator, target.url, config);
  let cutoverDone: Promise<CutoverResult> | undefined;
  try {
    const result = await run(migration, {
      replicatePollMs: 50,
      cutoverQuietMs: 300,
      onEvent: (e) => {
        if (e.type !== 'phase-start' || e.phase !== 'replicate') return;
        void (async () => {
          // While replicating: the source's identity goes past its rows (deleted last rows), its
          // sequence hands out values; then the cutover.
          await exec(`INSERT INTO dbo.Tickets (Note) SELECT CONCAT(N'r', value) FROM GENERATE_SERIES(1, 20)`);
          await exec('DELETE FROM dbo.Tickets WHERE Id > 25');
          for (let i = 0; i < 7; i++) await exec('SELECT NEXT VALUE FOR dbo.TicketNo');
          cutoverDone = cutover(cutoverSide, { pollMs: 100 });
        })();
      },
    });
    expect(result.error).toBeUndefined();
    expect(result.validations.map((v) => [v.table, v.match])).toEqual([['dbo.tickets', true]]);
    expect(await cutoverDone).toMatchObject({ state: 'done' });
  } finally {
    await migration.close();
    await cutoverSide.close();
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  onTestFinished(() => client.end());
  // The source handed out identities up to 30 (rows up to 25) and sequence values up to 1006.
  const inserted = await client.query(
    `INSERT INTO dbo.tickets (note) VALUES ('after 1'), ('after 2') RETURNING id`,
  );
  expect(inserted.rows).toEqual([{ id: 31 }, { id: 32 }]);
  const next = await client.query(`SELECT nextval('dbo.ticket_no')::int AS n`);
  expect(next.rows).toEqual([{ n: 1007 }]);
});

it("applies a table's row transform to its changes: a dropped row is deleted, the rest shaped as the load shapes them", async () => {
  const target = await createTestDatabase(getTestPostgres().url);
  onTestFinished(() => target.drop());
  const { workload } = await replicateAndCutOver(19, {
    target: target.url,
    config: {
      tables: {
        'dbo.Orders': {
          transform: (row: Record<string, unknown>) =>
            Number(row.Id) % 5 === 0 ? null : { ...row, Customer: String(row.Customer).toUpperCase() },
        },
      },
    },
    cutoverAfter: 4,
  });
  for (const kind of ['insert', 'update', 'key-update', 'delete'])
    expect(workload.counts[kind]).toBeGreaterThan(0);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  onTestFinished(() => client.end());
  const orders = await client.query(
    `SELECT count(*) FILTER (WHERE id % 5 = 0)::int AS dropped, count(*) FILTER (WHERE customer <> upper(customer))::int AS lower,
            count(*) FILTER (WHERE customer = 'GEÄNDERT')::int AS updated, count(*)::int AS n FROM dbo.orders`,
  );
  const { orders: sourceOrders } = workload.rows();
  expect(orders.rows[0]).toMatchObject({ dropped: 0, lower: 0 });
  expect(orders.rows[0].updated).toBeGreaterThan(0);
  expect(orders.rows[0].n).toBeLessThan(sourceOrders);
});

it('stops with a clear message when a row transform changes the key of a replicated change', async () => {
  const emulator = await startEmulator({ scripts: [workloadScript(200)] });
  onTestFinished(() => emulator.close());
  const target = await createTestDatabase(getTestPostgres().url);
  onTestFinished(() => target.drop());
  const migration = await openEmulatorMigration(emulator, target.url, {
    ...config,
    tables: {
      'dbo.Orders': { transform: (row: Record<string, unknown>) => ({ ...row, Id: Number(row.Id) + 1 }) },
    },
  });
  onTestFinished(() => migration.close());
  const workload = startWorkload(emulator, 200, 23);
  onTestFinished(() => workload.stop());
  const result = await run(migration, { replicatePollMs: 50 });
  expect(result.state).toBe('failed');
  expect(result.error).toMatchObject({
    code: 'REPLICATION_TRANSFORM_KEY',
    where: 'tables.dbo.Orders.transform',
    message: expect.stringMatching(
      /^The row transform of dbo\.Orders changed key column Id \((\d+) -> (\d+)\): its changes cannot be applied by key$/,
    ),
  });
});

it('refuses to replicate a table whose rows a where selects, before anything is written', async () => {
  const target = await createTestDatabase(getTestPostgres().url);
  onTestFinished(() => target.drop());
  const migration = await openEmulatorMigration(emulator, target.url, {
    ...config,
    tables: { 'dbo.Orders': { where: 'Id > 10' } },
  });
  onTestFinished(() => migration.close());
  const result = await run(migration);
  expect(result.state).toBe('failed');
  expect(result.error).toMatchObject({
    where: 'tables.dbo.Orders',
    message: expect.stringContaining('replicating dbo.Orders, whose rows a where or source filter selects,'),
  });
  expect(result.report.tables).toEqual([]);
});
