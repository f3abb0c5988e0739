import { describe, expect, it } from 'vitest';
import { createRunProgress } from '../src/render/run-progress.js';
import { createListrRenderer } from '../src/render/listr-renderer.js';

describe('createRunProgress', () => {
  const tasks = [
    { id: 'a', table: 'dbo.a', rowsEstimate: 1000 },
    { id: 'b', table: 'dbo.b', rowsEstimate: 3000 },
  ];

  it('sums the rows of every task against their estimates, with % done, rate and ETA', () => {
    const p = createRunProgress(tasks, 0);
    p.update('a', 500);
    p.update('b', 500);
    // 1,000 of 4,000 rows in 2 s: 500 rows/s, 3,000 rows left = 6 s.
    expect(p.line(2000)).toBe('0 of 2 tasks, 1,000 of 4,000 rows (25.0%), 500 rows/s, ETA 6.00s');
    expect(p.complete()).toBe(false);
  });

  it('counts a finished task at the rows it loaded, not at its estimate', () => {
    const p = createRunProgress(tasks, 0);
    p.update('a', 800, true);
    p.update('b', 3200);
    // a ended below its estimate, b is past its estimate: expected = 800 + 3200.
    expect(p.line(4000)).toBe('1 of 2 tasks, 4,000 of 4,000 rows (100.0%), 1,000 rows/s');
    p.update('b', 3300, true);
    expect(p.complete()).toBe(true);
    expect(p.line(4000)).toBe('2 of 2 tasks, 4,100 of 4,100 rows (100.0%), 1,025 rows/s');
  });

  it('gives no percentage or ETA while a task has no estimate', () => {
    const p = createRunProgress([...tasks, { id: 'c', table: 'dbo.c' }], 0);
    p.update('c', 10);
    expect(p.line(1000)).toBe('0 of 3 tasks, 10 rows, 10.0 rows/s');
  });

  it('ignores tasks it was not told about', () => {
    const p = createRunProgress(tasks, 0);
    p.update('zzz', 99, true);
    expect(p.line(1000)).toBe('0 of 2 tasks, 0 of 4,000 rows (0.0%), - rows/s');
  });
});

describe('the task list', () => {
  it('shows a whole-run line above the per-task lines', async () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const r = createListrRenderer(() => undefined);
      const tasks = [
        { id: 't1', table: 'dbo.one', rowsEstimate: 10 },
        { id: 't2', table: 'dbo.two', rowsEstimate: 30 },
      ];
      r.onEvent({ type: 'phase-start', phase: 'data', tasks });
      for (const t of tasks) {
        r.onEvent({ type: 'task-start', task: t.id, table: t.table });
        const end = { task: t.id, table: t.table, rows: t.rowsEstimate, bytes: 100, seconds: 0.1 };
        r.onEvent({ type: 'task-end', status: 'done', ...end });
      }
      r.onEvent({ type: 'phase-end', phase: 'data', status: 'ok', seconds: 0.2 });
      await r.finish();
    } finally {
      process.stdout.write = write;
    }
    const out = written.join('');
    const whole = out.indexOf('all tables: 2 of 2 tasks, 40 of 40 rows (100.0%)');
    expect(whole).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('dbo.one: 10 rows')).toBeGreaterThan(whole);
  });
});
