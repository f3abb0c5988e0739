// Fault injection at the protocol level, as the reliability tests use it: a dropped connection or an
// error in the middle of a table's rows, delays, and faults that disarm after firing.

import sql from 'mssql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Faults } from '../src/faults/faults.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine, select } from './protocol-fixture-engine.js';

const ROWS = Array.from({ length: 1000 }, (_, i) => [i + 1, `order ${i + 1}`]);
const columns = [
  { name: 'id', type: { name: 'int' }, nullable: false },
  { name: 'label', type: { name: 'nvarchar', length: 40 }, nullable: false },
];

/** Streams a query and returns the rows received and how it ended. */
async function stream(
  pool: sql.ConnectionPool,
  text: string,
): Promise<{ rows: number; error?: sql.RequestError }> {
  const request = pool.request();
  request.stream = true;
  let rows = 0;
  return new Promise((resolve) => {
    let error: sql.RequestError | undefined;
    request.on('row', () => rows++);
    request.on('error', (e) => (error = e));
    request.on('done', () => resolve({ rows, error }));
    void request.query(text);
  });
}

describe('faults', () => {
  let em: RunningEmulator;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    const engine = fixtureEngine({
      batch: (q) =>
        q === 'SELECT orders'
          ? select(columns, ROWS, 'dbo.Orders')
          : q === 'SELECT other'
            ? select(columns, ROWS, 'dbo.Other')
            : q === 'SELECT few'
              ? select(columns, ROWS.slice(0, 20), 'dbo.Orders')
              : undefined,
    });
    em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
    pool = await new sql.ConnectionPool(em.config).connect();
  });
  beforeEach(() => em.faults.clear());
  afterAll(async () => {
    await pool?.close();
    await em?.close();
  });

  it('drops the connection after N rows of the named table, once', async () => {
    em.faults.set({ dropConnection: { table: 'dbo.Orders', afterRows: 300 } });
    const dropped = await stream(pool, 'SELECT orders');
    expect(dropped.error?.code).toMatch(/ECONNRESET|ECONNCLOSED|ESOCKET/);
    expect(dropped.rows).toBeLessThanOrEqual(300);
    const again = await stream(pool, 'SELECT orders');
    expect(again).toEqual({ rows: 1000, error: undefined });
  });

  it('leaves other tables alone', async () => {
    em.faults.set({ dropConnection: { table: 'Orders', afterRows: 1 } });
    expect(await stream(pool, 'SELECT other')).toEqual({ rows: 1000, error: undefined });
    expect(em.faults.current.dropConnection).toBeDefined();
  });

  it('raises an error after N rows (ERROR then DONE_ERROR), as many times as asked', async () => {
    em.faults.set({
      errorMidResult: {
        table: 'dbo.orders',
        afterRows: 250,
        times: 2,
        error: { number: 1205, message: 'Transaction was deadlocked.' },
      },
    });
    for (let i = 0; i < 2; i++) {
      const r = await stream(pool, 'SELECT orders');
      expect(r.rows).toBe(250);
      expect([r.error?.number, r.error?.message]).toEqual([1205, 'Transaction was deadlocked.']);
    }
    expect(await stream(pool, 'SELECT orders')).toEqual({ rows: 1000, error: undefined });
  });

  it('delays rows and requests without changing results', async () => {
    em.faults.set({ delay: { perRowMs: 1, perRequestMs: 5, table: 'dbo.Orders' } });
    const r = await pool.request().query('SELECT few');
    expect(r.recordset).toHaveLength(20);
    expect(r.recordset[19]).toEqual({ id: 20, label: 'order 20' });
  });
});

describe('Faults', () => {
  it('is configured at start and changed at runtime; a key set to undefined removes that fault', () => {
    const faults = new Faults({ refuseLogins: { times: 'all' } });
    expect(faults.takeLoginRefusal('sa')?.number).toBe(18456);
    expect(faults.takeLoginRefusal('sa')?.message).toBe("Login failed for user 'sa'.");
    faults.set({ refuseLogins: undefined, delay: { perRequestMs: 3 } });
    expect(faults.takeLoginRefusal('sa')).toBeNull();
    expect(faults.requestDelayMs()).toBe(3);
    expect(faults.forResult('dbo.x')).toBeNull();
  });
});
