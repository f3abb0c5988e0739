// SQL graph tables are not emulated: CREATE TABLE ... AS NODE / AS EDGE is refused with 40517 naming
// the construct (never created as an ordinary table), through the unmodified mssql client.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const server = emulatorWithPool([], 'graph');

it('refuses node and edge tables with 40517 and creates nothing', async () => {
  for (const [sql, kind] of [
    ['CREATE TABLE dbo.Person (ID int PRIMARY KEY, name varchar(100)) AS NODE', 'NODE'],
    ['CREATE TABLE dbo.likes AS EDGE', 'EDGE'],
  ])
    await expect(server.pool.request().query(sql), sql).rejects.toMatchObject({
      number: 40517,
      message: `Graph tables (CREATE TABLE ... AS ${kind}) are not supported by the SQL Server emulator.`,
    });
  const r = await server.pool
    .request()
    .query("SELECT COUNT(*) AS n FROM sys.tables WHERE name IN ('Person', 'likes')");
  expect(r.recordset).toEqual([{ n: 0 }]);
});
