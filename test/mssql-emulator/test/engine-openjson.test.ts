// OPENJSON through the unmodified mssql client: the default schema (key, value, type), the WITH
// schema with paths, AS JSON, lax and strict, CROSS APPLY over a column, and the JSON product
// catalog sample (features/json-product-catalog) loaded and queried. Expected values come from
// Microsoft's OPENJSON documentation examples and from the sample's own JSON text.

import { readFileSync } from 'node:fs';
import { splitBatches } from '@ferry/tsql';
import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';
import { corpus } from './engine-helpers.js';

const server = emulatorWithPool([], 'openjson');
const query = async (q: string) => (await server.pool.request().query(q)).recordset;
const fails = (q: string) => queryError(server.pool, q);

it('the default schema gives key, value and type (0..5) per property of an object', async () => {
  const r = await server.pool
    .request()
    .query(
      `SELECT * FROM OPENJSON('{"name":"John","surname":"Doe","age":45,"ok":true,"no":null,"a":[1],"o":{}}')`,
    );
  expect(r.recordset).toEqual([
    { key: 'name', value: 'John', type: 1 },
    { key: 'surname', value: 'Doe', type: 1 },
    { key: 'age', value: '45', type: 2 },
    { key: 'ok', value: 'true', type: 3 },
    { key: 'no', value: null, type: 0 },
    { key: 'a', value: '[1]', type: 4 },
    { key: 'o', value: '{}', type: 5 },
  ]);
  expect(r.recordset.columns.key.type).toBe(sql.NVarChar);
  expect(r.recordset.columns.key.nullable).toBe(false);
  expect(r.recordset.columns.value.length).toBe(65535); // nvarchar(max)
  expect(r.recordset.columns.type.type).toBe(sql.TinyInt);
});

it('an array gives one row per element keyed by its index; a path opens a nested value', async () => {
  expect(
    await query(`SELECT [key], value FROM OPENJSON('["en-GB", "en-UK","de-AT","es-AR","sr-Cyrl"]')`),
  ).toEqual([
    { key: '0', value: 'en-GB' },
    { key: '1', value: 'en-UK' },
    { key: '2', value: 'de-AT' },
    { key: '3', value: 'es-AR' },
    { key: '4', value: 'sr-Cyrl' },
  ]);
  expect(
    await query(`DECLARE @json nvarchar(max) = N'{"info":{"type":1,"address":{"town":"Bristol"},"tags":["Sport", "Water polo"]},"type":"Basic"}'
      SELECT * FROM OPENJSON(@json, N'lax $.info')`),
  ).toEqual([
    { key: 'type', value: '1', type: 2 },
    { key: 'address', value: '{"town":"Bristol"}', type: 5 },
    { key: 'tags', value: '["Sport", "Water polo"]', type: 4 },
  ]);
  expect(await query(`SELECT * FROM OPENJSON(N'{"a":1}', '$.missing')`)).toEqual([]);
  expect(await query(`SELECT * FROM OPENJSON(NULL)`)).toEqual([]);
  expect((await fails(`SELECT * FROM OPENJSON(1)`)).number).toBe(8116);
  expect((await fails(`SELECT * FROM OPENJSON(N'{"a":1}', 'strict $.missing')`)).number).toBe(13608);
  expect((await fails(`SELECT * FROM OPENJSON(N'{"a":1}', '$.a')`)).number).toBe(13611);
  expect((await fails(`SELECT * FROM OPENJSON(N'{"a":1')`)).number).toBe(13609);
});

