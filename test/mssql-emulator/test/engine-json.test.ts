// JSON functions through the unmodified mssql client: ISJSON (with SQL Server 2022's type constraint),
// JSON_VALUE / JSON_QUERY in lax and strict mode, JSON_MODIFY, JSON_QUERY embedded in FOR JSON, and
// their use in computed columns and CHECK constraints. Expected values are Microsoft's documented
// examples (JSON_VALUE, JSON_QUERY and JSON_MODIFY reference pages).

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Product (
  Id int NOT NULL PRIMARY KEY,
  Name nvarchar(20) NOT NULL,
  Data nvarchar(max) NULL,
  Tags nvarchar(200) NULL,
  Type AS JSON_VALUE(Data, '$.Type'),
  Cost AS CAST(JSON_VALUE(Data, '$.ManufacturingCost') AS float)
)
CREATE TABLE dbo.Doc (Id int NOT NULL, Body nvarchar(max) NULL CONSTRAINT CK_Doc_Body CHECK (ISJSON(Body) > 0))
INSERT INTO dbo.Doc VALUES (1, N'{"a":1}'), (2, NULL)
INSERT INTO dbo.Product (Id, Name, Data, Tags) VALUES
  (1, N'bolt', N'{"Type":"part","ManufacturingCost":2.5,"MadeIn":"China"}', N'["metal","small"]'),
  (2, N'chair', N'{"Type":"product","ManufacturingCost":40}', NULL)
`;
const server = emulatorWithPool([script], 'jsonfn');
const one = async (q: string) => Object.values((await server.pool.request().query(q)).recordset[0])[0];
const fails = (q: string) => queryError(server.pool, q);

const INFO = `N'{
     "info":{
       "type":1,
       "address":{
         "town":"Bristol",
         "county":"Avon",
         "country":"England"
       },
       "tags":["Sport", "Water polo"]
    },
    "type":"Basic"
 }'`;

it('JSON_VALUE follows the documented lax/strict table', async () => {
  const v = (path: string) => one(`SELECT JSON_VALUE(${INFO}, '${path}')`);
  expect(await v('$.info.type')).toBe('1');
  expect(await v('$.info.address.town')).toBe('Bristol');
  expect(await v('$.type')).toBe('Basic');
  expect(await v('$.info.tags[1]')).toBe('Water polo');
  for (const path of ['$', '$.info."address"', '$.info.tags', '$.info.type[0]', '$.info.none'])
    expect(await v(path), path).toBeNull();
  expect(await fails(`SELECT JSON_VALUE(${INFO}, 'strict $.info.none')`)).toEqual({
    number: 13608,
    message: 'Property cannot be found on the specified JSON path.',
  });
  expect((await fails(`SELECT JSON_VALUE(${INFO}, 'strict $.info.tags')`)).number).toBe(13623);
});

it('JSON_VALUE is nvarchar(4000): a longer string is NULL in lax mode and an error in strict mode', async () => {
  const r = await server.pool.request().query(`SELECT JSON_VALUE(N'{"a":"x"}', '$.a') AS v`);
  expect(r.recordset.columns.v.type).toBe(sql.NVarChar);
  expect(r.recordset.columns.v.length).toBe(8000); // nvarchar(4000): mssql reports bytes
  const long = `N'{"a":"' + REPLICATE(CAST(N'x' AS nvarchar(max)), 4001) + N'"}'`;
  expect(await one(`SELECT JSON_VALUE(${long}, '$.a')`)).toBeNull();
  expect((await fails(`SELECT JSON_VALUE(${long}, 'strict $.a')`)).number).toBe(13625);
  expect(
    await one(
      `SELECT LEN(JSON_VALUE(N'{"a":"' + REPLICATE(CAST(N'x' AS nvarchar(max)), 4000) + N'"}', '$.a'))`,
    ),
  ).toBe(4000);
});

it('JSON_VALUE unescapes strings and gives numbers and literals as written', async () => {
  expect(await one(`SELECT JSON_VALUE(N'{"a":"x\\"y\\u00e9\\/"}', '$.a')`)).toBe('x"yé/');
  expect(await one(`SELECT JSON_VALUE(N'{"n":1.50e3}', '$.n')`)).toBe('1.50e3');
  expect(await one(`SELECT JSON_VALUE(N'{"b":true}', '$.b')`)).toBe('true');
  expect(await one(`SELECT JSON_VALUE(N'{"n":null}', 'strict $.n')`)).toBeNull();
  expect(await one(`SELECT JSON_VALUE(N'{"a b":{"c":3}}', '$."a b".c')`)).toBe('3');
});

