import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { corpus } from './engine-helpers.js';

// The engine behind the real TDS server, queried with the unmodified mssql client.
describe('engine through the mssql client', () => {
  let em: RunningEmulator;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    em = await startEmulator({ scripts: [corpus('northwind-azure.sql')], database: 'Northwind' });
    pool = await new sql.ConnectionPool(em.config as sql.config).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await em?.close();
  });

  it('answers a catalog query and a parameterised range read', async () => {
    const cols = await pool.request().query(`
      SELECT c.name, t.name AS type_name, c.max_length FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id
      WHERE c.object_id = OBJECT_ID('dbo.Shippers') ORDER BY c.column_id`);
    expect(cols.recordset).toEqual([
      { name: 'ShipperID', type_name: 'int', max_length: 4 },
      { name: 'CompanyName', type_name: 'nvarchar', max_length: 80 },
      { name: 'Phone', type_name: 'nvarchar', max_length: 48 },
    ]);
    const r = await pool
      .request()
      .input('p0', sql.Int, 10250)
      .input('p1', sql.Int, 10252)
      .query(
        'SELECT OrderID, CONVERT(varchar(30), Freight, 2) AS Freight, CONVERT(varchar(40), OrderDate, 121) AS OrderDate FROM dbo.Orders WHERE OrderID >= @p0 AND OrderID < @p1 ORDER BY OrderID',
      );
    expect(r.recordset).toEqual([
      { OrderID: 10250, Freight: '65.8300', OrderDate: '1996-07-08 00:00:00.000' },
      { OrderID: 10251, Freight: '41.3400', OrderDate: '1996-07-08 00:00:00.000' },
    ]);
  });

  it('returns SQL Server errors to the client', async () => {
    await expect(pool.request().query('SELECT * FROM dbo.NoSuchTable')).rejects.toMatchObject({
      number: 208,
      message: "Invalid object name 'dbo.NoSuchTable'.",
    });
  });
});
