// Where the data tasks and table validations of `run()` and `validate()` run: on task worker threads
// when the migration came from a config file and no endpoint holds its data in this thread's memory,
// so that a row transform that never returns cannot keep Ctrl-C from ending Ferry; in this thread
// otherwise.

import type { DataTaskHooks } from './data-task-runner.js';
import type { Migration, MigrationOrigin } from './open-migration.js';
import { emitter, type PhaseOptions } from './run-phase.js';
import { startTaskWorkers, type TaskRunOptions, type TaskWorkers } from './task-workers/worker-runner.js';
import { workerThreads } from './task-workers/thread-count.js';

export interface WorkerOptions extends PhaseOptions {
  /** Jobs (data tasks, table validations) at once; default `load.parallelism` of the config. */
  parallelism?: number;
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

/** Whether the migration's jobs run on worker threads (see above). */
function onWorkers(migration: Migration): migration is Migration & { origin: MigrationOrigin } {
  const { origin, source, target } = migration;
  return origin !== undefined && !source.inProcess && !target.inProcess;
}

/** The worker threads `jobs` jobs at once run on (workerThreads); undefined when they run in this thread. */
export function jobThreads(migration: Migration, jobs: number): number | undefined {
  return onWorkers(migration) ? workerThreads(jobs) : undefined;
}

/** The worker threads of the jobs, started before planning; none when they run in this thread. */
export function jobWorkers(
  migration: Migration,
  options: WorkerOptions,
  dryRun = false,
): TaskWorkers | undefined {
  if (dryRun || !onWorkers(migration)) {
    void options.workers?.close();
    return undefined;
  }
  return (
    options.workers ??
    startTaskWorkers(migration.origin, {
      parallelism: options.parallelism ?? migration.config.load.parallelism,
    })
  );
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
