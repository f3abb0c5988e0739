import { describe, expect, it } from 'vitest';
import { FerryError } from '../src/errors.js';
import { backoffMs, isTransient, withRetries } from '../src/pipeline/retry.js';
import { run } from '../src/run/run-migration.js';
import { customers, fixture, orders } from './run-fixtures.js';

const fast = { retries: { attempts: 4, baseMs: 1, maxMs: 5 } };

describe('retries of transient failures', () => {
  it('re-runs only the failed key range after a transient source failure; the run ends with exact counts', async () => {
    // Orders has 4 ranges of 1,250 rows; row 3,000 lies in range 2, which fails twice, then passes.
    const f = await fixture([{ ...orders, failAt: 3_000, failTimes: 2 }, customers], {
      tables: { 'dbo.Orders': { ranges: 4 } },
      load: { parallelism: 2, ...fast },
    });
    const result = await run(f.migration, { onEvent: f.onEvent });

    expect(result.state).toBe('done');
    expect(f.target.rows('dbo.orders')).toHaveLength(5_000);
    expect(new Set(f.target.rows('dbo.orders').map((r) => String(r[0]))).size).toBe(5_000);
    const retries = f.events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => e.type === 'retry' && `${e.task} attempt ${e.attempt}`)).toEqual([
      'dbo.orders#2 attempt 1',
      'dbo.orders#2 attempt 2',
    ]);
    expect(retries.every((e) => e.type === 'retry' && /generated failure at row 3000/.test(e.error))).toBe(
      true,
    );
    expect(result.report.tables.find((t) => t.table === 'dbo.orders')!.retries).toBe(2);
    expect(result.report.tables.find((t) => t.table === 'dbo.customers')!.retries).toBe(0);
  });

  it('gives up after the configured attempts and fails with the last error', async () => {
    const f = await fixture([{ ...orders, failAt: 10, failTimes: 10 }], { load: fast });
    const result = await run(f.migration, { onEvent: f.onEvent });

    expect(result.state).toBe('failed');
    expect((result.error as Error).message).toMatch(/generated failure at row 10/);
    expect(f.events.filter((e) => e.type === 'retry')).toHaveLength(3);
  });

  it('fails fast on a permanent failure: no retry', async () => {
    const f = await fixture([{ ...orders, failAt: 10 }], { load: fast });
    const result = await run(f.migration, { onEvent: f.onEvent });

    expect(result.state).toBe('failed');
    expect(f.events.filter((e) => e.type === 'retry')).toHaveLength(0);
  });
});

describe('withRetries', () => {
  it('retries transient errors (also wrapped as a cause), not permanent ones', async () => {
    const transient = new FerryError('connection reset', { transient: true });
    const wrapped = new FerryError('dbo.t: failed', { cause: transient });
    expect(isTransient(transient)).toBe(true);
    expect(isTransient(new Error('x', { cause: transient }))).toBe(true);
    expect(isTransient(new FerryError('permission denied'))).toBe(false);
    expect(isTransient(wrapped)).toBe(false);

    let calls = 0;
    const { value, retries } = await withRetries({ attempts: 5, baseMs: 0, maxMs: 0 }, async () => {
      if (++calls < 3) throw transient;
      return 'ok';
    });
    expect([value, retries, calls]).toEqual(['ok', 2, 3]);
  });

  it('waits a jittered time under an exponential ceiling bounded by maxMs', () => {
    const policy = { attempts: 5, baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffMs(policy, 3, () => 0)).toBe(0);
  });
});
