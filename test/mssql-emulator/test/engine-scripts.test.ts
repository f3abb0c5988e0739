import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type EmulatorEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { corpus, rows, run } from './engine-helpers.js';

describe('loading the sample scripts', () => {
  let engine: EmulatorEngine;
  let nw: EngineSession;
  let pubs: EngineSession;
  beforeAll(async () => {
    engine = await createEngine({
      scripts: [corpus('northwind-azure.sql'), corpus('pubs.sql')],
      database: 'Northwind',
    });
    nw = engine.openSession({ user: 'sa', database: 'Northwind' });
    pubs = engine.openSession({ user: 'sa', database: 'pubs' });
  });

  it('loads Northwind with the documented row counts', async () => {
    const counts = Object.fromEntries(
      (
        await rows(
          nw,
          `SELECT t.name, p.rows FROM sys.tables AS t JOIN sys.partitions AS p ON p.object_id = t.object_id AND p.index_id IN (0, 1)`,
        )
      ).map((r) => [r[0], Number(r[1])]),
    );
    expect(counts).toEqual({
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
      CustomerCustomerDemo: 0,
      CustomerDemographics: 0,
    });
    expect(await rows(nw, 'SELECT COUNT_BIG(*) FROM [dbo].[Order Details]')).toEqual([[2155n]]);
  });

  it('loads pubs with every table, its rows, user types, procedures and triggers', async () => {
    // Row counts read from pubs.sql: one INSERT statement per row.
    const counts = Object.fromEntries(
      (
        await rows(
          pubs,
          `SELECT t.name, SUM(p.rows) FROM sys.tables t JOIN sys.partitions p ON p.object_id = t.object_id WHERE p.index_id < 2 GROUP BY t.name`,
        )
      ).map((r) => [r[0], Number(r[1])]),
    );
    expect(counts).toEqual({
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
    expect(
      await rows(
        pubs,
        `SELECT name, max_length, is_nullable FROM sys.types WHERE is_user_defined = 1 ORDER BY name`,
      ),
    ).toEqual([
      ['empid', 9, false],
      ['id', 11, false],
      ['tid', 6, false],
    ]);
    expect(await rows(pubs, `SELECT name FROM sys.procedures ORDER BY name`)).toEqual([
      ['byroyalty'],
      ['reptq1'],
      ['reptq2'],
      ['reptq3'],
    ]);
    expect(
      await rows(
        pubs,
        `SELECT t.name, e.type_desc FROM sys.triggers t JOIN sys.trigger_events e ON e.object_id = t.object_id ORDER BY e.type`,
      ),
    ).toEqual([
      ['employee_insupd', 'INSERT'],
      ['employee_insupd', 'UPDATE'],
    ]);
  });

  it('stores values as the scripts wrote them: dates under DATEFORMAT mdy, money, defaults, bit from 3', async () => {
    expect(await rows(nw, `SELECT OrderDate, Freight, ShipRegion FROM Orders WHERE OrderID = 10248`)).toEqual(
      [['1996-07-04 00:00:00.000', '32.3800', null]],
    );
    expect(await rows(pubs, `SELECT price, pubdate FROM titles WHERE title_id = 'PC8888'`)).toEqual([
      ['20.0000', '1994-06-12 00:00:00.000'],
    ]);
    // MC3026 was inserted without type or pubdate: the defaults apply.
    const [[type, pubdate]] = await rows(pubs, `SELECT type, pubdate FROM titles WHERE title_id = 'MC3026'`);
    expect(type).toBe('UNDECIDED   ');
    expect(String(pubdate).slice(0, 4)).toBe(String(new Date().getFullYear()));
    expect(await rows(pubs, `SELECT contract FROM authors WHERE au_id = '472-27-2349'`)).toEqual([[true]]);
    expect(await rows(nw, `SELECT RegionDescription FROM Region WHERE RegionID = 1`)).toEqual([
      ['Eastern'.padEnd(50, ' ')],
    ]);
  });

  it('queries views (their stored SELECT) and runs procedures, with old-style comma joins', async () => {
    // Counts known from Microsoft's Northwind sample.
    expect(await rows(nw, `SELECT COUNT(*) FROM [Products Above Average Price]`)).toEqual([[25]]);
    expect(await rows(nw, `SELECT COUNT(*) FROM [Quarterly Orders]`)).toEqual([[86]]);
    expect(await rows(nw, `SELECT COUNT(*) FROM [Summary of Sales by Year]`)).toEqual([[809]]);
    const hist = await run(nw, `EXEC CustOrderHist 'ALFKI'`);
    expect(hist.errors).toEqual([]);
    expect(hist.sets[0].rows.map((r) => `${String(r[0])}=${String(r[1])}`).sort()).toEqual([
      'Aniseed Syrup=6',
      'Chartreuse verte=21',
      'Escargots de Bourgogne=40',
      'Flotemysost=20',
      "Grandma's Boysenberry Spread=16",
      'Lakkalikööri=15',
      'Original Frankfurter grüne Soße=2',
      'Raclette Courdavault=15',
      'Rössle Sauerkraut=17',
      'Spegesild=2',
      'Vegie-spread=20',
    ]);
    // SET ROWCOUNT inside a procedure limits its result and reverts when it returns.
    const top = await run(nw, `EXEC [Ten Most Expensive Products]; SELECT COUNT(*) FROM Products`);
    expect(top.sets[0].rows).toHaveLength(10);
    expect(top.sets[0].rows[0]).toEqual(['Côte de Blaye', '263.5000']);
    expect(top.sets[1].rows[0][0]).toBeGreaterThan(10);
  });

  it('continues identity values after the largest explicit value', async () => {
    const r = await run(
      nw,
      `INSERT INTO Shippers (CompanyName) VALUES (N'Ferry Freight'); SELECT SCOPE_IDENTITY(), @@IDENTITY, IDENT_CURRENT('dbo.Shippers')`,
    );
    expect(r.errors).toEqual([]);
    expect(r.sets[0].rows).toEqual([['4', '4', '4']]);
    expect(
      await rows(
        nw,
        `SELECT CAST(last_value AS int) FROM sys.identity_columns WHERE object_id = OBJECT_ID('dbo.Shippers')`,
      ),
    ).toEqual([[4]]);
  });

  it('applies defaults and enforces checks, keys, foreign keys and NOT NULL with SQL Server errors', async () => {
    await run(nw, `INSERT INTO Products (ProductName) VALUES ('Ferry Tea')`);
    expect(
      await rows(
        nw,
        `SELECT UnitPrice, UnitsInStock, Discontinued FROM Products WHERE ProductName = 'Ferry Tea'`,
      ),
    ).toEqual([['0.0000', 0, false]]);
    const bad = await run(nw, `INSERT INTO Products (ProductName, UnitPrice) VALUES ('x', -1)`);
    expect(bad.errors[0].number).toBe(547);
    expect(bad.errors[0].message).toContain('CHECK constraint "CK_Products_UnitPrice"');
    const dup = await run(nw, `INSERT INTO Region VALUES (1, 'Again')`);
    expect(dup.errors[0]).toEqual({
      number: 2627,
      message:
        "Violation of PRIMARY KEY constraint 'PK_Region'. Cannot insert duplicate key in object 'dbo.Region'. The duplicate key value is (1).",
    });
    const fk = await run(
      nw,
      `INSERT INTO [Order Details] (OrderID, ProductID, UnitPrice, Quantity, Discount) VALUES (1, 1, 1, 1, 0)`,
    );
    expect(fk.errors[0]).toEqual({
      number: 547,
      message:
        'The INSERT statement conflicted with the FOREIGN KEY constraint "FK_Order_Details_Orders". The conflict occurred in database "Northwind", table "dbo.Orders", column \'OrderID\'.',
    });
    const nn = await run(nw, `INSERT INTO Region (RegionID) VALUES (9)`);
    expect(nn.errors[0].number).toBe(515);
  });

  it('evaluates computed columns on insert', async () => {
    await run(
      nw,
      `CREATE TABLE dbo.Lines (Qty int NOT NULL, Price money NOT NULL, Total AS (Qty * Price) PERSISTED)`,
    );
    await run(nw, `INSERT INTO dbo.Lines (Qty, Price) VALUES (3, 2.5)`);
    expect(await rows(nw, `SELECT Total FROM dbo.Lines`)).toEqual([['7.5000']]);
    expect(
      await rows(
        nw,
        `SELECT definition, is_persisted FROM sys.computed_columns WHERE object_id = OBJECT_ID('dbo.Lines')`,
      ),
    ).toEqual([['([Qty]*[Price])', true]]);
  });
});
