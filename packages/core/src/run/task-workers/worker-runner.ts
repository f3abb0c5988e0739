// Runs data tasks on worker threads, one task per worker at a time, each worker with its own source
// and target connections; the main thread only hears progress, rejected rows, retries and results.
// A worker that does not stop in time after an interrupt (a row transform that never returns keeps
// its thread busy) is terminated: its connections close, so its uncommitted load rolls back.

import { Worker } from 'node:worker_threads';
import { FerryError } from '../../errors.js';
import type { DataTask } from '../../pipeline/data-task.js';
import { InterruptedError } from '../../pipeline/interrupted-error.js';
import type { TaskResult, TaskRunContext, TaskRunner } from '../../pipeline/scheduler.js';
import type { DataTaskHooks } from '../data-task-runner.js';
import type { MigrationOrigin } from '../open-migration.js';
import {
  fromWire,
  reviveRejected,
  type FromWorker,
  type TaskWorkerInit,
  type TaskWorkerStart,
  type ToWorker,
} from './worker-protocol.js';

/** How the run's tasks are run and stopped, and who hears of them. */
export interface TaskRunOptions extends DataTaskHooks {
  /** Messages the workers' endpoints log. */
  log: (message: string) => void;
  /** After an interrupt, a worker's time to stop its task before it is terminated. */
  stopGraceMs: number;
  /** Fired to stop at once: running workers are terminated without waiting. */
  force?: AbortSignal;
  /** Told when a worker was terminated because it did not stop in time. */
  onForcedStop?: (task: DataTask) => void;
}

export interface TaskWorkers {
  /** Starts workers until `count` are live, so that they load before the tasks need them. */
  warm(count: number): void;
  /** The runner of the run's tasks, once planned: every worker, started or to start, is told `start`. */
  runner(start: TaskWorkerStart, options: TaskRunOptions): TaskRunner;
  /** Ends every worker (closing its connections); terminates those that do not end in time. */
  close(): Promise<void>;
}

const entry = new URL('./task-worker-entry.mjs', import.meta.url);
/** A worker's time to close its connections and exit once told to. */
const closeGraceMs = 5_000;

/**
 * Starts one worker at once, so that it loads Ferry, the config and its endpoints while the main
 * thread does the same and plans; the others start when the tasks need them.
 */
export function startTaskWorkers(origin: MigrationOrigin): TaskWorkers {
  const idle: Worker[] = [];
  const live = new Set<Worker>();
  const used = new WeakSet<Worker>();
  let started: TaskWorkerStart | undefined;
  const spawn = () => {
    const init: TaskWorkerInit = { origin };
    const worker = new Worker(entry, { workerData: init, execArgv: ['--disable-warning=DEP0123'] });
    live.add(worker);
    worker.once('exit', () => live.delete(worker));
    if (started) worker.postMessage({ type: 'start', ...started } satisfies ToWorker);
    return worker;
  };
  idle.push(spawn());
  return {
    warm(count) {
      while (live.size < count) idle.push(spawn());
    },
    runner(start, options) {
      started = start;
      for (const worker of live) worker.postMessage({ type: 'start', ...start } satisfies ToWorker);
      return async (task, context) => {
        const worker = idle.pop() ?? spawn();
        used.add(worker);
        try {
          return await runOn(worker, task, context, options);
        } finally {
          if (live.has(worker)) idle.push(worker);
        }
      };
    },
    async close() {
      idle.length = 0;
      // One that never ran a task has nothing to finish: it may still be loading, which takes seconds.
      await Promise.all([...live].map((w) => (used.has(w) ? closeWorker(w) : w.terminate())));
    },
  };
}

function closeWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate(), closeGraceMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ type: 'close' } satisfies ToWorker);
  });
}

/** Runs one task on `worker`; settles once the worker reported its end (and its rejected rows were handed on). */
function runOn(
  worker: Worker,
  task: DataTask,
  context: TaskRunContext,
  options: TaskRunOptions,
): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    let handedOn: Promise<unknown> = Promise.resolve();
    let stopTimer: NodeJS.Timeout | undefined;
    let forced = false;
    const settle = (outcome: () => void) => {
      clearTimeout(stopTimer);
      context.signal.removeEventListener('abort', onAbort);
      options.force?.removeEventListener('abort', terminate);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      // Rejected rows reach the run before the task's end does.
      handedOn.then(outcome, reject);
    };
    const terminate = () => {
      if (forced) return;
      forced = true;
      options.onForcedStop?.(task);
      void worker.terminate();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
      if (options.force?.aborted) terminate();
      else stopTimer = setTimeout(terminate, options.stopGraceMs);
    };
    const onMessage = (m: FromWorker) => {
      if (m.type === 'progress') context.progress(m.rows, m.bytes);
      else if (m.type === 'reject') {
        const rejected = reviveRejected(m.rejected);
        handedOn = handedOn.then(() => options.onReject?.(task, rejected));
      } else if (m.type === 'retry')
        options.onRetry?.(task, { attempt: m.attempt, delayMs: m.delayMs, error: fromWire(m.error) });
      else if (m.type === 'log') options.log(m.message);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(fromWire(m.error)));
    };
    const onError = (error: Error) =>
      settle(() =>
        reject(
          new FerryError(`${task.id}: its worker thread failed: ${error.message}`, {
            where: task.id,
            cause: error,
          }),
        ),
      );
    const onExit = () =>
      settle(() =>
        reject(
          forced || context.signal.aborted
            ? new InterruptedError(task.id, context.signal.reason)
            : new FerryError(`${task.id}: its worker thread ended before the task did`, { where: task.id }),
        ),
      );
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
    options.force?.addEventListener('abort', terminate, { once: true });
    worker.postMessage({ type: 'run', task } satisfies ToWorker);
  });
}
