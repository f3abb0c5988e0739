// validate(): counts and checksums of every migrated table on both sides, per key range.

import { qualifiedName } from '../model/schema-model.js';
import type { KeyRange } from '../plugins/endpoint.js';
import { runLanes } from '../pipeline/lanes.js';
import type { TableValidation } from '../validate/validate-table.js';
import { inThreadValidator, type TableValidator } from './data-task-runner.js';
import type { Migration } from './open-migration.js';
import { plan, type MigrationPlan } from './plan-migration.js';
import { checkAborted, emitter, runPhase, type PhaseOptions } from './run-phase.js';
import { jobWorkers, workerRunOptions, type WorkerOptions } from './worker-jobs.js';

export interface ValidationResult {
  tables: TableValidation[];
  /** True when every table matched. */
  match: boolean;
}

/**
 * Plans the migration again (nothing is executed) and validates every table of the plan, on task
 * worker threads when the migration came from a config file (see worker-jobs.ts).
 */
export async function validate(migration: Migration, options: WorkerOptions = {}): Promise<ValidationResult> {
  const workers = jobWorkers(migration, options);
  try {
    // A worker per table validated at once, loading while the plan is made.
    const parallelism = options.parallelism ?? migration.config.load.parallelism;
    const planned = await plan(migration, {
      ...options,
      onMappings: (mappings) => workers?.warm(Math.min(parallelism, mappings.length), migration.origin),
    });
    const jobs = workers?.start({ sourceModel: planned.sourceModel }, workerRunOptions(migration, options));
    return await validatePlanned(migration, planned, {
      ...options,
      ...(jobs ? { validator: jobs.validateTable } : {}),
    });
  } finally {
    await workers?.close();
  }
}

export interface ValidateOptions extends PhaseOptions {
  /** Tables validated at once; default `load.parallelism` of the config (`ferry run --parallelism` sets both). */
  parallelism?: number;
  /** Target tables (`schema.name`) left out: the run did not create or load them (reported as failed objects). */
  skipTables?: ReadonlyMap<string, unknown> | ReadonlySet<string>;
  /** Validates one table; default: in this thread. */
  validator?: TableValidator;
}

export async function validatePlanned(
  migration: Migration,
  planned: MigrationPlan,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const emit = emitter(options);
  const parallelism = options.parallelism ?? migration.config.load.parallelism;
  const validateTable = options.validator ?? inThreadValidator(migration);
  return runPhase('validate', options, async () => {
    // Tables are validated `parallelism` at a time (both sides of a table are read at once);
    // results keep the plan's table order whatever order they finish in.
    const mappings = planned.mappings.filter((m) => !options.skipTables?.has(qualifiedName(m.target)));
    const tables: TableValidation[] = new Array(mappings.length);
    await runLanes(mappings, parallelism, async (mapping, index) => {
      const source = qualifiedName(mapping.source);
      const target = qualifiedName(mapping.target);
      checkAborted(options.signal, `validate ${target}`);
      const ranges = planned.plan.data
        .filter((t) => t.source === source && t.target === target && t.range)
        .map((t) => t.range as KeyRange);
      const result = await validateTable(mapping, ranges, options.signal);
      tables[index] = result;
      emit({ type: 'validation', result });
    });
    const mismatched = tables.filter((t) => !t.match).length;
    return {
      value: { tables, match: mismatched === 0 },
      status: mismatched ? 'failed' : 'ok',
      detail: mismatched
        ? `${mismatched} of ${tables.length} tables differ`
        : `${tables.length} tables match`,
    };
  });
}
