// Applies the pre-data and post-data steps of a plan (or only lists them in a dry run). A step the
// target refuses is reported with the target's error and the .sql file `ferry convert` writes it to,
// the steps that require it are skipped and reported, and the run goes on: every object is created
// or reported. Only an interruption or a lost connection stops the phase.

import { FerryError } from '../errors.js';
import type { QualifiedName } from '../model/schema-model.js';
import type { PlanStep, TargetCapabilities } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';
import { sqlFileName } from '../plan/sql-file-name.js';
import { stepDependencies } from '../plan/step-dependencies.js';
import type { FailedObject } from './failed-objects.js';
import { checkAborted, emitter, errorText, type PhaseOptions } from './run-phase.js';

export interface ApplyPhaseOptions extends PhaseOptions {
  dryRun?: boolean;
  /** Ids of steps applied by the interrupted run that is being resumed (not applied again). */
  skip?: ReadonlySet<string>;
}

export interface StepApplierOptions {
  /** Applies one step (in its own transaction, or savepoint); throws the target's error when refused. */
  apply: (step: PlanStep) => Promise<void>;
  /** The target's capabilities: its name in messages, and whether a refused step may be half-applied. */
  target: Pick<TargetCapabilities, 'product' | 'transactionalDdl'>;
  /** View/routine/trigger dependencies of the target model (`moduleDependencies`). */
  moduleDeps?: ReadonlyMap<string, readonly QualifiedName[]>;
  /** The file a step is kept in; default the name `ferry convert` gives the step at this position. */
  fileOf?: (step: PlanStep, position: number) => string;
}

/** Applies the steps of one plan (all phases, in apply order), phase by phase, past failures. */
export class StepApplier {
  /** Steps the target refused and steps skipped because of them, in apply order. */
  readonly failures: FailedObject[] = [];
  /** One action item per failed or skipped step. */
  readonly actionItems: ActionItem[] = [];
  private readonly required: Set<number>[];
  /** Position of each step that failed or was skipped -> the failed object it comes from. */
  private readonly broken = new Map<number, string>();

  constructor(
    private readonly steps: readonly PlanStep[],
    private readonly options: StepApplierOptions,
  ) {
    this.required = stepDependencies(steps, options.moduleDeps ?? new Map()).required;
  }

  async applyPhase(phase: PlanStep['phase'], options: ApplyPhaseOptions = {}): Promise<void> {
    const emit = emitter(options);
    for (const [position, step] of this.steps.entries()) {
      if (step.phase !== phase || options.skip?.has(step.id)) continue;
      const event = { type: 'step', phase, id: step.id, kind: step.kind, object: step.object } as const;
      if (options.dryRun) {
        emit({ ...event, status: 'dry-run' });
        continue;
      }
      checkAborted(options.signal, `${phase} ${step.kind} ${step.object}`);
      const file = this.options.fileOf?.(step, position) ?? sqlFileName(position, step);
      const because = [...this.required[position]].map((j) => this.broken.get(j)).find((o) => o);
      if (because !== undefined) {
        this.record(
          position,
          { status: 'skipped', phase, kind: step.kind, object: step.object, file, because },
          options,
        );
        emit({ ...event, status: 'skipped', file, because });
        continue;
      }
      try {
        await this.options.apply(step);
      } catch (error) {
        // A lost connection or an interruption fails every later step too: that stops the phase.
        if (options.signal?.aborted || (error instanceof FerryError && error.transient)) throw error;
        const failed = { phase, kind: step.kind, object: step.object, file, error: errorText(error) };
        this.record(position, { status: 'failed', ...failed }, options);
        emit({ ...event, status: 'failed', file, error: failed.error });
        continue;
      }
      emit({ ...event, status: 'done' });
    }
  }

  /** Target tables (`schema.name`) whose preparing step failed or was skipped -> the failed object why. */
  unpreparedTables(): Map<string, string> {
    const tables = new Map<string, string>();
    for (const [position, because] of this.broken) {
      for (const t of this.steps[position].prepares ?? []) if (!tables.has(t)) tables.set(t, because);
    }
    return tables;
  }

  private record(position: number, failure: FailedObject, options: PhaseOptions): void {
    this.broken.set(position, failure.because ?? failure.object);
    this.failures.push(failure);
    const item = failedObjectItem(failure, this.steps[position], this.options.target);
    this.actionItems.push(item);
    const emit = emitter(options);
    emit({ type: 'object-failed', failure });
    emit({ type: 'action-item', item });
  }
}

/** The action item of a step the target refused (APPLY_FAILED) or that was skipped because of one (NOT_CREATED). */
function failedObjectItem(f: FailedObject, step: PlanStep, target: StepApplierOptions['target']): ActionItem {
  const what = `${f.kind} ${f.object}${f.file && f.file !== f.object ? ` (${f.file})` : ''}`;
  if (f.status === 'skipped')
    return {
      code: 'NOT_CREATED',
      severity: 'high',
      object: f.object,
      message: `${what} was not created: it requires ${f.because}, which the target refused`,
      suggestion: `fix ${f.because} first; then this object applies with it (ferry convert --out dir, then ferry apply)`,
    };
  return {
    code: 'APPLY_FAILED',
    severity: 'high',
    object: f.object,
    message: `${what} ${step.optional ? 'was converted but ' : ''}${target.product} refused it: ${f.error ?? ''}${target.transactionalDdl ? '' : ` (${target.product} does not run DDL in a transaction: part of the step may be applied)`}`,
    suggestion: `fix the SQL (ferry convert --out dir writes ${f.file ?? 'one file per object'}), then ferry apply`,
  };
}
