import { describe, expect, it } from 'vitest';
import { FerryError, NotSupportedError } from '../src/errors.js';
import { InterruptedError } from '../src/pipeline/interrupted-error.js';
import { run } from '../src/run/run-migration.js';
import { validate } from '../src/run/validate-migration.js';
import type { TargetEndpoint } from '../src/plugins/endpoint.js';
import type { CollectingTarget } from '../src/testing/index.js';
import { customers, fixture, orders, phaseTrail } from './run-fixtures.js';

describe('run', () => {
  it('plans, creates the tables, moves every row, builds post-data, validates and reports, in phase order', async () => {
    const f = await fixture([orders, customers], {
      tables: { 'dbo.Orders': { ranges: 4 } },
      load: { parallelism: 2 },
    });
    const result = await run(f.migration, { onEvent: f.onEvent });

    expect(result.state).toBe('done');
    expect(result.error).toBeUndefined();
    expect(phaseTrail(f.events)).toEqual([
      'start:introspect',
      'end:introspect:ok',
      'start:plan',
      'end:plan:ok',
      'start:pre-data',
      'end:pre-data:ok',
      'start:data',
      'end:data:ok',
      'start:post-data',
      'end:post-data:ok',
      'start:validate',
      'end:validate:ok',
    ]);
    expect(f.target.rows('dbo.orders')).toHaveLength(5_000);
    expect(f.target.rows('dbo.customers')).toHaveLength(300);
    expect(f.target.applied.map((s) => s.id)).toEqual(
      expect.arrayContaining(['table:dbo.orders', 'primary-key:dbo.orders']),
    );

    const dataStart = f.events.find((e) => e.type === 'phase-start' && e.phase === 'data');
    expect(dataStart).toMatchObject({
      tasks: expect.arrayContaining([
        { id: 'dbo.orders#2', table: 'dbo.orders', range: 2, rowsEstimate: 1_250 },
      ]),
    });
    const ends = f.events.filter((e) => e.type === 'task-end');
    expect(ends).toHaveLength(5);
    expect(ends.every((e) => e.type === 'task-end' && e.status === 'done')).toBe(true);
    const starts = f.events
      .filter((e) => e.type === 'task-start')
      .map((e) => e.type === 'task-start' && e.task);
    expect(starts.sort()).toEqual([
      'dbo.customers',
      'dbo.orders#0',
      'dbo.orders#1',
      'dbo.orders#2',
      'dbo.orders#3',
    ]);

    expect(result.validations.map((v) => [v.table, v.match, v.ranges.length])).toEqual([
      ['dbo.customers', true, 1],
      ['dbo.orders', true, 4],
    ]);
    expect(result.match).toBe(true);
    expect(result.report).toMatchObject({ state: 'done', totals: { rows: 5_300 } });
    expect(result.report.tables.find((t) => t.table === 'dbo.orders')).toMatchObject({
      rows: 5_000,
      tasks: 4,
      validation: { match: true },
    });
  });

  it('executes nothing in a dry run but lists every step and task', async () => {
    const f = await fixture([orders]);
    const result = await run(f.migration, { dryRun: true, onEvent: f.onEvent });
    expect(result.state).toBe('done');
    expect(f.target.applied).toEqual([]);
    expect(f.target.tables.size).toBe(0);
    const steps = f.events.filter((e) => e.type === 'step');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((e) => e.type === 'step' && e.status === 'dry-run')).toBe(true);
    expect(phaseTrail(f.events)).toContain('end:data:skipped');
    expect(phaseTrail(f.events)).not.toContain('start:validate');
    expect(f.events.some((e) => e.type === 'task-start')).toBe(false);
  });

  it('stops at a failing task: the error names the table, later phases do not run, the report says failed', async () => {
    const f = await fixture([{ ...orders, failAt: 1_234 }]);
    const result = await run(f.migration, { onEvent: f.onEvent });
    expect(result.state).toBe('failed');
    expect(result.error).toBeInstanceOf(FerryError);
    expect((result.error as Error).message).toContain('dbo.Orders');
    expect(phaseTrail(f.events).slice(-2)).toEqual(['start:data', 'end:data:failed']);
    expect(f.events.find((e) => e.type === 'task-end')).toMatchObject({
      status: 'failed',
      table: 'dbo.orders',
    });
    expect(f.target.rows('dbo.orders')).toEqual([]);
    expect(result.report.state).toBe('failed');
    expect(result.report.tables[0].errors[0]).toContain('dbo.Orders');
  });

  it('interrupts on abort: tasks end interrupted and nothing half-written is committed', async () => {
    const controller = new AbortController();
    const f = await fixture(
      [{ ...orders, rows: 200_000 }, customers],
      { load: { parallelism: 1, batchRows: 1_000 } },
      {
        onBatch: (produced) => {
          if (produced >= 20_000) controller.abort(new Error('Ctrl-C'));
        },
      },
    );
    const result = await run(f.migration, { signal: controller.signal, onEvent: f.onEvent });
    expect(result.state).toBe('interrupted');
    expect(result.error).toBeInstanceOf(InterruptedError);
    const ends = f.events.filter((e) => e.type === 'task-end');
    expect(ends.map((e) => e.type === 'task-end' && [e.table, e.status])).toEqual([
      ['dbo.orders', 'interrupted'],
      ['dbo.customers', 'interrupted'],
    ]);
    expect(f.target.rows('dbo.orders')).toEqual([]);
    expect(f.target.rows('dbo.customers')).toEqual([]);
    expect(phaseTrail(f.events)).toContain('end:data:interrupted');
    expect(result.report.state).toBe('interrupted');
  });

  it('hands the rows a target rejects under the reject policy to onReject and counts them per task', async () => {
    // A target refusing every id that is a multiple of 1000, as a real one refuses a value it cannot store.
    const rejecting = (t: CollectingTarget): TargetEndpoint => ({
      ...t,
      async write(table, batches, options) {
        let rejected = 0;
        async function* kept() {
          for await (const batch of batches) {
            const rows = [];
            for (const [i, row] of batch.rows.entries()) {
              if (options.onError !== 'reject' || Number(row[0]) % 1_000 !== 0) rows.push(row);
              else {
                rejected++;
                await options.onReject?.({
                  table: 'dbo.orders',
                  rowNumber: i + 1,
                  key: { id: row[0] },
                  column: 'id',
                  code: 'TEST',
                  reason: 'refused',
                  row,
                });
              }
            }
            yield { rows, bytes: batch.bytes };
          }
        }
        return { ...(await t.write(table, kept(), options)), rejected };
      },
    });
    const f = await fixture(
      [orders],
      { load: { onError: 'reject' }, tables: { 'dbo.Orders': { ranges: 2 } } },
      {},
      rejecting,
    );
    const seen: Array<[string, unknown]> = [];
    const result = await run(f.migration, {
      onEvent: f.onEvent,
      validate: false,
      onReject: (r, task) => void seen.push([task, r.key.id]),
    });
    expect(result.state).toBe('done');
    expect(seen.sort()).toEqual([
      ['dbo.orders#0', 1000],
      ['dbo.orders#0', 2000],
      ['dbo.orders#1', 3000],
      ['dbo.orders#1', 4000],
      ['dbo.orders#1', 5000],
    ]);
    const ends = f.events
      .filter((e) => e.type === 'task-end')
      .map((e) => e.type === 'task-end' && [e.task, e.rejected]);
    expect(ends.sort()).toEqual([
      ['dbo.orders#0', 2],
      ['dbo.orders#1', 3],
    ]);
    expect(f.target.rows('dbo.orders')).toHaveLength(4_995);
    expect(result.report.tables[0].rejected).toBe(5);
    const warnings = f.events.filter((e) => e.type === 'warning');
    expect(warnings.map((e) => e.type === 'warning' && `${e.where}: ${e.message}`).sort()).toEqual([
      'dbo.orders#0: 2 rows rejected under the reject policy',
      'dbo.orders#1: 3 rows rejected under the reject policy',
    ]);
  });

  it('goes on past a table the target refuses: reports it and its dependants, loads no row into it, loads the rest', async () => {
    const refusing = (t: CollectingTarget): TargetEndpoint => ({
      ...t,
      async apply(step) {
        if (step.kind === 'table' && step.object === 'dbo.orders')
          throw new Error('column "total" cannot be generated');
        return t.apply(step);
      },
    });
    const f = await fixture([orders, customers], {}, {}, refusing);
    const result = await run(f.migration, { onEvent: f.onEvent });

    expect(result.state).toBe('done');
    expect(
      result.report.failedObjects.map((o) => [o.status, o.kind, o.object, o.error ?? o.because]),
    ).toEqual([
      ['failed', 'table', 'dbo.orders', 'column "total" cannot be generated'],
      ['skipped', 'data', 'dbo.orders', 'dbo.orders'],
      ['skipped', 'primary-key', 'dbo.orders', 'dbo.orders'],
    ]);
    expect(f.target.rows('dbo.orders')).toEqual([]);
    expect(f.target.rows('dbo.customers')).toHaveLength(300);
    expect(
      f.events.filter((e) => e.type === 'task-start').map((e) => e.type === 'task-start' && e.table),
    ).toEqual(['dbo.customers']);
    // Only the loaded table is validated; the missing one is a failed object, not a mismatch.
    expect(result.validations.map((v) => [v.table, v.match])).toEqual([['dbo.customers', true]]);
    expect(f.events.filter((e) => e.type === 'object-failed')).toHaveLength(3);
    expect(result.report.actionItems.map((a) => a.code)).toContain('APPLY_FAILED');
  });

  it('refuses --resume with a target that keeps no checkpoints, naming the target', async () => {
    const f = await fixture([orders]);
    const result = await run(f.migration, { resume: true });
    expect(result.state).toBe('failed');
    expect(result.error).toBeInstanceOf(NotSupportedError);
    expect((result.error as Error).message).toBe(
      '--resume with the memory target (it keeps no checkpoints) is not supported yet',
    );
  });
});

