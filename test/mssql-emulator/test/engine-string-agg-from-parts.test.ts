// STRING_AGG (WITHIN GROUP ordering, NULLs skipped, result types, 9829), the *FROMPARTS date
// constructors (DATEFROMPARTS ... DATETIMEOFFSETFROMPARTS, 289 for invalid parts) and the ISO_WEEK
// datepart, through mssql.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Tag (Id int NOT NULL PRIMARY KEY, Post int NOT NULL, Name nvarchar(20) NULL, Code varchar(5) NULL)
INSERT dbo.Tag VALUES (1, 1, N'sql', 'b'), (2, 1, N'ferry', 'a'), (3, 1, NULL, 'c'), (4, 2, N'pg', NULL), (5, 3, NULL, NULL)
`;

const server = emulatorWithPool([script], 'agg');

it('joins values per group with STRING_AGG, ordered WITHIN GROUP, NULLs skipped', async () => {
  const r = await server.pool.request().query(`
    SELECT Post, STRING_AGG(Name, N', ') WITHIN GROUP (ORDER BY Name) AS names,
      STRING_AGG(Code, '|') WITHIN GROUP (ORDER BY Id DESC) AS codes, STRING_AGG(Id, ';') AS ids
    FROM dbo.Tag GROUP BY Post ORDER BY Post`);
  expect(r.recordset).toEqual([
    { Post: 1, names: 'ferry, sql', codes: 'c|a|b', ids: '1;2;3' },
    { Post: 2, names: 'pg', codes: null, ids: '4' },
    { Post: 3, names: null, codes: null, ids: '5' },
  ]);
  const t = await server.pool.request().query(`
    SELECT STRING_AGG(Name, ',') AS n, STRING_AGG(Code, ',') AS c, STRING_AGG(CAST(Name AS nvarchar(max)), ',') AS m FROM dbo.Tag`);
  const cols = t.recordset.columns as unknown as Record<
    string,
    { type: { declaration: string }; length: number }
  >;
  expect([cols.n.type.declaration, cols.n.length]).toEqual(['nvarchar', 8000]); // in bytes: nvarchar(4000)
  expect([cols.c.type.declaration, cols.c.length]).toEqual(['varchar', 8000]);
  expect(cols.m.length).toBeGreaterThan(8000);
});

it('refuses a STRING_AGG result over 8000 bytes unless the input is max (9829)', async () => {
  await expect(
    server.pool.request().query("SELECT STRING_AGG(REPLICATE(N'x', 3000), ',') FROM dbo.Tag"),
  ).rejects.toMatchObject({ number: 9829 });
  const r = await server.pool
    .request()
    .query("SELECT LEN(STRING_AGG(CAST(REPLICATE(N'x', 3000) AS nvarchar(max)), ',')) AS n FROM dbo.Tag");
  expect(r.recordset).toEqual([{ n: 5 * 3000 + 4 }]);
});

it('builds dates and times from parts', async () => {
  const r = await server.pool.request().query(`
    SELECT CONVERT(varchar(30), DATEFROMPARTS(2024, 2, 29), 121) AS d,
      CONVERT(varchar(30), DATETIMEFROMPARTS(2024, 12, 31, 23, 59, 59, 998), 121) AS dt,
      CONVERT(varchar(30), DATETIME2FROMPARTS(2024, 1, 2, 3, 4, 5, 25, 3), 121) AS dt2,
      CONVERT(varchar(30), SMALLDATETIMEFROMPARTS(2024, 1, 2, 3, 4), 120) AS sdt,
      CAST(TIMEFROMPARTS(13, 14, 15, 5, 1) AS varchar(30)) AS t,
      CONVERT(varchar(40), DATETIMEOFFSETFROMPARTS(2024, 1, 2, 3, 4, 5, 7, -5, -30, 2), 121) AS dto,
      DATEFROMPARTS(2024, NULL, 1) AS n`);
  // datetime keeps 1/300 s: .998 is stored as .997.
  expect(r.recordset).toEqual([
    {
      d: '2024-02-29',
      dt: '2024-12-31 23:59:59.997',
      dt2: '2024-01-02 03:04:05.025',
      sdt: '2024-01-02 03:04:00',
      t: '13:14:15.5',
      dto: '2024-01-02 03:04:05.07 -05:30',
      n: null,
    },
  ]);
  for (const sql of [
    'SELECT DATEFROMPARTS(2023, 2, 29)',
    'SELECT DATETIMEFROMPARTS(2024, 1, 1, 24, 0, 0, 0)',
    'SELECT DATETIME2FROMPARTS(2024, 1, 1, 0, 0, 0, 1000, 3)',
  ])
    await expect(server.pool.request().query(sql), sql).rejects.toMatchObject({ number: 289 });
});

it('numbers ISO 8601 weeks with DATEPART(ISO_WEEK) and refuses them in DATEADD (9810)', async () => {
  const r = await server.pool.request().query(`
    SELECT DATEPART(ISO_WEEK, '2008-12-29') AS a, DATEPART(iso_week, '2010-01-03') AS b,
      DATEPART(isowk, '2021-01-01') AS c, DATEPART(isoww, '2024-06-15') AS d, DATENAME(ISO_WEEK, '2026-01-01') AS e`);
  // 2008-12-29 is the Monday of 2009's week 1; 2010-01-03 and 2021-01-01 still belong to the
  // previous year's week 53; 2024-06-15 is in the week of June 10-16 (24); 2026-01-01 is a Thursday.
  expect(r.recordset).toEqual([{ a: 1, b: 53, c: 53, d: 24, e: '1' }]);
  await expect(
    server.pool.request().query("SELECT DATEADD(ISO_WEEK, 1, '2020-01-01')"),
  ).rejects.toMatchObject({
    number: 9810,
  });
});
