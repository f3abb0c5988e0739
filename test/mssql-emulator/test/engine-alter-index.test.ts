// ALTER INDEX ... DISABLE / REBUILD / REORGANIZE and OPENROWSET(BULK ...) through the unmodified
// mssql client, as the SQL graph samples use them: the unique index a node table gets, a disabled
// unique index that stops enforcing, a disabled clustered index that makes the table unreadable.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Person (ID int, name varchar(20)) AS NODE
CREATE TABLE dbo.Item (id int CONSTRAINT PK_Item PRIMARY KEY, code char(2) NOT NULL)
CREATE UNIQUE INDEX UX_Item_code ON dbo.Item (code)
INSERT INTO dbo.Item VALUES (1, 'a'), (2, 'b')
`;
const server = emulatorWithPool([script], 'master');
const query = async (q: string) => (await server.pool.request().query(q)).recordset as unknown[];

it('gives a node table its GRAPH_UNIQUE_INDEX and disables and rebuilds it with ALTER INDEX ALL', async () => {
  const indexes = `SELECT i.name, i.type_desc, i.is_unique, i.is_disabled FROM sys.indexes i
    WHERE i.object_id = OBJECT_ID('dbo.Person') ORDER BY i.index_id`;
  const shape = (rs: unknown[]) =>
    (rs as { name: string | null }[]).map((r) => ({
      ...r,
      name: r.name && r.name.replace(/[0-9A-F]{32}$/, '<hex>'),
    }));
  await server.pool.request().query('ALTER INDEX ALL ON dbo.Person DISABLE');
  expect(shape(await query(indexes))).toEqual([
    { name: null, type_desc: 'HEAP', is_unique: false, is_disabled: false },
    { name: 'GRAPH_UNIQUE_INDEX_<hex>', type_desc: 'NONCLUSTERED', is_unique: true, is_disabled: true },
  ]);
  // A heap stays readable and writable while its nonclustered indexes are disabled.
  await server.pool.request().query("INSERT INTO dbo.Person VALUES (1, 'Ann')");
  await server.pool.request().query('ALTER INDEX ALL ON dbo.Person REBUILD');
  expect(shape(await query(indexes))[1]).toMatchObject({ is_disabled: false });
  expect(await query('SELECT name FROM dbo.Person')).toEqual([{ name: 'Ann' }]);
});

it('stops enforcing a disabled unique index; REBUILD checks the rows again (1505)', async () => {
  await server.pool.request().query('ALTER INDEX UX_Item_code ON dbo.Item DISABLE');
  await server.pool.request().query("INSERT INTO dbo.Item VALUES (3, 'a')");
  expect(await queryError(server.pool, 'ALTER INDEX UX_Item_code ON dbo.Item REORGANIZE')).toMatchObject({
    number: 1973,
  });
  expect(await queryError(server.pool, 'ALTER INDEX UX_Item_code ON dbo.Item REBUILD')).toMatchObject({
    number: 1505,
  });
  await server.pool
    .request()
    .query('DELETE FROM dbo.Item WHERE id = 3; ALTER INDEX UX_Item_code ON dbo.Item REBUILD');
  expect(await queryError(server.pool, "INSERT INTO dbo.Item VALUES (4, 'a')")).toMatchObject({
    number: 2601,
  });
  expect(await queryError(server.pool, 'ALTER INDEX nope ON dbo.Item REBUILD')).toMatchObject({
    number: 2727,
  });
  expect(await queryError(server.pool, 'ALTER INDEX ALL ON dbo.Absent DISABLE')).toMatchObject({
    number: 1088,
  });
});

it('makes a table with a disabled clustered index unreadable until it is rebuilt (8655)', async () => {
  await server.pool.request().query('ALTER INDEX PK_Item ON dbo.Item DISABLE');
  expect(await queryError(server.pool, 'SELECT * FROM dbo.Item')).toMatchObject({
    number: 8655,
    message:
      "The query processor is unable to produce a plan because the index 'PK_Item' on table or view 'Item' is disabled.",
  });
  expect(await queryError(server.pool, "INSERT INTO dbo.Item VALUES (5, 'e')")).toMatchObject({
    number: 8655,
  });
  await server.pool.request().query('ALTER INDEX ALL ON dbo.Item REBUILD');
  expect(await query('SELECT COUNT(*) AS n FROM dbo.Item')).toEqual([{ n: 2 }]);
});

it('reads a file whole with OPENROWSET(BULK ..., SINGLE_*) and fails on a missing file with 4860', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-openrowset-'));
  const path = join(dir, 'doc.json');
  writeFileSync(path, '{"a": 1}');
  expect(
    await query(
      `SELECT BulkColumn, JSON_VALUE(BulkColumn, '$.a') AS a FROM OPENROWSET(BULK '${path}', SINGLE_CLOB) AS j`,
    ),
  ).toEqual([{ BulkColumn: '{"a": 1}', a: '1' }]);
  expect(await query(`SELECT b.BulkColumn FROM OPENROWSET(BULK '${path}', SINGLE_BLOB) AS b`)).toEqual([
    { BulkColumn: Buffer.from('{"a": 1}') },
  ]);
  expect(
    await queryError(
      server.pool,
      `SELECT * FROM OPENROWSET(BULK '${join(dir, 'absent.csv')}', SINGLE_CLOB) AS x`,
    ),
  ).toMatchObject({ number: 4860 });
  expect(
    await queryError(
      server.pool,
      `SELECT * FROM OPENROWSET(BULK '${path}', FORMATFILE = '${join(dir, 'absent.xml')}') AS x`,
    ),
  ).toMatchObject({ number: 4860, message: expect.stringContaining('absent.xml') });
  expect(
    await queryError(server.pool, `SELECT * FROM OPENROWSET(BULK '${path}', SINGLE_CLOB)`),
  ).toMatchObject({
    number: 491,
  });
});
