// The run report model: per table rows, bytes, time, throughput, validation, policy counts and
// warnings, built from the scheduler's task figures and the validation results.

import type { ActionItem } from './action-item.js';
import { addColumnFixes, type ColumnFix } from '../pipeline/column-fixes.js';
import type { FailedObject } from '../run/failed-objects.js';
import type { TaskProgress, TaskState } from '../pipeline/scheduler.js';
import type { TableValidation } from '../validate/validate-table.js';
import type { PhaseStatus, RunPhase } from '../run/run-events.js';
import { perSecond, plural } from './format-figures.js';

export interface TableRunReport {
  /** Target table, `schema.name`. */
  table: string;
  state: TaskState;
  /** Number of data tasks (key ranges) of the table. */
  tasks: number;
  /** Rows committed to the target (ranges that finished, this run or the interrupted run it resumed). */
  rows: number;
  /** Rows sent by ranges that failed or were interrupted: their transactions were rolled back. */
  rolledBack: number;
  bytes: number;
  seconds: number;
  /** Over the rows this run loaded (0: no rate, e.g. every range was loaded by the interrupted run). */
  rowsPerSec: number;
  mbPerSec: number;
  validation?: Pick<TableValidation, 'method' | 'match' | 'mismatches' | 'note'>;
  /** Rows sent to the reject table/file by the `reject` policy. */
  rejected: number;
  /** Values fixed by the `fix` policy. */
  fixed: number;
  /** Values fixed, by fix kind (e.g. `{ NUL_IN_TEXT: 2 }`). */
  fixes: Record<string, number>;
  /**
   * Values changed by a documented rule, per column and rule, with the first row changed (its task,
   * number and key when known): the `fix` policy's fixes, and END_OF_TIME under every policy (which
   * `fixed` and `fixes` leave out). Empty when none (absent in reports of earlier versions).
   */
  columnFixes?: ColumnFix[];
  /** Task re-runs after transient failures. */
  retries: number;
  warnings: string[];
  errors: string[];
}

export interface RunReport {
  kind: 'run';
  title: string;
  startedAt: string;
  finishedAt: string;
  /** Endpoint descriptions, e.g. `mssql sql.example.com/Northwind` (redacted when rendered). */
  source: string;
  target: string;
  state: 'done' | 'failed' | 'interrupted';
  tables: TableRunReport[];
  /** Time of each phase the run went through, in order. */
  phases: PhaseTiming[];
  /** Every data task that ran, in start order, placed in time from the run's start (absent in reports of earlier versions). */
  timeline?: TaskSpan[];
  /**
   * Committed rows and bytes; `seconds` is the whole run, `dataSeconds` the data phase, over which
   * `rowsPerSec`/`mbPerSec` are measured (the whole run when the data phase was not reached), over
   * the rows this run loaded: `rowsLoadedEarlier` of `rows` were committed by the interrupted run a
   * `--resume` continued. A rate of 0 means none (nothing loaded, or too short a time to measure).
   */
  totals: {
    rows: number;
    rowsLoadedEarlier: number;
    bytes: number;
    seconds: number;
    dataSeconds: number;
    rowsPerSec: number;
    mbPerSec: number;
  };
  actionItems: ActionItem[];
  /** Objects the target refused and what was skipped because of them (empty when every object was created). */
  failedObjects: FailedObject[];
  warnings: string[];
}

/** One data task on the run's timeline. */
export interface TaskSpan {
  task: string;
  /** Target table, `schema.name`. */
  table: string;
  /** Range position when the table is split into key ranges. */
  range?: number;
  state: TaskState;
  /** Seconds from the run's start to the task's start and end. */
  start: number;
  end: number;
  rows: number;
  rowsPerSec: number;
  retries: number;
}

export interface PhaseTiming {
  phase: RunPhase;
  status: PhaseStatus;
  seconds: number;
}

export interface BuildRunReportInput {
  title?: string;
  startedAt: Date;
  finishedAt: Date;
  source: string;
  target: string;
  state: RunReport['state'];
  /** Final figures of every data task (from `runTasks`). */
  tasks: readonly TaskProgress[];
  validations?: readonly TableValidation[];
  phases?: readonly PhaseTiming[];
  /**
   * Per target table: extra rows rejected / values fixed by policy and warnings, added to what the
   * tasks reported (`TaskProgress.rejected` / `fixes`).
   */
  policy?: Readonly<Record<string, { rejected?: number; fixed?: number; warnings?: string[] }>>;
  actionItems?: readonly ActionItem[];
  failedObjects?: readonly FailedObject[];
  warnings?: readonly string[];
}

const MB = 1024 * 1024;
const stateRank: Record<TaskState, number> = { failed: 4, interrupted: 3, running: 2, queued: 1, done: 0 };

