// Northwind's 16 views and 7 procedures convert, apply to embedded PostgreSQL on top of the tables
// planned from the target model, and return the results derived by hand from a few rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parse } from 'libpg-query';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { loadCorpus } from './corpus-model.js';
import { newTarget, type TestTarget } from './fixtures.js';

const { model, modules } = loadCorpus('northwind-azure.sql');
const names = namesFromModel(model);
const converted = modules.map((m) => ({ module: m, ...convertModule(m, names) }));
const views = converted.filter((c) => c.module.statement.kind === 'CreateView');
const procedures = converted.filter((c) => c.module.statement.kind === 'CreateProcedure');

let t: TestTarget;

/** Calls a converted procedure (a function returning refcursors) and fetches its first result set. */
async function resultSet(call: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const cursors = await client.query(`SELECT * FROM ${call} AS c(name)`);
    const rows = (await client.query(`FETCH ALL FROM "${cursors.rows[0].name}"`)).rows;
    await client.query('COMMIT');
    return rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await newTarget();
  await t.migrate(model);
  await t.query(`
    INSERT INTO dbo.categories (category_id, category_name) VALUES (1, 'Beverages'), (2, 'Condiments');
    INSERT INTO dbo.suppliers (supplier_id, company_name, city) VALUES (1, 'Exotic Liquids', 'London');
    INSERT INTO dbo.customers (customer_id, company_name, city, country) VALUES ('ALFKI', 'Alfreds Futterkiste', 'Berlin', 'Germany'), ('BONAP', 'Bon app''', 'Marseille', 'France');
    INSERT INTO dbo.employees (employee_id, last_name, first_name, country) VALUES (1, 'Davolio', 'Nancy', 'USA');
    INSERT INTO dbo.shippers (shipper_id, company_name) VALUES (1, 'Speedy Express');
    INSERT INTO dbo.products (product_id, product_name, category_id, unit_price, discontinued)
      SELECT n, 'P' || n, CASE WHEN n % 2 = 0 THEN 1 ELSE 2 END, n * 10, n = 12 FROM generate_series(1, 12) AS n;
    INSERT INTO dbo.orders (order_id, customer_id, employee_id, order_date, shipped_date, ship_via, freight) VALUES
      (10248, 'ALFKI', 1, '1997-03-01', '1997-03-05', 1, 10),
      (10249, 'BONAP', 1, '1996-07-04', '1996-07-10', 1, 20),
      (10250, 'ALFKI', 1, '1997-12-31', '1998-01-02', 1, 5);
    INSERT INTO dbo.order_details (order_id, product_id, unit_price, quantity, discount) VALUES
      (10248, 2, 18, 10, 0),
      (10248, 3, 19, 5, 0.25),
      (10249, 2, 18, 1, 0),
      (10250, 4, 40, 2, 0.5);
  `);
  for (const c of [...views, ...procedures]) for (const s of c.statements) await t.query(s);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('Northwind modules', () => {
  it('converts all 16 views and 7 procedures without action items', () => {
    expect(views).toHaveLength(16);
    expect(procedures).toHaveLength(7);
    expect(
      converted.filter((c) => c.module.statement.kind !== 'CreateTable').flatMap((c) => c.actionItems),
    ).toEqual([]);
  });

  it('generates statements the PostgreSQL parser accepts', async () => {
    for (const c of [...views, ...procedures]) for (const s of c.statements) await parse(s);
  });

  it('Ten Most Expensive Products: SET ROWCOUNT 10 limits the result to the ten highest prices', async () => {
    const rows = await resultSet('dbo.ten_most_expensive_products()');
    expect(rows.map((r) => [r.ten_most_expensive_products, r.unit_price])).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((n) => [`P${n}`, `${n * 10}.0000`]),
    );
  });

  it('Sales by Category: 1997 orders only, extended price = price * qty * (1 - discount)', async () => {
    const rows = await t.query(
      'SELECT category_name, product_name, product_sales FROM dbo.sales_by_category ORDER BY product_name',
    );
    // 10248: P2 18*10 = 180.00, P3 19*5*0.75 = 71.25; 10250 (1997-12-31): P4 40*2*0.5 = 40.00; 10249 is 1996.
    expect(rows).toEqual([
      { category_name: 'Beverages', product_name: 'P2', product_sales: '180.0000' },
      { category_name: 'Condiments', product_name: 'P3', product_sales: '71.2500' },
      { category_name: 'Beverages', product_name: 'P4', product_sales: '40.0000' },
    ]);
  });

  it('Order Subtotals and Invoices', async () => {
    expect(await t.query('SELECT order_id, subtotal FROM dbo.order_subtotals ORDER BY order_id')).toEqual([
      { order_id: 10248, subtotal: '251.2500' },
      { order_id: 10249, subtotal: '18.0000' },
      { order_id: 10250, subtotal: '40.0000' },
    ]);
    const inv = await t.query(
      'SELECT salesperson, customer_name, shipper_name FROM dbo.invoices WHERE order_id = 10249',
    );
    expect(inv).toEqual([
      { salesperson: 'Nancy Davolio', customer_name: "Bon app'", shipper_name: 'Speedy Express' },
    ]);
  });

  it('Current Product List leaves out the discontinued product (bit = 0 -> boolean false)', async () => {
    const rows = await t.query('SELECT product_name FROM dbo.current_product_list ORDER BY product_id');
    expect(rows.map((r) => r.product_name)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      'P6',
      'P7',
      'P8',
      'P9',
      'P10',
      'P11',
    ]);
  });

  it('Sales by Year: shipped in the range, the year as text', async () => {
    const rows = await resultSet("dbo.sales_by_year('1997-01-01', '1997-12-31')");
    expect(rows.map((r) => [r.order_id, r.year, r.subtotal])).toEqual([[10248, '1997', '251.2500']]);
  });

  it('CustOrderHist: quantities per product for one customer', async () => {
    const rows = await resultSet("dbo.cust_order_hist('ALFKI')");
    expect(rows.sort((a, b) => String(a.product_name).localeCompare(String(b.product_name)))).toEqual([
      { product_name: 'P2', total: '10' },
      { product_name: 'P3', total: '5' },
      { product_name: 'P4', total: '2' },
    ]);
  });

  it('SalesByCategory: an unknown year falls back to 1998 (CONVERT style 111 gives yyyy/mm/dd)', async () => {
    // Beverages = even product ids; 1997 orders: 10248 (P2 18*10) and 10250 (P4 40*2*0.5).
    expect(await resultSet("dbo.sales_by_category('Beverages', '1997')")).toEqual([
      { product_name: 'P2', total_purchase: '180' },
      { product_name: 'P4', total_purchase: '40' },
    ]);
    expect(await resultSet("dbo.sales_by_category('Beverages', '2001')")).toEqual([]);
    expect(await resultSet("dbo.sales_by_category('Beverages', '1996')")).toEqual([
      { product_name: 'P2', total_purchase: '18' },
    ]);
  });

  it('CustOrdersDetail: rounded prices and discount in percent', async () => {
    const rows = await resultSet('dbo.cust_orders_detail(10248)');
    expect(rows.sort((a, b) => String(a.product_name).localeCompare(String(b.product_name)))).toEqual([
      { product_name: 'P2', unit_price: '18.00', quantity: 10, discount: 0, extended_price: '180.00' },
      { product_name: 'P3', unit_price: '19.00', quantity: 5, discount: 25, extended_price: '71.25' },
    ]);
  });
});
