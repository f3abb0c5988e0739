// Runs data tasks N at a time, biggest first, and reports progress per task. One failure stops
// new tasks from starting (running ones settle); an abort signal interrupts everything.

import { FerryError } from '../errors.js';
import type { KeyRange, RejectedRow, SourceEndpoint, TargetEndpoint } from '../plugins/endpoint.js';
import type { TableMapping } from '../rules/table-mapping.js';
import type { ColumnFix } from './column-fixes.js';
import { mappingForTask, type DataTask } from './data-task.js';
import { InterruptedError } from './interrupted-error.js';
import { runLanes } from './lanes.js';
import { RejectSpool } from './reject-spool.js';
import { defaultRetryPolicy, withRetries, type RetryNotice, type RetryPolicy } from './retry.js';
import { transfer, type PipelineSettings } from './transfer.js';

export type TaskState = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

export interface TaskProgress {
  taskId: string;
  /** Target table, `schema.name`. */
  table: string;
  range?: KeyRange;
  state: TaskState;
  rows: number;
  bytes: number;
  /** Seconds since the task started (0 while queued). */
  seconds: number;
  rowsPerSec: number;
  /** Seconds left at the current rate, from the task's row estimate; absent when unknown. */
  etaSeconds?: number;
  /** Error message (failed) or reason (interrupted). */
  error?: string;
  /** Values the target fixed under the `fix` policy, by code (set when done). */
  fixes?: Record<string, number>;
  /** Values changed by a documented rule, per column and rule (set when done). */
  columnFixes?: ColumnFix[];
  /** Rows the target rejected under the `reject` policy (set when done). */
  rejected?: number;
  /** Times the task was re-run after a transient failure (set when done). */
  retries?: number;
  /** Finished by the interrupted run a `--resume` continues: its rows were not loaded by this run. */
  loadedEarlier?: boolean;
  /** When the task started and ended (epoch ms), for the run report's timeline. */
  startedAt?: number;
  endedAt?: number;
}

export interface TaskRunContext {
  signal: AbortSignal;
  /** Report running totals of rows and bytes moved by this task. */
  progress: (rows: number, bytes: number) => void;
}

export interface TaskResult {
  rows: number;
  bytes: number;
  fixes?: Record<string, number>;
  columnFixes?: ColumnFix[];
  rejected?: number;
  retries?: number;
}

/** Executes one task; resolves with its totals. Throws InterruptedError when cancelled. */
export type TaskRunner = (task: DataTask, context: TaskRunContext) => Promise<TaskResult>;

export interface ScheduleOptions {
  tasks: readonly DataTask[];
  /** Tasks running at once (>= 1). */
  parallelism: number;
  run: TaskRunner;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
  /** Least time between two 'running' events of one task; state changes are always reported. Default 250. */
  progressIntervalMs?: number;
}

export interface ScheduleResult {
  state: 'done' | 'failed' | 'interrupted';
  /** Final figures of every task, biggest first (after a failure, tasks never started stay 'queued'). */
  tasks: TaskProgress[];
  /** The first task failure, if any. */
  error?: unknown;
}

const byId = new Intl.Collator('en', { numeric: true }).compare;

/** Orders tasks biggest first (row estimate), ties by id (`t#2` before `t#10`) for a stable order. */
export function orderTasks(tasks: readonly DataTask[]): DataTask[] {
  return [...tasks].sort((a, b) => b.rowEstimate - a.rowEstimate || byId(a.id, b.id));
}

