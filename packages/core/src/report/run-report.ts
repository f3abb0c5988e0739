// The run report model: per table rows, bytes, time, throughput, validation, policy counts and
// warnings, built from the scheduler's task figures and the validation results.

import type { ActionItem } from './action-item.js';
import type { TaskProgress, TaskState } from '../pipeline/scheduler.js';
import type { TableValidation } from '../validate/validate-table.js';

export interface TableRunReport {
  /** Target table, `schema.name`. */
  table: string;
  state: TaskState;
  /** Number of data tasks (key ranges) of the table. */
  tasks: number;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSec: number;
  mbPerSec: number;
  validation?: Pick<TableValidation, 'method' | 'match' | 'mismatches' | 'note'>;
  /** Rows sent to the reject table/file by the `reject` policy. */
  rejected: number;
  /** Values fixed by the `fix` policy. */
  fixed: number;
  /** Values fixed, by fix kind (e.g. `{ NUL_IN_TEXT: 2 }`). */
  fixes: Record<string, number>;
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
  totals: { rows: number; bytes: number; seconds: number; rowsPerSec: number; mbPerSec: number };
  actionItems: ActionItem[];
  warnings: string[];
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
  /**
   * Per target table: extra rows rejected / values fixed by policy and warnings, added to what the
   * tasks reported (`TaskProgress.rejected` / `fixes`).
   */
  policy?: Readonly<Record<string, { rejected?: number; fixed?: number; warnings?: string[] }>>;
  actionItems?: readonly ActionItem[];
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
      const rows = tasks.reduce((n, t) => n + t.rows, 0);
      const bytes = tasks.reduce((n, t) => n + t.bytes, 0);
      const seconds = Math.max(...tasks.map((t) => t.seconds));
      const state = tasks.map((t) => t.state).sort((a, b) => stateRank[b] - stateRank[a])[0];
      const validation = input.validations?.find((v) => v.table === table);
      const policy = input.policy?.[table];
      const fixes = new Map<string, number>();
      for (const t of tasks)
        for (const [code, n] of Object.entries(t.fixes ?? {})) fixes.set(code, (fixes.get(code) ?? 0) + n);
      const fixWarnings = [...fixes]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, n]) => `${n} value${n === 1 ? '' : 's'} fixed by policy: ${code}`);
      return {
        table,
        state,
        tasks: tasks.length,
        rows,
        bytes,
        seconds,
        rowsPerSec: seconds > 0 ? rows / seconds : 0,
        mbPerSec: seconds > 0 ? bytes / MB / seconds : 0,
        validation: validation && {
          method: validation.method,
          match: validation.match,
          mismatches: validation.mismatches,
          note: validation.note,
        },
        rejected: tasks.reduce((n, t) => n + (t.rejected ?? 0), 0) + (policy?.rejected ?? 0),
        fixed: [...fixes.values()].reduce((n, v) => n + v, 0) + (policy?.fixed ?? 0),
        fixes: Object.fromEntries(fixes),
        retries: tasks.reduce((n, t) => n + (t.retries ?? 0), 0),
        warnings: [...fixWarnings, ...(policy?.warnings ?? [])],
        errors: tasks.filter((t) => t.error && t.state === 'failed').map((t) => t.error!),
      };
    });
  const seconds = (input.finishedAt.getTime() - input.startedAt.getTime()) / 1000;
  const rows = tables.reduce((n, t) => n + t.rows, 0);
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
    totals: {
      rows,
      bytes,
      seconds,
      rowsPerSec: seconds > 0 ? rows / seconds : 0,
      mbPerSec: seconds > 0 ? bytes / MB / seconds : 0,
    },
    actionItems: [...(input.actionItems ?? [])],
    warnings: [...(input.warnings ?? [])],
  };
}
