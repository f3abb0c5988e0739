// Window functions through the unmodified mssql client: ROW_NUMBER/RANK/DENSE_RANK/NTILE and
// aggregates OVER (PARTITION BY ... ORDER BY ...), as catalog queries of migration tools use them;
// LAG/LEAD/FIRST_VALUE/LAST_VALUE, explicit ROWS/RANGE frames; what is not implemented (PERCENT_RANK) is a
// clear error.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Sale (Id int NOT NULL PRIMARY KEY, Region varchar(5) NOT NULL, Amount int NULL)
INSERT INTO dbo.Sale VALUES (1, 'east', 30), (2, 'east', 10), (3, 'west', 50), (4, 'east', 30), (5, 'west', NULL), (6, 'north', 20)
CREATE INDEX IX_Sale_Region ON dbo.Sale (Region, Amount)
`;

const server = emulatorWithPool([script], 'win');

it('numbers, ranks and aggregates rows per partition', async () => {
  const r = await server.pool.request().query(`
    SELECT Id,
      ROW_NUMBER() OVER (PARTITION BY Region ORDER BY Amount DESC, Id) AS rn,
      RANK() OVER (PARTITION BY Region ORDER BY Amount DESC) AS rnk,
      DENSE_RANK() OVER (ORDER BY Amount) AS dense,
      NTILE(4) OVER (ORDER BY Id) AS quartile,
      COUNT(*) OVER (PARTITION BY Region) AS in_region,
      SUM(Amount) OVER (PARTITION BY Region ORDER BY Id) AS running
    FROM dbo.Sale ORDER BY Id`);
  // bigint results (the ranking functions) come back as strings from mssql.
  expect(r.recordset).toEqual([
    { Id: 1, rn: '1', rnk: '1', dense: '4', quartile: '1', in_region: 3, running: 30 },
    { Id: 2, rn: '3', rnk: '3', dense: '2', quartile: '1', in_region: 3, running: 40 },
    { Id: 3, rn: '1', rnk: '1', dense: '5', quartile: '2', in_region: 2, running: 50 },
    { Id: 4, rn: '2', rnk: '1', dense: '4', quartile: '2', in_region: 3, running: 70 },
    { Id: 5, rn: '2', rnk: '2', dense: '1', quartile: '3', in_region: 2, running: 50 },
    { Id: 6, rn: '1', rnk: '1', dense: '3', quartile: '4', in_region: 1, running: 20 },
  ]);
});

it('reads neighbouring rows with LAG/LEAD and the ends of the default frame with FIRST_VALUE/LAST_VALUE', async () => {
  const r = await server.pool.request().query(`
    SELECT Id,
      LAG(Amount) OVER (PARTITION BY Region ORDER BY Id) AS prev,
      LEAD(Amount, 1, -1) OVER (PARTITION BY Region ORDER BY Id) AS next,
      FIRST_VALUE(Id) OVER (PARTITION BY Region ORDER BY Amount) AS smallest,
      LAST_VALUE(Amount) OVER (PARTITION BY Region ORDER BY Id) AS last_so_far
    FROM dbo.Sale ORDER BY Id`);
  // LAST_VALUE with the default frame (up to the current row) is the current row's value, not the partition's last.
  expect(r.recordset).toEqual([
    { Id: 1, prev: null, next: 10, smallest: 2, last_so_far: 30 },
    { Id: 2, prev: 30, next: 30, smallest: 2, last_so_far: 10 },
    { Id: 3, prev: null, next: null, smallest: 5, last_so_far: 50 },
    { Id: 4, prev: 10, next: -1, smallest: 2, last_so_far: 30 },
    { Id: 5, prev: 50, next: -1, smallest: 5, last_so_far: null },
    { Id: 6, prev: null, next: -1, smallest: 6, last_so_far: 20 },
  ]);
});

it('picks the first row per group, as catalog queries do (index columns in key order)', async () => {
  const r = await server.pool.request().query(`
    SELECT t.name AS table_name, c.name AS first_key_column
    FROM (
      SELECT ic.object_id, ic.column_id,
             ROW_NUMBER() OVER (PARTITION BY ic.object_id, ic.index_id ORDER BY ic.key_ordinal) AS n
      FROM sys.index_columns ic JOIN sys.indexes i ON i.object_id = ic.object_id AND i.index_id = ic.index_id
      WHERE i.name = 'IX_Sale_Region'
    ) k
    JOIN sys.tables t ON t.object_id = k.object_id
    JOIN sys.columns c ON c.object_id = k.object_id AND c.column_id = k.column_id
    WHERE k.n = 1`);
  expect(r.recordset).toEqual([{ table_name: 'Sale', first_key_column: 'Region' }]);
});

it('refuses window functions outside SELECT/ORDER BY and those it does not implement, by name', async () => {
  await expect(
    server.pool.request().query('SELECT Id FROM dbo.Sale WHERE ROW_NUMBER() OVER (ORDER BY Id) = 1'),
  ).rejects.toMatchObject({
    number: 4108,
    message: 'Windowed functions can only appear in the SELECT or ORDER BY clauses.',
  });
  await expect(
    server.pool.request().query('SELECT ROW_NUMBER() OVER (PARTITION BY Region) FROM dbo.Sale'),
  ).rejects.toMatchObject({
    number: 4112,
    message: "The function 'ROW_NUMBER' must have an OVER clause with ORDER BY.",
  });
  await expect(
    server.pool.request().query('SELECT PERCENT_RANK() OVER (ORDER BY Id) FROM dbo.Sale'),
  ).rejects.toMatchObject({
    number: 40517,
    message: expect.stringContaining(
      'The window function PERCENT_RANK is not supported by the SQL Server emulator',
    ),
  });
});

it('computes aggregates and FIRST/LAST_VALUE over explicit ROWS and RANGE frames', async () => {
  const r = await server.pool.request().query(`
    SELECT Id,
      SUM(Amount) OVER (ORDER BY Id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving,
      COUNT(Amount) OVER (ORDER BY Id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS around,
      SUM(Amount) OVER (ORDER BY Id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total,
      SUM(Amount) OVER (ORDER BY Id ROWS 2 PRECEDING) AS last3,
      LAST_VALUE(Id) OVER (PARTITION BY Region ORDER BY Id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS last_in_region,
      SUM(Amount) OVER (ORDER BY Amount RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS from_here
    FROM dbo.Sale ORDER BY Id`);
  // Amounts in Id order: 30, 10, 50, 30, NULL, 20 (regions east, east, west, east, west, north).
  expect(r.recordset).toEqual([
    { Id: 1, moving: 30, around: 2, total: 140, last3: 30, last_in_region: 4, from_here: 110 },
    { Id: 2, moving: 40, around: 3, total: 140, last3: 40, last_in_region: 4, from_here: 140 },
    { Id: 3, moving: 60, around: 3, total: 140, last3: 90, last_in_region: 5, from_here: 50 },
    { Id: 4, moving: 80, around: 2, total: 140, last3: 90, last_in_region: 4, from_here: 110 },
    { Id: 5, moving: 30, around: 2, total: 140, last3: 80, last_in_region: 5, from_here: 140 },
    { Id: 6, moving: 20, around: 1, total: 140, last3: 50, last_in_region: 6, from_here: 130 },
  ]);
  const refused: [string, number][] = [
    ['SELECT SUM(Amount) OVER (ORDER BY Amount RANGE 1 PRECEDING) FROM dbo.Sale', 4194],
    ['SELECT ROW_NUMBER() OVER (ORDER BY Id ROWS UNBOUNDED PRECEDING) FROM dbo.Sale', 10752],
    ['SELECT SUM(Amount) OVER (ROWS UNBOUNDED PRECEDING) FROM dbo.Sale', 10756],
  ];
  for (const [sql, number] of refused)
    await expect(server.pool.request().query(sql), sql).rejects.toMatchObject({ number });
});
