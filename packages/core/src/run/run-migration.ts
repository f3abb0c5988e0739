// run(): plan -> pre-data -> data tasks (scheduler) -> post-data -> validate -> run report.
// A dry run plans and lists every step and task but executes nothing.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { FerryError } from '../errors.js';
import type { RecordedRun, RejectedRow, RunLease } from '../plugins/endpoint.js';
import type { DataTask } from '../pipeline/data-task.js';
import { InterruptedError } from '../pipeline/interrupted-error.js';
import { runTasks, type ScheduleResult, type TaskProgress, type TaskRunner } from '../pipeline/scheduler.js';
import {
  checkSameTasks,
  recordedRanges,
  sourceChanges,
  sourceFingerprint,
  unfinishedRun,
} from './resume-run.js';
import { buildRunReport, type PhaseTiming, type RunReport } from '../report/run-report.js';
import { CutoverRecorder, type CutoverReport } from '../report/cutover-report.js';
import type { TableValidation } from '../validate/validate-table.js';
import { moduleDependencies } from '../plan/step-dependencies.js';
import { StepApplier } from './apply-steps.js';
import type { FailedObject } from './failed-objects.js';
import { inThreadRunner, type DataTaskHooks } from './data-task-runner.js';
import { jobThreads, jobWorkers, workerRunOptions, type WorkerOptions } from './worker-jobs.js';
import { sharedThreads } from '../plan/format-plan.js';
import type { Migration } from './open-migration.js';
import { plan, type MigrationPlan } from './plan-migration.js';
import type { DataTaskInfo, RunEvent } from './run-events.js';
import { emitter, errorText, runPhase } from './run-phase.js';
import { validatePlanned } from './validate-migration.js';
import { prepareReplication, replicate, restartCounters, type Replication } from './replicate-changes.js';
import { qualifiedName } from '../model/schema-model.js';

export interface RunOptions extends WorkerOptions {
  /** Plan and list everything; execute nothing. */
  dryRun?: boolean;
  /** Load only what an earlier run did not finish. */
  resume?: boolean;
  /** Validate after the load (default true). */
  validate?: boolean;
  /** Milliseconds between replication cycles that found no change (default 500). */
  replicatePollMs?: number;
  /** At cutover, milliseconds the source's position must stand still (default 2000). */
  cutoverQuietMs?: number;
  /** Receives each row a target rejected under a table's `reject` policy (e.g. to write a reject file). */
  onReject?: (rejected: RejectedRow, task: string) => void | Promise<void>;
}

export interface RunResult {
  state: RunReport['state'];
  /** The run's id in the target's checkpoint state (absent when the target keeps none, or in a dry run). */
  runId?: string;
  dryRun: boolean;
  /** Absent when planning itself failed. */
  plan?: MigrationPlan;
  validations: TableValidation[];
  /** False when a validated table differs between source and target. */
  match: boolean;
  report: RunReport;
  /** A replicating run that cut over (`ferry cutover`): times, lag history and validation. */
  cutover?: CutoverReport;
  /** Why the run failed or was interrupted. */
  error?: unknown;
}

