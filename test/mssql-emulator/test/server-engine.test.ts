// The emulator as Ferry's tests use it: startEmulator() with the T-SQL engine behind the TDS layer,
// queried through mssql (scripts, parameters, generated tables, catalog views).

import sql from 'mssql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mixedTable, startEmulator, type RunningEmulator } from '../src/index.js';

const script = `
CREATE TABLE dbo.Items (
  ItemID int IDENTITY(1,1) PRIMARY KEY,
  Name nvarchar(40) NOT NULL,
  Price decimal(38,4) NULL,
  Added datetimeoffset(7) NULL
)
GO
INSERT INTO dbo.Items (Name, Price, Added) VALUES (N'Käse 😀', 12345678901234567890123456789012.3456, '2024-02-29 23:59:59.1234567 +05:30')
INSERT INTO dbo.Items (Name, Price, Added) VALUES (N'Brot', NULL, NULL)
GO
`;

let em: RunningEmulator;
let pool: sql.ConnectionPool;
beforeAll(async () => {
  em = await startEmulator({ scripts: [script], tables: [mixedTable(1_000_000)], database: 'shop' });
  pool = await new sql.ConnectionPool(em.config).connect();
});
afterAll(async () => {
  await pool?.close();
  await em?.close();
});

it('serves rows of script-created tables, exact values as text', async () => {
  const r = await pool
    .request()
    .query(
      'SELECT ItemID, Name, CONVERT(varchar(60), Price) AS Price, CONVERT(varchar(40), Added, 121) AS Added FROM dbo.Items ORDER BY ItemID',
    );
  expect(r.recordset).toEqual([
    {
      ItemID: 1,
      Name: 'Käse 😀',
      Price: '12345678901234567890123456789012.3456',
      Added: '2024-02-29 23:59:59.1234567 +05:30',
    },
    { ItemID: 2, Name: 'Brot', Price: null, Added: null },
  ]);
});

it('answers parameterised key-range reads on a generated table', async () => {
  const r = await pool
    .request()
    .input('lo', sql.BigInt, 999_998)
    .input('hi', sql.BigInt, 1_000_001)
    .query('SELECT id, flag FROM gen.mixed WHERE id >= @lo AND id < @hi ORDER BY id');
  expect(r.recordset).toEqual([
    { id: '999998', flag: false },
    { id: '999999', flag: true },
    { id: '1000000', flag: false },
  ]);
});

it('answers key-range reads whose bounds are cast parameters, and non-integer bounds', async () => {
  const cast = await pool
    .request()
    .input('lo', sql.BigInt, 41)
    .input('hi', sql.BigInt, 43)
    .query('SELECT id FROM gen.mixed WHERE id > CAST(@lo AS bigint) AND id <= CAST(@hi AS bigint)');
  expect(cast.recordset.map((r) => r.id)).toEqual(['42', '43']);
  const fractional = await pool
    .request()
    .input('lo', sql.Float, 41.5)
    .input('hi', sql.Decimal(10, 1), 43.5)
    .query('SELECT id FROM gen.mixed WHERE id >= @lo AND id < @hi AND flag = 1');
  const flags = await pool.request().query('SELECT id FROM gen.mixed WHERE id IN (42, 43) AND flag = 1');
  expect(fractional.recordset).toEqual(flags.recordset);
});

it('answers catalog views', async () => {
  const r = await pool
    .request()
    .query(
      "SELECT t.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = 'dbo' ORDER BY t.name",
    );
  expect(r.recordset.map((x) => x.name)).toContain('Items');
});

it('applies table faults to result sets of the engine', async () => {
  em.faults.set({ errorMidResult: { table: 'gen.mixed', afterRows: 5 } });
  const err = await pool
    .request()
    .query('SELECT id FROM gen.mixed WHERE id < 100')
    .catch((e) => e);
  expect(err.message).toBe('Injected fault after 5 rows of gen.mixed.');
  expect((await pool.request().query('SELECT id FROM gen.mixed WHERE id < 100')).recordset).toHaveLength(99);
});
