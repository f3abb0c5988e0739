// The typed events a migration run emits (phases, data tasks, validation, warnings, action items);
// the CLI renders them as a task list, plain lines or a JSON stream.

import type { ActionItem } from '../report/action-item.js';
import type { ColumnFix } from '../pipeline/column-fixes.js';
import type { FailedObject } from './failed-objects.js';
import type { TableValidation } from '../validate/validate-table.js';

export type RunPhase =
  'introspect' | 'plan' | 'verify' | 'pre-data' | 'data' | 'replicate' | 'post-data' | 'validate';

export type PhaseStatus = 'ok' | 'failed' | 'interrupted' | 'skipped';
export type TaskStatus = 'done' | 'failed' | 'interrupted';

/** A data task as announced when the data phase starts: one table, or one key range of it. */
export interface DataTaskInfo {
  id: string;
  /** Target table, `schema.name`. */
  table: string;
  /** Range position when the table is split into key ranges. */
  range?: number;
  rowsEstimate?: number;
}

export type RunEvent =
  | { type: 'phase-start'; phase: RunPhase; dryRun?: boolean; tasks?: DataTaskInfo[] }
  | { type: 'phase-end'; phase: RunPhase; status: PhaseStatus; seconds: number; detail?: string }
  | {
      type: 'step';
      phase: 'pre-data' | 'post-data';
      id: string;
      kind: string;
      object: string;
      status: 'done' | 'dry-run' | 'failed' | 'skipped';
      /** The .sql file of the step (failed and skipped steps). */
      file?: string;
      /** The target's error (failed steps). */
      error?: string;
      /** The failed object a skipped step requires. */
      because?: string;
    }
  | { type: 'task-start'; task: string; table: string; range?: number }
  | {
      type: 'task-progress';
      task: string;
      table: string;
      range?: number;
      rows: number;
      bytes: number;
      rowsPerSecond: number;
      /** Seconds left, when the source's row estimate allows a guess. */
      etaSeconds?: number;
    }
  | {
      type: 'task-end';
      task: string;
      table: string;
      range?: number;
      status: TaskStatus;
      rows: number;
      bytes: number;
      seconds: number;
      error?: string;
      /** Rows the target rejected under the `reject` policy. */
      rejected?: number;
      /** Values the target fixed under the `fix` policy, by code. */
      fixes?: Record<string, number>;
      /** Values changed by a documented rule, per column and rule (with the first row changed). */
      columnFixes?: ColumnFix[];
    }
  | {
      /** A task failed transiently and runs again (after `delayMs`), re-reading only its range. */
      type: 'retry';
      task: string;
      table: string;
      range?: number;
      /** The attempt that failed (1-based). */
      attempt: number;
      delayMs: number;
      error: string;
    }
  | {
      /** A replication cycle applied the source's changes up to `position`. */
      type: 'replication';
      position: string;
      /** Changes applied in this cycle, and since replication started. */
      changes: number;
      totalChanges: number;
      changesPerSecond: number;
      /** Seconds between the commit of the last change applied and its apply. */
      lagSeconds: number;
      /** Source transactions this cycle caught up on. */
      transactionsBehind: number;
      /** Target tables that had changes. */
      tables: string[];
    }
  | {
      /** Cutover: asked for (replication goes on until the source's position stands still), then writes stopped at `position`. */
      type: 'cutover';
      stage: 'requested' | 'writes-stopped';
      position: string;
      /** When the cutover was asked for (\`ferry cutover\`), or when the writes were seen stopped. */
      at: string;
    }
  | { type: 'validation'; result: TableValidation }
  | { type: 'warning'; message: string; where?: string }
  | { type: 'action-item'; item: ActionItem }
  /** An object the target refused, or one skipped because it requires such an object (steps and data). */
  | { type: 'object-failed'; failure: FailedObject };

/** Receives the events of a run; the run never waits for it. */
export type RunEventSink = (event: RunEvent) => void;
