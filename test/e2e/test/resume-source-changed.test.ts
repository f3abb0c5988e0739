import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunSummary, run, totalsText } from '@ferry/core';
import {
  actualItems,
  expectedItems,
  itemsTable,
  openFaultMigration,
  startWorld,
  type FaultWorld,
} from '../src/fault-fixtures.js';

describe('resume after an interrupted run (Ctrl-C) whose source changed', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([itemsTable(2_000)]);
  });
  afterAll(() => world?.close());

  const ranged = { tables: { 'gen.items': { ranges: 4 } }, load: { parallelism: 1, batchRows: 100 } };

  it('refuses to resume when the mapped source tables changed; resumed as started, loads only what is missing', async () => {
    // Interrupt once the first range is committed.
    const first = await openFaultMigration(world, ranged);
    const stop = new AbortController();
    const interrupted = await run(first.migration, {
      signal: stop.signal,
      onEvent: (e) => e.type === 'task-end' && e.status === 'done' && stop.abort(),
    });
    await first.migration.close();
    expect(interrupted.state).toBe('interrupted');
    const done = await world.client.query(`SELECT task_id FROM ferry.tasks WHERE state = 'done'`);
    expect(done.rows.length).toBeGreaterThanOrEqual(1);

    // The config now leaves a column out: the mapped source tables' fingerprint differs.
    const changed = { ...ranged, tables: { 'gen.items': { ranges: 4, exclude: ['code'] } } };
    const refused = await openFaultMigration(world, changed);
    const r1 = await run(refused.migration, { resume: true });
    await refused.migration.close();
    expect(r1.state).toBe('failed');
    expect((r1.error as Error & { code: string }).code).toBe('SOURCE_CHANGED');
    expect((r1.error as Error).message).toMatch(
      /^the source changed since the interrupted run [0-9a-f-]{36}: the schema of the mapped source tables changed/,
    );

    // Same config, resumed: loads only what is missing.
    const again = await openFaultMigration(world, ranged);
    const r2 = await run(again.migration, { resume: true, onEvent: again.onEvent });
    await again.migration.close();
    expect(r2.error).toBeUndefined();
    expect(r2.state).toBe('done');
    expect(r2.runId).toBe(interrupted.runId);
    expect(again.events.filter((e) => e.type === 'warning' && e.where === 'resume')).toEqual([]);
    expect(again.events.filter((e) => e.type === 'task-start').length).toBe(4 - done.rows.length);
    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(2_000));
    const loads = await world.client.query(
      `SELECT max(loads) AS max, count(*)::int AS n FROM ferry.tasks WHERE state = 'done'`,
    );
    expect(loads.rows[0]).toEqual({ max: 1, n: 4 });
  });

  it('resumes a run interrupted during post-data: only the steps it had not applied run', async () => {
    await world.client.query('DROP SCHEMA gen CASCADE; DROP SCHEMA ferry CASCADE');
    const first = await openFaultMigration(world, ranged);
    const done = await run(first.migration);
    await first.migration.close();
    expect(done.state).toBe('done');
    const applied = (
      await world.client.query<{ step_id: string }>(`SELECT step_id FROM ferry.steps ORDER BY step_id`)
    ).rows.map((r) => r.step_id);
    const pkStep = applied.find((id) => id.startsWith('post-data:primary-key:'));
    expect(pkStep).toMatch(/^post-data:primary-key:gen\.items\./);

    // As if killed while adding the primary key: the run is unfinished and that step never committed.
    const pk = await world.client.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'gen.items'::regclass AND contype = 'p'`,
    );
    await world.client.query(`ALTER TABLE gen.items DROP CONSTRAINT ${pk.rows[0].conname}`);
    await world.client.query(`DELETE FROM ferry.steps WHERE step_id = $1`, [pkStep]);
    await world.client.query(`UPDATE ferry.runs SET state = 'interrupted'`);

    const again = await openFaultMigration(world, ranged);
    const resumed = await run(again.migration, { resume: true, onEvent: again.onEvent });
    await again.migration.close();
    expect(resumed.error).toBeUndefined();
    expect(resumed.match).toBe(true);
    expect(
      again.events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && `${e.id} ${e.status}`),
    ).toEqual([`${pkStep} done`]);
    expect(again.events.filter((e) => e.type === 'task-start')).toEqual([]);
    // Nothing was left to load: no rate over the interrupted run's rows (issue 17: "3,206,094,144 rows/s").
    expect(resumed.report.totals.rows).toBeGreaterThan(0);
    expect(resumed.report.totals).toMatchObject({
      rowsLoadedEarlier: resumed.report.totals.rows,
      rowsPerSec: 0,
    });
    expect(renderRunSummary(resumed.report)).toMatch(/^Total .* +- +0 +done$/m);
    expect(totalsText(resumed.report)).toMatch(/all loaded by the interrupted run: nothing left to load$/);
    const restored = await world.client.query(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'gen.items'::regclass AND contype = 'p'`,
    );
    expect(restored.rows[0].n).toBe(1);
    expect((await world.client.query(`SELECT count(*)::int AS n FROM ferry.steps`)).rows[0].n).toBe(
      applied.length,
    );
  });

  it('says there is nothing to resume when the last run finished', async () => {
    const m = await openFaultMigration(world, ranged);
    const r = await run(m.migration, { resume: true });
    await m.migration.close();
    expect(r.state).toBe('failed');
    expect((r.error as Error).message).toBe('nothing to resume: the target has no unfinished Ferry run');
  });
});
