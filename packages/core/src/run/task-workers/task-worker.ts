// The body of a task worker thread: opens the migration again from its config file (the user's
// endpoints and transforms are loaded here, in this thread) while the main thread plans, shapes the
// main thread's source model with the config's rules, and runs the data tasks it is sent, one at a
// time, with its own connections.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadConfig } from '../../config/load-config.js';
import type { DataTask } from '../../pipeline/data-task.js';
import type { TaskRunContext, TaskRunner } from '../../pipeline/scheduler.js';
import { applyRules } from '../../rules/apply-rules.js';
import { inThreadRunner } from '../data-task-runner.js';
import { openMigration, type Migration, type PluginRegistry } from '../open-migration.js';
import {
  reviveTask,
  toWire,
  type FromWorker,
  type TaskWorkerInit,
  type TaskWorkerStart,
  type ToWorker,
} from './worker-protocol.js';

/** Least time between two progress messages of a task. */
const progressIntervalMs = 100;

async function open(init: TaskWorkerInit, post: (m: FromWorker) => void): Promise<Migration> {
  const loaded = await loadConfig({ configPath: init.origin.configFile });
  const builtins = init.origin.builtinsModule
    ? ((await import(init.origin.builtinsModule)) as { builtinPlugins: PluginRegistry }).builtinPlugins
    : {};
  // The main thread showed the endpoints' notices when it opened them: here they are only logged.
  const log = (message: string) => post({ type: 'log', message });
  return openMigration(loaded.config, { builtins, cwd: loaded.configDir, log, notice: log });
}

/** The runner of this worker's tasks, once the migration is open and the run planned. */
async function taskRunner(
  opening: Promise<Migration>,
  starting: Promise<TaskWorkerStart>,
  post: (m: FromWorker) => void,
): Promise<TaskRunner> {
  const [migration, { sourceModel, runId }] = await Promise.all([opening, starting]);
  const { mappings } = applyRules(sourceModel, migration.config, migration.target.capabilities);
  return inThreadRunner(migration, mappings, runId, {
    onReject: (_task, rejected) => post({ type: 'reject', rejected }),
    onRetry: (_task, notice) =>
      post({ type: 'retry', attempt: notice.attempt, delayMs: notice.delayMs, error: toWire(notice.error) }),
  });
}

function serve(port: MessagePort, init: TaskWorkerInit): void {
  const post = (m: FromWorker) => port.postMessage(m);
  const opening = open(init, post);
  let start: (value: TaskWorkerStart) => void = () => undefined;
  const runner = taskRunner(opening, new Promise<TaskWorkerStart>((resolve) => (start = resolve)), post);
  // A failure to open is reported by the first task.
  runner.catch(() => undefined);
  let running: AbortController | undefined;

  async function runTask(task: DataTask): Promise<void> {
    const controller = (running = new AbortController());
    let last = 0;
    const context: TaskRunContext = {
      signal: controller.signal,
      progress: (rows, bytes) => {
        const now = performance.now();
        if (now - last < progressIntervalMs) return;
        last = now;
        post({ type: 'progress', rows, bytes });
      },
    };
    try {
      post({ type: 'done', result: await (await runner)(task, context) });
    } catch (error) {
      post({ type: 'failed', error: toWire(error) });
    } finally {
      running = undefined;
    }
  }

  port.on('message', (m: ToWorker) => {
    if (m.type === 'start') start(m);
    else if (m.type === 'run') void runTask(reviveTask(m.task));
    else if (m.type === 'stop') running?.abort(new Error('interrupted'));
    else
      void opening
        .then((migration) => migration.close())
        .catch(() => undefined)
        .finally(() => port.close());
  });
}

if (parentPort) serve(parentPort, workerData as TaskWorkerInit);
