import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { corpus, rows } from './engine-helpers.js';

// Expected values written by hand from northwind-azure.sql and Microsoft's sys.* documentation.
describe('catalog views over Northwind', () => {
  let s: EngineSession;
  beforeAll(async () => {
    const engine = await createEngine({ scripts: [corpus('northwind-azure.sql')], database: 'Northwind' });
    s = engine.openSession({ user: 'sa', database: 'Northwind' });
  });

  it('describes Products.UnitPrice: money, nullable, default ((0)), check ([UnitPrice]>=(0))', async () => {
    expect(
      await rows(
        s,
        `
      SELECT c.name, t.name, c.system_type_id, c.max_length, c.precision, c.scale, c.is_nullable, c.is_identity, dc.name, dc.definition
      FROM sys.columns AS c
      JOIN sys.types AS t ON t.user_type_id = c.user_type_id
      LEFT JOIN sys.default_constraints AS dc ON dc.object_id = c.default_object_id
      WHERE c.object_id = OBJECT_ID(N'dbo.Products') AND c.name = 'UnitPrice'`,
      ),
    ).toEqual([['UnitPrice', 'money', 60, 8, 19, 4, true, false, 'DF_Products_UnitPrice', '((0))']]);
    expect(
      await rows(
        s,
        `SELECT definition, is_disabled, is_not_trusted FROM sys.check_constraints WHERE name = 'CK_Products_UnitPrice'`,
      ),
    ).toEqual([['([UnitPrice]>=(0))', false, true]]);
    expect(await rows(s, `SELECT definition FROM sys.check_constraints WHERE name = 'CK_Discount'`)).toEqual([
      ['([Discount]>=(0) AND [Discount]<=(1))'],
    ]);
    expect(await rows(s, `SELECT definition FROM sys.check_constraints WHERE name = 'CK_Birthdate'`)).toEqual(
      [['([BirthDate]<getdate())']],
    );
  });

  it('reports byte lengths: nvarchar(40) is 80, nchar(5) is 10, ntext and image are 16', async () => {
    expect(
      await rows(
        s,
        `
      SELECT c.name, c.max_length, c.collation_name FROM sys.columns c
      WHERE c.object_id = OBJECT_ID('Customers') AND c.name IN ('CustomerID', 'CompanyName') ORDER BY c.column_id`,
      ),
    ).toEqual([
      ['CustomerID', 10, 'SQL_Latin1_General_CP1_CI_AS'],
      ['CompanyName', 80, 'SQL_Latin1_General_CP1_CI_AS'],
    ]);
    expect(
      await rows(
        s,
        `SELECT name, max_length FROM sys.columns WHERE object_id = OBJECT_ID('Employees') AND name IN ('Photo', 'Notes') ORDER BY name`,
      ),
    ).toEqual([
      ['Notes', 16],
      ['Photo', 16],
    ]);
  });

  it('lists identity columns with sql_variant seed and increment', async () => {
    expect(
      await rows(
        s,
        `
      SELECT OBJECT_NAME(object_id), name, CAST(seed_value AS varchar(40)), CAST(increment_value AS varchar(40)), CAST(last_value AS varchar(40))
      FROM sys.identity_columns ORDER BY 1`,
      ),
    ).toEqual([
      ['Categories', 'CategoryID', '1', '1', '8'],
      ['Employees', 'EmployeeID', '1', '1', '9'],
      ['Orders', 'OrderID', '1', '1', '11077'],
      ['Products', 'ProductID', '1', '1', '77'],
      ['Shippers', 'ShipperID', '1', '1', '3'],
      ['Suppliers', 'SupplierID', '1', '1', '29'],
    ]);
  });

  it('describes FK_Order_Details_Orders and the not-trusted state left by CHECK CONSTRAINT ALL', async () => {
    expect(
      await rows(
        s,
        `
      SELECT fk.name, OBJECT_NAME(fk.parent_object_id), OBJECT_NAME(fk.referenced_object_id), pc.name, rc.name,
             fk.delete_referential_action_desc, fk.update_referential_action, fk.is_disabled, fk.is_not_trusted
      FROM sys.foreign_keys fk
      JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
      JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
      JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
      WHERE fk.name = 'FK_Order_Details_Orders'`,
      ),
    ).toEqual([
      [
        'FK_Order_Details_Orders',
        'Order Details',
        'Orders',
        'OrderID',
        'OrderID',
        'NO_ACTION',
        0,
        false,
        true,
      ],
    ]);
    // Constraints added after loading by ALTER TABLE ... ADD (WITH CHECK by default) are trusted.
    expect(
      await rows(s, `SELECT is_not_trusted FROM sys.foreign_keys WHERE name = 'FK_Territories_Region'`),
    ).toEqual([[false]]);
    expect(await rows(s, `SELECT COUNT(*) FROM sys.foreign_keys`)).toEqual([[13]]);
  });

  it('describes keys and indexes: clustered PKs, nonclustered PKs added by ALTER TABLE, plain indexes', async () => {
    expect(
      await rows(
        s,
        `
      SELECT i.name, i.index_id, i.type, i.type_desc, i.is_unique, i.is_primary_key, c.name, ic.key_ordinal
      FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
      JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
      WHERE i.object_id = OBJECT_ID('dbo.[Order Details]') ORDER BY i.index_id, ic.key_ordinal`,
      ),
    ).toEqual([
      ['PK_Order_Details', 1, 1, 'CLUSTERED', true, true, 'OrderID', 1],
      ['PK_Order_Details', 1, 1, 'CLUSTERED', true, true, 'ProductID', 2],
      ['OrderID', 2, 2, 'NONCLUSTERED', false, false, 'OrderID', 1],
      ['OrdersOrder_Details', 3, 2, 'NONCLUSTERED', false, false, 'OrderID', 1],
      ['ProductID', 4, 2, 'NONCLUSTERED', false, false, 'ProductID', 1],
      ['ProductsOrder_Details', 5, 2, 'NONCLUSTERED', false, false, 'ProductID', 1],
    ]);
    expect(
      await rows(
        s,
        `SELECT i.index_id, i.type_desc, k.name, k.type FROM sys.indexes i LEFT JOIN sys.key_constraints k ON k.parent_object_id = i.object_id AND k.unique_index_id = i.index_id WHERE i.object_id = OBJECT_ID('Region') ORDER BY i.index_id`,
      ),
    ).toEqual([
      [0, 'HEAP', null, null],
      [2, 'NONCLUSTERED', 'PK_Region', 'PK'],
    ]);
  });

  it('keeps 16 views and 7 procedures with their exact CREATE text', async () => {
    const modules = await rows(
      s,
      `SELECT o.type, o.name, m.definition FROM sys.objects o JOIN sys.sql_modules m ON m.object_id = o.object_id ORDER BY o.type, o.name`,
    );
    expect(modules.filter((m) => m[0] === 'V ')).toHaveLength(16);
    expect(modules.filter((m) => m[0] === 'P ').map((m) => m[1])).toEqual([
      'CustOrderHist',
      'CustOrdersDetail',
      'CustOrdersOrders',
      'Employee Sales by Country',
      'Sales by Year',
      'SalesByCategory',
      'Ten Most Expensive Products',
    ]);
    for (const m of modules) expect(String(m[2])).toMatch(/^create (view|procedure)/i);
    const invoices = modules.find((m) => m[1] === 'Invoices')!;
    expect(
      String(invoices[2]).startsWith('create view Invoices AS\nSELECT Orders.ShipName, Orders.ShipAddress'),
    ).toBe(true);
    expect(await rows(s, `SELECT COUNT(*) FROM sys.views`)).toEqual([[16]]);
    expect(
      await rows(
        s,
        `SELECT p.name, TYPE_NAME(p.user_type_id), p.max_length FROM sys.parameters p WHERE p.object_id = OBJECT_ID('dbo.SalesByCategory') ORDER BY p.parameter_id`,
      ),
    ).toEqual([
      ['@CategoryName', 'nvarchar', 30],
      ['@OrdYear', 'nvarchar', 8],
    ]);
  });

  it('lists view columns in sys.columns with the types their SELECT gives', async () => {
    expect(
      await rows(
        s,
        `SELECT c.name, TYPE_NAME(c.user_type_id), c.max_length, c.is_nullable FROM sys.columns c WHERE c.object_id = OBJECT_ID('dbo.[Order Details Extended]') ORDER BY c.column_id`,
      ),
    ).toEqual([
      ['OrderID', 'int', 4, false],
      ['ProductID', 'int', 4, false],
      ['ProductName', 'nvarchar', 80, false],
      ['UnitPrice', 'money', 8, false],
      ['Quantity', 'smallint', 2, false],
      ['Discount', 'real', 4, false],
      ['ExtendedPrice', 'money', 8, true],
    ]);
  });

  it('offers the common INFORMATION_SCHEMA views', async () => {
    expect(
      await rows(s, `SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'`),
    ).toEqual([[13]]);
    expect(await rows(s, `SELECT COUNT(*) FROM INFORMATION_SCHEMA.VIEWS`)).toEqual([[16]]);
    expect(
      await rows(s, `SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_TYPE = 'PROCEDURE'`),
    ).toEqual([[7]]);
    expect(
      await rows(
        s,
        `
      SELECT tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.ORDINAL_POSITION FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
      JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
      WHERE tc.TABLE_NAME = 'Order Details' AND tc.CONSTRAINT_TYPE = 'PRIMARY KEY' ORDER BY k.ORDINAL_POSITION`,
      ),
    ).toEqual([
      ['PRIMARY KEY', 'OrderID', 1],
      ['PRIMARY KEY', 'ProductID', 2],
    ]);
    expect(
      await rows(
        s,
        `SELECT DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'Products' AND COLUMN_NAME = 'UnitPrice'`,
      ),
    ).toEqual([['money', null, 'YES', '((0))']]);
  });

  it('answers the server and database properties clients ask for', async () => {
    expect(
      await rows(
        s,
        `SELECT DB_NAME(), CAST(SERVERPROPERTY('EngineEdition') AS int), SCHEMA_NAME(1), OBJECT_SCHEMA_NAME(OBJECT_ID('dbo.Orders'))`,
      ),
    ).toEqual([['Northwind', 3, 'dbo', 'dbo']]);
    const [[name, state]] = await rows(
      s,
      `SELECT name, snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()`,
    );
    expect([name, state]).toEqual(['Northwind', 0]);
    expect(
      await rows(
        s,
        `SELECT name, type, type_desc FROM sys.objects WHERE name IN ('Orders', 'PK_Orders', 'FK_Orders_Customers', 'DF_Orders_Freight', 'CK_Quantity', 'Invoices', 'CustOrderHist') ORDER BY name`,
      ),
    ).toEqual([
      ['CK_Quantity', 'C ', 'CHECK_CONSTRAINT'],
      ['CustOrderHist', 'P ', 'SQL_STORED_PROCEDURE'],
      ['DF_Orders_Freight', 'D ', 'DEFAULT_CONSTRAINT'],
      ['FK_Orders_Customers', 'F ', 'FOREIGN_KEY_CONSTRAINT'],
      ['Invoices', 'V ', 'VIEW'],
      ['Orders', 'U ', 'USER_TABLE'],
      ['PK_Orders', 'PK', 'PRIMARY_KEY_CONSTRAINT'],
    ]);
  });
});
