// Runs data tasks and table validations on worker threads, each worker with its own source and
// target connections; the main thread only hears progress, rejected rows, retries and results. There
// are no more workers than CPU cores (thread-count.ts): beyond that a worker runs several jobs at once,
// each over a MessageChannel of its own. A worker that does not stop in time after an interrupt (a
// row transform that never returns keeps its thread busy) is terminated once every job still running
// on it is past its stop grace (a sibling may still be committing): its connections close, so its
// uncommitted loads roll back.

import { availableParallelism } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { FerryError } from '../../errors.js';
import type { DataTask } from '../../pipeline/data-task.js';
import { InterruptedError } from '../../pipeline/interrupted-error.js';
import type { TaskRunContext, TaskRunner } from '../../pipeline/scheduler.js';
import type { DataTaskHooks, TableValidator } from '../data-task-runner.js';
import { compiledModuleUrl } from './compiled-module.js';
import type { MigrationOrigin } from '../open-migration.js';
import { qualifiedName } from '../../model/schema-model.js';
import { rejectReceiver } from './reject-flow.js';
import { workerThreads } from './thread-count.js';
import {
  fromWire,
  reviveValidation,
  type FromWorker,
  type TaskWorkerInit,
  type TaskWorkerStart,
  type JobMessage,
  type ToJob,
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
  /** Told when a worker was terminated because it did not stop in time (`where`: a task id, `validate <table>`). */
  onForcedStop?: (where: string) => void;
}

/** What the workers run once the run is planned. */
export interface WorkerJobs {
  runTask: TaskRunner;
  validateTable: TableValidator;
}

export interface TaskWorkers {
  /**
   * Starts workers until `count` are live (at most workerThreads), so that they load before the tasks
   * need them. `origin`: the opened migration's, whose compiled config the workers started from now on
   * import without compiling it again.
   */
  warm(count: number, origin?: MigrationOrigin): void;
  /** Every worker, started or to start, is told `start`: then they run the run's tasks and validations. */
  start(start: TaskWorkerStart, options: TaskRunOptions): WorkerJobs;
  /** Ends every worker (closing its connections); terminates those that do not end in time. */
  close(): Promise<void>;
}

const entry = new URL(compiledModuleUrl('./task-worker.js', import.meta.url));
/**
 * A worker's young generation (V8's default for a thread is 3 semi-spaces of 16 MB): a data task's
 * garbage is mostly its batches' small objects, which die within a batch, and large values live
 * outside the heap (Buffers). `ferry run` of 300k mixed rows on the fast path peaked at 204 MB RSS
 * at parallelism 1 (221 MB with the default) and 392 MB at parallelism 4 (474 MB); 8 MB saved more
 * (171 and 346 MB) but a LOB table then spent ~25% more CPU seconds in the worker's GC.
 */
const workerYoungGenerationMb = 16;
/** A worker's time to close its connections and exit once told to. */
const closeGraceMs = 5_000;

/**
 * Starts one worker at once, so that it loads Ferry, the config and its endpoints while the main
 * thread does the same and plans; the others start when the tasks need them, up to workerThreads.
 */
export interface TaskWorkersOptions {
  /** CPU cores (default: availableParallelism()): workerThreads. */
  cores?: number;
  /**
   * Jobs the run runs at once (`ferry run --parallelism`), when the caller knows it; else the config's
   * `load.parallelism`: each worker sizes its connection pools for its share (jobsPerWorker).
   */
  parallelism?: number;
  /**
   * The caller loads the config next and tells `warm` the opened migration's origin: the workers
   * started before then wait for its compiled module rather than compile the config too.
   */
  configFollows?: boolean;
}

