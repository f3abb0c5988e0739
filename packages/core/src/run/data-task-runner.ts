// The runners of a migration's data tasks and table validations in this thread: the standard transfer
// and validation with the config's load settings. The main thread uses them for in-memory endpoints,
// each task worker thread for its jobs.

import type { KeyRange, RejectedRow } from '../plugins/endpoint.js';
import type { DataTask } from '../pipeline/data-task.js';
import type { RetryNotice } from '../pipeline/retry.js';
import { transferRunner, type TaskRunner } from '../pipeline/scheduler.js';
import type { TableMapping } from '../rules/table-mapping.js';
import { validateTable, type TableValidation } from '../validate/validate-table.js';
import type { Migration } from './open-migration.js';

/** What the run hears of a task besides its progress and result. */
export interface DataTaskHooks {
  /** A row the target rejected under the table's `reject` policy, once its task committed. */
  onReject?: (task: DataTask, rejected: RejectedRow) => void | Promise<void>;
  /** A transient failure, before the task is re-run. */
  onRetry?: (task: DataTask, notice: RetryNotice) => void;
}

export function inThreadRunner(
  migration: Migration,
  mappings: readonly TableMapping[],
  runId: string | undefined,
  hooks: DataTaskHooks,
): TaskRunner {
  const { load } = migration.config;
  return transferRunner({
    source: migration.source,
    target: migration.target,
    mappings,
    batchRows: load.batchRows,
    batchBytes: load.batchBytes,
    queue: { maxRows: load.batchRows * load.queueBatches, maxBytes: load.queueBytes },
    fastPath: load.fastPath,
    retries: load.retries,
    maxRejectedRows: load.maxRejectedRows,
    runId,
    ...hooks,
  });
}

/** Validates one mapped table over its source key ranges (none: the whole table). */
export type TableValidator = (
  mapping: TableMapping,
  ranges: KeyRange[],
  signal?: AbortSignal,
) => Promise<TableValidation>;

export function inThreadValidator(migration: Migration): TableValidator {
  const { load, validate } = migration.config;
  return (mapping, ranges, signal) =>
    validateTable({
      source: migration.source,
      target: migration.target,
      checksums: validate.checksums,
      fastPath: load.fastPath,
      mapping,
      ranges,
      batchRows: load.batchRows,
      batchBytes: load.batchBytes,
      signal,
    });
}
