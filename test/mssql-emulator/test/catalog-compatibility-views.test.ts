// Catalog views older scripts read, through the unmodified mssql client: the sys.syscomments
// compatibility view (module, constraint and computed-column text in 4,000-character rows),
// sys.configurations, sys.database_ledger_digest_locations, SERVERPROPERTY('IsPolybaseInstalled') and the resource database's,
// and a CREATE whose body SQL Server cannot parse, which creates nothing.

import type sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const longBody = `SELECT '${'x'.repeat(4100)}' AS filler`;

const script = `
CREATE SEQUENCE dbo.OrderNumbers AS int START WITH 1
GO
CREATE TABLE dbo.Orders (
  OrderID int NOT NULL CONSTRAINT DF_Orders_OrderID DEFAULT (NEXT VALUE FOR dbo.OrderNumbers),
  Quantity int NOT NULL CONSTRAINT CK_Orders_Quantity CHECK (Quantity > 0),
  Price money NOT NULL,
  Total AS (Quantity * Price)
)
GO
CREATE TABLE dbo.Lengths (a int, b nvarchar(20), c varchar(max), d decimal(12,2), e char(3))
GO
CREATE PROCEDURE dbo.CountOrders AS SELECT COUNT(*) AS n FROM dbo.Orders
GO
CREATE VIEW dbo.Filler AS ${longBody}
`;

const server = emulatorWithPool([script], 'compat');

it('sys.syscomments holds the text of modules, DEFAULT and CHECK constraints and computed columns', async () => {
  const r = await server.pool.request().query(`
    SELECT OBJECT_NAME(c.id) AS object, c.number, c.colid, c.texttype, c.encrypted, c.compressed, c.text
    FROM sys.syscomments c
    WHERE c.id IN (OBJECT_ID('dbo.Orders'), OBJECT_ID('dbo.DF_Orders_OrderID'), OBJECT_ID('dbo.CK_Orders_Quantity'), OBJECT_ID('dbo.CountOrders'))
    ORDER BY object, c.number, c.colid`);
  expect(r.recordset).toEqual([
    {
      object: 'CK_Orders_Quantity',
      number: 0,
      colid: 1,
      texttype: 2,
      encrypted: false,
      compressed: false,
      text: '([Quantity]>(0))',
    },
    {
      object: 'CountOrders',
      number: 1,
      colid: 1,
      texttype: 2,
      encrypted: false,
      compressed: false,
      text: 'CREATE PROCEDURE dbo.CountOrders AS SELECT COUNT(*) AS n FROM dbo.Orders\n',
    },
    {
      object: 'DF_Orders_OrderID',
      number: 0,
      colid: 1,
      texttype: 2,
      encrypted: false,
      compressed: false,
      text: '(NEXT VALUE FOR [dbo].[OrderNumbers])',
    },
    {
      object: 'Orders',
      number: 4,
      colid: 1,
      texttype: 2,
      encrypted: false,
      compressed: false,
      text: '([Quantity]*[Price])',
    },
  ]);
});

it('splits a text longer than 4,000 characters into rows numbered by colid, ctext its UTF-16 bytes', async () => {
  const r = await server.pool.request().query(`
    SELECT colid, LEN(text) AS chars, DATALENGTH(ctext) AS bytes, CAST(ctext AS nvarchar(4000)) AS decoded, text
    FROM syscomments WHERE id = OBJECT_ID('dbo.Filler') ORDER BY colid`);
  const rows = r.recordset as {
    colid: number;
    chars: number;
    bytes: number;
    decoded: string;
    text: string;
  }[];
  expect(rows.map((x) => x.colid)).toEqual([1, 2]);
  expect(rows[0].chars).toBe(4000);
  expect(rows[0].bytes).toBe(8000);
  expect(rows[1].decoded).toBe(rows[1].text);
  expect(rows.map((x) => x.text).join('')).toBe(`CREATE VIEW dbo.Filler AS ${longBody}\n`);
});

