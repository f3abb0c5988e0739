// Applies pre-data or post-data steps on the target in plan order (or only lists them in a dry run).

import type { PlanStep, TargetEndpoint } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';
import { FerryError } from '../errors.js';
import { checkAborted, emitter, errorText, isFerryError, type PhaseOptions } from './run-phase.js';

export async function applySteps(
  target: TargetEndpoint,
  phase: PlanStep['phase'],
  steps: readonly PlanStep[],
  options: PhaseOptions & { dryRun?: boolean; runId?: string; skip?: ReadonlySet<string> },
): Promise<ActionItem[]> {
  const emit = emitter(options);
  const failedOptional: ActionItem[] = [];
  for (const step of steps) {
    // Applied by the interrupted run that is being resumed.
    if (options.skip?.has(step.id)) continue;
    const event = { type: 'step', phase, id: step.id, kind: step.kind, object: step.object } as const;
    if (options.dryRun) {
      emit({ ...event, status: 'dry-run' });
      continue;
    }
    checkAborted(options.signal, `${phase} ${step.kind} ${step.object}`);
    try {
      await target.apply(step, options.runId ? { checkpoint: { runId: options.runId } } : undefined);
    } catch (error) {
      emit({ ...event, status: 'failed' });
      if (step.optional) {
        const item: ActionItem = {
          code: 'APPLY_FAILED',
          severity: 'high',
          object: step.object,
          message: `${step.kind} ${step.object} was converted but PostgreSQL refused it: ${errorText(error)}`,
          suggestion: `fix the converted SQL (ferry convert --out dir), apply it by hand, then ferry apply`,
        };
        failedOptional.push(item);
        emit({ type: 'action-item', item });
        continue;
      }
      if (isFerryError(error) && error.where) throw error;
      throw new FerryError(`${phase} step ${step.kind} ${step.object} failed: ${errorText(error)}`, {
        where: step.object,
        cause: error,
        code: isFerryError(error) ? error.code : 'STEP_FAILED',
        hint: isFerryError(error) ? error.hint : undefined,
        exitCode: isFerryError(error) ? error.exitCode : undefined,
      });
    }
    emit({ ...event, status: 'done' });
  }
  return failedOptional;
}
