import { describe, expect, it } from 'vitest';
import { buildRunReport } from '../src/report/run-report.js';
import { renderHtml } from '../src/report/render-html.js';
import type { TaskProgress } from '../src/pipeline/scheduler.js';

const t0 = Date.parse('2026-01-01T10:00:00Z');

const task = (
  taskId: string,
  table: string,
  startS: number,
  endS: number,
  rows: number,
  extra: Partial<TaskProgress> = {},
): TaskProgress => ({
  taskId,
  table,
  state: 'done',
  rows,
  bytes: rows * 10,
  seconds: endS - startS,
  rowsPerSec: rows / (endS - startS),
  startedAt: t0 + startS * 1000,
  endedAt: t0 + endS * 1000,
  ...extra,
});

function report(tasks: TaskProgress[]) {
  return buildRunReport({
    startedAt: new Date(t0),
    finishedAt: new Date(t0 + 10_000),
    source: 'mssql db',
    target: 'postgres db',
    state: 'done',
    tasks,
    phases: [
      { phase: 'introspect', status: 'ok', seconds: 1 },
      { phase: 'data', status: 'ok', seconds: 8 },
      { phase: 'validate', status: 'failed', seconds: 1 },
    ],
  });
}

describe('the run report timeline', () => {
  it('places every task that ran in time from the run start, in start order', () => {
    const r = report([
      task('b', 'app.b', 4, 8, 4000, { retries: 2 }),
      task('a#0', 'app.a', 1, 3, 1000, { range: { index: 0, key: ['id'] } }),
      task('c', 'app.c', 0, 0, 0, { state: 'queued', startedAt: undefined, endedAt: undefined }),
      task('old', 'app.old', 0, 1, 50, { loadedEarlier: true }),
    ]);
    expect(r.timeline).toEqual([
      {
        task: 'a#0',
        table: 'app.a',
        range: 0,
        state: 'done',
        start: 1,
        end: 3,
        rows: 1000,
        rowsPerSec: 500,
        retries: 0,
      },
      {
        task: 'b',
        table: 'app.b',
        state: 'done',
        start: 4,
        end: 8,
        rows: 4000,
        rowsPerSec: 1000,
        retries: 2,
      },
    ]);
  });

  it('draws a bar per task, as wide as its time, with its rows/s and retries', () => {
    const html = renderHtml(
      report([
        task('a', 'app.a', 0, 2, 1000),
        task('b', 'app.<b>', 2, 8, 6000, { state: 'failed', retries: 1 }),
      ]),
    );
    const bars = [
      ...html.matchAll(
        /<g class="task" data-state="(\w+)"><title>([^<]*)<\/title>.*?<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g,
      ),
    ];
    expect(bars.map((b) => b[1])).toEqual(['done', 'failed']);
    expect(bars[1][2]).toBe('app.&lt;b&gt;: failed, 6,000 rows, 1,000 rows/s, 1 retry, 2.00s to 8.00s');
    const [, , , x0, w0] = bars[0];
    const [, , , x1, w1] = bars[1];
    // b starts where a ends and lasts three times as long.
    expect(Number(x1)).toBeCloseTo(Number(x0) + Number(w0), 0);
    expect(Number(w1) / Number(w0)).toBeCloseTo(3, 1);
    expect(html).not.toContain('app.<b>');
  });

  it('splits one bar by phase in proportion to their time', () => {
    const html = renderHtml(report([task('a', 'app.a', 0, 2, 1000)]));
    const parts = [
      ...html.matchAll(
        /<g class="phase" data-phase="([\w-]+)"><title>([^<]*)<\/title><rect x="[\d.]+" y="2" width="([\d.]+)"/g,
      ),
    ];
    expect(parts.map((p) => p[1])).toEqual(['introspect', 'data', 'validate']);
    expect(parts[2][2]).toBe('validate 1.00s (failed)');
    expect(Number(parts[1][3]) / Number(parts[0][3])).toBeCloseTo(8, 1);
  });

  it('has no timeline when no task ran', () => {
    const html = renderHtml(report([]));
    expect(html).not.toContain('<h2>Timeline</h2>');
  });
});
