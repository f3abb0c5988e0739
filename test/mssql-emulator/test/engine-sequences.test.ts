// Sequences through the unmodified mssql client: CREATE/ALTER/DROP SEQUENCE with their options,
// NEXT VALUE FOR in queries, variables and DEFAULT constraints (as WideWorldImportersDW's dimension
// keys use it), cycling and exhaustion (11728), the option checks, and sys.sequences.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE SCHEMA Sequences
GO
CREATE SEQUENCE [Sequences].[CityKey] AS INT START WITH 1 INCREMENT BY 1;
GO
CREATE TABLE dbo.City (
  [City Key] INT CONSTRAINT [DF_City_City_Key] DEFAULT (NEXT VALUE FOR [Sequences].[CityKey]) NOT NULL,
  [City] NVARCHAR (50) NOT NULL,
  CONSTRAINT [PK_City] PRIMARY KEY CLUSTERED ([City Key] ASC)
)
`;

const server = emulatorWithPool([script], 'seq');

it('fills a DEFAULT (NEXT VALUE FOR seq) column row by row and shows the default as SQL Server stores it', async () => {
  const r = await server.pool.request().query(`
    INSERT dbo.City (City) VALUES (N'Oslo'), (N'Bergen')
    INSERT dbo.City (City) SELECT N'Tromsø'
    INSERT dbo.City ([City Key], City) VALUES (100, N'Explicit')
    SELECT [City Key] AS k, City FROM dbo.City ORDER BY k
    SELECT definition FROM sys.default_constraints WHERE name = 'DF_City_City_Key'`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([
    { k: 1, City: 'Oslo' },
    { k: 2, City: 'Bergen' },
    { k: 3, City: 'Tromsø' },
    { k: 100, City: 'Explicit' },
  ]);
  expect(sets[1]).toEqual([{ definition: '(NEXT VALUE FOR [Sequences].[CityKey])' }]);
});

it('hands out values in SELECT and SET, typed as the sequence, and shows them in sys.sequences', async () => {
  const r = await server.pool.request().query(`
    CREATE SEQUENCE dbo.Tickets AS bigint START WITH 1000 INCREMENT BY 10 MINVALUE 1 MAXVALUE 100000 CACHE 50
    DECLARE @a bigint = NEXT VALUE FOR dbo.Tickets
    SELECT @a AS a, NEXT VALUE FOR dbo.Tickets AS b
    SELECT CAST(start_value AS bigint) AS start_value, CAST(increment AS bigint) AS increment,
      CAST(minimum_value AS bigint) AS minimum_value, CAST(maximum_value AS bigint) AS maximum_value,
      CAST(current_value AS bigint) AS current_value, CAST(last_used_value AS bigint) AS last_used_value,
      is_cycling, is_cached, cache_size, TYPE_NAME(system_type_id) AS type, precision, is_exhausted
    FROM sys.sequences WHERE name = 'Tickets'`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  // bigint comes back from mssql as a string.
  expect(sets[0]).toEqual([{ a: '1000', b: '1010' }]);
  expect(sets[1]).toEqual([
    {
      start_value: '1000',
      increment: '10',
      minimum_value: '1',
      maximum_value: '100000',
      current_value: '1010',
      last_used_value: '1010',
      is_cycling: false,
      is_cached: true,
      cache_size: 50,
      type: 'bigint',
      precision: 19,
      is_exhausted: false,
    },
  ]);
});

it('shows a new sequence at its start value with no last used value, and NO CACHE as not cached', async () => {
  const r = await server.pool.request().query(`
    CREATE SEQUENCE dbo.Fresh AS smallint START WITH -5 INCREMENT BY -5 NO CACHE
    SELECT CAST(current_value AS int) AS current_value, last_used_value, is_cached, cache_size,
      CAST(maximum_value AS int) AS maximum_value, CAST(minimum_value AS int) AS minimum_value
    FROM sys.sequences WHERE name = 'Fresh'`);
  expect(r.recordset).toEqual([
    {
      current_value: -5,
      last_used_value: null,
      is_cached: false,
      cache_size: null,
      maximum_value: 32767,
      minimum_value: -32768,
    },
  ]);
});

it('cycles from the maximum back to the minimum, and raises 11728 at the end without CYCLE', async () => {
  const r = await server.pool.request().query(`
    CREATE SEQUENCE dbo.Ring AS tinyint START WITH 254 CYCLE
    SELECT NEXT VALUE FOR dbo.Ring AS v UNION ALL SELECT NEXT VALUE FOR dbo.Ring UNION ALL SELECT NEXT VALUE FOR dbo.Ring
    CREATE SEQUENCE dbo.Down AS int START WITH 3 INCREMENT BY -1 MINVALUE 2 MAXVALUE 3
    SELECT NEXT VALUE FOR dbo.Down AS v
    SELECT NEXT VALUE FOR dbo.Down AS v`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0].map((x) => x.v)).toEqual([254, 255, 0]);
  expect([sets[1][0].v, sets[2][0].v]).toEqual([3, 2]);
  await expect(server.pool.request().query('SELECT NEXT VALUE FOR dbo.Down')).rejects.toMatchObject({
    number: 11728,
    message:
      "The sequence object 'Down' has reached its minimum or maximum value. Restart the sequence object to allow new values to be generated.",
  });
  const ex = await server.pool.request().query("SELECT is_exhausted FROM sys.sequences WHERE name = 'Down'");
  expect(ex.recordset).toEqual([{ is_exhausted: true }]);
});

it('restarts and alters a sequence with ALTER SEQUENCE', async () => {
  const r = await server.pool.request().query(`
    CREATE SEQUENCE dbo.Alt AS int START WITH 10
    SELECT NEXT VALUE FOR dbo.Alt AS v
    ALTER SEQUENCE dbo.Alt RESTART WITH 50 INCREMENT BY 5
    SELECT CAST(current_value AS int) AS current_value, last_used_value, CAST(increment AS int) AS increment
    FROM sys.sequences WHERE name = 'Alt'
    SELECT NEXT VALUE FOR dbo.Alt AS v UNION ALL SELECT NEXT VALUE FOR dbo.Alt
    ALTER SEQUENCE dbo.Alt RESTART
    SELECT NEXT VALUE FOR dbo.Alt AS v`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([{ v: 10 }]);
  expect(sets[1]).toEqual([{ current_value: 50, last_used_value: null, increment: 5 }]);
  expect(sets[2].map((x) => x.v)).toEqual([50, 55]);
  // RESTART without WITH goes back to the start value of CREATE SEQUENCE.
  expect(sets[3]).toEqual([{ v: 10 }]);
});

it('runs the ALTER SEQUENCE RESTART WITH that WideWorldImporters builds in dynamic SQL', async () => {
  const r = await server.pool.request().query(`
    DECLARE @SQL nvarchar(max) = N'ALTER SEQUENCE Sequences.' + QUOTENAME(N'CityKey') + N' RESTART WITH ' + CAST(200 AS nvarchar(20)) + N';'
    EXECUTE (@SQL)
    INSERT dbo.City (City) VALUES (N'After reseed')
    SELECT [City Key] AS k FROM dbo.City WHERE City = N'After reseed'`);
  expect(r.recordset).toEqual([{ k: 200 }]);
});

it('refuses invalid options with SQL Server errors', async () => {
  const cases: [string, number][] = [
    ['CREATE SEQUENCE dbo.Bad1 AS varchar(10)', 11702],
    ['CREATE SEQUENCE dbo.Bad2 INCREMENT BY 0', 11700],
    ['CREATE SEQUENCE dbo.Bad3 MINVALUE 10 MAXVALUE 5', 11705],
    ['CREATE SEQUENCE dbo.Bad4 START WITH 20 MINVALUE 1 MAXVALUE 10', 11703],
    ['CREATE SEQUENCE dbo.Bad5 INCREMENT BY 100 MINVALUE 1 MAXVALUE 10', 11701],
    ['CREATE SEQUENCE dbo.Bad6 AS tinyint START WITH 300', 11708],
    ['CREATE SEQUENCE dbo.Bad7 CACHE 0', 11706],
    ['CREATE SEQUENCE dbo.Bad8 RESTART WITH 1', 11709],
    ['ALTER SEQUENCE Sequences.CityKey START WITH 1', 11710],
    ['SELECT NEXT VALUE FOR dbo.NoSuchSequence', 208],
    ['SELECT NEXT VALUE FOR dbo.City', 11726],
    ['CREATE TABLE dbo.Bad9 (a int CHECK (a < NEXT VALUE FOR Sequences.CityKey))', 11719],
    ['CREATE TABLE dbo.Bad10 (a int, b AS a + NEXT VALUE FOR Sequences.CityKey)', 11719],
  ];
  for (const [sql, number] of cases)
    await expect(server.pool.request().query(sql), sql).rejects.toMatchObject({ number });
});

it('drops a sequence, after which NEXT VALUE FOR and the default find it no more', async () => {
  await server.pool.request().query('CREATE SEQUENCE dbo.Gone; DROP SEQUENCE dbo.Gone');
  await expect(server.pool.request().query('SELECT NEXT VALUE FOR dbo.Gone')).rejects.toMatchObject({
    number: 208,
  });
});

it('gives every NEXT VALUE FOR the same sequence in one row the same value, and the next row the next one', async () => {
  const r = await server.pool.request().query(`
    CREATE SEQUENCE dbo.PerRow AS int START WITH 1
    CREATE TABLE dbo.Pairs (a int, b int, c int)
    INSERT dbo.Pairs VALUES (NEXT VALUE FOR dbo.PerRow, NEXT VALUE FOR dbo.PerRow, 0),
      (NEXT VALUE FOR dbo.PerRow, NEXT VALUE FOR dbo.PerRow, 1)
    SELECT NEXT VALUE FOR dbo.PerRow AS x, NEXT VALUE FOR dbo.PerRow AS y
    SELECT a, b, NEXT VALUE FOR dbo.PerRow AS n, NEXT VALUE FOR dbo.PerRow AS m FROM dbo.Pairs ORDER BY c`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([{ x: 3, y: 3 }]);
  expect(sets[1]).toEqual([
    { a: 1, b: 1, n: 4, m: 4 },
    { a: 2, b: 2, n: 5, m: 5 },
  ]);
});
