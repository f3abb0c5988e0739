// Where the data tasks and table validations of `run()` and `validate()` run: on task worker threads
// when the migration came from a config file and no endpoint holds its data in this thread's memory,
// so that a row transform that never returns cannot keep Ctrl-C from ending Ferry; in this thread
// otherwise.

import type { DataTaskHooks } from './data-task-runner.js';
import type { Migration } from './open-migration.js';
import { emitter, type PhaseOptions } from './run-phase.js';
import { startTaskWorkers, type TaskRunOptions, type TaskWorkers } from './task-workers/worker-runner.js';

export interface WorkerOptions extends PhaseOptions {
  /** Fired to stop at once (a second Ctrl-C): jobs still running are ended without waiting. */
  force?: AbortSignal;
  /** After `signal` fires, a job's time to stop before its worker thread is terminated; default 5,000 ms. */
  stopGraceMs?: number;
  /**
   * Task worker threads the caller started for `migration.origin` (before opening the migration, so
   * that they load while it does); started here otherwise, and closed by the callee either way.
   */
  workers?: TaskWorkers;
}

/** The worker threads of the jobs, started before planning; none when they run in this thread. */
export function jobWorkers(
  migration: Migration,
  options: WorkerOptions,
  dryRun = false,
): TaskWorkers | undefined {
  const { origin, source, target } = migration;
  if (dryRun || !origin || source.inProcess || target.inProcess) {
    void options.workers?.close();
    return undefined;
  }
  return options.workers ?? startTaskWorkers(origin);
}

/** How the workers' jobs report and are stopped, with a warning for one stopped by force. */
export function workerRunOptions(
  migration: Migration,
  options: WorkerOptions,
  hooks: DataTaskHooks = {},
): TaskRunOptions {
  return {
    ...hooks,
    log: migration.log,
    stopGraceMs: options.stopGraceMs ?? 5_000,
    ...(options.force ? { force: options.force } : {}),
    onForcedStop: (where) =>
      emitter(options)({
        type: 'warning',
        where,
        message:
          'did not stop in time and was stopped by force (a row transform that never returns?); what it had not committed is rolled back',
      }),
  };
}