export function startTaskWorkers(first: MigrationOrigin, options: TaskWorkersOptions = {}): TaskWorkers {
  const { cores = availableParallelism(), parallelism } = options;
  let origin = first;
  /** Workers waiting for the config (TaskWorkersOptions.configFollows) until `tell` tells them. */
  let waiting: Set<Worker> | undefined = options.configFollows ? new Set() : undefined;
  const tell = (module?: string) => {
    for (const worker of waiting ?? []) worker.postMessage({ type: 'config', module } satisfies ToWorker);
    waiting = undefined;
  };
  /** The live workers and how many jobs each runs. */
  const running = new Map<WorkerThread, number>();
  const used = new WeakSet<WorkerThread>();
  let started: TaskWorkerStart | undefined;
  let log: (message: string) => void = () => undefined;
  const spawn = () => {
    const init: TaskWorkerInit = {
      origin,
      cores,
      ...(parallelism === undefined ? {} : { parallelism }),
      ...(waiting ? { configFollows: true } : {}),
    };
    // Its own execArgv, not the parent's: under vitest that carries `--conditions @ferry/source`,
    // which would make the worker's config import the TypeScript sources. Only a profiled process's
    // --cpu-prof flags are passed on (FERRY_BENCH_PROFILE), so that its workers are profiled too.
    const profile = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
    const worker = new Worker(entry, {
      workerData: init,
      execArgv: ['--disable-warning=DEP0123', ...profile],
      resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb },
    });
    const thread = new WorkerThread(worker);
    running.set(thread, 0);
    waiting?.add(worker);
    worker.once('exit', () => running.delete(thread));
    // The endpoints' messages (jobs' own messages come over their channels).
    worker.on('message', (m: FromWorker) => m.type === 'log' && log(m.message));
    if (started) worker.postMessage({ type: 'start', ...started } satisfies ToWorker);
    return thread;
  };
  /** An idle worker; else a new one while there are fewer than cores; else the least busy. */
  const pick = () => {
    let least: WorkerThread | undefined;
    for (const [thread, jobs] of running) if (!least || jobs < running.get(least)!) least = thread;
    return least && (running.get(least) === 0 || running.size >= cores) ? least : spawn();
  };
  spawn();
  return {
    warm(count, opened) {
      if (opened?.configFile === origin.configFile) {
        origin = opened;
        tell(opened.module);
      }
      while (running.size < workerThreads(count, cores)) spawn();
    },
    start(start, options) {
      // Not told the config by now: they load it themselves.
      tell();
      started = start;
      log = options.log;
      for (const { worker } of running.keys())
        worker.postMessage({ type: 'start', ...start } satisfies ToWorker);
      const onWorker = async <T>(job: Job): Promise<T> => {
        const thread = pick();
        used.add(thread);
        running.set(thread, running.get(thread)! + 1);
        try {
          return await thread.run<T>(job, options);
        } finally {
          if (running.has(thread)) running.set(thread, running.get(thread)! - 1);
        }
      };
      return {
        runTask: (task, context) =>
          onWorker({ where: task.id, message: { type: 'run', task }, context, task }),
        validateTable: async (mapping, ranges, signal) => {
          const table = qualifiedName(mapping.target);
          const context = { signal: signal ?? new AbortController().signal, progress: () => undefined };
          const message: JobMessage = { type: 'validate', table, ranges };
          return reviveValidation(await onWorker({ where: `validate ${table}`, message, context }));
        },
      };
    },
    async close() {
      // One that never ran a task has nothing to finish: it may still be loading, which takes seconds.
      await Promise.all(
        [...running.keys()].map((t) => (used.has(t) ? closeWorker(t.worker) : t.worker.terminate())),
      );
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

/** One job for a worker: `message` starts it; a data task's rejected rows and retries go to the run's hooks. */
interface Job {
  where: string;
  message: JobMessage;
  context: TaskRunContext;
  task?: DataTask;
}

/** A job running on a worker, as its thread sees it. */
interface RunningJob {
  /** Set once its stop grace ran out: what to do when its worker is terminated (tell onForcedStop). */
  forced?: () => void;
  /** The worker failed (an uncaught error in its thread). */
  failed(error: Error): void;
  /** The worker ended. */
  exited(): void;
}

/**
 * A worker thread and the jobs running on it. Its one `error` and `exit` listener reach each of them,
 * however many it runs (load.parallelism beyond the core count).
 */
class WorkerThread {
  private readonly jobs = new Set<RunningJob>();
  private terminating = false;

  constructor(readonly worker: Worker) {
    worker.on('error', (error) => {
      for (const job of [...this.jobs]) job.failed(error);
    });
    worker.once('exit', () => {
      for (const job of [...this.jobs]) job.exited();
    });
  }

  /**
   * Runs one job over a channel of its own (the worker may run others at once); settles with its
   * result once the worker reported its end (and its rejected rows were handed on).
   */
  run<T>(job: Job, options: TaskRunOptions): Promise<T> {
    const { where, context, task } = job;
    const { port1: port, port2: theirs } = new MessageChannel();
    return new Promise((resolve, reject) => {
      const rejected = rejectReceiver(port, (row) => task && options.onReject?.(task, row));
      let stopTimer: NodeJS.Timeout | undefined;
      let forced = false;
      const settle = (outcome: () => void) => {
        clearTimeout(stopTimer);
        context.signal.removeEventListener('abort', onAbort);
        options.force?.removeEventListener('abort', terminate);
        port.close();
        this.jobs.delete(self);
        this.terminateIfStuck();
        // Rejected rows reach the run before the task's end does.
        rejected.handedOn().then(outcome, reject);
      };
      const self: RunningJob = {
        failed: (error) =>
          settle(() =>
            reject(
              new FerryError(`${where}: its worker thread failed: ${error.message}`, { where, cause: error }),
            ),
          ),
        exited: () =>
          settle(() =>
            reject(
              forced || context.signal.aborted
                ? new InterruptedError(where, context.signal.reason)
                : new FerryError(`${where}: its worker thread ended before the task did`, { where }),
            ),
          ),
      };
      const terminate = () => {
        if (!this.jobs.has(self) || self.forced) return;
        self.forced = () => {
          forced = true;
          options.onForcedStop?.(where);
        };
        this.terminateIfStuck();
      };
      const onAbort = () => {
        port.postMessage({ type: 'stop' } satisfies ToJob);
        if (options.force?.aborted) terminate();
        else stopTimer = setTimeout(terminate, options.stopGraceMs);
      };
      port.on('message', (m: FromWorker) => {
        if (m.type === 'progress') context.progress(m.rows, m.bytes);
        else if (m.type === 'reject') rejected.receive(m.rejected);
        else if (m.type === 'retry') {
          if (task)
            options.onRetry?.(task, { attempt: m.attempt, delayMs: m.delayMs, error: fromWire(m.error) });
        } else if (m.type === 'log') options.log(m.message);
        else if (m.type === 'done' || m.type === 'validated') settle(() => resolve(m.result as T));
        else settle(() => reject(fromWire(m.error)));
      });
      this.jobs.add(self);
      if (context.signal.aborted) onAbort();
      else context.signal.addEventListener('abort', onAbort, { once: true });
      options.force?.addEventListener('abort', terminate, { once: true });
      this.worker.postMessage({ ...job.message, port: theirs } satisfies ToWorker, [theirs]);
    });
  }

  /** Terminates the worker once every job still running on it is past its stop grace: the others may still end by themselves. */
  private terminateIfStuck(): void {
    const { jobs } = this;
    if (this.terminating || !jobs.size || [...jobs].some((job) => !job.forced)) return;
    this.terminating = true;
    for (const job of jobs) job.forced!();
    // Its exit then ends each of them.
    void this.worker.terminate();
  }
}
