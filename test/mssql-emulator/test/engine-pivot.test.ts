// PIVOT / UNPIVOT through the unmodified mssql client: grouping by the unnamed source columns, one
// aggregated column per IN value (NULL or 0 when no row), UNPIVOT dropping NULLs, and misuse errors.

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Sales (Region varchar(10) NOT NULL, Yr int NOT NULL, Amount decimal(10,2) NULL)
INSERT INTO dbo.Sales VALUES ('north', 2023, 10.50), ('north', 2023, 4.25), ('north', 2024, 7.00), ('south', 2024, 3.00), ('south', 2025, NULL)
CREATE TABLE dbo.Phones (Id int NOT NULL, Home varchar(20) NULL, Mobile varchar(20) NULL, Fax varchar(10) NULL)
INSERT INTO dbo.Phones VALUES (1, '111', '222', NULL), (2, NULL, '333', '44')
`;
const server = emulatorWithPool([script], 'pivot');
const names = (rs: sql.IRecordSet<unknown>) =>
  Object.values(rs.columns)
    .sort((a, b) => a.index - b.index)
    .map((c) => c.name);

it('PIVOT sums per IN value, grouped by the other source columns; values without rows are NULL', async () => {
  const r = await server.pool.request().query(`
    SELECT Region, [2023], [2024], [2025] FROM (SELECT Region, Yr, Amount FROM dbo.Sales) AS s
    PIVOT (SUM(Amount) FOR Yr IN ([2023], [2024], [2025])) AS p ORDER BY Region`);
  expect(r.recordset).toEqual([
    { Region: 'north', 2023: 14.75, 2024: 7, 2025: null },
    { Region: 'south', 2023: null, 2024: 3, 2025: null },
  ]);
  const cols = r.recordset.columns;
  expect(cols['2023'].type).toBe(sql.Decimal);
  expect([cols['2023'].precision, cols['2023'].scale]).toEqual([38, 2]);
});

it('PIVOT with COUNT gives 0 for values without rows, and SELECT * lists group columns then the IN values', async () => {
  const r = await server.pool.request().query(`
    SELECT * FROM (SELECT Region, Yr, Amount FROM dbo.Sales) s PIVOT (COUNT(Amount) FOR Yr IN ([2024], [2025])) p ORDER BY p.Region`);
  expect(names(r.recordset)).toEqual(['Region', '2024', '2025']);
  expect(r.recordset).toEqual([
    { Region: 'north', 2024: 1, 2025: 0 },
    { Region: 'south', 2024: 1, 2025: 0 },
  ]);
});

it('PIVOT straight on a table groups by every column it does not name', async () => {
  const r = await server.pool
    .request()
    .query(`SELECT * FROM dbo.Sales PIVOT (MAX(Amount) FOR Region IN (north, south)) AS p ORDER BY Yr`);
  expect(r.recordset).toEqual([
    { Yr: 2023, north: 10.5, south: null },
    { Yr: 2024, north: 7, south: 3 },
    { Yr: 2025, north: null, south: null },
  ]);
});

it('UNPIVOT turns columns into (value, name) rows and drops NULL values', async () => {
  const r = await server.pool.request().query(`
    SELECT u.Id, u.Number, u.Kind FROM (SELECT Id, Home, Mobile FROM dbo.Phones) p UNPIVOT (Number FOR Kind IN (Home, Mobile)) AS u ORDER BY Id, Kind`);
  expect(r.recordset.columns.Kind.type).toBe(sql.NVarChar);
  expect(r.recordset.columns.Kind.length).toBe(256); // nvarchar(128): mssql reports bytes
  expect(r.recordset).toEqual([
    { Id: 1, Number: '111', Kind: 'Home' },
    { Id: 1, Number: '222', Kind: 'Mobile' },
    { Id: 2, Number: '333', Kind: 'Mobile' },
  ]);
});

it('raises 8167 when UNPIVOT columns differ in type or length, 8144 for COUNT(*), 265 for an IN value named like a column, 207 for an unknown column', async () => {
  await expect(
    server.pool.request().query('SELECT * FROM dbo.Phones UNPIVOT (n FOR k IN (Home, Fax)) u'),
  ).rejects.toMatchObject({
    number: 8167,
    message:
      'The type of column "Fax" conflicts with the type of other columns specified in the UNPIVOT list.',
  });
  await expect(
    server.pool.request().query('SELECT * FROM dbo.Sales PIVOT (COUNT(*) FOR Yr IN ([2024])) p'),
  ).rejects.toMatchObject({ number: 8144 });
  await expect(
    server.pool.request().query('SELECT * FROM dbo.Sales PIVOT (SUM(Amount) FOR Yr IN (Region)) p'),
  ).rejects.toMatchObject({
    number: 265,
    message:
      'The column name "Region" specified in the PIVOT operator conflicts with the existing column name in the PIVOT argument.',
  });
  await expect(
    server.pool.request().query('SELECT * FROM dbo.Sales PIVOT (SUM(Nope) FOR Yr IN ([2024])) p'),
  ).rejects.toMatchObject({
    number: 207,
    message: "Invalid column name 'Nope'.",
  });
});
