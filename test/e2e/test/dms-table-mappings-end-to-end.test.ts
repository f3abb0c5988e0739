// A DMS table-mapping document (filters, parallel-load ranges, replace-prefix, add-column expression) run against the SQL
// Server emulator into PostgreSQL: only the filtered rows are read and loaded, validation agrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openMigration, parseConfig, run } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

const script = `
CREATE TABLE dbo.Orders (
  OrderID int NOT NULL PRIMARY KEY,
  ShipCountry nvarchar(30) NULL,
  OrderDate datetime NULL,
  Freight decimal(10,2) NOT NULL
);
INSERT INTO dbo.Orders VALUES
  (1, N'France', '1996-07-04T00:00:00', 32.38),
  (2, N'Côte d''Ivoire', '1997-03-01T10:00:00', 11.61),
  (3, N'France', '1997-12-31T23:59:59', 65.83),
  (4, N'Germany', '1998-01-05T00:00:00', 41.34),
  (5, NULL, '1998-02-01T00:00:00', 51.30),
  (6, N'France', NULL, 58.17),
  (7, N'Côte d''Ivoire', '1998-05-06T00:00:00', 1.00);
CREATE TABLE dbo.tbl_Lines (LineID int NOT NULL PRIMARY KEY, Qty int NOT NULL);
INSERT INTO dbo.tbl_Lines VALUES (1, 10), (2, 20), (3, 30), (4, 40), (5, 50), (6, 60), (7, 70);
`;

const dms = {
  rules: [
    {
      'rule-type': 'selection',
      'rule-id': '1',
      'rule-name': 'orders-from-1997',
      'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
      'rule-action': 'include',
      filters: [
        {
          'filter-type': 'source',
          'column-name': 'ShipCountry',
          'filter-conditions': [
            { 'filter-operator': 'eq', value: 'France' },
            { 'filter-operator': 'eq', value: "Côte d'Ivoire" },
          ],
        },
        {
          'filter-type': 'source',
          'column-name': 'OrderDate',
          'filter-conditions': [
            { 'filter-operator': 'between', 'start-value': '1997-01-01', 'end-value': '1998-12-31' },
          ],
        },
      ],
    },
    {
      'rule-type': 'selection',
      'rule-id': '2',
      'rule-name': 'lines',
      'object-locator': { 'schema-name': 'dbo', 'table-name': 'tbl_Lines' },
      'rule-action': 'include',
    },
    {
      'rule-type': 'table-settings',
      'rule-id': '3',
      'rule-name': 'lines-in-ranges',
      'object-locator': { 'schema-name': 'dbo', 'table-name': 'tbl_Lines' },
      'parallel-load': { type: 'ranges', columns: ['LineID'], boundaries: [['3'], ['6']] },
    },
    {
      'rule-type': 'transformation',
      'rule-id': '4',
      'rule-name': 'no-tbl-prefix',
      'rule-target': 'table',
      'object-locator': { 'schema-name': 'dbo', 'table-name': '%' },
      'rule-action': 'replace-prefix',
      'old-value': 'tbl_',
      value: 'order_',
    },
    {
      'rule-type': 'transformation',
      'rule-id': '5',
      'rule-name': 'label',
      'rule-target': 'column',
      'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
      'rule-action': 'add-column',
      value: 'label',
      expression: "UPPER(SUBSTR($ShipCountry, 1, 3)) || ' ' || ($Freight * 2)",
      'data-type': { type: 'string', length: 40 },
    },
  ],
};

describe('DMS table mappings end to end', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [script] });
    db = await createTestDatabase(getTestPostgres().url);
  });
  afterAll(async () => {
    await db?.drop();
    await emulator?.close();
  });

  it('reads only the rows the filters select, splits on the given boundaries, renames by prefix, computes a column', async () => {
    const c = emulator.config;
    const migration = await openMigration(
      parseConfig({
        source: mssql({
          host: c.server,
          port: c.port,
          user: c.user,
          password: c.password,
          database: c.database,
          encrypt: false,
        }),
        target: postgres({ url: db.url }),
        dmsTableMappings: dms,
        tables: { 'dbo.Orders': { where: 'Freight > 5' } },
      }),
      { cwd: process.cwd() },
    );
    const result = await (async () => {
      try {
        return await run(migration);
      } finally {
        await migration.close();
      }
    })();
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    expect(result.plan!.plan.data.map((t) => t.id).sort()).toEqual([
      'dbo.order_lines#0',
      'dbo.order_lines#1',
      'dbo.order_lines#2',
      'dbo.orders',
    ]);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const orders = await client.query(
        `SELECT order_id, ship_country, freight::text AS freight, label FROM dbo.orders ORDER BY order_id`,
      );
      // 1: 1996; 4: Germany; 5: NULL country; 6: NULL date; 7: Freight 1.00 fails the user's where.
      expect(orders.rows).toEqual([
        { order_id: 2, ship_country: "Côte d'Ivoire", freight: '11.61', label: 'CôT 23.22' },
        { order_id: 3, ship_country: 'France', freight: '65.83', label: 'FRA 131.66' },
      ]);
      const lines = await client.query(`SELECT line_id, qty FROM dbo.order_lines ORDER BY line_id`);
      expect(lines.rows.map((r) => [r.line_id, r.qty])).toEqual([
        [1, 10],
        [2, 20],
        [3, 30],
        [4, 40],
        [5, 50],
        [6, 60],
        [7, 70],
      ]);
    } finally {
      await client.end();
    }
  });
});
