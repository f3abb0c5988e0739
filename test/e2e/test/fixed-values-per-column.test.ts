// The run report says, per table and column, how many values a documented rule changed and where it
// first did (row number and key): the `fix` policy's fixes (NUL_IN_TEXT, SUB_MICROSECOND) and the end
// of time (END_OF_TIME, under every policy), on the fast path and the value path, in-process and
// through `ferry run` with its data tasks on worker threads.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan, run, type ColumnFix, type TableRunReport } from '@ferry/core';
import { ferry, project, type Project } from '@ferry/test-harness/ferry-bin';
import {
  ferryBinConfig,
  ferryEnv,
  openFaultMigration,
  policyValuesTable,
  startWorld,
  type FaultWorld,
} from '../src/fault-fixtures.js';

const rows = 2_000;
/** Ids with a NUL in `label` (40), a 100 ns fraction in `stamp` (16), the end of time in `stamp` (10): never two at once. */
const nulAt = (id: number) => id % 50 === 0;
const tickAt = (id: number) => id % 125 === 7;
const endAt = (id: number) => id % 200 === 103;
const ids = Array.from({ length: rows }, (_, i) => i + 1);
const count = (at: (id: number) => boolean) => ids.filter(at).length;

const table = policyValuesTable('periods', rows, { nul: nulAt, tick: tickAt, end: endAt });

/** Every column and rule with its count and first row (ids are row numbers: one task, or the first range). */
const expected: Omit<ColumnFix, 'firstTask'>[] = [
  { column: 'label', rule: 'NUL_IN_TEXT', count: count(nulAt), firstRow: 50, firstKey: 'id=50' },
  { column: 'stamp', rule: 'END_OF_TIME', count: count(endAt), firstRow: 103, firstKey: 'id=103' },
  { column: 'stamp', rule: 'SUB_MICROSECOND', count: count(tickAt), firstRow: 7, firstKey: 'id=7' },
];

describe('values changed by rule, per column, in the run report', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([table]);
  });
  afterAll(() => world?.close());

  describe.each([true, false])('in-process (fastPath %s)', (fastPath) => {
    async function load(onError: 'fix' | 'reject'): Promise<TableRunReport> {
      await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
      const { migration } = await openFaultMigration(world, { load: { fastPath, onError, batchRows: 100 } });
      try {
        expect((await plan(migration)).plan.readPaths['gen.periods'].kind).toBe(fastPath ? 'fast' : 'value');
        const result = await run(migration);
        return result.report.tables.find((t) => t.table === 'gen.periods')!;
      } finally {
        await migration.close();
      }
    }

    it('fix: each column counts its own fixes and the end of time, with the first row and key', async () => {
      const report = await load('fix');
      expect(report.state).toBe('done');
      expect(report.columnFixes).toEqual(expected.map((f) => ({ ...f, firstTask: expect.any(String) })));
      // The fix policy's count leaves the end of time out: it is a mapping made under every policy.
      expect(report.fixed).toBe(count(nulAt) + count(tickAt));
      expect(report.fixes).toEqual({ NUL_IN_TEXT: count(nulAt), SUB_MICROSECOND: count(tickAt) });
    });

    it('reject: the end of time is counted in the rows loaded, the rejected rows are not fixed', async () => {
      const report = await load('reject');
      expect(report.rejected).toBe(count(nulAt) + count(tickAt));
      expect(report.columnFixes).toEqual([{ ...expected[1], firstRow: 103, firstTask: expect.any(String) }]);
      expect(report.fixed).toBe(0);
    });
  });

  describe('`ferry run` with its data tasks on worker threads', () => {
    let dir: Project;
    const config = ferryBinConfig(
      { 'gen.periods': { ranges: 2 } },
      { parallelism: 2, batchRows: 100, onError: 'fix' },
    );
    beforeAll(async () => {
      await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
      dir = project({ 'migration.config.ts': config });
    });
    afterAll(() => dir?.remove());

    it('adds up both ranges per column; the summary, the JSON and the Markdown report show them', async () => {
      const ran = await ferry(dir.dir, ['run', '--reports', join(dir.dir, 'reports')], ferryEnv(world));
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      const json = /reports: .*\n\s+(\S+\.md)\n\s+(\S+\.json)/.exec(ran.stdout)!;
      const report = JSON.parse(readFileSync(json[2], 'utf8')) as { tables: TableRunReport[] };
      const [periods] = report.tables;
      // Each range has its own fixes: the counts are the table's, the first rows the first range's.
      expect(periods.columnFixes).toEqual(expected.map((f) => ({ ...f, firstTask: 'gen.periods#0' })));
      for (const f of expected) {
        expect(ran.stdout).toContain(
          `gen.periods.${f.column}: ${f.count} values changed by ${f.rule} (first: row ${f.firstRow} of gen.periods#0, key ${f.firstKey})`,
        );
        expect(readFileSync(json[1], 'utf8')).toContain(
          `| gen.periods | ${f.column} | ${f.rule} | ${f.count} | row ${f.firstRow} of gen.periods#0, key ${f.firstKey} |`,
        );
      }
    });
  });
});