export async function run(migration: Migration, runOptions: RunOptions = {}): Promise<RunResult> {
  const phases: PhaseTiming[] = [];
  const cutoverRecorder = new CutoverRecorder();
  // The run stops on the caller's signal, and when it loses the target's run lease.
  const stop = new AbortController();
  const stopWith = (signal: AbortSignal) => {
    if (signal.aborted) stop.abort(signal.reason);
    else signal.addEventListener('abort', () => stop.abort(signal.reason), { once: true });
  };
  if (runOptions.signal) stopWith(runOptions.signal);
  const options: RunOptions = {
    ...runOptions,
    signal: stop.signal,
    onEvent: (e) => {
      if (e.type === 'phase-end') phases.push({ phase: e.phase, status: e.status, seconds: e.seconds });
      cutoverRecorder.observe(e);
      return runOptions.onEvent?.(e);
    },
  };
  const dryRun = options.dryRun ?? false;
  const emit = emitter(options);
  const startedAt = new Date();
  const checkpoints = dryRun ? undefined : migration.target.checkpoints;
  let planned: MigrationPlan | undefined;
  const schedule: { result?: ScheduleResult; finished?: TaskProgress[] } = {};
  let validations: TableValidation[] = [];
  /** A target-model table (`DataTask.target`, the checkpoint key) as users read it: where the target puts it. */
  let named = (table: string) => table;
  let error: unknown;
  /** Objects the target refused, and what was skipped because of them: reported, the run goes on. */
  let applier: StepApplier | undefined;
  const skippedData: FailedObject[] = [];
  let runId: string | undefined;
  let lease: RunLease | undefined;
  const workers = jobWorkers(migration, options, dryRun);

  try {
    // One run at a time per target: taken before anything reads the target's state or tables, and
    // held (recorded in the target) only once the plan stands: a refused run writes nothing.
    if (checkpoints) {
      lease = await checkpoints.lease({ host: hostname(), pid: process.pid, startedAt }, (message) =>
        emit({ type: 'warning', where: 'run lease', message }),
      );
      if (lease.tookOver) emit({ type: 'warning', where: 'run lease', message: lease.tookOver });
      stopWith(lease.lost);
    }
    // A resumed run keeps the interrupted run's id and key ranges, and loads only unfinished tasks.
    const resumed = options.resume ? await unfinishedRun(migration.target) : undefined;
    const parallelism = options.parallelism ?? migration.config.load.parallelism;
    planned = await plan(migration, {
      onEvent: options.onEvent,
      signal: options.signal,
      parallelism,
      ...(resumed ? { rangesFor: recordedRanges(resumed) } : {}),
      // The other workers load while the target renders its steps, the source's key ranges are read
      // and the pre-data runs, rather than in the data phase: one per task, each table's ranges at most.
      onMappings: (mappings) =>
        workers?.warm(
          Math.min(
            parallelism,
            mappings.reduce((n, m) => n + Math.max(1, m.ranges), 0),
          ),
          migration.origin,
        ),
    });
    const p = planned.plan;
    const placed = planned.placedTables;
    const targetNames = planned.targetNames;
    /** The migrated sequences, source and target names (for counters at cutover). */
    const sequences = planned.sourceModel.sequences.flatMap((source) => {
      const target = targetNames.get(qualifiedName(source));
      return target ? [{ source, target }] : [];
    });
    named = (table) => placed.get(table) ?? table;
    const steps = new StepApplier([...p.preData, ...p.postData], {
      apply: (step) => migration.target.apply(step, runId ? { checkpoint: { runId } } : undefined),
      target: migration.target.capabilities,
      moduleDeps: moduleDependencies(planned.targetModel),
    });
    applier = steps;
    const fingerprint = sourceFingerprint(planned.mappings);
    const mode = migration.config.load.mode;
    const replication =
      mode === 'full-load' || dryRun ? undefined : await prepareReplication(migration, planned.mappings);
    if (replication && !checkpoints)
      throw new FerryError(`load.mode '${mode}' needs a target that keeps run state (checkpoints)`, {
        code: 'REPLICATION_NOT_SUPPORTED',
        where: 'load.mode',
      });
    let tasks: DataTask[] = mode === 'cdc-only' ? [] : p.data;
    if (resumed) {
      checkSameTasks(resumed, p.data);
      // A replicating run applies the source's changes since its start: they are no reason to refuse.
      if (!replication) await checkSource(migration, planned, resumed, fingerprint, options);
      const done = new Map(resumed.tasks.filter((t) => t.state === 'done').map((t) => [t.taskId, t]));
      tasks = tasks.filter((t) => !done.has(t.id));
      schedule.finished = p.data
        .filter((t) => done.has(t.id))
        .map((t) => finishedEarlier(t, done.get(t.id)!));
      runId = resumed.runId;
    }
    await lease?.hold();
    // The full load reads after this position, so replaying the changes after it misses none.
    let position = replication && !resumed ? await replication.capture.current() : undefined;
    await runPhase('pre-data', { ...options, dryRun }, async () => {
      // The interrupted run did the pre-data (tables created or truncated) before its first task; doing
      // it again would drop or truncate rows of finished tasks.
      if (resumed)
        return { value: undefined, status: 'skipped', detail: `resuming run ${resumed.runId}: done before` };
      await steps.applyPhase('pre-data', { ...options, dryRun });
      return { value: undefined, detail: stepsDetail(p.preData.length, steps.failures, 'pre-data', dryRun) };
    });
    if (checkpoints && !resumed) {
      runId = randomUUID();
      await checkpoints.begin({ runId, fingerprint, tasks: p.data });
      if (replication && position) await replication.applier.apply([], { runId, position });
    }
    if (checkpoints && resumed) await checkpoints.reopen(resumed.runId);
    if (replication && resumed) position = await resumedPosition(replication, resumed.runId);
    const unprepared = steps.unpreparedTables();
    skippedData.push(...skipData(tasks, unprepared, named, emit));
    tasks = tasks.filter((t) => !unprepared.has(t.target));
    const hooks = dataTaskHooks(options, named);
    // Row transforms run on the workers in validation as in the load: Ctrl-C can always end them.
    const jobs = workers?.start(
      { sourceModel: planned.sourceModel, ...(runId ? { runId } : {}) },
      workerRunOptions(migration, options, hooks),
    );
    const runTask = jobs?.runTask ?? inThreadRunner(migration, planned.mappings, runId, hooks);
    await loadData(migration, tasks, runTask, schedule, named, { ...options, dryRun });
    if (replication && runId && position) {
      const from = position;
      await runPhase('replicate', options, async () => {
        const r = await replicate(replication, {
          runId: runId!,
          from,
          emit,
          retries: migration.config.load.retries,
          named,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.replicatePollMs ? { pollMs: options.replicatePollMs } : {}),
          ...(options.cutoverQuietMs ? { quietMs: options.cutoverQuietMs } : {}),
        });
        return { value: undefined, detail: `${r.changes} changes applied, up to ${r.position}` };
      });
    }
    await runPhase('post-data', { ...options, dryRun }, async () => {
      const skip = new Set(resumed?.doneSteps ?? []);
      await steps.applyPhase('post-data', { ...options, dryRun, skip });
      const before = p.postData.filter((s) => skip.has(s.id)).length;
      // At cutover, after post-data restarted identities past the rows: past the source's counters too.
      const counters = replication && (await restartCounters(replication, sequences));
      return {
        value: undefined,
        detail: `${stepsDetail(p.postData.length, steps.failures, 'post-data', dryRun)}${before ? ` (${before} applied before the interruption)` : ''}${counters ? `, ${counters} identities and sequences set past the source's values` : ''}`,
      };
    });
    if (!dryRun && options.validate !== false) {
      validations = (
        await validatePlanned(migration, planned, {
          ...options,
          skipTables: unprepared,
          ...(jobs ? { validator: jobs.validateTable } : {}),
        })
      ).tables;
    }
  } catch (e) {
    error = e;
  }
  await workers?.close();
  // Without the lease the run must not write its end either: the run that took the lease over owns the state.
  const leaseLost = lease?.lost.aborted === true;
  if (leaseLost) error = lease!.lost.reason;

  const interrupted =
    !leaseLost &&
    (error instanceof InterruptedError ||
      (error instanceof FerryError && error.code === 'INTERRUPTED') ||
      runOptions.signal?.aborted);
  const state: RunReport['state'] = error === undefined ? 'done' : interrupted ? 'interrupted' : 'failed';
  if (checkpoints && runId && !leaseLost) {
    await checkpoints.end(runId, state).catch((e: unknown) =>
      emit({
        type: 'warning',
        where: 'ferry.runs',
        message: `could not record the end of run ${runId}: ${errorText(e)}`,
      }),
    );
  }
  await lease?.release().catch((e: unknown) =>
    emit({
      type: 'warning',
      where: 'run lease',
      message: `could not release the run lease: ${errorText(e)}`,
    }),
  );
  const finishedAt = new Date();
  const cutover =
    state === 'done' && runId ? cutoverRecorder.report(runId, validations, finishedAt) : undefined;
  const report = buildRunReport({
    startedAt,
    finishedAt,
    source: migration.source.name,
    target: migration.target.name,
    state,
    tasks: [...(schedule.finished ?? []), ...(schedule.result?.tasks ?? [])].map((t) => ({
      ...t,
      table: named(t.table),
    })),
    validations,
    phases,
    actionItems: [...(planned?.actionItems ?? []), ...(applier?.actionItems ?? [])],
    failedObjects: inPhaseOrder([...(applier?.failures ?? []), ...skippedData]),
    warnings: [
      ...(planned?.warnings ?? []).map((w) => `${w.table}: ${w.message}`),
      ...(error === undefined ? [] : [errorText(error)]),
    ],
  });
  return {
    state,
    ...(runId ? { runId } : {}),
    dryRun,
    plan: planned,
    validations,
    match: validations.every((v) => v.match),
    report,
    ...(cutover ? { cutover } : {}),
    error,
  };
}