describe('validate', () => {
  it('finds a value changed after the load and names the table and key range', async () => {
    const f = await fixture([orders], { tables: { 'dbo.Orders': { ranges: 2 } } });
    expect((await run(f.migration)).match).toBe(true);
    const row = f.target.rows('dbo.orders').find((r) => r[0] === 4_000)!;
    row[2] = 'changed';
    const result = await validate(f.migration, { onEvent: f.onEvent });
    expect(result.match).toBe(false);
    const orderCheck = result.tables.find((t) => t.table === 'dbo.orders')!;
    expect(orderCheck.ranges.map((r) => r.match)).toEqual([true, false]);
    expect(orderCheck.mismatches[0]).toMatch(/^dbo\.orders \(from dbo\.Orders\), range 1/);
    expect(phaseTrail(f.events).slice(-1)).toEqual(['end:validate:failed']);
    expect(f.events.filter((e) => e.type === 'validation')).toHaveLength(1);
  });

  it('compares counts only when the config turns checksums off', async () => {
    const f = await fixture([orders], { validate: { checksums: false } });
    expect((await run(f.migration)).validations[0]).toMatchObject({ method: 'count', match: true });
    f.target.rows('dbo.orders')[10][2] = 'changed';
    expect((await validate(f.migration)).match).toBe(true);
    f.target.rows('dbo.orders').pop();
    expect((await validate(f.migration)).tables[0].mismatches[0]).toContain(
      '5000 source rows, 4999 target rows',
    );
  });
});
