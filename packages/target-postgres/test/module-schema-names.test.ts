// Unqualified names in a module's code resolve as SQL Server resolves them: the module's own schema
// first (a trigger's is its table's), then dbo. A procedure of Sales reading `Orders` reads
// Sales.Orders when there is one, dbo.Orders otherwise.

import { describe, expect, it } from 'vitest';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { col, model, routine, table } from './fixtures.js';

const int = { kind: 'int32' } as const;
const m = model(
  [
    table('dbo', 'orders', [col('order_id', int)]),
    table('sales', 'orders', [col('order_id', int), col('amount', int)]),
    table('dbo', 'customers', [col('customer_id', int)]),
  ],
  {
    routines: [
      routine('dbo', 'helper', 'procedure', 'CREATE PROCEDURE dbo.Helper AS SELECT 1 AS one'),
      routine('sales', 'helper', 'procedure', 'CREATE PROCEDURE Sales.Helper AS SELECT 2 AS two'),
      routine('dbo', 'audit', 'procedure', 'CREATE PROCEDURE dbo.Audit AS SELECT 3 AS three'),
      routine(
        'sales',
        'big_orders',
        'inline-table-function',
        'CREATE FUNCTION Sales.BigOrders() RETURNS TABLE AS RETURN SELECT order_id, amount FROM Sales.Orders WHERE amount > 10',
      ),
      routine(
        'sales',
        'big_orders_of',
        'inline-table-function',
        'CREATE FUNCTION Sales.BigOrdersOf(@min int) RETURNS TABLE AS RETURN SELECT order_id, amount FROM Orders WHERE amount > @min',
      ),
    ],
  },
);
const names = namesFromModel(m);
const convert = (tsql: string) =>
  convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, names).statements.join('\n');

describe('unqualified names in a module', () => {
  it("read the module schema's table when it has one, else dbo's", () => {
    const sql = convert(
      'CREATE PROCEDURE Sales.Totals AS SELECT SUM(o.Amount) AS total FROM Orders o CROSS JOIN Customers c',
    );
    expect(sql).toContain('FROM sales.orders AS o');
    expect(sql).toContain('CROSS JOIN dbo.customers AS c');
  });

  it("call the module schema's procedure when it has one, else dbo's", () => {
    const sql = convert('CREATE PROCEDURE Sales.Run AS BEGIN EXEC Helper; EXEC Audit END');
    expect(sql).toMatch(/sales\.helper\(/);
    expect(sql).toMatch(/dbo\.audit\(/);
    expect(sql).not.toMatch(/dbo\.helper\(/);
  });

  it("read the module schema's table-valued function, its columns known", () => {
    const sql = convert('CREATE VIEW Sales.Big AS SELECT * FROM BigOrders()');
    expect(sql).toContain('sales.big_orders()');
    expect(sql).toMatch(/SELECT \S*order_id, \S*amount/);
  });

  it("in a trigger, are looked up in its table's schema", () => {
    const sql = convert(
      'CREATE TRIGGER TrOrders ON Sales.Orders AFTER INSERT AS UPDATE Orders SET Amount = 0 WHERE Amount IS NULL',
    );
    expect(sql).toContain('UPDATE sales.orders');
  });

  it("in a table-valued function read by a module of another schema, are the function's schema's", () => {
    // BigOrdersOf reads `Orders` unqualified: Sales.Orders (with Amount) for a Sales function, whoever reads it.
    const sql = convert('CREATE VIEW dbo.Big AS SELECT * FROM Sales.BigOrdersOf(10)');
    expect(sql).toMatch(/SELECT \S*order_id, \S*amount FROM sales\.big_orders_of\(10\)/);
  });

  it('in dbo, or with a schema, are as before', () => {
    expect(convert('CREATE PROCEDURE dbo.Run AS EXEC Helper')).toMatch(/dbo\.helper\(/);
    expect(convert('CREATE PROCEDURE Sales.Run2 AS SELECT order_id FROM dbo.Orders')).toContain(
      'FROM dbo.orders',
    );
  });
});

describe("the resolver's memo", () => {
  it('computes a key once, for the resolver and those within a schema', () => {
    const fresh = namesFromModel(m);
    let computed = 0;
    const compute = () => ++computed;
    expect(fresh.memo!('k', compute)).toBe(1);
    expect(fresh.memo!('k', compute)).toBe(1);
    expect(fresh.within!('Sales').memo!('k', compute)).toBe(1);
    expect(fresh.memo!('other', compute)).toBe(2);
    expect(computed).toBe(2);
  });
});