/** Where a resumed replicating run goes on: the position it applied last. */
async function resumedPosition(replication: Replication, runId: string): Promise<string> {
  const applied = await replication.applier.applied(runId);
  if (applied === undefined)
    throw new FerryError(`Run ${runId} recorded no replication position: it cannot resume replicating`, {
      code: 'REPLICATION_NO_POSITION',
      where: 'resume',
      hint: 'run without --resume to load again',
    });
  return applied;
}

/** A task the interrupted run finished, as the report shows it (not loaded again). */
function finishedEarlier(task: DataTask, recorded: RecordedRun['tasks'][number]): TaskProgress {
  return {
    taskId: task.id,
    table: task.target,
    range: task.range,
    state: 'done',
    rows: recorded.rows,
    bytes: 0,
    seconds: 0,
    rowsPerSec: 0,
    loadedEarlier: true,
    ...(recorded.rejected ? { rejected: recorded.rejected } : {}),
  };
}

/** Says when the source changed since the interrupted run: an error, or a warning with `load.onSourceChange: 'warn'`. */
async function checkSource(
  migration: Migration,
  planned: MigrationPlan,
  resumed: RecordedRun,
  fingerprint: string,
  options: RunOptions,
): Promise<void> {
  const changes = await sourceChanges(resumed, fingerprint, planned.mappings, migration.source);
  if (!changes.length) return;
  const message = `the source changed since the interrupted run ${resumed.runId}: ${changes.join('; ')}`;
  if (migration.config.load.onSourceChange === 'warn') {
    emitter(options)({ type: 'warning', where: 'resume', message });
    return;
  }
  throw new FerryError(message, {
    code: 'SOURCE_CHANGED',
    where: 'resume',
    hint: "rows of finished ranges are not reloaded; run without --resume to start over, or set load.onSourceChange: 'warn' to resume anyway",
  });
}

