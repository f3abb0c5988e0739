// FOR JSON through the unmodified mssql client: PATH nesting by dotted aliases, AUTO, ROOT,
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
