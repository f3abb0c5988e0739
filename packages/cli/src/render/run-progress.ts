// The whole data phase at a glance: rows loaded of the sources' estimates, % done, rows/s and ETA,
// from the per-task progress events (the line above the per-task lines of the task list).

import { formatCount, formatDuration, formatRate, perSecond, type DataTaskInfo } from '@ferry/core';

interface TaskFigures {
  estimate?: number;
  rows: number;
  done: boolean;
}

export interface RunProgress {
  /** Records a task's rows so far; `done` when it has ended (whatever its status). */
  update(task: string, rows: number, done?: boolean): void;
  /** One line: `1,234 of 5,000 rows (24.7%), 10,000 rows/s, ETA 1s`. */
  line(nowMs?: number): string;
  /** True once every announced task has ended. */
  complete(): boolean;
}

/** Progress across the data tasks the phase announced; `startMs` is when the phase began. */
export function createRunProgress(tasks: readonly DataTaskInfo[], startMs = Date.now()): RunProgress {
  const figures = new Map<string, TaskFigures>(
    tasks.map((t) => [t.id, { estimate: t.rowsEstimate, rows: 0, done: false }]),
  );
  return {
    update(task, rows, done = false) {
      const f = figures.get(task);
      if (!f) return;
      f.rows = rows;
      f.done ||= done;
    },
    complete: () => [...figures.values()].every((f) => f.done),
    line(nowMs = Date.now()) {
      let rows = 0;
      let expected = 0;
      let unknown = false;
      for (const f of figures.values()) {
        rows += f.rows;
        // A finished task's expected rows are the rows it loaded; an estimate was only a guess.
        if (f.done) expected += f.rows;
        else if (f.estimate === undefined) unknown = true;
        else expected += Math.max(f.estimate, f.rows);
      }
      const rate = perSecond(rows, (nowMs - startMs) / 1000);
      const ended = [...figures.values()].filter((f) => f.done).length;
      const parts = [`${ended} of ${figures.size} tasks`];
      if (unknown) parts.push(`${formatCount(rows)} rows`);
      else {
        const share = expected === 0 ? 100 : (rows / expected) * 100;
        parts.push(`${formatCount(rows)} of ${formatCount(expected)} rows (${share.toFixed(1)}%)`);
      }
      parts.push(`${formatRate(rate)} rows/s`);
      if (!unknown && rate > 0 && expected > rows)
        parts.push(`ETA ${formatDuration((expected - rows) / rate)}`);
      return parts.join(', ');
    },
  };
}
