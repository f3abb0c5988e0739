// FOR JSON through the unmodified mssql client: PATH nesting by dotted aliases (13601), AUTO (nested
// by table over joins), ROOT,
// INCLUDE_NULL_VALUES, WITHOUT_ARRAY_WRAPPER, value formats and escaping, nested FOR JSON subqueries.

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Item (Id int NOT NULL, Name nvarchar(20) NULL, Price decimal(8,2) NULL, Active bit NOT NULL, Made datetime2(3) NULL, Raw varbinary(4) NULL)
INSERT INTO dbo.Item VALUES (1, N'a"b/c\\', 2.50, 1, '2024-01-02 03:04:05.120', 0x0102), (2, NULL, NULL, 0, NULL, NULL)
CREATE TABLE dbo.Part (ItemId int NOT NULL, Part varchar(5) NOT NULL)
INSERT INTO dbo.Part VALUES (1, 'x'), (1, 'y')
`;
const server = emulatorWithPool([script], 'forjson');
const JSON_COLUMN = 'JSON_F52E2B61-18A1-11d1-B105-00805F49916B';
const json = async (q: string) => {
  const r = await server.pool.request().query(q);
  expect(Object.keys(r.recordset.columns)).toEqual([JSON_COLUMN]);
  return r.recordset.map((x: Record<string, string>) => x[JSON_COLUMN]).join('');
};

it('FOR JSON PATH formats each row as an object, skipping NULLs, with SQL Server value forms and escapes', async () => {
  expect(
    await json('SELECT Id, Name, Price, Active, Made, Raw FROM dbo.Item ORDER BY Id FOR JSON PATH'),
  ).toBe(
    '[{"Id":1,"Name":"a\\"b\\/c\\\\","Price":2.50,"Active":true,"Made":"2024-01-02T03:04:05.120","Raw":"AQI="},{"Id":2,"Active":false}]',
  );
});

it('escapes control characters as \\u00xx, in names too, and writes a whole-second datetime without fraction', async () => {
  expect(
    await json(
      "SELECT CHAR(31) + CHAR(10) AS [a\"b], CAST('2024-01-02T03:04:05' AS datetime) AS d FOR JSON PATH",
    ),
  ).toBe('[{"a\\"b":"\\u001f\\n","d":"2024-01-02T03:04:05"}]');
});

it('dotted aliases nest objects in PATH mode; AUTO keeps them as names', async () => {
  expect(
    await json(
      'SELECT Id AS [item.id], Name AS [item.name], Active FROM dbo.Item WHERE Id = 1 FOR JSON PATH',
    ),
  ).toBe('[{"item":{"id":1,"name":"a\\"b\\/c\\\\"},"Active":true}]');
  expect(await json('SELECT Id AS [item.id] FROM dbo.Item WHERE Id = 1 FOR JSON AUTO')).toBe(
    '[{"item.id":1}]',
  );
});

it('ROOT, INCLUDE_NULL_VALUES and WITHOUT_ARRAY_WRAPPER', async () => {
  expect(
    await json("SELECT Id, Name FROM dbo.Item ORDER BY Id FOR JSON PATH, ROOT('items'), INCLUDE_NULL_VALUES"),
  ).toBe('{"items":[{"Id":1,"Name":"a\\"b\\/c\\\\"},{"Id":2,"Name":null}]}');
  expect(await json('SELECT 2015 AS year, 12 AS month FOR JSON PATH, WITHOUT_ARRAY_WRAPPER')).toBe(
    '{"year":2015,"month":12}',
  );
});

it('a FOR JSON subquery is embedded as JSON, and as a scalar it is nvarchar(max), NULL when there are no rows', async () => {
  expect(
    await json(
      'SELECT i.Id, (SELECT p.Part FROM dbo.Part p WHERE p.ItemId = i.Id FOR JSON PATH) AS parts FROM dbo.Item i ORDER BY i.Id FOR JSON PATH',
    ),
  ).toBe('[{"Id":1,"parts":[{"Part":"x"},{"Part":"y"}]},{"Id":2}]');
  const r = await server.pool
    .request()
    .query(
      'SELECT (SELECT Id FROM dbo.Item WHERE Id = 1 FOR JSON PATH) AS j, (SELECT Id FROM dbo.Item WHERE Id = 9 FOR JSON PATH) AS none',
    );
  expect(r.recordset[0]).toEqual({ j: '[{"Id":1}]', none: null });
  expect([r.recordset.columns.j.type, r.recordset.columns.j.length]).toEqual([sql.NVarChar, 65535]); // mssql's (max)
});

it('a long result arrives in 2033-character rows that the client joins', async () => {
  const r = await server.pool
    .request()
    .query("SELECT REPLICATE(CAST('x' AS nvarchar(max)), 5000) AS s FOR JSON PATH");
  expect(r.recordset[0][JSON_COLUMN]).toBe(`[{"s":"${'x'.repeat(5000)}"}]`);
});

it('refuses unnamed columns (13605) and bad dotted names (13603)', async () => {
  await expect(
    server.pool.request().query('SELECT Id + 1 FROM dbo.Item FOR JSON PATH'),
  ).rejects.toMatchObject({ number: 13605 });
  await expect(
    server.pool.request().query('SELECT Id AS [a..b] FROM dbo.Item FOR JSON PATH'),
  ).rejects.toMatchObject({ number: 13603 });
});

it('PATH refuses aliases that would give a property twice or reopen an object (13601)', async () => {
  for (const columns of [
    '1 AS [a.b], 2 AS c, 3 AS [a.d]',
    '1 AS a, 2 AS [a.b]',
    '1 AS [a.b], 2 AS [a.b]',
    '1 AS a, 2 AS a',
  ])
    await expect(server.pool.request().query(`SELECT ${columns} FOR JSON PATH`)).rejects.toMatchObject({
      number: 13601,
    });
  expect(
    await json('SELECT 1 AS [a.b], 2 AS [a.c], 3 AS [x.y.z], 4 AS [x.y.w], 5 AS [x.v] FOR JSON PATH'),
  ).toBe('[{"a":{"b":1,"c":2},"x":{"y":{"z":3,"w":4},"v":5}}]');
});

it('AUTO over joined tables nests each table as an array under its alias, after the columns of the table before it', async () => {
  expect(
    await json(`SELECT i.Id, p.Part AS Piece, i.Price FROM dbo.Item i JOIN dbo.Part p ON p.ItemId = i.Id ORDER BY i.Id, p.Part
      FOR JSON AUTO`),
  ).toBe('[{"Id":1,"Price":2.50,"p":[{"Piece":"x"},{"Piece":"y"}]}]');
  // A LEFT JOIN without a match gives an empty object; INCLUDE_NULL_VALUES its nulls. Unaliased: the table's name.
  expect(
    await json(`SELECT Item.Id, Part.Part FROM Item LEFT JOIN Part ON Part.ItemId = Item.Id ORDER BY Item.Id, Part.Part
      FOR JSON AUTO, ROOT('items')`),
  ).toBe('{"items":[{"Id":1,"Part":[{"Part":"x"},{"Part":"y"}]},{"Id":2,"Part":[{}]}]}');
  expect(
    await json(`SELECT i.Id, p.Part FROM dbo.Item i LEFT JOIN dbo.Part p ON p.ItemId = i.Id WHERE i.Id = 2
      FOR JSON AUTO, INCLUDE_NULL_VALUES`),
  ).toBe('[{"Id":2,"p":[{"Part":null}]}]');
  // An item that is no table's column joins the level open when it comes (as in FOR XML AUTO); ROOT(N'...').
  expect(
    await json(`SELECT UPPER(p.Part) AS P, i.Id, p.Part, LOWER(p.Part) AS L FROM dbo.Item i JOIN dbo.Part p ON p.ItemId = i.Id
      ORDER BY p.Part FOR JSON AUTO, ROOT(N'items')`),
  ).toBe(
    '{"items":[{"P":"X","Id":1,"p":[{"Part":"x","L":"x"}]},{"P":"Y","Id":1,"p":[{"Part":"y","L":"y"}]}]}',
  );
  await expect(
    server.pool
      .request()
      .query('SELECT Item.Id, Part.Part FROM dbo.Item JOIN dbo.Part ON Part.ItemId = Item.Id FOR JSON AUTO'),
  ).rejects.toMatchObject({ number: 40517 });
});
