import { describe, expect, it } from 'vitest';
import { FerryError } from '../src/errors.js';
import type { PlanStep, TargetCapabilities } from '../src/plugins/endpoint.js';
import { testTargetCapabilities } from '../src/testing/index.js';
import { StepApplier } from '../src/run/apply-steps.js';
import type { RunEvent } from '../src/run/run-events.js';

const step = (kind: string, object: string, extra: Partial<PlanStep> = {}): PlanStep => ({
  id: `${kind}:${object}`,
  phase: kind === 'table' ? 'pre-data' : 'post-data',
  kind,
  object,
  statements: [`-- ${kind} ${object}`],
  ...extra,
});

/** A table app.t with an index and a view over it, a second table app.u, and a view over the view. */
const steps: PlanStep[] = [
  step('table', 'app.t', { prepares: ['app.t'] }),
  step('table', 'app.u', { prepares: ['app.u'] }),
  step('index', 'app.t.ix', { requires: ['table:app.t'] }),
  step('index', 'app.u.ix', { requires: ['table:app.u'] }),
  step('view', 'app.v', { optional: true }),
  step('view', 'app.w', { optional: true }),
];
const moduleDeps = new Map([['app.w', [{ schema: 'app', name: 'v' }]]]);

/** Applies `steps`, the target refusing the objects in `refuse` as PostgreSQL would. */
async function applyAll(
  refuse: string[],
  error = (o: string) => new Error(`relation "${o}_base" does not exist`),
  target: TargetCapabilities = testTargetCapabilities,
) {
  const applied: string[] = [];
  const events: RunEvent[] = [];
  const applier = new StepApplier(steps, {
    target,
    moduleDeps,
    apply: async (s) => {
      if (refuse.includes(s.object)) throw error(s.object);
      applied.push(s.object);
    },
  });
  for (const phase of ['pre-data', 'post-data'] as const)
    await applier.applyPhase(phase, { onEvent: (e) => events.push(e) });
  return { applier, applied, events };
}

describe('StepApplier', () => {
  it('reports a refused step with the error and its convert file name, skips what requires it, and goes on', async () => {
    const { applier, applied, events } = await applyAll(['app.t']);
    expect(applied).toEqual(['app.u', 'app.u.ix', 'app.v', 'app.w']);
    expect(applier.failures).toEqual([
      {
        status: 'failed',
        phase: 'pre-data',
        kind: 'table',
        object: 'app.t',
        file: '001-pre-data-table-app.t.sql',
        error: 'relation "app.t_base" does not exist',
      },
      {
        status: 'skipped',
        phase: 'post-data',
        kind: 'index',
        object: 'app.t.ix',
        file: '003-post-data-index-app.t.ix.sql',
        because: 'app.t',
      },
    ]);
    expect(applier.unpreparedTables()).toEqual(new Map([['app.t', 'app.t']]));
    expect(applier.actionItems.map((a) => [a.code, a.object])).toEqual([
      ['APPLY_FAILED', 'app.t'],
      ['NOT_CREATED', 'app.t.ix'],
    ]);
    expect(events).toContainEqual({ type: 'object-failed', failure: applier.failures[1] });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'step',
        object: 'app.t',
        status: 'failed',
        file: '001-pre-data-table-app.t.sql',
      }),
    );
  });

  it('skips a view over a refused view (module dependency), naming the object that failed first', async () => {
    const { applier } = await applyAll(['app.v']);
    expect(applier.failures.map((f) => [f.status, f.object, f.because])).toEqual([
      ['failed', 'app.v', undefined],
      ['skipped', 'app.w', 'app.v'],
    ]);
    expect(applier.unpreparedTables().size).toBe(0);
  });

  it('stops at a lost connection: every later step would fail too', async () => {
    const lost = () => new FerryError('connection terminated', { transient: true });
    await expect(applyAll(['app.u'], lost)).rejects.toThrow('connection terminated');
  });

  it('names the target from its capabilities, and warns when its DDL is not transactional', async () => {
    const refused = (target: TargetCapabilities) =>
      applyAll(['app.t'], undefined, target).then((r) => r.applier.actionItems[0]!.message);
    expect(await refused({ ...testTargetCapabilities, product: 'TxDB', transactionalDdl: true })).toBe(
      'table app.t (001-pre-data-table-app.t.sql) TxDB refused it: relation "app.t_base" does not exist',
    );
    expect(await refused({ ...testTargetCapabilities, product: 'NoTxDB', transactionalDdl: false })).toBe(
      'table app.t (001-pre-data-table-app.t.sql) NoTxDB refused it: relation "app.t_base" does not exist (NoTxDB does not run DDL in a transaction: part of the step may be applied)',
    );
  });

  it('lists the steps without applying anything in a dry run', async () => {
    const events: RunEvent[] = [];
    const applier = new StepApplier(steps, {
      target: testTargetCapabilities,
      apply: () => Promise.reject(new Error('applied in a dry run')),
    });
    await applier.applyPhase('post-data', { dryRun: true, onEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type === 'step' && e.status)).toEqual(Array(4).fill('dry-run'));
    expect(applier.failures).toEqual([]);
  });
});
