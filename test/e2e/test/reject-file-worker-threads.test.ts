// `ferry run` under onError 'reject' with its data tasks on worker threads (a config file, the
// emulator and PostgreSQL): the rows a worker's COPY rejects cross to the main thread and arrive in
// the reject file, each with its row key, column, code and reason, and the report's counts match the
// file, the rejected-rows table and the rows loaded.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry, project, type Project } from '@ferry/test-harness/ferry-bin';
import {
  ferryBinConfig,
  ferryEnv,
  policyValuesTable,
  startWorld,
  type FaultWorld,
} from '../src/fault-fixtures.js';

const rows = 2_000;
/** Row ids with a NUL in `label` (every 50th) and with a 100 ns fraction in `stamp` (every 125th, not a NUL's). */
const nulAt = (id: number) => id % 50 === 0;
const tickAt = (id: number) => id % 125 === 7;

const table = policyValuesTable('labels', rows, { nul: nulAt, tick: tickAt });

const config = ferryBinConfig(
  { 'gen.labels': { ranges: 2 } },
  { parallelism: 2, batchRows: 100, onError: 'reject' },
);

interface RejectLine {
  task: string;
  table: string;
  key: { id: number };
  column: string;
  code: string;
  reason: string;
}

describe('reject with the data tasks on worker threads', () => {
  let world: FaultWorld;
  let dir: Project;
  beforeAll(async () => {
    world = await startWorld([table]);
    dir = project({ 'migration.config.ts': config });
  });
  afterAll(async () => {
    dir?.remove();
    await world?.close();
  });

  it('writes every rejected row to the reject file with its key and reason; the report counts them', async () => {
    const ran = await ferry(
      dir.dir,
      ['run', '--json', '--reports', join(dir.dir, 'reports')],
      ferryEnv(world),
    );
    // The rows left out make the table differ from the source (exit 3), as the report explains.
    expect(ran.stderr).toBe('validation: 1 tables differ between source and target (see the report)\n');
    expect(ran.code).toBe(3);
    const events = ran.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const result = events.find((e) => e.type === 'result') as {
      report: {
        tables: { table: string; rows: number; rejected: number; validation: { note?: string } }[];
      };
      reports: { rejectedRows?: string };
    };
    expect(result.reports.rejectedRows).toBe(join(dir.dir, 'reports', 'rejected-rows.ndjson'));

    const lines = readFileSync(result.reports.rejectedRows!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as RejectLine);
    const expected = Array.from({ length: rows }, (_, i) => i + 1)
      .filter((id) => nulAt(id) || tickAt(id))
      .map((id) => [id, nulAt(id) ? 'label' : 'stamp', nulAt(id) ? 'NUL_IN_TEXT' : 'SUB_MICROSECOND']);
    const byId = [...lines].sort((a, b) => a.key.id - b.key.id);
    expect(byId.map((l) => [l.key.id, l.column, l.code])).toEqual(expected);
    // Both tasks (one per worker thread, cores permitting) rejected rows, each named with its reason.
    expect(new Set(lines.map((l) => l.task))).toEqual(new Set(['gen.labels#0', 'gen.labels#1']));
    for (const l of lines) {
      expect(l.table).toBe('gen.labels');
      expect(l.reason).toMatch(l.code === 'NUL_IN_TEXT' ? /NUL/i : /100 ns|microsecond/i);
    }

    const [reported] = result.report.tables;
    expect(reported).toMatchObject({
      table: 'gen.labels',
      rows: rows - expected.length,
      rejected: expected.length,
    });
    expect(reported.validation.note).toContain(`${expected.length} rows left out by the reject policy`);
    const { rows: counts } = await world.client.query<{ loaded: number; recorded: number }>(
      `SELECT (SELECT count(*)::int FROM gen.labels) AS loaded, (SELECT count(*)::int FROM ferry.rejected_rows) AS recorded`,
    );
    expect(counts[0]).toEqual({ loaded: rows - expected.length, recorded: expected.length });
  });
});
