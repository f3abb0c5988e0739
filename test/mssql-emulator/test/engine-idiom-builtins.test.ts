// Built-ins line-of-business T-SQL uses, as SQL Server documents them, through mssql: PATINDEX,
// NEWSEQUENTIALID() as a column default (302 elsewhere), numbers as dates in DATEDIFF/DATEADD
// (0 is 1900-01-01), TOP (n) WITH TIES, INSERT/UPDATE/DELETE TOP (n), STRING_SPLIT in FROM with
// enable_ordinal, PARSE/TRY_PARSE with cultures, and ISDATE.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Doc (Id int NOT NULL PRIMARY KEY, Code varchar(20) NOT NULL, Tags varchar(40) NULL,
  RowGuid uniqueidentifier NOT NULL DEFAULT NEWSEQUENTIALID())
INSERT dbo.Doc (Id, Code, Tags) VALUES (1, 'AB-12', 'red;blue'), (2, 'XYZ', NULL), (3, 'Q7', 'green')
CREATE TABLE dbo.Score (Name varchar(10) NOT NULL, Points int NOT NULL)
INSERT dbo.Score VALUES ('a', 10), ('b', 8), ('c', 8), ('d', 5), ('e', 8)
`;

const server = emulatorWithPool([script], 'idioms');
const query = async (sql: string) => (await server.pool.request().query(sql)).recordset;

it('PATINDEX finds where a LIKE pattern first matches (0 when nowhere, NULL for NULL)', async () => {
  expect(
    await query(`SELECT PATINDEX('%[0-9]%', Code) AS d, PATINDEX('%-%', Code) AS h FROM dbo.Doc ORDER BY Id`),
  ).toEqual([
    { d: 4, h: 3 },
    { d: 0, h: 0 },
    { d: 2, h: 0 },
  ]);
  expect(
    await query(`SELECT PATINDEX('%ter%', 'interesting data') AS a, PATINDEX('%en_ure%', 'please ensure the door is locked') AS b,
      PATINDEX('ab%', 'abc') AS c, PATINDEX('ab%', 'xabc') AS d, PATINDEX('%b', 'abab') AS e, PATINDEX(NULL, 'a') AS f,
      PATINDEX('%B%', 'abc') AS g, PATINDEX('%B%', 'abc' COLLATE Latin1_General_CS_AS) AS h`),
  ).toEqual([{ a: 3, b: 8, c: 1, d: 0, e: 4, f: null, g: 2, h: 0 }]);
});

it('NEWSEQUENTIALID() gives each row of a DEFAULT a greater GUID, and is refused in a query (302)', async () => {
  const rows = await query('SELECT Id, RowGuid FROM dbo.Doc ORDER BY RowGuid');
  expect(rows.map((r) => r.Id)).toEqual([1, 2, 3]);
  expect(new Set(rows.map((r) => r.RowGuid)).size).toBe(3);
  await expect(query('SELECT NEWSEQUENTIALID()')).rejects.toMatchObject({ number: 302 });
  await expect(
    query(
      'CREATE TABLE #g (g uniqueidentifier DEFAULT CAST(NEWSEQUENTIALID() AS uniqueidentifier)); INSERT #g DEFAULT VALUES',
    ),
  ).rejects.toMatchObject({ number: 302 });
});

it('reads a number as a datetime in date functions: 0 is 1900-01-01', async () => {
  expect(
    await query(`SELECT DATEDIFF(month, 0, '2024-03-15') AS m, DATEADD(month, DATEDIFF(month, 0, '2024-03-15'), 0) AS first,
      DATEADD(day, 1, 0) AS d, YEAR(0) AS y, DATEDIFF(day, 0, 2.5) AS half, DATEADD(hour, 1, 1.5) AS h`),
  ).toEqual([
    {
      m: 1490,
      first: new Date('2024-03-01T00:00:00Z'),
      d: new Date('1900-01-02T00:00:00Z'),
      y: 1900,
      half: 2,
      h: new Date('1900-01-02T13:00:00Z'),
    },
  ]);
});

it('TOP (n) WITH TIES adds the rows equal to the last one on the ORDER BY keys (1062 without ORDER BY)', async () => {
  expect(await query('SELECT TOP (2) WITH TIES Name FROM dbo.Score ORDER BY Points DESC, Name')).toEqual([
    { Name: 'a' },
    { Name: 'b' },
  ]);
  const tied = await query('SELECT TOP (2) WITH TIES Name, Points FROM dbo.Score ORDER BY Points DESC');
  expect(tied.map((r) => r.Points)).toEqual([10, 8, 8, 8]);
  expect(
    await query('DECLARE @n int = 4; SELECT TOP (@n) WITH TIES Points FROM dbo.Score ORDER BY Points'),
  ).toEqual([{ Points: 5 }, { Points: 8 }, { Points: 8 }, { Points: 8 }]);
  await expect(query('SELECT TOP (2) WITH TIES Name FROM dbo.Score')).rejects.toMatchObject({ number: 1062 });
});

it('INSERT, UPDATE and DELETE TOP (n) change at most n rows', async () => {
  const r = await query(`
    CREATE TABLE #s (n int NOT NULL, done bit NOT NULL DEFAULT 0)
    INSERT TOP (4) #s (n) SELECT value FROM GENERATE_SERIES(1, 10)
    INSERT TOP (1) #s (n) VALUES (20), (21)
    UPDATE TOP (2) #s SET done = 1
    DECLARE @updated int = @@ROWCOUNT, @k int = 2
    DELETE TOP (@k) FROM #s WHERE done = 0
    SELECT @updated AS updated, @@ROWCOUNT AS deleted, (SELECT COUNT(*) FROM #s) AS remaining,
      (SELECT COUNT(*) FROM #s WHERE done = 1) AS done`);
  expect(r).toEqual([{ updated: 2, deleted: 2, remaining: 3, done: 2 }]);
});

