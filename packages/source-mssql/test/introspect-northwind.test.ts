// Introspection of the Northwind sample (shared corpus) loaded into the emulator. Every expected
// value below is written by hand from northwind-azure.sql and SQL Server's documented catalog forms.

import type { SchemaModel, Table } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsqlStatement } from '@ferry/tsql';
import { corpusScript, startEmulatedSource, type EmulatedSource } from './emulator-source.js';

type Col = [name: string, nativeType: string, nullable: boolean];
const nv = (n: number) => `nvarchar(${n})`;

const columns: Record<string, Col[]> = {
  Categories: [
    ['CategoryID', 'int', false],
    ['CategoryName', nv(15), false],
    ['Description', 'ntext', true],
    ['Picture', 'image', true],
  ],
  CustomerCustomerDemo: [
    ['CustomerID', 'nchar(5)', false],
    ['CustomerTypeID', 'nchar(10)', false],
  ],
  CustomerDemographics: [
    ['CustomerTypeID', 'nchar(10)', false],
    ['CustomerDesc', 'ntext', true],
  ],
  Customers: [
    ['CustomerID', 'nchar(5)', false],
    ['CompanyName', nv(40), false],
    ['ContactName', nv(30), true],
    ['ContactTitle', nv(30), true],
    ['Address', nv(60), true],
    ['City', nv(15), true],
    ['Region', nv(15), true],
    ['PostalCode', nv(10), true],
    ['Country', nv(15), true],
    ['Phone', nv(24), true],
    ['Fax', nv(24), true],
  ],
  Employees: [
    ['EmployeeID', 'int', false],
    ['LastName', nv(20), false],
    ['FirstName', nv(10), false],
    ['Title', nv(30), true],
    ['TitleOfCourtesy', nv(25), true],
    ['BirthDate', 'datetime', true],
    ['HireDate', 'datetime', true],
    ['Address', nv(60), true],
    ['City', nv(15), true],
    ['Region', nv(15), true],
    ['PostalCode', nv(10), true],
    ['Country', nv(15), true],
    ['HomePhone', nv(24), true],
    ['Extension', nv(4), true],
    ['Photo', 'image', true],
    ['Notes', 'ntext', true],
    ['ReportsTo', 'int', true],
    ['PhotoPath', nv(255), true],
  ],
  EmployeeTerritories: [
    ['EmployeeID', 'int', false],
    ['TerritoryID', nv(20), false],
  ],
  'Order Details': [
    ['OrderID', 'int', false],
    ['ProductID', 'int', false],
    ['UnitPrice', 'money', false],
    ['Quantity', 'smallint', false],
    ['Discount', 'real', false],
  ],
  Orders: [
    ['OrderID', 'int', false],
    ['CustomerID', 'nchar(5)', true],
    ['EmployeeID', 'int', true],
    ['OrderDate', 'datetime', true],
    ['RequiredDate', 'datetime', true],
    ['ShippedDate', 'datetime', true],
    ['ShipVia', 'int', true],
    ['Freight', 'money', true],
    ['ShipName', nv(40), true],
    ['ShipAddress', nv(60), true],
    ['ShipCity', nv(15), true],
    ['ShipRegion', nv(15), true],
    ['ShipPostalCode', nv(10), true],
    ['ShipCountry', nv(15), true],
  ],
  Products: [
    ['ProductID', 'int', false],
    ['ProductName', nv(40), false],
    ['SupplierID', 'int', true],
    ['CategoryID', 'int', true],
    ['QuantityPerUnit', nv(20), true],
    ['UnitPrice', 'money', true],
    ['UnitsInStock', 'smallint', true],
    ['UnitsOnOrder', 'smallint', true],
    ['ReorderLevel', 'smallint', true],
    ['Discontinued', 'bit', false],
  ],
  Region: [
    ['RegionID', 'int', false],
    ['RegionDescription', 'nchar(50)', false],
  ],
  Shippers: [
    ['ShipperID', 'int', false],
    ['CompanyName', nv(40), false],
    ['Phone', nv(24), true],
  ],
  Suppliers: [
    ['SupplierID', 'int', false],
    ['CompanyName', nv(40), false],
    ['ContactName', nv(30), true],
    ['ContactTitle', nv(30), true],
    ['Address', nv(60), true],
    ['City', nv(15), true],
    ['Region', nv(15), true],
    ['PostalCode', nv(10), true],
    ['Country', nv(15), true],
    ['Phone', nv(24), true],
    ['Fax', nv(24), true],
    ['HomePage', 'ntext', true],
  ],
  Territories: [
    ['TerritoryID', nv(20), false],
    ['TerritoryDescription', 'nchar(50)', false],
    ['RegionID', 'int', false],
  ],
};