it('the codegen idiom: a column default read through syscomments (LEFT JOIN on default_object_id)', async () => {
  const r = await server.pool.request().query(`
    SELECT col.name, sm.text
    FROM sys.columns col LEFT JOIN sys.syscomments sm ON col.default_object_id = sm.id
    WHERE col.object_id = OBJECT_ID('dbo.Orders') ORDER BY col.column_id`);
  expect(r.recordset).toEqual([
    { name: 'OrderID', text: '(NEXT VALUE FOR [dbo].[OrderNumbers])' },
    { name: 'Quantity', text: null },
    { name: 'Price', text: null },
    { name: 'Total', text: null },
  ]);
});

it('sys.configurations shows options at their documented defaults, values as sql_variant ints', async () => {
  const r = await server.pool.request().query(`
    SELECT configuration_id, name, value, minimum, maximum, value_in_use, is_dynamic, is_advanced,
           SQL_VARIANT_PROPERTY(value, 'BaseType') AS base
    FROM sys.configurations WHERE name IN ('hadoop connectivity', 'nested triggers') ORDER BY configuration_id`);
  expect(r.recordset).toEqual([
    {
      configuration_id: 115,
      name: 'nested triggers',
      value: 1,
      minimum: 0,
      maximum: 1,
      value_in_use: 1,
      is_dynamic: true,
      is_advanced: false,
      base: 'int',
    },
    {
      configuration_id: 16394,
      name: 'hadoop connectivity',
      value: 0,
      minimum: 0,
      maximum: 7,
      value_in_use: 0,
      is_dynamic: false,
      is_advanced: false,
      base: 'int',
    },
  ]);
});

it('no ledger digest storage and no PolyBase: an empty digest-locations view, IsPolybaseInstalled 0', async () => {
  const r = await server.pool.request().query(`
    SELECT path, last_digest_block_id, is_current FROM sys.database_ledger_digest_locations
    SELECT SERVERPROPERTY('IsPolybaseInstalled') AS polybase`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([]);
  expect(Object.keys((r.recordsets as sql.IRecordSet<unknown>[])[0].columns)).toEqual([
    'path',
    'last_digest_block_id',
    'is_current',
  ]);
  expect(sets[1]).toEqual([{ polybase: 0 }]);
});

it('refuses a CREATE VIEW whose body has a syntax error, and creates nothing (102), as SQL Server', async () => {
  const e = await queryError(server.pool, `CREATE VIEW dbo.Broken AS SELECT 1 AS Annual Usage`);
  expect(e).toEqual({ number: 102, message: "Incorrect syntax near 'Usage'." });
  const r = await server.pool.request().query(`SELECT OBJECT_ID('dbo.Broken') AS id`);
  expect(r.recordset).toEqual([{ id: null }]);
});

it("COL_LENGTH gives a column's defined length in bytes (-1 for max), NULL for a missing table or column", async () => {
  const r = await server.pool.request().query(`
    SELECT COL_LENGTH('dbo.Orders', 'Quantity') AS q, COL_LENGTH('dbo.Lengths', 'b') AS b,
           COL_LENGTH('dbo.Lengths', 'c') AS c, COL_LENGTH('dbo.Lengths', 'd') AS d,
           COL_LENGTH('dbo.Lengths', 'e') AS e, COL_LENGTH('dbo.Orders', 'Nope') AS nocol,
           COL_LENGTH('dbo.Nope', 'a') AS notable`);
  expect(r.recordset).toEqual([{ q: 4, b: 40, c: -1, d: 9, e: 3, nocol: null, notable: null }]);
});

it('SERVERPROPERTY names the resource database: ResourceVersion and a datetime ResourceLastUpdateDateTime', async () => {
  const r = await server.pool.request().query(`
    SELECT CONVERT(datetime, SERVERPROPERTY('ResourceLastUpdateDateTime')) AS updated,
      CAST(SQL_VARIANT_PROPERTY(SERVERPROPERTY('ResourceLastUpdateDateTime'), 'BaseType') AS nvarchar(20)) AS base,
      CAST(SERVERPROPERTY('ResourceVersion') AS nvarchar(20)) AS resource,
      CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(20)) AS product`);
  const [row] = r.recordset as { updated: Date; base: string; resource: string; product: string }[];
  expect(row.updated).toBeInstanceOf(Date);
  expect(row.base).toBe('datetime');
  expect(row.resource).toBe(row.product);
});
