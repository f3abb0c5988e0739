// The body of a task worker thread: opens the migration again from its config file (the user's
// endpoints and transforms are loaded here, in this thread) while the main thread plans, shapes the
// main thread's source model with the config's rules, and runs the data tasks and table validations
// it is sent, with its own connections (several jobs at once when there are more jobs than CPU cores,
// its pools sized for them), each job's messages over the port it came with.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadCompiledConfig, loadConfig } from '../../config/load-config.js';
import type { DataTask } from '../../pipeline/data-task.js';
import type { TaskRunContext, TaskRunner } from '../../pipeline/scheduler.js';
import { qualifiedName } from '../../model/schema-model.js';
import { applyRules } from '../../rules/apply-rules.js';
import { FerryError } from '../../errors.js';
import type { KeyRange } from '../../plugins/endpoint.js';
import { inThreadRunner, inThreadValidator, type TableValidator } from '../data-task-runner.js';
import {
  openMigration,
  type Migration,
  type MigrationOrigin,
  type PluginRegistry,
} from '../open-migration.js';
import {
  reviveRange,
  reviveTask,
  toWire,
  type FromWorker,
  type TaskWorkerInit,
  type TaskWorkerStart,
  type ToJob,
  type ToWorker,
} from './worker-protocol.js';
import { rejectSender } from './reject-flow.js';
import { jobsPerWorker } from './thread-count.js';

/** Least time between two progress messages of a task. */
const progressIntervalMs = 100;

async function open(
  origin: MigrationOrigin,
  init: TaskWorkerInit,
  post: (m: FromWorker) => void,
): Promise<Migration> {
  const { configFile, module } = origin;
  const loaded =
    module === undefined
      ? await loadConfig({ configPath: configFile })
      : await loadCompiledConfig(configFile, module);
  const builtins = origin.builtinsModule
    ? ((await import(origin.builtinsModule)) as { builtinPlugins: PluginRegistry }).builtinPlugins
    : {};
  // The main thread showed the endpoints' notices when it opened them: here they are only logged.
  const log = (message: string) => post({ type: 'log', message });
  // The endpoints' pools hold a connection for each job this worker may run at once.
  const jobs = jobsPerWorker(init.parallelism ?? loaded.config.load.parallelism, init.cores);
  return openMigration(loaded.config, { builtins, cwd: loaded.configDir, log, notice: log, jobs });
}

/** Opens the endpoints' first connections; their failures are the first job's to report. */
function warmUp({ source, target }: Migration): Promise<unknown> {
  return Promise.all([source.warmUp?.(), target.warmUp?.()]);
}

interface Jobs {
  runTask: TaskRunner;
  /** Validates a target table (`schema.name`). */
  validate: (table: string, ranges: KeyRange[], signal: AbortSignal) => ReturnType<TableValidator>;
}

/** A running task's port, and how its rejected rows are posted there. */
interface TaskPort {
  port: MessagePort;
  reject: ReturnType<typeof rejectSender>;
}

/** What this worker runs, once the migration is open and the run planned; `ports`: each running task's. */
async function workerJobs(
  opening: Promise<Migration>,
  starting: Promise<TaskWorkerStart>,
  ports: ReadonlyMap<string, TaskPort>,
): Promise<Jobs> {
  const [migration, { sourceModel, runId }] = await Promise.all([opening, starting]);
  const { mappings } = applyRules(sourceModel, migration.config, migration.target.capabilities);
  const validateTable = inThreadValidator(migration);
  return {
    runTask: inThreadRunner(migration, mappings, runId, {
      onReject: (task, rejected) => ports.get(task.id)?.reject(rejected),
      onRetry: (task, notice) =>
        ports.get(task.id)?.port.postMessage({
          type: 'retry',
          attempt: notice.attempt,
          delayMs: notice.delayMs,
          error: toWire(notice.error),
        } satisfies FromWorker),
    }),
    validate: (table, ranges, signal) => {
      const mapping = mappings.find((m) => qualifiedName(m.target) === table);
      if (!mapping) throw new FerryError(`no table mapping for target table ${table}`, { where: table });
      return validateTable(mapping, ranges, signal);
    },
  };
}

function serve(parent: MessagePort, init: TaskWorkerInit): void {
  let configured: (module: string | undefined) => void = () => undefined;
  const origin = init.configFollows
    ? new Promise<MigrationOrigin>(
        (resolve) =>
          (configured = (module) => resolve(module === undefined ? init.origin : { ...init.origin, module })),
      )
    : Promise.resolve(init.origin);
  const opening = origin.then((o) => open(o, init, (m) => parent.postMessage(m)));
  // The endpoints connect while the main thread plans: the first task does not wait for the logins.
  opening.then(warmUp).catch(() => undefined);
  let start: (value: TaskWorkerStart) => void = () => undefined;
  const ports = new Map<string, TaskPort>();
  const jobs = workerJobs(opening, new Promise<TaskWorkerStart>((resolve) => (start = resolve)), ports);
  // A failure to open is reported by the first job.
  jobs.catch(() => undefined);

  /** Runs one job, told `stop` over `port`; `body` gives the message that reports its result there. */
  async function runJob(
    port: MessagePort,
    body: (jobs: Jobs, signal: AbortSignal) => Promise<FromWorker>,
  ): Promise<void> {
    const controller = new AbortController();
    port.on('message', (m: ToJob) => m.type === 'stop' && controller.abort(new Error('interrupted')));
    try {
      port.postMessage(await body(await jobs, controller.signal));
    } catch (error) {
      port.postMessage({ type: 'failed', error: toWire(error) } satisfies FromWorker);
    }
  }

  function runTask(task: DataTask, port: MessagePort): Promise<void> {
    let last = 0;
    ports.set(task.id, { port, reject: rejectSender(port) });
    return runJob(port, async ({ runTask }, signal) => {
      const context: TaskRunContext = {
        signal,
        progress: (rows, bytes) => {
          const now = performance.now();
          if (now - last < progressIntervalMs) return;
          last = now;
          port.postMessage({ type: 'progress', rows, bytes } satisfies FromWorker);
        },
      };
      return { type: 'done', result: await runTask(task, context) };
    }).finally(() => ports.delete(task.id));
  }

  parent.on('message', (m: ToWorker) => {
    if (m.type === 'config') configured(m.module);
    else if (m.type === 'start') start(m);
    else if (m.type === 'run') void runTask(reviveTask(m.task), m.port);
    else if (m.type === 'validate') {
      const ranges = m.ranges.map(reviveRange);
      void runJob(m.port, async ({ validate }, signal) => ({
        type: 'validated',
        result: await validate(m.table, ranges, signal),
      }));
    } else
      void opening
        .then((migration) => migration.close())
        .catch(() => undefined)
        .finally(() => parent.close());
  });
}

if (parentPort) serve(parentPort, workerData as TaskWorkerInit);