const primaryKeys: Record<string, [string, string[], boolean]> = {
  Categories: ['PK_Categories', ['CategoryID'], true],
  CustomerCustomerDemo: ['PK_CustomerCustomerDemo', ['CustomerID', 'CustomerTypeID'], false],
  CustomerDemographics: ['PK_CustomerDemographics', ['CustomerTypeID'], false],
  Customers: ['PK_Customers', ['CustomerID'], true],
  Employees: ['PK_Employees', ['EmployeeID'], true],
  EmployeeTerritories: ['PK_EmployeeTerritories', ['EmployeeID', 'TerritoryID'], false],
  'Order Details': ['PK_Order_Details', ['OrderID', 'ProductID'], true],
  Orders: ['PK_Orders', ['OrderID'], true],
  Products: ['PK_Products', ['ProductID'], true],
  Region: ['PK_Region', ['RegionID'], false],
  Shippers: ['PK_Shippers', ['ShipperID'], true],
  Suppliers: ['PK_Suppliers', ['SupplierID'], true],
  Territories: ['PK_Territories', ['TerritoryID'], false],
};

// [table, name, columns, referenced table, referenced columns, not trusted (re-enabled by CHECK CONSTRAINT ALL without WITH CHECK)]
const foreignKeys: Array<[string, string, string[], string, string[], boolean]> = [
  [
    'CustomerCustomerDemo',
    'FK_CustomerCustomerDemo',
    ['CustomerTypeID'],
    'CustomerDemographics',
    ['CustomerTypeID'],
    false,
  ],
  [
    'CustomerCustomerDemo',
    'FK_CustomerCustomerDemo_Customers',
    ['CustomerID'],
    'Customers',
    ['CustomerID'],
    false,
  ],
  ['Employees', 'FK_Employees_Employees', ['ReportsTo'], 'Employees', ['EmployeeID'], true],
  [
    'EmployeeTerritories',
    'FK_EmployeeTerritories_Employees',
    ['EmployeeID'],
    'Employees',
    ['EmployeeID'],
    false,
  ],
  [
    'EmployeeTerritories',
    'FK_EmployeeTerritories_Territories',
    ['TerritoryID'],
    'Territories',
    ['TerritoryID'],
    false,
  ],
  ['Order Details', 'FK_Order_Details_Orders', ['OrderID'], 'Orders', ['OrderID'], true],
  ['Order Details', 'FK_Order_Details_Products', ['ProductID'], 'Products', ['ProductID'], true],
  ['Orders', 'FK_Orders_Customers', ['CustomerID'], 'Customers', ['CustomerID'], true],
  ['Orders', 'FK_Orders_Employees', ['EmployeeID'], 'Employees', ['EmployeeID'], true],
  ['Orders', 'FK_Orders_Shippers', ['ShipVia'], 'Shippers', ['ShipperID'], true],
  ['Products', 'FK_Products_Categories', ['CategoryID'], 'Categories', ['CategoryID'], true],
  ['Products', 'FK_Products_Suppliers', ['SupplierID'], 'Suppliers', ['SupplierID'], true],
  ['Territories', 'FK_Territories_Region', ['RegionID'], 'Region', ['RegionID'], false],
];

