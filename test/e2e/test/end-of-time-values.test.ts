// The end of time, datetime2(7)'s maximum 9999-12-31 23:59:59.9999999 (the period end of a temporal
// table's current rows) and the same instant as a datetimeoffset(7), loads as the last microsecond
// of that day under every error policy, on the fast path and on the value path, and validates equal.
// Any other value with a 100 ns digit is still a SUB_MICROSECOND problem.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfTime, plan, run } from '@ferry/core';
import { openFaultMigration, startWorld, type FaultWorld } from '../src/fault-fixtures.js';

const script = `
CREATE TABLE dbo.Periods (id int NOT NULL PRIMARY KEY, ends datetime2(7) NULL, ends_at datetimeoffset(7) NULL);
INSERT INTO dbo.Periods VALUES (1, '9999-12-31 23:59:59.9999999', '9999-12-31 23:59:59.9999999 +00:00');
INSERT INTO dbo.Periods VALUES (2, '9999-12-31 23:59:59.9999999', '9999-12-31 18:59:59.9999999 -05:00');
INSERT INTO dbo.Periods VALUES (3, '2024-01-02 03:04:05.1234560', '2024-01-02 03:04:05.1234560 +00:00');
CREATE TABLE dbo.Odd (id int NOT NULL PRIMARY KEY, ends datetime2(7) NULL, ends_at datetimeoffset(7) NULL);
INSERT INTO dbo.Odd VALUES (1, '9999-12-31 23:59:59.9999999', '9999-12-31 23:59:59.9999999 +00:00');
INSERT INTO dbo.Odd VALUES (2, '9999-12-31 23:59:59.9999998', NULL);
INSERT INTO dbo.Odd VALUES (3, NULL, '9999-12-31 23:59:59.9999999 +01:00');
`;

const utcEnd = `${endOfTime}+00`;

describe.each([true, false])('the end of time (fastPath %s)', (fastPath) => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld([], [script]);
    await world.client.query(`SET TIME ZONE 'UTC'`);
  });
  afterAll(() => world?.close());

  async function load(onError: 'fail' | 'reject' | 'fix') {
    await world.client.query('DROP SCHEMA IF EXISTS dbo CASCADE; DROP SCHEMA IF EXISTS ferry CASCADE');
    const { migration } = await openFaultMigration(world, {
      load: { fastPath, onError },
      validate: { checksums: true },
    });
    try {
      const { readPaths } = (await plan(migration)).plan;
      expect(readPaths['dbo.periods'].kind).toBe(fastPath ? 'fast' : 'value');
      return await run(migration);
    } finally {
      await migration.close();
    }
  }
  const rows = async (table: string) =>
    (await world.client.query(`SELECT id, ends::text, ends_at::text FROM dbo.${table} ORDER BY id`)).rows.map(
      (r) => [r.id, r.ends, r.ends_at],
    );

  it('fail: stops on the other 100 ns value only, naming table, column and key', async () => {
    const result = await load('fail');
    const message = String((result.error as Error | undefined)?.message);
    expect(message).toContain('dbo.odd.ends, row 2 (key id=2): fractional seconds beyond microseconds');
    expect(message).toContain('"9999-12-31 23:59:59.9999998"');
  });

  it('reject: loads the end of time, rejects the other values, validates equal', async () => {
    const result = await load('reject');
    expect(result.error).toBeUndefined();
    expect(await rows('periods')).toEqual([
      [1, endOfTime, utcEnd],
      [2, endOfTime, utcEnd],
      [3, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+00'],
    ]);
    expect(await rows('odd')).toEqual([[1, endOfTime, utcEnd]]);
    const rejected = await world.client.query(
      `SELECT key_values, column_name, code FROM ferry.rejected_rows ORDER BY row_number`,
    );
    expect(rejected.rows.map((r) => [JSON.parse(r.key_values).id, r.column_name, r.code])).toEqual([
      [2, 'ends', 'SUB_MICROSECOND'],
      [3, 'ends_at', 'SUB_MICROSECOND'],
    ]);
    const periods = result.validations.find((v) => v.table === 'dbo.periods');
    expect(periods).toMatchObject({ method: 'checksum', match: true });
  });

  it('fix: loads the end of time unchanged and counts only the other values as fixed', async () => {
    const result = await load('fix');
    expect(result.error).toBeUndefined();
    expect(await rows('odd')).toEqual([
      [1, endOfTime, utcEnd],
      [2, '9999-12-31 23:59:59.999999', null],
      [3, null, '9999-12-31 22:59:59.999999+00'],
    ]);
    const byTable = Object.fromEntries(result.validations.map((v) => [v.table, v]));
    expect(byTable['dbo.periods']).toMatchObject({ method: 'checksum', match: true });
    expect(byTable['dbo.periods'].fixedValues).toBeUndefined();
    expect(byTable['dbo.odd']).toMatchObject({ method: 'checksum', match: true });
    expect(byTable['dbo.odd'].fixedValues).toEqual({ SUB_MICROSECOND: 2 });
  });
});
