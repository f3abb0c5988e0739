import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findAll, type Insert, type Statement } from '../src/index.js';
import { parseScript } from '../src/index.js';

// The expected figures below were counted by reading the scripts (and, for Northwind rows, are the
// row counts issue 4 states), not produced by the parser.

const corpusDir =
  process.env.FERRY_CORPUS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
const load = (file: string) => parseScript(readFileSync(join(corpusDir, file), 'utf8'));

function topLevelKinds(statements: Statement[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of statements) counts[s.kind] = (counts[s.kind] ?? 0) + 1;
  return counts;
}

function rowsPerTable(statements: Statement[]): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const insert of findAll(statements, 'Insert') as Insert[]) {
    if (typeof insert.target === 'string' || insert.source.kind !== 'Values') continue;
    const name = insert.target.name.name;
    rows[name] = (rows[name] ?? 0) + insert.source.rows.length;
  }
  return rows;
}

describe('Northwind (northwind-azure.sql)', () => {
  const script = load('northwind-azure.sql');
  const statements = script.batches.flatMap((b) => b.statements);

  it('parses every batch and counts each kind of top-level statement', () => {
    expect(topLevelKinds(statements)).toEqual({
      SetOption: 11, // SET NOCOUNT ON, SET DATEFORMAT mdy, 9 x set quoted_identifier on
      If: 40, // if exists (select * from sysobjects ...) drop ...
      CreateTable: 13,
      CreateIndex: 26,
      CreateView: 16,
      CreateProcedure: 7,
      SetIdentityInsert: 12, // on + off for Categories, Employees, Orders, Products, Shippers, Suppliers
      AlterTable: 26, // 8 tables x NOCHECK/CHECK CONSTRAINT ALL + 10 ADD CONSTRAINT
      Insert: 3308,
    });
  });

  it('inserts the rows issue 4 lists for each table', () => {
    expect(rowsPerTable(statements)).toEqual({
      'Order Details': 2155,
      Orders: 830,
      Customers: 91,
      Products: 77,
      Territories: 53,
      EmployeeTerritories: 49,
      Suppliers: 29,
      Employees: 9,
      Categories: 8,
      Region: 4,
      Shippers: 3,
    });
  });

  it('parses the body of every view and procedure', () => {
    const modules = statements.filter((s) => s.kind === 'CreateView' || s.kind === 'CreateProcedure');
    expect(modules.filter((m) => m.body === null).map((m) => m.name.name.name)).toEqual([]);
    expect(
      findAll(statements, 'CreateView')
        .map((v) => v.name.name.name)
        .sort(),
    ).toEqual([
      // code-unit order
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
      'Sales Totals by Amount',
      'Sales by Category',
      'Summary of Sales by Quarter',
      'Summary of Sales by Year',
    ]);
    const procedures = Object.fromEntries(
      findAll(statements, 'CreateProcedure').map((p) => [p.name.name.name, p.body?.map((s) => s.kind)]),
    );
    expect(procedures).toEqual({
      'Ten Most Expensive Products': ['SetOption', 'Select'],
      'Employee Sales by Country': ['Select'],
      'Sales by Year': ['Select'],
      CustOrdersDetail: ['Select'],
      CustOrdersOrders: ['Select'],
      CustOrderHist: ['Select'],
      SalesByCategory: ['If', 'Select'],
    });
  });

  it('reads the ExtendedPrice expression of the Invoices view with SQL Server precedence', () => {
    const view = findAll(statements, 'CreateView').find((v) => v.name.name.name === 'Invoices')!;
    const column = findAll(view.body!, 'SelectColumn').find((c) => c.alias?.name === 'ExtendedPrice')!;
    // (CONVERT(money,("Order Details".UnitPrice*Quantity*(1-Discount)/100))*100)
    expect(column.expr).toMatchObject({
      kind: 'BinaryOp',
      op: '*',
      left: {
        kind: 'Convert',
        type: { name: 'money' },
        expr: {
          op: '/',
          left: {
            op: '*',
            left: {
              op: '*',
              left: { column: { name: 'UnitPrice' }, table: { name: { name: 'Order Details' } } },
              right: { column: { name: 'Quantity' } },
            },
            right: { op: '-', left: { text: '1' }, right: { column: { name: 'Discount' } } },
          },
          right: { text: '100' },
        },
      },
      right: { text: '100' },
    });
  });

  it('reads the constraints of Order Details', () => {
    const table = findAll(statements, 'CreateTable').find((t) => t.name.name.name === 'Order Details')!;
    expect(table.columns.map((c) => c.name.name)).toEqual([
      'OrderID',
      'ProductID',
      'UnitPrice',
      'Quantity',
      'Discount',
    ]);
    expect(table.constraints.map((c) => `${c.kind}:${c.name?.name}`)).toEqual([
      'PrimaryKey:PK_Order_Details',
      'ForeignKey:FK_Order_Details_Orders',
      'ForeignKey:FK_Order_Details_Products',
      'Check:CK_Discount',
      'Check:CK_Quantity',
      'Check:CK_UnitPrice',
    ]);
    expect(table.constraints[3]).toMatchObject({ text: 'Discount >= 0 and (Discount <= 1)' });
    expect(table.columns.map((c) => c.default?.text ?? null)).toEqual([null, null, '(0)', '(1)', '(0)']);
  });
});

