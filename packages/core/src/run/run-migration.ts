// run(): plan -> pre-data -> data tasks (scheduler) -> post-data -> validate -> run report.
// A dry run plans and lists every step and task but executes nothing.

import { NotSupportedError } from '../errors.js';
import type { RejectedRow } from '../plugins/endpoint.js';
import { InterruptedError } from '../pipeline/interrupted-error.js';
import { runTasks, transferRunner, type ScheduleResult, type TaskProgress } from '../pipeline/scheduler.js';
import { buildRunReport, type RunReport } from '../report/run-report.js';
import type { TableValidation } from '../validate/validate-table.js';
import { applySteps } from './apply-steps.js';
import type { Migration } from './open-migration.js';
import { plan, type MigrationPlan } from './plan-migration.js';
import type { DataTaskInfo, RunEvent } from './run-events.js';
import { emitter, errorText, isFerryError, runPhase, type PhaseOptions } from './run-phase.js';
import { validatePlanned } from './validate-migration.js';

export interface RunOptions extends PhaseOptions {
  /** Plan and list everything; execute nothing. */
  dryRun?: boolean;
  /** Tasks at once; default `load.parallelism` of the config. */
  parallelism?: number;
  /** Load only what an earlier run did not finish. */
  resume?: boolean;
  /** Validate after the load (default true). */
  validate?: boolean;
  /** Receives each row a target rejected under a table's `reject` policy (e.g. to write a reject file). */
  onReject?: (rejected: RejectedRow, task: string) => void | Promise<void>;
}

export interface RunResult {
  state: RunReport['state'];
  dryRun: boolean;
  /** Absent when planning itself failed. */
  plan?: MigrationPlan;
  validations: TableValidation[];
  /** False when a validated table differs between source and target. */
  match: boolean;
  report: RunReport;
  /** Why the run failed or was interrupted. */
  error?: unknown;
}

export async function run(migration: Migration, options: RunOptions = {}): Promise<RunResult> {
  if (options.resume) {
    throw new NotSupportedError('ferry run --resume (checkpoints in the target `ferry` schema)', {
      hint: 'run again without --resume; with prep drop-and-create or truncate the load starts over',
    });
  }
  const dryRun = options.dryRun ?? false;
  const startedAt = new Date();
  let planned: MigrationPlan | undefined;
  const schedule: { result?: ScheduleResult } = {};
  let validations: TableValidation[] = [];
  let error: unknown;

  try {
    planned = await plan(migration, { onEvent: options.onEvent, signal: options.signal });
    const p = planned.plan;
    await runPhase('pre-data', { ...options, dryRun }, async () => {
      await applySteps(migration.target, 'pre-data', p.preData, { ...options, dryRun });
      return { value: undefined, detail: `${p.preData.length} steps${dryRun ? ' listed' : ''}` };
    });
    await loadData(migration, planned, schedule, { ...options, dryRun });
    await runPhase('post-data', { ...options, dryRun }, async () => {
      await applySteps(migration.target, 'post-data', p.postData, { ...options, dryRun });
      return { value: undefined, detail: `${p.postData.length} steps${dryRun ? ' listed' : ''}` };
    });
    if (!dryRun && options.validate !== false) {
      validations = (await validatePlanned(migration, planned, options)).tables;
    }
  } catch (e) {
    error = e;
  }

  const interrupted =
    error instanceof InterruptedError ||
    (isFerryError(error) && error.code === 'INTERRUPTED') ||
    options.signal?.aborted;
  const state: RunReport['state'] = error === undefined ? 'done' : interrupted ? 'interrupted' : 'failed';
  const report = buildRunReport({
    startedAt,
    finishedAt: new Date(),
    source: migration.source.name,
    target: migration.target.name,
    state,
    tasks: schedule.result?.tasks ?? [],
    validations,
    actionItems: planned?.actionItems ?? [],
    warnings: error === undefined ? [] : [errorText(error)],
  });
  return {
    state,
    dryRun,
    plan: planned,
    validations,
    match: validations.every((v) => v.match),
    report,
    error,
  };
}

/**
 * The data phase: runs the tasks through the scheduler and turns its progress into task events.
 * The scheduler's final figures go into `schedule` even when the phase fails.
 */
async function loadData(
  migration: Migration,
  planned: MigrationPlan,
  schedule: { result?: ScheduleResult },
  options: RunOptions,
): Promise<void> {
  const emit = emitter(options);
  const tasks = planned.plan.data;
  const infos: DataTaskInfo[] = tasks.map((t) => ({
    id: t.id,
    table: t.target,
    ...(t.range ? { range: t.range.index } : {}),
    ...(t.rowEstimate > 0 ? { rowsEstimate: t.rowEstimate } : {}),
  }));
  await runPhase('data', { ...options, start: { tasks: infos } }, async () => {
    if (options.dryRun)
      return { value: undefined, status: 'skipped', detail: `dry run: ${tasks.length} tasks not run` };
    const { load } = migration.config;
    const result = (schedule.result = await runTasks({
      tasks,
      parallelism: options.parallelism ?? load.parallelism,
      signal: options.signal,
      run: transferRunner({
        source: migration.source,
        target: migration.target,
        mappings: planned.mappings,
        batchRows: load.batchRows,
        batchBytes: load.batchBytes,
        queue: { maxRows: load.batchRows * load.queueBatches, maxBytes: load.queueBytes },
        onReject: options.onReject && ((task, rejected) => options.onReject!(rejected, task.id)),
      }),
      onProgress: taskEvents(emit),
    }));
    if (result.state === 'failed') throw result.error;
    if (result.state === 'interrupted') throw new InterruptedError('data', options.signal?.reason);
    const rows = result.tasks.reduce((n, t) => n + t.rows, 0);
    return { value: undefined, detail: `${tasks.length} tasks, ${rows} rows` };
  });
}

/** Turns the scheduler's task figures into task-start / task-progress / task-end (+ policy warning) events. */
function taskEvents(emit: (e: RunEvent) => void): (p: TaskProgress) => void {
  const started = new Set<string>();
  return (p) => {
    const base = { task: p.taskId, table: p.table, ...(p.range ? { range: p.range.index } : {}) };
    if (p.state === 'queued') return;
    if (p.state === 'running') {
      if (!started.has(p.taskId)) {
        started.add(p.taskId);
        emit({ type: 'task-start', ...base });
        return;
      }
      emit({
        type: 'task-progress',
        ...base,
        rows: p.rows,
        bytes: p.bytes,
        rowsPerSecond: p.rowsPerSec,
        ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds }),
      });
      return;
    }
    emit({
      type: 'task-end',
      ...base,
      status: p.state,
      rows: p.rows,
      bytes: p.bytes,
      seconds: p.seconds,
      ...(p.error ? { error: errorText(p.error) } : {}),
      ...(p.rejected ? { rejected: p.rejected } : {}),
      ...(p.fixes && Object.keys(p.fixes).length ? { fixes: p.fixes } : {}),
    });
    // Rows left out and values changed by the error policy are data the target does not hold as read.
    if (p.rejected)
      emit({
        type: 'warning',
        where: p.taskId,
        message: `${p.rejected} rows rejected under the reject policy`,
      });
    for (const [code, n] of Object.entries(p.fixes ?? {})) {
      emit({ type: 'warning', where: p.taskId, message: `${n} values fixed under the fix policy (${code})` });
    }
  };
}
