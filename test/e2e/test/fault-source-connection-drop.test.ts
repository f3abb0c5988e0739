import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '@ferry/core';
import {
  actualItems,
  expectedItems,
  itemsTable,
  openFaultMigration,
  startWorld,
  type FaultWorld,
} from '../src/fault-fixtures.js';

describe('fault: the source drops its connection mid-table', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([itemsTable(12_000)]);
  });
  afterAll(() => world?.close());

  it('retries only the broken key range and completes with exact counts and checksums', async () => {
    const { migration, events, onEvent } = await openFaultMigration(world, {
      tables: { 'gen.items': { ranges: 3 } },
      load: { parallelism: 2, retries: { attempts: 5, baseMs: 10, maxMs: 100 } },
    });
    // Each range is one request of 4,000 rows: the connection of the first to reach row 2,500 drops.
    world.emulator.faults.set({ dropConnection: { table: 'gen.items', afterRows: 2_500 } });
    try {
      const result = await run(migration, { onEvent });
      expect(result.error).toBeUndefined();
      expect(result.state).toBe('done');
      expect(result.match).toBe(true);
      const retries = events.filter((e) => e.type === 'retry');
      expect(retries).toHaveLength(1);
      expect(retries[0].type === 'retry' && retries[0].task).toMatch(/^gen\.items#[0-2]$/);
      expect(result.report.tables[0].retries).toBe(1);
      expect(world.emulator.faults.current.dropConnection).toBeUndefined();
    } finally {
      await migration.close();
    }
    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(12_000));
    const tasks = await world.client.query(
      `SELECT task_id, state, rows::int, loads FROM ferry.tasks ORDER BY task_id`,
    );
    expect(tasks.rows).toEqual([
      { task_id: 'gen.items#0', state: 'done', rows: 4_000, loads: 1 },
      { task_id: 'gen.items#1', state: 'done', rows: 4_000, loads: 1 },
      { task_id: 'gen.items#2', state: 'done', rows: 4_000, loads: 1 },
    ]);
  });
});