it('JSON_QUERY returns objects and arrays as written, NULL (lax) or an error (strict) for scalars', async () => {
  const q = (path: string) => one(`SELECT JSON_QUERY(${INFO}, '${path}')`);
  expect(await q('$.info.address')).toBe(`{
         "town":"Bristol",
         "county":"Avon",
         "country":"England"
       }`);
  expect(await q('$.info.tags')).toBe('["Sport", "Water polo"]');
  expect(await one(`SELECT JSON_QUERY(N' [1,2] ')`)).toBe('[1,2]');
  for (const path of ['$.info.type', '$.info.address.town', '$.info.type[0]', '$.info.none'])
    expect(await q(path), path).toBeNull();
  expect(await fails(`SELECT JSON_QUERY(${INFO}, 'strict $.info.type')`)).toEqual({
    number: 13624,
    message: 'Object or array cannot be found in the specified JSON path.',
  });
});

it('malformed JSON text and paths raise 13609 and 13607', async () => {
  expect(await fails(`SELECT JSON_VALUE(N'{"a":1,}', '$.a')`)).toEqual({
    number: 13609,
    message: "JSON text is not properly formatted. Unexpected character '}' is found at position 7.",
  });
  expect((await fails(`SELECT JSON_VALUE(N'{"a":1}', 'a')`)).number).toBe(13607);
  expect((await fails(`SELECT JSON_VALUE(N'{"a":1}', '$..a')`)).number).toBe(13607);
  expect((await fails(`SELECT JSON_VALUE(1, '$.a')`)).number).toBe(8116);
});

it('ISJSON accepts objects and arrays; the 2022 type constraint tests for VALUE, ARRAY, OBJECT or SCALAR', async () => {
  const cases: [string, string, number][] = [
    ['Test string', '', 0],
    ['Test string', ', VALUE', 0],
    ['"Test string"', '', 0],
    ['"Test string"', ', VALUE', 1],
    ['"Test string"', ', SCALAR', 1],
    ['true', '', 0],
    ['true', ', VALUE', 1],
    ['true', ', SCALAR', 0],
    ['TRUE', ', VALUE', 0],
    ['null', ', VALUE', 1],
    ['6E7', ', SCALAR', 1],
    ['[1,2]', '', 1],
    ['[1,2]', ', OBJECT', 0],
    ['{"a":[]}', ', OBJECT', 1],
    ['{"a":1', '', 0],
  ];
  for (const [text, constraint, expected] of cases)
    expect(await one(`SELECT ISJSON(N'${text}'${constraint})`), `${text}${constraint}`).toBe(expected);
  expect(await one('SELECT ISJSON(NULL)')).toBeNull();
  expect((await fails('SELECT ISJSON(1)')).number).toBe(8116);
});

it('JSON_MODIFY updates, inserts, deletes (NULL in lax mode) and appends as documented', async () => {
  const steps = await server.pool.request().query(`
    DECLARE @info nvarchar(100) = '{"name":"John","skills":["C#","SQL"]}'
    DECLARE @out TABLE (n int IDENTITY, v nvarchar(100))
    SET @info = JSON_MODIFY(@info, '$.name', 'Mike')
    INSERT @out (v) VALUES (@info)
    SET @info = JSON_MODIFY(@info, '$.surname', 'Smith')
    INSERT @out (v) VALUES (@info)
    SET @info = JSON_MODIFY(@info, 'strict $.name', NULL)
    INSERT @out (v) VALUES (@info)
    SET @info = JSON_MODIFY(@info, '$.name', NULL)
    INSERT @out (v) VALUES (@info)
    SET @info = JSON_MODIFY(@info, 'append $.skills', 'Azure')
    INSERT @out (v) VALUES (@info)
    SELECT v FROM @out ORDER BY n`);
  expect(steps.recordset.map((r: { v: string }) => r.v)).toEqual([
    '{"name":"Mike","skills":["C#","SQL"]}',
    '{"name":"Mike","skills":["C#","SQL"],"surname":"Smith"}',
    '{"name":null,"skills":["C#","SQL"],"surname":"Smith"}',
    '{"skills":["C#","SQL"],"surname":"Smith"}',
    '{"skills":["C#","SQL","Azure"],"surname":"Smith"}',
  ]);
});

