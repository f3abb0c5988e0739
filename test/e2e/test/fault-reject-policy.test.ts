import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RejectedRow } from '@ferry/core';
import { defineGeneratedTable, type GeneratedTable } from '@ferry/mssql-emulator';
import { openFaultMigration, startWorld, type FaultWorld } from '../src/fault-fixtures.js';

/** Every 250th row (i % 250 === 7) has a NUL character in its name, which PostgreSQL text cannot hold. */
const hasNul = (i: number) => i % 250 === 7;
function nulTable(name: string, rows: number): GeneratedTable {
  return defineGeneratedTable({
    schema: 'gen',
    name,
    rows,
    columns: [
      { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
      {
        name: 'name',
        type: { name: 'nvarchar', length: 40 },
        nullable: false,
        generate: (i) => (hasNul(i) ? `bad\u0000name ${i + 1}` : `name ${i + 1}`),
      },
    ],
  });
}

/** Every row's large text (100,000 characters) holds a NUL, so every row is rejected. */
const largeText = (i: number) => `${i + 1}\u0000${'rejected value '.repeat(6_667)}`.slice(0, 100_000);
const largeRejects = defineGeneratedTable({
  schema: 'gen',
  name: 'large_rejects',
  rows: 400,
  columns: [
    { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
    { name: 'doc', type: { name: 'nvarchar', length: -1 }, nullable: false, generate: largeText },
  ],
});

describe('error policy on rows the target cannot store', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([nulTable('rejects', 2_000), nulTable('fixes', 2_000), largeRejects]);
  });
  afterAll(() => world?.close());

  it('reject: the rows go to ferry.rejected_rows (and onReject) with key and reason; the others load; the report counts them', async () => {
    const { migration, events, onEvent } = await openFaultMigration(world, {
      select: ['gen.rejects', 'gen.fixes'],
      tables: { 'gen.rejects': { onError: 'reject', ranges: 2 }, 'gen.fixes': { onError: 'fix' } },
    });
    const handed: RejectedRow[] = [];
    let result;
    try {
      result = await run(migration, { onEvent, onReject: (r) => void handed.push(r) });
    } finally {
      await migration.close();
    }
    const badIds = Array.from({ length: 2_000 }, (_, i) => i)
      .filter(hasNul)
      .map((i) => i + 1);
    expect(badIds).toHaveLength(8);

    const loaded = await world.client.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE name LIKE 'bad%')::int AS bad FROM gen.rejects`,
    );
    expect(loaded.rows[0]).toEqual({ n: 2_000 - 8, bad: 0 });
    const rejected = await world.client.query(
      `SELECT task_id, target_table, key_values, column_name, code, reason, row_values FROM ferry.rejected_rows ORDER BY row_number, task_id`,
    );
    expect(rejected.rows.map((r) => JSON.parse(r.key_values).id).sort((a, b) => a - b)).toEqual(badIds);
    for (const r of rejected.rows) {
      expect(r.target_table).toBe('gen.rejects');
      expect(r.task_id).toMatch(/^gen\.rejects#[01]$/);
      expect(r.column_name).toBe('name');
      expect(r.code).toBe('NUL_IN_TEXT');
      expect(r.reason).toMatch(/NUL/);
      const row = JSON.parse(r.row_values) as [number, string];
      expect(row).toEqual([JSON.parse(r.key_values).id, `bad\u0000name ${row[0]}`]);
    }
    expect(handed.map((r) => r.key.id).sort((a, b) => Number(a) - Number(b))).toEqual(badIds);

    const table = (name: string) => result.report.tables.find((t) => t.table === name)!;
    expect(table('gen.rejects').rejected).toBe(8);
    expect(table('gen.rejects').rows).toBe(2_000 - 8);
    const tasks = await world.client.query(
      `SELECT sum(rows)::int AS rows, sum(rejected)::int AS rejected FROM ferry.tasks WHERE target_table = 'gen.rejects'`,
    );
    expect(tasks.rows[0]).toEqual({ rows: 1_992, rejected: 8 });

    // fix: every row loads, NULs removed, each fix counted by kind.
    expect(table('gen.fixes').fixes).toEqual({ NUL_IN_TEXT: 8 });
    const fixed = await world.client.query(
      `SELECT count(*)::int AS n, max(name) FILTER (WHERE id = 8) AS fixed FROM gen.fixes`,
    );
    expect(fixed.rows[0]).toEqual({ n: 2_000, fixed: 'badname 8' });
    expect(
      events.some(
        (e) => e.type === 'warning' && /8 values fixed under the fix policy \(NUL_IN_TEXT\)/.test(e.message),
      ),
    ).toBe(true);
    // Validation compares the fixed values as the fix stored them, and says so.
    const validation = (name: string) => table(name).validation!;
    expect(validation('gen.fixes')).toMatchObject({
      match: true,
      note: expect.stringMatching(
        /^compared with 8 source values as onError "fix" stored them \(NUL_IN_TEXT 8\)/,
      ),
    });
    expect(validation('gen.rejects')).toMatchObject({
      match: false,
      note: expect.stringMatching(/^8 rows left out by the reject policy during the load/),
    });
  });

  it('reject: 400 rejected values of 100,000 characters reach ferry.rejected_rows and onReject, each whole', async () => {
    await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
    const { migration, onEvent } = await openFaultMigration(world, {
      select: ['gen.large_rejects'],
      tables: { 'gen.large_rejects': { onError: 'reject' } },
    });
    const handed: { id: number; whole: boolean }[] = [];
    let result;
    try {
      result = await run(migration, {
        onEvent,
        onReject: (r) =>
          void handed.push({ id: Number(r.key.id), whole: r.row[1] === largeText(Number(r.key.id) - 1) }),
      });
    } finally {
      await migration.close();
    }
    expect(result.error).toBeUndefined();
    expect(result.report.tables[0].rejected).toBe(400);
    const ids = Array.from({ length: 400 }, (_, i) => i + 1);
    expect(handed.map((h) => h.id).sort((a, b) => a - b)).toEqual(ids);
    expect(handed.every((h) => h.whole)).toBe(true);
    // About 40 MB of JSON in the state table: written a chunk at a time as the rows are rejected.
    const stored = await world.client.query<{ key_values: string; row_values: string }>(
      `SELECT key_values, row_values FROM ferry.rejected_rows`,
    );
    const rows = stored.rows.map((r) => JSON.parse(r.row_values) as [number, string]);
    expect(rows.map(([id]) => id).sort((a, b) => a - b)).toEqual(ids);
    expect(rows.every(([id, doc]) => doc === largeText(id - 1))).toBe(true);
    expect((await world.client.query(`SELECT count(*)::int AS n FROM gen.large_rejects`)).rows[0].n).toBe(0);
  });

  it('a range rejecting more than load.maxRejectedRows fails, names the limit and leaves no row', async () => {
    await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
    const { migration, onEvent } = await openFaultMigration(world, {
      select: ['gen.rejects'],
      load: { maxRejectedRows: 5 },
      tables: { 'gen.rejects': { onError: 'reject' } },
    });
    let result;
    try {
      result = await run(migration, { onEvent });
    } finally {
      await migration.close();
    }
    expect(result.state).toBe('failed');
    const table = result.report.tables.find((t) => t.table === 'gen.rejects')!;
    expect(table.state).toBe('failed');
    expect(table.errors.join('\n')).toMatch(
      /gen\.rejects.*: more than 5 rows rejected by the reject policy \(the latest: column name, NUL_IN_TEXT/,
    );
    const loaded = await world.client.query('SELECT count(*)::int AS n FROM gen.rejects');
    expect(loaded.rows[0].n).toBe(0);
  });

  it("a retried task hands on its rejected rows once (the failed attempt's were rolled back)", async () => {
    await world.client.query('DROP SCHEMA gen CASCADE; DROP SCHEMA ferry CASCADE');
    const { migration, events, onEvent } = await openFaultMigration(world, {
      select: ['gen.rejects'],
      tables: { 'gen.rejects': { onError: 'reject' } },
      load: { retries: { attempts: 3, baseMs: 1, maxMs: 10 } },
    });
    // The connection drops after 1,200 rows: 5 rows were already rejected in that attempt.
    world.emulator.faults.set({ dropConnection: { table: 'gen.rejects', afterRows: 1_200 } });
    const handed: RejectedRow[] = [];
    try {
      const result = await run(migration, { onEvent, onReject: (r) => void handed.push(r) });
      expect(result.error).toBeUndefined();
      expect(result.report.tables[0].rejected).toBe(8);
    } finally {
      await migration.close();
    }
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(handed).toHaveLength(8);
    const rejected = await world.client.query(
      `SELECT count(*)::int AS n, count(DISTINCT key_values)::int AS keys FROM ferry.rejected_rows`,
    );
    expect(rejected.rows[0]).toEqual({ n: 8, keys: 8 });
    expect((await world.client.query(`SELECT count(*)::int AS n FROM gen.rejects`)).rows[0].n).toBe(1_992);
  });
});