/** What the run hears of a data task besides its progress: rejected rows and retries. */
function dataTaskHooks(options: RunOptions, named: (table: string) => string): DataTaskHooks {
  const emit = emitter(options);
  return {
    onReject: options.onReject && ((task, rejected) => options.onReject!(rejected, task.id)),
    onRetry: (task, notice) =>
      emit({
        type: 'retry',
        task: task.id,
        table: named(task.target),
        ...(task.range ? { range: task.range.index } : {}),
        attempt: notice.attempt,
        delayMs: notice.delayMs,
        error: errorText(notice.error),
      }),
  };
}

/**
 * The data phase: runs the tasks through the scheduler and turns its progress into task events.
 * The scheduler's final figures go into `schedule` even when the phase fails.
 */
async function loadData(
  migration: Migration,
  tasks: readonly DataTask[],
  run: TaskRunner,
  schedule: { result?: ScheduleResult },
  named: (table: string) => string,
  options: RunOptions,
): Promise<void> {
  const emit = emitter(options);
  const infos: DataTaskInfo[] = tasks.map((t) => ({
    id: t.id,
    table: named(t.target),
    ...(t.range ? { range: t.range.index } : {}),
    ...(t.rowEstimate > 0 ? { rowsEstimate: t.rowEstimate } : {}),
  }));
  await runPhase('data', { ...options, start: { tasks: infos } }, async () => {
    if (options.dryRun)
      return { value: undefined, status: 'skipped', detail: `dry run: ${tasks.length} tasks not run` };
    const parallelism = options.parallelism ?? migration.config.load.parallelism;
    const result = (schedule.result = await runTasks({
      tasks,
      parallelism,
      signal: options.signal,
      run,
      onProgress: taskEvents(emit, named),
    }));
    if (result.state === 'failed') throw result.error;
    if (result.state === 'interrupted') throw new InterruptedError('data', options.signal?.reason);
    const rows = result.tasks.reduce((n, t) => n + t.rows, 0);
    // Said when tasks shared worker threads (load.parallelism above the CPU cores).
    const atOnce = Math.min(parallelism, tasks.length);
    const threads = jobThreads(migration, atOnce);
    const shared =
      threads !== undefined && threads < atOnce ? `, ${sharedThreads({ tasks: atOnce, threads })}` : '';
    return { value: undefined, detail: `${tasks.length} tasks, ${rows} rows${shared}` };
  });
}