const indexes: Record<string, Array<[string, string]>> = {
  Categories: [['CategoryName', 'CategoryName']],
  Customers: [
    ['City', 'City'],
    ['CompanyName', 'CompanyName'],
    ['PostalCode', 'PostalCode'],
    ['Region', 'Region'],
  ],
  Employees: [
    ['LastName', 'LastName'],
    ['PostalCode', 'PostalCode'],
  ],
  'Order Details': [
    ['OrderID', 'OrderID'],
    ['OrdersOrder_Details', 'OrderID'],
    ['ProductID', 'ProductID'],
    ['ProductsOrder_Details', 'ProductID'],
  ],
  Orders: [
    ['CustomerID', 'CustomerID'],
    ['CustomersOrders', 'CustomerID'],
    ['EmployeeID', 'EmployeeID'],
    ['EmployeesOrders', 'EmployeeID'],
    ['OrderDate', 'OrderDate'],
    ['ShipPostalCode', 'ShipPostalCode'],
    ['ShippedDate', 'ShippedDate'],
    ['ShippersOrders', 'ShipVia'],
  ],
  Products: [
    ['CategoriesProducts', 'CategoryID'],
    ['CategoryID', 'CategoryID'],
    ['ProductName', 'ProductName'],
    ['SupplierID', 'SupplierID'],
    ['SuppliersProducts', 'SupplierID'],
  ],
  Suppliers: [
    ['CompanyName', 'CompanyName'],
    ['PostalCode', 'PostalCode'],
  ],
};

const views = [
  'Alphabetical list of products',
  'Category Sales for 1997',
  'Current Product List',
  'Customer and Suppliers by City',
  'Invoices',
  'Order Details Extended',
  'Order Subtotals',
  'Orders Qry',
  'Product Sales for 1997',
  'Products Above Average Price',
  'Products by Category',
  'Quarterly Orders',
  'Sales by Category',
  'Sales Totals by Amount',
  'Summary of Sales by Quarter',
  'Summary of Sales by Year',
];
const procedures = [
  'CustOrderHist',
  'CustOrdersDetail',
  'CustOrdersOrders',
  'Employee Sales by Country',
  'Sales by Year',
  'SalesByCategory',
  'Ten Most Expensive Products',
];

