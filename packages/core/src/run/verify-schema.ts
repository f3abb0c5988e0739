// The verified assessment: the whole converted schema applied on a real target inside a transaction
// that is rolled back, with the same StepApplier (order, skips) as `run` and `apply`, so its figures
// are what `apply` does. Each object ends as: applies / applies with action items / fails / not converted.

import type { PlanStep, TargetEndpoint, UnresolvedName } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';
import { moduleDependencies } from '../plan/step-dependencies.js';
import { sqlFileName } from '../plan/sql-file-name.js';
import { StepApplier } from './apply-steps.js';
import type { FailedObject } from './failed-objects.js';
import type { MigrationPlan } from './plan-migration.js';
import { emitter, runPhase, type PhaseOptions } from './run-phase.js';

export type ObjectStatus = 'applies' | 'applies-with-action-items' | 'fails' | 'not-converted';

export interface VerifiedObject {
  /** Plan step kind: `table`, `index`, `view`, `routine`, `trigger`... */
  kind: string;
  object: string;
  /** The .sql file `ferry convert` writes it to. */
  file: string;
  status: ObjectStatus;
  /** The target's error (fails), or `requires <object>` when it was skipped because that object fails. */
  error?: string;
  /** Names its converted bodies use that resolve to nothing. */
  unresolved: UnresolvedName[];
}

export interface KindFigures {
  kind: string;
  objects: number;
  applies: number;
  withActionItems: number;
  fails: number;
  notConverted: number;
}

export interface SchemaVerificationResult {
  /** Where it was verified (the target's name, or `embedded PostgreSQL`). */
  on: string;
  objects: VerifiedObject[];
  byKind: KindFigures[];
  /** Steps the target refused and the steps skipped because of them, as `run` would report them. */
  failures: FailedObject[];
  /** APPLY_FAILED / NOT_CREATED / UNRESOLVED_NAME items. */
  actionItems: ActionItem[];
}

/** Applies every step of the plan on `target` inside a rolled-back transaction and classifies each object. */
export async function verifyPlan(
  target: TargetEndpoint,
  planned: MigrationPlan,
  options: PhaseOptions & { on?: string } = {},
): Promise<SchemaVerificationResult | undefined> {
  if (!target.verifySchema) return undefined;
  const open = target.verifySchema.bind(target);
  return runPhase('verify', options, async () => {
    const steps = [...planned.plan.preData, ...planned.plan.postData];
    const verification = await open();
    try {
      const applier = new StepApplier(steps, {
        apply: (step) => verification.apply(step),
        target: target.capabilities,
        moduleDeps: moduleDependencies(planned.targetModel),
      });
      // Step events would read as if the schema were created: only failures are told (object-failed).
      const quiet = {
        ...options,
        onEvent: (e: Parameters<NonNullable<PhaseOptions['onEvent']>>[0]) =>
          e.type !== 'step' && emitter(options)(e),
      };
      for (const phase of ['pre-data', 'post-data'] as const) await applier.applyPhase(phase, quiet);
      const failed = new Map(applier.failures.map((f) => [`${f.phase}\u0000${f.object}\u0000${f.kind}`, f]));
      const objects: VerifiedObject[] = [];
      const unresolvedItems: ActionItem[] = [];
      for (const [position, step] of steps.entries()) {
        const failure = failed.get(`${step.phase}\u0000${step.object}\u0000${step.kind}`);
        const inspected = failure ? { statements: 1, unresolved: [] } : await verification.inspect(step);
        objects.push(classify(step, sqlFileName(position, step), failure, inspected));
        unresolvedItems.push(...inspected.unresolved.map((u) => unresolvedItem(step, u)));
      }
      const value: SchemaVerificationResult = {
        on: options.on ?? target.name,
        objects,
        byKind: figuresByKind(objects),
        failures: applier.failures,
        actionItems: [...applier.actionItems, ...unresolvedItems],
      };
      const fails = objects.filter((o) => o.status === 'fails').length;
      return {
        value,
        detail: `${objects.length - fails} of ${objects.length} objects apply on ${value.on} (rolled back)`,
      };
    } finally {
      await verification.close();
    }
  });
}

function classify(
  step: PlanStep,
  file: string,
  failure: FailedObject | undefined,
  inspected: { statements: number; unresolved: UnresolvedName[] },
): VerifiedObject {
  const base = { kind: step.kind, object: step.object, file, unresolved: inspected.unresolved };
  if (failure)
    return {
      ...base,
      status: 'fails',
      error: failure.error ?? `requires ${failure.because ?? ''}, which fails`,
    };
  if (inspected.statements === 0) return { ...base, status: 'not-converted' };
  const items = (step.actionItems?.length ?? 0) + inspected.unresolved.length;
  return { ...base, status: items ? 'applies-with-action-items' : 'applies' };
}

function unresolvedItem(step: PlanStep, u: UnresolvedName): ActionItem {
  return {
    code: 'UNRESOLVED_NAME',
    severity: 'high',
    object: step.object,
    message: `${u.routine} uses ${u.kind} ${u.name}, which PostgreSQL does not have (not in pg_catalog nor among the converted objects); the routine is created but fails when it reaches it`,
    suggestion: `create ${u.name} or rewrite the call in the converted ${step.kind}`,
  };
}

function figuresByKind(objects: readonly VerifiedObject[]): KindFigures[] {
  const byKind = new Map<string, KindFigures>();
  for (const o of objects) {
    const k = byKind.get(o.kind) ?? {
      kind: o.kind,
      objects: 0,
      applies: 0,
      withActionItems: 0,
      fails: 0,
      notConverted: 0,
    };
    k.objects++;
    if (o.status === 'applies') k.applies++;
    else if (o.status === 'applies-with-action-items') k.withActionItems++;
    else if (o.status === 'fails') k.fails++;
    else k.notConverted++;
    byKind.set(o.kind, k);
  }
  return [...byKind.values()];
}
