// The interactive task list on a TTY (listr2): introspect > plan > pre-data > data (a line per
// table or range with rows, rows/s, ETA) > post-data > validate, driven by the run's events.

import { Listr, type ListrRendererFactory, type ListrTaskWrapper } from 'listr2';
import {
  failedObjectText,
  formatBytes,
  formatCount,
  formatDuration,
  formatRate,
  type DataTaskInfo,
  type RunEvent,
  type RunPhase,
} from '@ferry/core';
import type { Renderer } from './renderer.js';
import { createRunProgress, type RunProgress } from './run-progress.js';
import { cutoverText, replicationText } from './replication-text.js';

type TaskWrapper = ListrTaskWrapper<unknown, ListrRendererFactory, ListrRendererFactory>;

const phases: RunPhase[] = ['introspect', 'plan', 'pre-data', 'data', 'replicate', 'post-data', 'validate'];

type PhaseStart = Extract<RunEvent, { type: 'phase-start' }>;
type PhaseEnd = Extract<RunEvent, { type: 'phase-end' }>;
type TaskEnd = Extract<RunEvent, { type: 'task-end' }>;

class Deferred<T> {
  resolve!: (value: T) => void;
  readonly promise = new Promise<T>((resolve) => (this.resolve = resolve));
}

function lazyMap<K, V>() {
  const map = new Map<K, Deferred<V>>();
  return (key: K) => {
    let d = map.get(key);
    if (!d) map.set(key, (d = new Deferred<V>()));
    return d;
  };
}

/** `note` prints the warnings once the list is complete (lines printed meanwhile would break it). */
export function createListrRenderer(note: (line: string) => void): Renderer {
  const started = lazyMap<RunPhase, PhaseStart | 'skipped'>();
  const ended = lazyMap<RunPhase, PhaseEnd | 'skipped'>();
  const taskEnded = lazyMap<string, TaskEnd | 'skipped'>();
  const taskTitles = new Map<string, (title: string) => void>();
  const stepCounts = new Map<RunPhase, number>();
  const phaseTitles = new Map<RunPhase, (title: string) => void>();
  const taskIds = new Set<string>();
  const validated: string[] = [];
  const whole = new Deferred<void>();
  let progress: RunProgress | undefined;
  let setWholeTitle: ((title: string) => void) | undefined;
  const showProgress = (task: string, rows: number, done = false) => {
    if (!progress) return;
    progress.update(task, rows, done);
    setWholeTitle?.(progress.line());
    if (progress.complete()) whole.resolve();
  };
  const warnings: string[] = [];

  const waitTask = async (info: DataTaskInfo, task: TaskWrapper) => {
    const name = info.range === undefined ? info.table : `${info.table} [range ${info.range}]`;
    task.title = `${name}: waiting`;
    taskTitles.set(info.id, (t) => (task.title = `${name}: ${t}`));
    const end = await taskEnded(info.id).promise;
    if (end === 'skipped') return task.skip(`${name}: not run`);
    const summary = `${formatCount(end.rows)} rows, ${formatBytes(end.bytes)} in ${formatDuration(end.seconds)}`;
    if (end.status === 'failed') throw new Error(`${name}: ${end.error ?? 'failed'}`);
    if (end.status === 'interrupted') return task.skip(`${name}: interrupted after ${summary}`);
    task.title = `${name}: ${summary}`;
  };

  const list = new Listr(
    phases.map((phase) => ({
      title: phase,
      task: async (_ctx: unknown, task: TaskWrapper) => {
        phaseTitles.set(phase, (t) => (task.title = `${phase}: ${t}`));
        const start = await started(phase).promise;
        if (start === 'skipped') return task.skip(`${phase}: skipped`);
        if (start.dryRun) task.title = `${phase}: dry run`;
        if (phase === 'data' && start.tasks?.length) {
          for (const t of start.tasks) taskIds.add(t.id);
          const total = {
            title: 'all tables',
            task: async (_c: unknown, sub: TaskWrapper) => {
              setWholeTitle = (t) => (sub.title = `all tables: ${t}`);
              setWholeTitle(progress?.line() ?? '');
              await whole.promise;
              setWholeTitle(progress?.line() ?? '');
            },
          };
          return task.newListr(
            [
              total,
              ...start.tasks.map((info) => ({
                title: info.table,
                task: (_c: unknown, sub: TaskWrapper) => waitTask(info, sub),
              })),
            ],
            { concurrent: true, exitOnError: false },
          );
        }
        const end = await ended(phase).promise;
        if (end === 'skipped') return task.skip(`${phase}: skipped`);
        const text = `${end.status} in ${formatDuration(end.seconds)}${end.detail ? ` - ${end.detail}` : ''}`;
        if (end.status === 'failed') throw new Error(`${phase}: ${text}`);
        if (end.status === 'skipped' || end.status === 'interrupted') return task.skip(`${phase}: ${text}`);
        task.title = `${phase}: ${text}`;
      },
    })),
    {
      concurrent: false,
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { collapseSubtasks: false },
    },
  );
  const running = list.run().catch(() => undefined);

  const onEvent = (e: RunEvent) => {
    switch (e.type) {
      case 'phase-start':
        if (e.phase === 'data' && e.tasks?.length) progress = createRunProgress(e.tasks);
        started(e.phase).resolve(e);
        break;
      case 'phase-end':
        started(e.phase).resolve('skipped');
        ended(e.phase).resolve(e);
        break;
      case 'step': {
        const n = (stepCounts.get(e.phase) ?? 0) + 1;
        stepCounts.set(e.phase, n);
        phaseTitles.get(e.phase)?.(
          `${n} steps ${e.status === 'dry-run' ? 'listed' : 'applied'} (${e.kind} ${e.object})`,
        );
        break;
      }
      case 'task-start':
        taskTitles.get(e.task)?.('started');
        break;
      case 'task-progress': {
        const eta = e.etaSeconds === undefined ? '' : `ETA ${formatDuration(e.etaSeconds)}`;
        taskTitles.get(e.task)?.(
          `${formatCount(e.rows)} rows, ${formatRate(e.rowsPerSecond)} rows/s${eta ? `, ${eta}` : ''}`,
        );
        showProgress(e.task, e.rows);
        break;
      }
      case 'task-end':
        showProgress(e.task, e.rows, true);
        taskEnded(e.task).resolve(e);
        break;
      case 'warning':
        warnings.push(`warning: ${e.where ? `${e.where}: ` : ''}${e.message}`);
        break;
      case 'object-failed':
        warnings.push(`${e.failure.phase}: ${failedObjectText(e.failure)}`);
        break;
      case 'retry':
        warnings.push(`retried: ${e.task} after attempt ${e.attempt} failed: ${e.error}`);
        break;
      case 'replication':
        phaseTitles.get('replicate')?.(replicationText(e));
        break;
      case 'cutover':
        phaseTitles.get('replicate')?.(cutoverText(e));
        break;
      case 'validation':
        validated.push(`${e.result.table} ${e.result.match ? 'ok' : 'MISMATCH'}`);
        phaseTitles.get('validate')?.(`${validated.length} tables checked (${validated.at(-1)})`);
        break;
      default:
        break;
    }
  };

  return {
    onEvent,
    async finish() {
      for (const phase of phases) {
        started(phase).resolve('skipped');
        ended(phase).resolve('skipped');
      }
      for (const id of taskIds) taskEnded(id).resolve('skipped');
      whole.resolve();
      await running;
      for (const w of warnings) note(w);
    },
  };
}
