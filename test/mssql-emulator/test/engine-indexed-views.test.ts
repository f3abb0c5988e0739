// Indexes on views (indexed views) through the unmodified mssql client: SQL Server's refusals
// (not schema bound 1939, no unique clustered index first 1940, a nonunique clustered one 1941),
// and the indexes in sys.indexes / sys.index_columns under the view's object_id.

import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Sale (id int PRIMARY KEY, region varchar(10) NOT NULL, amount money NOT NULL)
GO
CREATE VIEW dbo.RegionTotal WITH SCHEMABINDING AS
  SELECT region, SUM(amount) AS total, COUNT_BIG(*) AS n FROM dbo.Sale GROUP BY region
GO
CREATE VIEW dbo.Unbound AS SELECT id, region FROM dbo.Sale
GO
CREATE VIEW dbo.Bound WITH SCHEMABINDING AS SELECT id, region FROM dbo.Sale
`;
const server = emulatorWithPool([script], 'master');
const query = async (q: string) => (await server.pool.request().query(q)).recordset as unknown[];

it('refuses an index on a view that is not schema bound (1939)', async () => {
  expect(await queryError(server.pool, 'CREATE UNIQUE CLUSTERED INDEX UX ON dbo.Unbound (id)')).toEqual({
    number: 1939,
    message: "Cannot create index on view 'Unbound' because the view is not schema bound.",
  });
});

it('refuses a first index that is not clustered (1940) and a nonunique clustered one (1941)', async () => {
  expect(await queryError(server.pool, 'CREATE INDEX IX ON dbo.Bound (region)')).toEqual({
    number: 1940,
    message: "Cannot create index on view 'Bound'. It does not have a unique clustered index.",
  });
  expect(await queryError(server.pool, 'CREATE CLUSTERED INDEX CX ON dbo.Bound (id)')).toMatchObject({
    number: 1941,
  });
});

it('lists the indexes of an indexed view in sys.indexes and sys.index_columns', async () => {
  await server.pool
    .request()
    .query('CREATE UNIQUE CLUSTERED INDEX UX_RegionTotal ON dbo.RegionTotal (region)');
  await server.pool
    .request()
    .query('CREATE NONCLUSTERED INDEX IX_RegionTotal_total ON dbo.RegionTotal (total DESC)');
  expect(
    await query(`SELECT i.name, i.index_id, i.type_desc, i.is_unique, c.name AS column_name, ic.key_ordinal,
        ic.is_descending_key
      FROM sys.indexes i
      JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
      JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
      WHERE i.object_id = OBJECT_ID('dbo.RegionTotal') ORDER BY i.index_id, ic.key_ordinal`),
  ).toEqual([
    {
      name: 'UX_RegionTotal',
      index_id: 1,
      type_desc: 'CLUSTERED',
      is_unique: true,
      column_name: 'region',
      key_ordinal: 1,
      is_descending_key: false,
    },
    {
      name: 'IX_RegionTotal_total',
      index_id: 2,
      type_desc: 'NONCLUSTERED',
      is_unique: false,
      column_name: 'total',
      key_ordinal: 1,
      is_descending_key: true,
    },
  ]);
  // A second clustered index is refused as on a table; the view is still queried from its base table.
  expect(
    await queryError(server.pool, 'CREATE UNIQUE CLUSTERED INDEX UX2 ON dbo.RegionTotal (total)'),
  ).toMatchObject({ number: 1902 });
  await server.pool.request().query("INSERT INTO dbo.Sale VALUES (1, 'north', 5), (2, 'north', 7)");
  expect(await query('SELECT region, n FROM dbo.RegionTotal')).toEqual([{ region: 'north', n: '2' }]);
});

it('alters and drops the indexes of an indexed view: DISABLE, REBUILD, ALL, DROP INDEX in both forms', async () => {
  await server.pool
    .request()
    .batch(
      'CREATE VIEW dbo.Regions WITH SCHEMABINDING AS SELECT region, COUNT_BIG(*) AS n FROM dbo.Sale GROUP BY region',
    );
  await server.pool.request().batch(`CREATE UNIQUE CLUSTERED INDEX UX_Regions ON dbo.Regions (region);
    CREATE INDEX IX_Regions_n ON dbo.Regions (n);`);
  const state = () =>
    query(
      "SELECT name, is_disabled FROM sys.indexes WHERE object_id = OBJECT_ID('dbo.Regions') ORDER BY index_id",
    );
  await server.pool.request().batch('ALTER INDEX IX_Regions_n ON dbo.Regions DISABLE');
  expect(await state()).toEqual([
    { name: 'UX_Regions', is_disabled: false },
    { name: 'IX_Regions_n', is_disabled: true },
  ]);
  await server.pool.request().batch('ALTER INDEX ALL ON dbo.Regions REBUILD');
  expect(await state()).toEqual([
    { name: 'UX_Regions', is_disabled: false },
    { name: 'IX_Regions_n', is_disabled: false },
  ]);
  expect(await queryError(server.pool, 'ALTER INDEX IX_None ON dbo.Regions REBUILD')).toEqual({
    number: 2727,
    message: "Cannot find index 'IX_None'.",
  });
  await server.pool.request().batch('DROP INDEX IX_Regions_n ON dbo.Regions');
  expect(await state()).toEqual([{ name: 'UX_Regions', is_disabled: false }]);
  await server.pool.request().batch('CREATE INDEX IX_Regions_n ON dbo.Regions (n)');
  // the old form table.index; dropping the clustered index drops the view's other indexes with it
  await server.pool.request().batch('DROP INDEX dbo.Regions.UX_Regions');
  expect(await state()).toEqual([]);
  expect(await queryError(server.pool, 'DROP INDEX UX_Regions ON dbo.Regions')).toMatchObject({
    number: 3701,
  });
  await server.pool.request().batch('DROP INDEX IF EXISTS UX_Regions ON dbo.Regions');
});