describe('pubs (pubs.sql)', () => {
  const script = load('pubs.sql');
  const statements = script.batches.flatMap((b) => b.statements);

  it('parses every batch and counts each kind of top-level statement', () => {
    expect(topLevelKinds(statements)).toEqual({
      SetOption: 3, // SET NOCOUNT ON, set nocount on, set dateformat mdy
      Use: 3, // USE master, USE pubs, USE master
      Declare: 2,
      Select: 2, // select @dttm = convert(...) at the beginning and the end
      Raiserror: 19, // the top-level progress messages
      If: 3,
      Checkpoint: 4,
      CreateDatabase: 1,
      Execute: 3, // execute sp_addtype x 3
      CreateTable: 11,
      CreateTrigger: 1,
      Insert: 255,
      CreateIndex: 7,
      CreateView: 1,
      CreateProcedure: 4,
      UpdateStatistics: 11,
    });
  });

  it('inserts the rows of each table', () => {
    expect(rowsPerTable(statements)).toEqual({
      authors: 23,
      publishers: 8,
      pub_info: 8,
      titles: 18,
      titleauthor: 25,
      stores: 6,
      sales: 21,
      roysched: 86,
      discounts: 3,
      jobs: 14,
      employee: 43,
    });
  });

  it('parses the trigger, view and procedure bodies', () => {
    const modules = statements.filter(
      (s) => s.kind === 'CreateView' || s.kind === 'CreateProcedure' || s.kind === 'CreateTrigger',
    );
    expect(
      modules.map((m) => [
        m.name.name.name,
        m.body === null ? null : m.kind === 'CreateView' ? 'Select' : m.body.map((s) => s.kind).join(','),
      ]),
    ).toEqual([
      ['employee_insupd', 'Declare,Select,If'],
      ['titleview', 'Select'],
      ['byroyalty', 'Select'],
      ['reptq1', 'Select'],
      ['reptq2', 'Select'],
      ['reptq3', 'Select'],
    ]);
  });

  it('reads the user types declared with sp_addtype and the columns that use them', () => {
    const addtypes = findAll(statements, 'Execute').filter(
      (e) => typeof e.procedure !== 'string' && e.procedure.name.name === 'sp_addtype',
    );
    expect(
      addtypes.map((e) => e.args.map((a) => (a.value.kind === 'StringLiteral' ? a.value.value : '?'))),
    ).toEqual([
      ['id', 'varchar(11)', 'NOT NULL'],
      ['tid', 'varchar(6)', 'NOT NULL'],
      ['empid', 'char(9)', 'NOT NULL'],
    ]);
    const authors = findAll(statements, 'CreateTable').find((t) => t.name.name.name === 'authors')!;
    expect(authors.columns[0]).toMatchObject({
      name: { name: 'au_id' },
      dataType: { name: 'id' },
      constraints: [
        { kind: 'Check' },
        { kind: 'PrimaryKey', name: { name: 'UPKCL_auidind' }, clustered: true },
      ],
    });
  });

  it('keeps money literals exact in the titles inserts', () => {
    const titles = findAll(statements, 'Insert').filter(
      (i) => typeof i.target !== 'string' && i.target.name.name === 'titles',
    );
    const first = titles[0].source;
    expect(
      first.kind === 'Values' &&
        first.rows[0]
          .filter((v) => v.kind === 'NumberLiteral' && v.numberKind === 'money')
          .map((v) => (v.kind === 'NumberLiteral' ? v.text : '')),
    ).toEqual(['20.00', '8000.00']);
  });
});