it('STRING_SPLIT in FROM and APPLY, with the ordinal column when enable_ordinal is 1', async () => {
  expect(await query(`SELECT * FROM STRING_SPLIT('a,b,,c', ',', 1)`)).toEqual([
    { value: 'a', ordinal: '1' },
    { value: 'b', ordinal: '2' },
    { value: '', ordinal: '3' },
    { value: 'c', ordinal: '4' },
  ]);
  expect(
    await query(
      `SELECT d.Id, s.value FROM dbo.Doc d CROSS APPLY STRING_SPLIT(d.Tags, ';') s ORDER BY d.Id, s.value`,
    ),
  ).toEqual([
    { Id: 1, value: 'blue' },
    { Id: 1, value: 'red' },
    { Id: 3, value: 'green' },
  ]);
  const cols = (await server.pool.request().query(`SELECT value FROM STRING_SPLIT(N'x y', ' ')`)).recordset
    .columns as unknown as Record<string, { type: { declaration: string } }>;
  expect(cols.value.type.declaration).toBe('nvarchar');
  await expect(query(`SELECT * FROM STRING_SPLIT('a,b', ',,')`)).rejects.toMatchObject({ number: 214 });
  await expect(query(`DECLARE @e int = 1; SELECT * FROM STRING_SPLIT('a,b', ',', @e)`)).rejects.toMatchObject(
    {
      number: 8748,
    },
  );
});

