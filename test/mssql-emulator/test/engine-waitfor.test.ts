// WAITFOR through the unmodified mssql client: DELAY really waits (the batch goes on afterwards),
// a malformed delay gives 148, in a function 443, WAITFOR TIME is refused naming itself.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const server = emulatorWithPool([], 'master');

it("WAITFOR DELAY '00:00:00.250' holds the batch at least that long, then runs the rest", async () => {
  const r = await server.pool.request().query(`
    DECLARE @before datetime2(3) = SYSDATETIME(), @d char(12) = '00:00:00.250';
    WAITFOR DELAY @d;
    SELECT CASE WHEN DATEDIFF(millisecond, @before, SYSDATETIME()) >= 250 THEN 'waited' ELSE 'too early' END AS r`);
  expect(r.recordset).toEqual([{ r: 'waited' }]);
});

it('a malformed delay gives 148; WAITFOR TIME is refused clearly', async () => {
  await expect(server.pool.request().query("WAITFOR DELAY '1 second'")).rejects.toMatchObject({
    number: 148,
    message: "Incorrect time syntax in time string '1 second' used with WAITFOR.",
  });
  await expect(server.pool.request().query("WAITFOR TIME '23:00'")).rejects.toMatchObject({
    number: 40517,
    message: expect.stringContaining('WAITFOR TIME'),
  });
});

it('a function may not WAITFOR: CREATE FUNCTION fails with 443', async () => {
  await expect(
    server.pool
      .request()
      .batch("CREATE FUNCTION dbo.Slow() RETURNS int AS BEGIN WAITFOR DELAY '00:00:01' RETURN 1 END"),
  ).rejects.toMatchObject({
    number: 443,
    message: "Invalid use of a side-effecting operator 'WAITFOR' within a function.",
  });
});
