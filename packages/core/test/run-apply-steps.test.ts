import { describe, expect, it } from 'vitest';
import type { PlanStep, TargetEndpoint } from '../src/plugins/endpoint.js';
import { applySteps } from '../src/run/apply-steps.js';
import type { RunEvent } from '../src/run/run-events.js';
import { collectingTarget } from '../src/testing/index.js';

/** The in-memory test target, refusing the steps whose object is in `refuse` as PostgreSQL would. */
function refusingTarget(refuse: string[]): { target: TargetEndpoint; applied: string[] } {
  const inner = collectingTarget();
  const applied: string[] = [];
  const target: TargetEndpoint = Object.assign(Object.create(inner) as TargetEndpoint, {
    apply: async (step: PlanStep) => {
      if (refuse.includes(step.object)) throw new Error(`relation "${step.object}_base" does not exist`);
      applied.push(step.id);
    },
  });
  return { target, applied };
}

const step = (object: string, optional?: boolean): PlanStep => ({
  id: `post-data:view:${object}`,
  phase: 'post-data',
  kind: 'view',
  object,
  statements: [`CREATE VIEW ${object} AS SELECT 1`],
  ...(optional ? { optional } : {}),
});

describe('applySteps', () => {
  it('turns a refused optional step (converted code) into an APPLY_FAILED action item and goes on', async () => {
    const { target, applied } = refusingTarget(['app.v1']);
    const events: RunEvent[] = [];
    const items = await applySteps(target, 'post-data', [step('app.v1', true), step('app.v2', true)], {
      onEvent: (e) => events.push(e),
    });
    expect(applied).toEqual(['post-data:view:app.v2']);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ code: 'APPLY_FAILED', severity: 'high', object: 'app.v1' });
    expect(items[0]!.message).toContain('relation "app.v1_base" does not exist');
    expect(events).toContainEqual({ type: 'action-item', item: items[0] });
  });

  it('fails the phase on a refused ordinary step, naming it', async () => {
    const { target } = refusingTarget(['app.v1']);
    await expect(applySteps(target, 'post-data', [step('app.v1')], {})).rejects.toThrow(
      'post-data step view app.v1 failed: relation "app.v1_base" does not exist',
    );
  });
});
