import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '@ferry/core';
import {
  actualItems,
  expectedItems,
  itemsTable,
  openFaultMigration,
  startWorld,
  waitFor,
  type FaultWorld,
} from '../src/fault-fixtures.js';

describe('fault: the target backend is terminated mid-COPY', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([itemsTable(3_000)]);
  });
  afterAll(() => world?.close());

  it('rolls the task back, loads it again and completes with exact counts and checksums', async () => {
    const { migration, events, onEvent } = await openFaultMigration(world, {
      load: { batchRows: 100, retries: { attempts: 5, baseMs: 10, maxMs: 100 } },
    });
    // Rows trickle (1 ms each) so the COPY is still running when its backend is terminated.
    world.emulator.faults.set({ delay: { perRowMs: 1, table: 'gen.items' } });
    const running = run(migration, { onEvent });
    try {
      const pid = await waitFor(async () => {
        const { rows } = await world.client.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ferry' AND query LIKE 'COPY%'`,
        );
        return rows[0]?.pid;
      });
      // Let some batches reach the server first, then kill the loading session.
      await new Promise((r) => setTimeout(r, 300));
      const killed = await world.client.query(`SELECT pg_terminate_backend($1) AS ok`, [pid]);
      expect(killed.rows[0].ok).toBe(true);
      world.emulator.faults.set({ delay: undefined });
      const result = await running;
      expect(result.error).toBeUndefined();
      expect(result.state).toBe('done');
      expect(result.match).toBe(true);
      const retries = events.filter((e) => e.type === 'retry');
      expect(retries).toHaveLength(1);
      expect(retries[0].type === 'retry' && retries[0].error).toMatch(
        /COPY into gen\.items failed|terminat/i,
      );
    } finally {
      await running.catch(() => undefined);
      await migration.close();
    }
    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(3_000));
    const tasks = await world.client.query(`SELECT task_id, state, rows::int, loads FROM ferry.tasks`);
    expect(tasks.rows).toEqual([{ task_id: 'gen.items', state: 'done', rows: 3_000, loads: 1 }]);
  });
});