it('JSON_MODIFY renames a key, increments a value and embeds JSON_QUERY results unquoted', async () => {
  expect(
    await one(`DECLARE @product nvarchar(100) = '{"price":49.99}'
      SELECT JSON_MODIFY(JSON_MODIFY(@product, '$.Price', CAST(JSON_VALUE(@product, '$.price') AS numeric(4,2))), '$.price', NULL)`),
  ).toBe('{"Price":49.99}');
  expect(
    await one(`DECLARE @stats nvarchar(100) = '{"click_count": 173}'
      SELECT JSON_MODIFY(@stats, '$.click_count', CAST(JSON_VALUE(@stats, '$.click_count') AS int) + 1)`),
  ).toBe('{"click_count": 174}');
  const info = `'{"name":"John","skills":["C#","SQL"]}'`;
  expect(await one(`SELECT JSON_MODIFY(${info}, '$.skills', '["C#","T-SQL","Azure"]')`)).toBe(
    '{"name":"John","skills":"[\\"C#\\",\\"T-SQL\\",\\"Azure\\"]"}',
  );
  expect(await one(`SELECT JSON_MODIFY(${info}, '$.skills', JSON_QUERY('["C#","T-SQL","Azure"]'))`)).toBe(
    '{"name":"John","skills":["C#","T-SQL","Azure"]}',
  );
  expect(await one(`SELECT JSON_MODIFY('{"a":1}', '$.b', CAST(1 AS bit))`)).toBe('{"a":1,"b":true}');
  expect(await one(`SELECT JSON_MODIFY('{"a":[1,2,3]}', '$.a[1]', 9)`)).toBe('{"a":[1,9,3]}');
  expect(await one(`SELECT JSON_MODIFY('{"a":1}', 'append $.list', 'x')`)).toBe('{"a":1,"list":["x"]}');
  expect((await fails(`SELECT JSON_MODIFY('{"a":1}', 'strict $.b', 2)`)).number).toBe(13608);
  expect((await fails(`SELECT JSON_MODIFY('{"a":1}', '$', 2)`)).number).toBe(13619);
});

it('JSON_PATH_EXISTS tells whether a path names a value', async () => {
  expect(await one(`SELECT JSON_PATH_EXISTS(${INFO}, '$.info.address')`)).toBe(1);
  expect(await one(`SELECT JSON_PATH_EXISTS(${INFO}, '$.info.zip')`)).toBe(0);
});

it('JSON_VALUE drives computed columns, and ISJSON in a CHECK constraint refuses malformed JSON', async () => {
  const r = await server.pool.request().query('SELECT Id, Type, Cost FROM dbo.Product ORDER BY Id');
  expect(r.recordset).toEqual([
    { Id: 1, Type: 'part', Cost: 2.5 },
    { Id: 2, Type: 'product', Cost: 40 },
  ]);
  expect(
    (
      await server.pool
        .request()
        .query(`SELECT Name FROM dbo.Product WHERE JSON_VALUE(Data, '$.MadeIn') = 'China'`)
    ).recordset,
  ).toEqual([{ Name: 'bolt' }]);
  const e = await fails(`INSERT INTO dbo.Doc VALUES (3, N'{"a":')`);
  expect(e.number).toBe(547);
  expect(e.message).toContain('CK_Doc_Body');
  expect(await one('SELECT COUNT(*) FROM dbo.Doc')).toBe(2);
});

it('FOR JSON embeds JSON_QUERY columns as JSON, not as escaped strings', async () => {
  const r = await server.pool
    .request()
    .query('SELECT Name, JSON_QUERY(Tags) AS Tags, Tags AS Text FROM dbo.Product WHERE Id = 1 FOR JSON PATH');
  expect(Object.values(r.recordset[0])[0]).toBe(
    '[{"Name":"bolt","Tags":["metal","small"],"Text":"[\\"metal\\",\\"small\\"]"}]',
  );
});

it('JSON_OBJECT and JSON_ARRAY are refused with 40517 naming them', async () => {
  const e = await fails('SELECT JSON_ARRAY(1, 2)');
  expect(e.number).toBe(40517);
  expect(e.message).toContain('JSON_ARRAY');
});

it('STRING_ESCAPE(s, json) escapes quotes, backslashes, slashes and control characters as JSON does', async () => {
  const r = await server.pool
    .request()
    .query(
      `SELECT STRING_ESCAPE(N'a"b\\c/d' + CHAR(10) + CHAR(9) + CHAR(1), 'json') AS x, STRING_ESCAPE(NULL, 'json') AS n`,
    );
  expect(r.recordset).toEqual([{ x: 'a\\"b\\\\c\\/d\\n\\t\\u0001', n: null }]);
});