export async function runTasks(options: ScheduleOptions): Promise<ScheduleResult> {
  const parallelism = Math.max(1, Math.floor(options.parallelism));
  const interval = options.progressIntervalMs ?? 250;
  const ordered = orderTasks(options.tasks);
  const states = new Map<string, TaskProgress>(
    ordered.map((t) => [
      t.id,
      {
        taskId: t.id,
        table: t.target,
        range: t.range,
        state: 'queued',
        rows: 0,
        bytes: 0,
        seconds: 0,
        rowsPerSec: 0,
      },
    ]),
  );
  const emit = (p: TaskProgress) => options.onProgress?.({ ...p });
  for (const p of states.values()) emit(p);

  const internal = new AbortController();
  const onAbort = () => internal.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  let firstError: unknown;

  async function runOne(task: DataTask): Promise<void> {
    const p = states.get(task.id)!;
    const started = performance.now();
    let lastEmit = 0;
    const update = (rows: number, bytes: number) => {
      p.rows = rows;
      p.bytes = bytes;
      p.seconds = (performance.now() - started) / 1000;
      p.rowsPerSec = p.seconds > 0 ? rows / p.seconds : 0;
      p.etaSeconds =
        task.rowEstimate > 0 && p.rowsPerSec > 0
          ? Math.max(0, task.rowEstimate - rows) / p.rowsPerSec
          : undefined;
    };
    p.state = 'running';
    p.startedAt = Date.now();
    emit(p);
    try {
      const result = await options.run(task, {
        signal: internal.signal,
        progress: (rows, bytes) => {
          update(rows, bytes);
          const now = performance.now();
          if (now - lastEmit >= interval) {
            lastEmit = now;
            emit(p);
          }
        },
      });
      update(result.rows, result.bytes);
      if (result.fixes) p.fixes = result.fixes;
      if (result.columnFixes?.length) p.columnFixes = result.columnFixes;
      if (result.rejected) p.rejected = result.rejected;
      if (result.retries) p.retries = result.retries;
      p.state = 'done';
      p.etaSeconds = 0;
    } catch (error) {
      update(p.rows, p.bytes);
      p.etaSeconds = undefined;
      p.error = error instanceof Error ? error.message : String(error);
      if (error instanceof InterruptedError || internal.signal.aborted) {
        p.state = 'interrupted';
      } else {
        p.state = 'failed';
        if (firstError === undefined) firstError = error;
      }
    }
    p.endedAt = Date.now();
    emit(p);
  }

  // runOne records a failure in firstError instead of throwing, so runLanes only needs `stop`.
  await runLanes(ordered, parallelism, runOne, () => firstError !== undefined || internal.signal.aborted);
  options.signal?.removeEventListener('abort', onAbort);

  const state = firstError !== undefined ? 'failed' : internal.signal.aborted ? 'interrupted' : 'done';
  if (state === 'interrupted') {
    for (const p of states.values()) {
      if (p.state !== 'queued') continue;
      p.state = 'interrupted';
      p.error = 'not started: run interrupted';
      emit(p);
    }
  }
  const tasks = [...states.values()];
  return { state, tasks, error: firstError };
}

export interface TransferRunnerOptions extends PipelineSettings {
  source: SourceEndpoint;
  target: TargetEndpoint;
  mappings: readonly TableMapping[];
  /** Receives rows the target rejected under a table's `reject` policy, with their task. */
  onReject?: (task: DataTask, rejected: RejectedRow) => void | Promise<void>;
  /** Transient failures re-run the task (re-reading only its range); default `defaultRetryPolicy`. */
  retries?: RetryPolicy;
  /** Told of each retry before its backoff wait. */
  onRetry?: (task: DataTask, notice: RetryNotice) => void;
  /** With a run id, each task's write is checkpointed in the target (`WriteOptions.checkpoint`). */
  runId?: string;
  /** A task rejecting more rows than this fails; default 10,000. */
  maxRejectedRows?: number;
}

/**
 * The standard task runner: resolves the task's mapping by name and transfers its rows, re-running
 * the task after a transient failure (its rolled-back rows are read again, nothing else).
 */
export function transferRunner(options: TransferRunnerOptions): TaskRunner {
  return async (task, context) => {
    const mapping = mappingForTask(task, options.mappings);
    const { onReject, onRetry, runId } = options;
    // Rejected rows are handed on once their attempt committed: a retried attempt's rows were rolled
    // back. Until then they wait in a file (reject-spool.ts), not in memory.
    const spool = new RejectSpool();
    const maxRejected = options.maxRejectedRows ?? 10_000;
    try {
      const { value: result, retries } = await withRetries(
        options.retries ?? defaultRetryPolicy,
        async () => {
          await spool.close();
          let rejectedCount = 0;
          return transfer({
            ...options,
            mapping,
            range: task.range,
            signal: context.signal,
            onProgress: context.progress,
            onReject: async (rejected) => {
              if (++rejectedCount > maxRejected) throw tooManyRejected(task, maxRejected, rejected);
              if (onReject) await spool.add(rejected);
            },
            ...(runId ? { checkpoint: { runId, taskId: task.id } } : {}),
          });
        },
        { signal: context.signal, where: task.id, onRetry: onRetry && ((notice) => onRetry(task, notice)) },
      );
      for await (const rejected of spool.rows()) await onReject?.(task, rejected);
      return {
        rows: result.rows,
        bytes: result.bytes,
        fixes: result.fixes,
        ...(result.columnFixes ? { columnFixes: result.columnFixes } : {}),
        rejected: result.rejected,
        ...(retries ? { retries } : {}),
      };
    } finally {
      await spool.close();
    }
  };
}

function tooManyRejected(task: DataTask, max: number, last: RejectedRow): FerryError {
  return new FerryError(
    `${task.id}: more than ${max} rows rejected by the reject policy (the latest: column ${last.column}, ${last.code}: ${last.reason}); the range's load stopped and was rolled back`,
    {
      code: 'TOO_MANY_REJECTED_ROWS',
      where: task.id,
      hint: 'so many rejected rows usually mean a wrong type mapping or transform; fix it, or raise load.maxRejectedRows',
    },
  );
}
