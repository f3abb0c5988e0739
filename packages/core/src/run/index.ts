// Public API of core/run: the orchestration the CLI, tests and a future `ferry worker` call.
export * from './run-events.js';
export {
  openMigration,
  type Migration,
  type MigrationOrigin,
  type OpenMigrationOptions,
  type PluginRegistry,
} from './open-migration.js';
export { plan, planFrom, introspectSource, type MigrationPlan } from './plan-migration.js';
export { run, type RunOptions, type RunResult } from './run-migration.js';
export { cutover, type CutoverResult } from './cutover.js';
export { validate, validatePlanned, type ValidationResult } from './validate-migration.js';
export { assess, type Assessment, type AssessOptions } from './assess-migration.js';
export {
  verifyPlan,
  type KindFigures,
  type ObjectStatus,
  type SchemaVerificationResult,
  type VerifiedObject,
} from './verify-schema.js';
export { StepApplier, type ApplyPhaseOptions, type StepApplierOptions } from './apply-steps.js';
export type { FailedObject } from './failed-objects.js';
export type { PhaseOptions } from './run-phase.js';
export { startTaskWorkers, type TaskWorkers } from './task-workers/worker-runner.js';
export { compiledModuleUrl } from './task-workers/compiled-module.js';