/** Aggregates task figures per table (ranges of one table add up; seconds is the longest range). */
export function buildRunReport(input: BuildRunReportInput): RunReport {
  const byTable = new Map<string, TaskProgress[]>();
  for (const t of input.tasks) byTable.set(t.table, [...(byTable.get(t.table) ?? []), t]);
  const tables = [...byTable.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([table, tasks]): TableRunReport => {
      const finished = tasks.filter((t) => t.state === 'done');
      const rows = finished.reduce((n, t) => n + t.rows, 0);
      const loadedNow = finished.filter((t) => !t.loadedEarlier).reduce((n, t) => n + t.rows, 0);
      const rolledBack = tasks.reduce((n, t) => n + t.rows, 0) - rows;
      const bytes = finished.reduce((n, t) => n + t.bytes, 0);
      const seconds = Math.max(...tasks.map((t) => t.seconds));
      const state = tasks.map((t) => t.state).sort((a, b) => stateRank[b] - stateRank[a])[0];
      const validation = input.validations?.find((v) => v.table === table);
      const policy = input.policy?.[table];
      const fixes = new Map<string, number>();
      for (const t of tasks)
        for (const [code, n] of Object.entries(t.fixes ?? {})) fixes.set(code, (fixes.get(code) ?? 0) + n);
      const rejected = tasks.reduce((n, t) => n + (t.rejected ?? 0), 0) + (policy?.rejected ?? 0);
      const fixed = [...fixes.values()].reduce((n, v) => n + v, 0) + (policy?.fixed ?? 0);
      const fixWarnings = [...fixes]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, n]) => `${plural(n, 'value')} fixed by policy: ${code}`);
      return {
        table,
        state,
        tasks: tasks.length,
        rows,
        rolledBack,
        bytes,
        seconds,
        rowsPerSec: perSecond(loadedNow, seconds),
        mbPerSec: perSecond(bytes / MB, seconds),
        validation: validation && {
          method: validation.method,
          match: validation.match,
          mismatches: validation.mismatches,
          note: policyNote(validation, rejected, fixed),
        },
        rejected,
        fixed,
        fixes: Object.fromEntries(fixes),
        columnFixes: columnFixesOf(tasks),
        retries: tasks.reduce((n, t) => n + (t.retries ?? 0), 0),
        warnings: [
          ...fixWarnings,
          ...(policy?.warnings ?? []),
          ...(rolledBack ? [`${rolledBack} rows sent by unfinished ranges were rolled back`] : []),
        ],
        errors: tasks.filter((t) => t.error && t.state === 'failed').map((t) => t.error!),
      };
    });
  const seconds = (input.finishedAt.getTime() - input.startedAt.getTime()) / 1000;
  const phases = [...(input.phases ?? [])];
  const dataPhase = phases.find((p) => p.phase === 'data');
  const rateSeconds = dataPhase?.seconds ?? seconds;
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  const rowsLoadedEarlier = input.tasks
    .filter((t) => t.loadedEarlier && t.state === 'done')
    .reduce((n, t) => n + t.rows, 0);
  const bytes = tables.reduce((n, t) => n + t.bytes, 0);
  return {
    kind: 'run',
    title: input.title ?? 'Ferry run report',
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    source: input.source,
    target: input.target,
    state: input.state,
    tables,
    phases,
    timeline: timeline(input),
    totals: {
      rows,
      rowsLoadedEarlier,
      bytes,
      seconds,
      dataSeconds: dataPhase?.seconds ?? 0,
      rowsPerSec: perSecond(rows - rowsLoadedEarlier, rateSeconds),
      mbPerSec: perSecond(bytes / MB, rateSeconds),
    },
    actionItems: [...(input.actionItems ?? [])],
    failedObjects: [...(input.failedObjects ?? [])],
    warnings: [...(input.warnings ?? [])],
  };
}

/** A table's column fixes: its tasks' summed, the first row from the first task (in range order) that had one. */
function columnFixesOf(tasks: readonly TaskProgress[]): ColumnFix[] {
  const fixes: ColumnFix[] = [];
  for (const t of [...tasks].sort((a, b) => byId(a.taskId, b.taskId)))
    addColumnFixes(
      fixes,
      t.columnFixes?.map((f) => ({ ...f, ...(f.firstRow === undefined ? {} : { firstTask: t.taskId }) })),
    );
  return fixes.sort((a, b) =>
    a.column < b.column ? -1 : a.column > b.column ? 1 : a.rule < b.rule ? -1 : 1,
  );
}

function timeline(input: BuildRunReportInput): TaskSpan[] {
  const t0 = input.startedAt.getTime();
  const seconds = (ms: number) => Math.max(0, (ms - t0) / 1000);
  return input.tasks
    .filter((t) => t.startedAt !== undefined && !t.loadedEarlier)
    .map((t) => ({
      task: t.taskId,
      table: t.table,
      ...(t.range ? { range: t.range.index } : {}),
      state: t.state,
      start: seconds(t.startedAt!),
      end: seconds(t.endedAt ?? input.finishedAt.getTime()),
      rows: t.rows,
      rowsPerSec: t.rowsPerSec,
      retries: t.retries ?? 0,
    }))
    .sort((a, b) => a.start - b.start || byId(a.task, b.task));
}

const byId = new Intl.Collator('en', { numeric: true }).compare;

/**
 * A table whose rows the `reject` policy left out, or whose values the `fix` policy changed, differs
 * from its source by design: its mismatch says so, with the numbers.
 */
function policyNote(v: TableValidation, rejected: number, fixed: number): string | undefined {
  if (v.match || (rejected === 0 && fixed === 0)) return v.note;
  const why = [
    ...(rejected ? [`${plural(rejected, 'row')} left out by the reject policy`] : []),
    ...(fixed ? [`${plural(fixed, 'value')} changed by the fix policy`] : []),
  ].join(' and ');
  const note = `${why} during the load, so the table differs from its source there`;
  return v.note ? `${v.note}; ${note}` : note;
}

/** One line per failed object: `failed: view app.v (042-post-data-view-app.v.sql): <error>`, `skipped: ... requires app.t`. */
export function failedObjectText(f: FailedObject): string {
  const file = f.file && f.file !== f.object ? ` (${f.file})` : '';
  const what = `${f.kind === 'data' ? 'data of' : f.kind} ${f.object}${file}`;
  return f.status === 'failed'
    ? `failed: ${what}: ${f.error ?? ''}`
    : `skipped: ${what}: requires ${f.because ?? ''}, which failed`;
}