it('WITH maps paths to typed columns, AS JSON keeps fragments, as in the documented example', async () => {
  const r = await query(`DECLARE @json NVARCHAR(MAX) = N'{"someObject":
    {"someArray":
      [
          {"k1": 11, "k2": null, "k3": "text"},
          {"k1": 21, "k2": "text2", "k4": { "data": "text4" }},
          {"k1": 31, "k2": 32},
          {"k1": 41, "k2": null, "k4": { "data": false }}
       ]
    }
 }'
SELECT * FROM
 OPENJSON(@json, N'lax $.someObject.someArray')
WITH ( k1 int,
        k2 varchar(100),
        col3 varchar(6) N'$.k3',
        col4 varchar(10) N'lax $.k4.data',
        col5 nvarchar(MAX) N'lax $.k4' AS JSON,
        array_element nvarchar(MAX) N'$' AS JSON
 )`);
  expect(r).toEqual([
    {
      k1: 11,
      k2: null,
      col3: 'text',
      col4: null,
      col5: null,
      array_element: '{"k1": 11, "k2": null, "k3": "text"}',
    },
    {
      k1: 21,
      k2: 'text2',
      col3: null,
      col4: 'text4',
      col5: '{ "data": "text4" }',
      array_element: '{"k1": 21, "k2": "text2", "k4": { "data": "text4" }}',
    },
    { k1: 31, k2: '32', col3: null, col4: null, col5: null, array_element: '{"k1": 31, "k2": 32}' },
    {
      k1: 41,
      k2: null,
      col3: null,
      col4: 'false',
      col5: '{ "data": false }',
      array_element: '{"k1": 41, "k2": null, "k4": { "data": false }}',
    },
  ]);
});

it('WITH over an object gives one row; strict paths and AS JSON types are checked', async () => {
  expect(
    await query(
      `SELECT * FROM OPENJSON(N'{"Name":"BB Ball Bearing","Price":28.9900,"Active":true}') WITH (Name nvarchar(50), Price money, Active bit, Missing int)`,
    ),
  ).toEqual([{ Name: 'BB Ball Bearing', Price: 28.99, Active: true, Missing: null }]);
  expect((await fails(`SELECT * FROM OPENJSON(N'{"a":1}') WITH (b int 'strict $.b')`)).number).toBe(13608);
  expect((await fails(`SELECT * FROM OPENJSON(N'{"a":{}}') WITH (a nvarchar(10) AS JSON)`)).number).toBe(
    13618,
  );
});

it('CROSS APPLY OPENJSON reads a column of each left row', async () => {
  expect(
    await query(`DECLARE @t TABLE (id int, tags nvarchar(100))
      INSERT @t VALUES (1, N'["a","b"]'), (2, NULL), (3, N'["c"]')
      SELECT t.id, j.value FROM @t AS t CROSS APPLY OPENJSON(t.tags) AS j ORDER BY t.id, j.[key]`),
  ).toEqual([
    { id: 1, value: 'a' },
    { id: 1, value: 'b' },
    { id: 3, value: 'c' },
  ]);
});

it('the JSON product catalog sample loads and its OPENJSON queries answer from its JSON', async () => {
  const dir = 'features/json-product-catalog';
  const errors: string[] = [];
  for (const file of ['setup.sql', 'demo.sql'])
    for (const batch of splitBatches(readFileSync(corpus(`${dir}/${file}`), 'utf8')))
      await server.pool
        .request()
        .batch(batch.text)
        .catch((e: { number: number; message: string }) =>
          errors.push(`${file}:${batch.startLine} ${e.number} ${e.message}`),
        );
  expect(errors).toEqual([]);
  await server.pool.request().batch('USE ProductCatalog');
  // setup.sql loads 17 products (ProductID 15..31); demo.sql adds 'new' to the Tags of 16.
  const promo = await query(
    `SELECT ProductID FROM Product CROSS APPLY OPENJSON(Tags) WHERE value = 'promo' ORDER BY ProductID`,
  );
  expect(promo.map((r: { ProductID: number }) => r.ProductID)).toEqual([
    16, 19, 20, 21, 22, 23, 25, 26, 29, 31,
  ]);
  expect(await query('SELECT Tags FROM Product WHERE ProductID = 16')).toEqual([{ Tags: '["promo","new"]' }]);
  expect(
    await query(`SELECT Name, JSON_VALUE(Data, '$.Type') AS Type FROM Product WHERE ProductID = 19`),
  ).toEqual([{ Name: 'Sport-100 Helmet, Red', Type: 'Еquipment' }]);
});