it('PARSE and TRY_PARSE read numbers as .NET does in the culture', async () => {
  expect(
    await query(`SELECT TRY_PARSE('123.45' AS decimal(10,2)) AS a, TRY_PARSE('abc' AS int) AS b, TRY_PARSE('1,234' AS int) AS c,
      TRY_PARSE('123-' AS int) AS d, TRY_PARSE('123.0' AS int) AS e, TRY_PARSE('123.5' AS int) AS f, TRY_PARSE('- 123' AS int) AS g,
      TRY_PARSE('1,5' AS decimal(5,1) USING 'de-DE') AS h, TRY_PARSE('1.235' AS decimal(5,2)) AS i, TRY_PARSE('($1.50)' AS money) AS j,
      TRY_PARSE('12,50 €' AS money USING 'de-DE') AS k, TRY_PARSE('£1' AS money) AS l, TRY_PARSE('-1.5E+300' AS float) AS m,
      TRY_PARSE('1e3' AS int) AS n, TRY_PARSE('256' AS tinyint) AS o, TRY_PARSE('1,000.5' AS float) AS p`),
  ).toEqual([
    {
      a: 123.45,
      b: null,
      c: 1234,
      d: -123,
      e: 123,
      f: null,
      g: null,
      h: 1.5,
      i: 1.24,
      j: -1.5,
      k: 12.5,
      l: null,
      m: -1.5e300,
      n: null,
      o: null,
      p: null,
    },
  ]);
});

it('PARSE and TRY_PARSE read dates in the culture: order, month and weekday names, AM/PM, offsets', async () => {
  expect(
    await query(`SELECT TRY_PARSE('Monday, 13 December 2010' AS datetime2 USING 'en-US') AS a, TRY_PARSE('13/12/2010' AS date) AS b,
      TRY_PARSE('01/02/2010' AS date USING 'en-GB') AS c, TRY_PARSE('02.01.2024' AS date USING 'de-DE') AS d,
      TRY_PARSE('25 Mai 2018' AS date USING 'fr-FR') AS e, TRY_PARSE('1/2/49' AS date) AS f, TRY_PARSE('1/2/30' AS date) AS g,
      TRY_PARSE('2024-02-30' AS date) AS h, TRY_PARSE('1/2/2024 3:04:05 PM' AS datetime) AS i,
      TRY_PARSE('2024-01-02T03:04:05+05:30' AS datetime2(0)) AS j`),
  ).toEqual([
    {
      a: new Date('2010-12-13T00:00:00Z'),
      b: null,
      c: new Date('2010-02-01T00:00:00Z'),
      d: new Date('2024-01-02T00:00:00Z'),
      e: new Date('2018-05-25T00:00:00Z'),
      f: new Date('2049-01-02T00:00:00Z'),
      g: new Date('2030-01-02T00:00:00Z'),
      h: null,
      i: new Date('2024-01-02T15:04:05Z'),
      j: new Date('2024-01-01T21:34:05Z'),
    },
  ]);
});

it('PARSE fails with 9819, a bad culture is 9818 for both, a bad target type 10761', async () => {
  await expect(query(`SELECT PARSE('abc' AS int USING 'de-DE')`)).rejects.toMatchObject({
    number: 9819,
    message: "Error converting string value 'abc' into data type int using culture 'de-DE'.",
  });
  await expect(query(`SELECT TRY_PARSE('1' AS int USING 'German')`)).rejects.toMatchObject({ number: 9818 });
  await expect(query(`SELECT TRY_PARSE('1' AS varchar(10))`)).rejects.toMatchObject({ number: 10761 });
  await expect(query(`SELECT TRY_PARSE(1 AS int)`)).rejects.toMatchObject({ number: 8116 });
});

it('ISDATE is 1 for text that converts to datetime in the session DATEFORMAT, else 0', async () => {
  expect(
    await query(`SELECT ISDATE('2024-13-01') AS a, ISDATE('2009-05-12 10:19:41.177') AS b, ISDATE('2009-05-12 10:19:41.1770') AS c,
      ISDATE(NULL) AS d, ISDATE(5) AS e, ISDATE(GETDATE()) AS f, ISDATE('1995-10-1a') AS g, ISDATE('1752-01-01') AS h`),
  ).toEqual([{ a: 0, b: 1, c: 0, d: 0, e: 0, f: 1, g: 0, h: 0 }]);
  expect(
    await query(`SET DATEFORMAT dmy; SELECT ISDATE('15/04/2008') AS a, ISDATE('04/15/2008') AS b`),
  ).toEqual([{ a: 1, b: 0 }]);
  await expect(query('SELECT ISDATE(CAST(GETDATE() AS date))')).rejects.toMatchObject({ number: 8116 });
});