describe('Northwind introspection', () => {
  let env: EmulatedSource;
  let model: SchemaModel;
  const table = (name: string): Table => model.tables.find((t) => t.schema === 'dbo' && t.name === name)!;

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [corpusScript('northwind-azure.sql')] });
    model = (await env.source.introspect()).model;
  });
  afterAll(() => env?.close());

  it('finds the 13 tables in schema dbo', () => {
    expect(model.tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual(
      Object.keys(columns)
        .map((n) => `dbo.${n}`)
        .sort(),
    );
    expect(model.schemas).toContain('dbo');
  });

  it.each(Object.keys(columns))(
    'describes the columns of %s in order with native types and nullability',
    (name) => {
      expect(table(name).columns.map((c) => [c.name, c.nativeType, c.nullable])).toEqual(columns[name]);
    },
  );

  it('keeps identities, defaults in SQL Server form, and Unicode logical types', () => {
    const orders = table('Orders');
    expect(orders.columns[0]!.identity).toEqual({ seed: '1', increment: '1' });
    expect(orders.columns.find((c) => c.name === 'Freight')!.default?.source).toBe('((0))');
    expect(table('Order Details').columns.find((c) => c.name === 'Quantity')!.default?.source).toBe('((1))');
    expect(table('Order Details').columns[0]!.identity).toBeUndefined();
    expect(table('Customers').columns[0]!.type).toMatchObject({
      kind: 'text',
      length: 5,
      unicode: true,
      fixed: true,
    });
    expect(table('Products').columns.find((c) => c.name === 'Discontinued')!.type).toEqual({ kind: 'bool' });
  });

  it.each(Object.keys(primaryKeys))('has the primary key of %s', (name) => {
    const [pk, cols, clustered] = primaryKeys[name]!;
    expect(table(name).primaryKey).toEqual({ name: pk, columns: cols, clustered });
  });

  it('has all 13 foreign keys with their columns, targets and trust state', () => {
    const found = model.tables
      .flatMap((t) =>
        t.foreignKeys.map((fk) => [
          t.name,
          fk.name,
          fk.columns,
          fk.references.name,
          fk.references.columns,
          fk.notTrusted === true,
          fk.onDelete,
          fk.onUpdate,
        ]),
      )
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(found).toEqual(
      foreignKeys
        .map((f) => [...f, 'no action', 'no action'])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
  });

  it.each(Object.keys(indexes))('has the nonclustered indexes of %s', (name) => {
    const found = table(name).indexes.map((i) => [
      i.name,
      i.columns.map((c) => c.name).join(','),
      i.unique,
      i.clustered,
    ]);
    expect(found.sort()).toEqual(indexes[name]!.map(([n, c]) => [n, c, false, false]).sort());
  });

  it('has the check constraints in SQL Server normalised form', () => {
    const checks = (name: string) => table(name).checks.map((c) => [c.name, c.expression.source]);
    expect(checks('Employees')).toEqual([['CK_Birthdate', '([BirthDate]<getdate())']]);
    expect(checks('Order Details')).toEqual([
      ['CK_Discount', '([Discount]>=(0) AND [Discount]<=(1))'],
      ['CK_Quantity', '([Quantity]>(0))'],
      ['CK_UnitPrice', '([UnitPrice]>=(0))'],
    ]);
    expect(checks('Products').map((c) => c[0])).toEqual([
      'CK_Products_UnitPrice',
      'CK_ReorderLevel',
      'CK_UnitsInStock',
      'CK_UnitsOnOrder',
    ]);
  });

  it('has the 16 views with their original text', () => {
    expect(model.views.map((v) => v.name).sort()).toEqual([...views].sort());
    for (const v of model.views) {
      expect(v.dialect).toBe('tsql');
      expect(v.definition.trim().toLowerCase()).toMatch(/^create view /);
    }
    const current = model.views.find((v) => v.name === 'Current Product List')!;
    expect(current.definition.trim()).toBe(
      [
        'create view "Current Product List" AS',
        'SELECT Product_List.ProductID, Product_List.ProductName',
        'FROM Products AS Product_List',
        'WHERE (((Product_List.Discontinued)=0))',
        '--ORDER BY Product_List.ProductName',
      ].join('\n'),
    );
  });

  it('has the 7 procedures with their original text', () => {
    expect(
      model.routines
        .filter((r) => r.kind === 'procedure')
        .map((r) => r.name)
        .sort(),
    ).toEqual([...procedures].sort());
    const ten = model.routines.find((r) => r.name === 'Ten Most Expensive Products')!;
    expect(ten.definition.trim()).toBe(
      [
        'create procedure "Ten Most Expensive Products" AS',
        'SET ROWCOUNT 10',
        'SELECT Products.ProductName AS TenMostExpensiveProducts, Products.UnitPrice',
        'FROM Products',
        'ORDER BY Products.UnitPrice DESC',
      ].join('\n'),
    );
    const hist = model.routines.find((r) => r.name === 'CustOrderHist')!;
    expect(hist.definition).toContain('SELECT ProductName, Total=SUM(Quantity)');
  });

  it('keeps the parsed CREATE statement of every view and procedure for the converter', () => {
    for (const v of model.views) expect(tsqlStatement(v)?.kind, v.name).toBe('CreateView');
    for (const r of model.routines) expect(tsqlStatement(r)?.kind, r.name).toBe('CreateProcedure');
  });

  it('knows which views a view reads, for creating them in dependency order', () => {
    const deps = (name: string) => model.views.find((v) => v.name === name)!.dependsOn;
    expect(deps('Category Sales for 1997')).toEqual([{ schema: 'dbo', name: 'Product Sales for 1997' }]);
    expect(deps('Sales by Category')).toEqual([{ schema: 'dbo', name: 'Order Details Extended' }]);
    expect(deps('Current Product List')).toBeUndefined();
  });

  it('estimates row counts from sys.partitions', () => {
    expect(table('Order Details').rowEstimate).toBe(2155);
    expect(table('Orders').rowEstimate).toBe(830);
    expect(table('CustomerDemographics').rowEstimate).toBe(0);
  });

  it('describes only the objects the include filter lets through', async () => {
    const only = await env.source.introspect({
      include: (o) => o.name === 'Orders' || o.name === 'Invoices',
    });
    expect(only.model.tables.map((t) => t.name)).toEqual(['Orders']);
    expect(only.model.views.map((v) => v.name)).toEqual(['Invoices']);
    expect(only.model.routines).toEqual([]);
  });
});
