// The run report as a user sees it: opened in a real browser (Debian's chromium), its timeline and
// phase bar drawn, a screenshot saved to test-artifacts/.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunReport, writeReports, type TaskProgress } from '@ferry/core';
import { artifactPath, chromiumPath, withPage } from '@ferry/test-harness/browser';

const t0 = Date.parse('2026-03-01T09:00:00Z');
const task = (
  taskId: string,
  table: string,
  start: number,
  end: number,
  rows: number,
  extra: Partial<TaskProgress> = {},
) =>
  ({
    taskId,
    table,
    state: 'done',
    rows,
    bytes: rows * 120,
    seconds: end - start,
    rowsPerSec: rows / (end - start),
    startedAt: t0 + start * 1000,
    endedAt: t0 + end * 1000,
    ...extra,
  }) satisfies TaskProgress;

const browser = chromiumPath();

describe.skipIf(!browser)(
  `the run report in chromium${browser ? '' : ' (skipped: chromium is not installed; .ci/run installs it)'}`,
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ferry-report-page-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('draws a timeline bar per task and a bar per phase, with their figures on hover', async () => {
      const report = buildRunReport({
        startedAt: new Date(t0),
        finishedAt: new Date(t0 + 20_000),
        source: 'mssql emulator/Northwind',
        target: 'postgres localhost/northwind',
        state: 'done',
        tasks: [
          task('orders#0', 'app.orders', 2, 10, 400_000, { range: { index: 0, key: ['id'] } }),
          task('orders#1', 'app.orders', 2, 14, 450_000, { range: { index: 1, key: ['id'] } }),
          task('customers', 'app.customers', 10, 12, 9_000),
          task('lines', 'app.order_lines', 12, 18, 800_000, { retries: 1 }),
        ],
        phases: [
          { phase: 'introspect', status: 'ok', seconds: 1 },
          { phase: 'pre-data', status: 'ok', seconds: 1 },
          { phase: 'data', status: 'ok', seconds: 16 },
          { phase: 'post-data', status: 'ok', seconds: 2 },
        ],
      });
      await writeReports(dir, report);
      await withPage(join(dir, 'run-report.html'), async (page) => {
        const bars = page.locator('svg.timeline g.task rect');
        await expect.poll(() => bars.count()).toBe(4);
        const boxes = await Promise.all((await bars.all()).map((b) => b.boundingBox()));
        // Drawn, and placed in time: the straggler retried last (12 s to 18 s) starts right of the first range (2 s).
        expect(boxes.every((b) => b !== null && b.width > 0 && b.height > 0)).toBe(true);
        expect(boxes[3]!.x).toBeGreaterThan(boxes[0]!.x + boxes[0]!.width / 2);
        expect(await page.locator('svg.timeline g.task title').nth(3).textContent()).toBe(
          'app.order_lines: done, 800,000 rows, 133,333 rows/s, 1 retry, 12.0s to 18.0s',
        );
        const phases = page.locator('svg.phases g.phase');
        expect(await phases.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-phase')))).toEqual([
          'introspect',
          'pre-data',
          'data',
          'post-data',
        ]);
        const widths = await Promise.all(
          (await page.locator('svg.phases rect').all()).map((r) => r.boundingBox()),
        );
        expect(widths[2]!.width / widths[0]!.width).toBeCloseTo(16, 0);
        await page.screenshot({ path: artifactPath('run-report.png'), fullPage: true });
      });
    });
  },
);