/** Turns the scheduler's task figures into task-start / task-progress / task-end (+ policy warning) events. */
function taskEvents(
  emit: (e: RunEvent) => void,
  named: (table: string) => string,
): (p: TaskProgress) => void {
  const started = new Set<string>();
  return (p) => {
    const base = { task: p.taskId, table: named(p.table), ...(p.range ? { range: p.range.index } : {}) };
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
      ...(p.columnFixes?.length ? { columnFixes: p.columnFixes } : {}),
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

/** `12 steps`, `12 steps, 2 failed, 3 skipped`, or `12 steps listed` in a dry run. */
function stepsDetail(
  count: number,
  failures: readonly FailedObject[],
  phase: FailedObject['phase'],
  dryRun: boolean,
): string {
  if (dryRun) return `${count} steps listed`;
  const failed = failures.filter((f) => f.phase === phase && f.status === 'failed').length;
  const skipped = failures.filter((f) => f.phase === phase && f.status === 'skipped').length;
  return `${count} steps${failed ? `, ${failed} failed` : ''}${skipped ? `, ${skipped} skipped` : ''}`;
}

/** The data of tables whose creation (or preparation) failed: not loaded, reported once per table. */
function skipData(
  tasks: readonly DataTask[],
  unprepared: ReadonlyMap<string, string>,
  named: (table: string) => string,
  emit: (e: RunEvent) => void,
): FailedObject[] {
  const tables = [...new Set(tasks.map((t) => t.target))].filter((t) => unprepared.has(t));
  return tables.map((table) => {
    const failure: FailedObject = {
      status: 'skipped',
      phase: 'data',
      kind: 'data',
      object: named(table),
      because: unprepared.get(table)!,
    };
    emit({ type: 'object-failed', failure });
    return failure;
  });
}

const phaseRank: Record<FailedObject['phase'], number> = { 'pre-data': 0, data: 1, 'post-data': 2 };

/** Failed objects in the order the run met them: pre-data, data, post-data. */
function inPhaseOrder(failures: FailedObject[]): FailedObject[] {
  return failures.sort((a, b) => phaseRank[a.phase] - phaseRank[b.phase]);
}
