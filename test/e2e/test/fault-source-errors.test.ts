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

describe('fault: SQL Server errors in the middle of a table', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([itemsTable(3_000)]);
  });
  afterAll(() => world?.close());
  const retries = { retries: { attempts: 5, baseMs: 10, maxMs: 100 } };

  it.each([
    [40501, 'Azure SQL throttling (service busy)'],
    [1205, 'deadlock victim'],
    [49918, 'not enough resources'],
  ])('error %i (%s) is retried; the run completes with exact counts', async (number) => {
    await world.client.query('DROP SCHEMA IF EXISTS gen CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
    const { migration, events, onEvent } = await openFaultMigration(world, { load: retries });
    world.emulator.faults.set({
      errorMidResult: {
        table: 'gen.items',
        afterRows: 1_500,
        error: { number, message: `injected ${number}` },
      },
    });
    try {
      const result = await run(migration, { onEvent });
      expect(result.error).toBeUndefined();
      expect(result.state).toBe('done');
      const retry = events.filter((e) => e.type === 'retry');
      expect(retry).toHaveLength(1);
      expect(retry[0].type === 'retry' && retry[0].error).toMatch(new RegExp(`error ${number}`));
    } finally {
      await migration.close();
    }
    expect(await actualItems(world.client, 'gen.items')).toEqual(expectedItems(3_000));
  });

  it('a permanent error (229, permission denied) fails fast with a clear message, without retry', async () => {
    const { migration, events, onEvent } = await openFaultMigration(world, { load: retries });
    world.emulator.faults.set({
      errorMidResult: {
        table: 'gen.items',
        afterRows: 10,
        error: { number: 229, class: 14, message: "The SELECT permission was denied on the object 'items'." },
      },
    });
    try {
      const result = await run(migration, { onEvent });
      expect(result.state).toBe('failed');
      expect((result.error as Error).message).toMatch(
        /^gen\.items -> gen\.items, whole table: SQL Server query on gen\.items failed \(error 229\): .*SELECT permission was denied/,
      );
      expect(events.filter((e) => e.type === 'retry')).toHaveLength(0);
    } finally {
      await migration.close();
      world.emulator.faults.clear();
    }
  });
});
