// MERGE through the unmodified mssql client: every WHEN form, the rows-affected count, 8672 for a
// target row matched twice, one statement (a failure leaves nothing), triggers fired per action,
// OUTPUT ($action, inserted/deleted, source columns, INTO) and TOP (n).

import sql from 'mssql';
import { beforeEach, expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Stock (Sku int NOT NULL PRIMARY KEY, Qty int NOT NULL CONSTRAINT CK_Stock_Qty CHECK (Qty >= 0), Note varchar(10) NULL)
CREATE TABLE dbo.Delivery (Sku int NOT NULL, Qty int NOT NULL)
CREATE TABLE dbo.StockEvents (Action varchar(10) NOT NULL, Rows int NOT NULL)
CREATE TABLE dbo.Price (Sku int NOT NULL PRIMARY KEY, Price decimal(6,2) NOT NULL)
GO
CREATE TRIGGER dbo.Stock_events ON dbo.Stock AFTER INSERT, UPDATE, DELETE AS
  INSERT INTO dbo.StockEvents
  SELECT CASE WHEN EXISTS (SELECT * FROM inserted) AND EXISTS (SELECT * FROM deleted) THEN 'update' WHEN EXISTS (SELECT * FROM inserted) THEN 'insert' ELSE 'delete' END,
         (SELECT COUNT(*) FROM inserted) + (SELECT COUNT(*) FROM deleted)
GO
`;

const server = emulatorWithPool([script], 'merge');
beforeEach(async () => {
  await server.pool.request()
    .batch(`DELETE FROM dbo.Stock; DELETE FROM dbo.Delivery; INSERT INTO dbo.Stock VALUES (1, 5, NULL), (2, 1, NULL), (3, 7, NULL);
    DELETE FROM dbo.StockEvents`);
});

const stock = async () =>
  (await server.pool.request().query('SELECT Sku, Qty, Note FROM dbo.Stock ORDER BY Sku')).recordset;
const MERGE = `
  MERGE dbo.Stock AS s
  USING dbo.Delivery AS d ON d.Sku = s.Sku
  WHEN MATCHED AND s.Qty + d.Qty = 0 THEN DELETE
  WHEN MATCHED THEN UPDATE SET Qty = s.Qty + d.Qty, Note = 'delivered'
  WHEN NOT MATCHED BY TARGET THEN INSERT (Sku, Qty, Note) VALUES (d.Sku, d.Qty, 'new')
  WHEN NOT MATCHED BY SOURCE AND s.Qty > 6 THEN UPDATE SET Note = 'idle';`;

it('updates, deletes and inserts by WHEN clause, counts every row, fires each action trigger once', async () => {
  await server.pool.request().query('INSERT INTO dbo.Delivery VALUES (1, 10), (2, -1), (4, 3)');
  const r = await server.pool.request().query(MERGE);
  expect(r.rowsAffected.at(-1)).toBe(4);
  expect(await stock()).toEqual([
    { Sku: 1, Qty: 15, Note: 'delivered' },
    { Sku: 3, Qty: 7, Note: 'idle' },
    { Sku: 4, Qty: 3, Note: 'new' },
  ]);
  const events = (
    await server.pool.request().query('SELECT Action, Rows FROM dbo.StockEvents ORDER BY Action')
  ).recordset;
  expect(events).toEqual([
    { Action: 'delete', Rows: 1 },
    { Action: 'insert', Rows: 1 },
    { Action: 'update', Rows: 4 },
  ]);
});

it('refuses a target row matched by two source rows (8672) and leaves nothing of a failing MERGE', async () => {
  await server.pool.request().query('INSERT INTO dbo.Delivery VALUES (1, 1), (1, 2)');
  await expect(server.pool.request().query(MERGE)).rejects.toMatchObject({ number: 8672 });
  await server.pool
    .request()
    .query('DELETE FROM dbo.Delivery; INSERT INTO dbo.Delivery VALUES (4, 1), (1, -9)');
  const e = await server.pool
    .request()
    .query(MERGE)
    .catch((x: sql.RequestError) => x);
  expect(e).toMatchObject({
    number: 547,
    message:
      'The MERGE statement conflicted with the CHECK constraint "CK_Stock_Qty". The conflict occurred in database "merge", table "dbo.Stock", column \'Qty\'.',
  });
  expect(await stock()).toEqual([
    { Sku: 1, Qty: 5, Note: null },
    { Sku: 2, Qty: 1, Note: null },
    { Sku: 3, Qty: 7, Note: null },
  ]);
});

const PRICES = `
  DELETE FROM dbo.Price; INSERT INTO dbo.Price VALUES (1, 1.00), (2, 2.00), (3, 3.00);`;
const PRICE_MERGE = `
  MERGE dbo.Price AS p
  USING (VALUES (1, 1.50), (3, NULL), (4, 4.00), (5, 5.00)) AS n (Sku, Price) ON n.Sku = p.Sku
  WHEN MATCHED AND n.Price IS NULL THEN DELETE
  WHEN MATCHED THEN UPDATE SET Price = n.Price
  WHEN NOT MATCHED THEN INSERT (Sku, Price) VALUES (n.Sku, n.Price)`;

it('OUTPUT returns $action, inserted.*/deleted.* (NULL where the action has none) and source columns per row acted on', async () => {
  const r = await server.pool.request().query(`${PRICES} ${PRICE_MERGE}
    OUTPUT $action AS act, deleted.Sku AS oldSku, deleted.Price AS oldPrice, inserted.Price AS newPrice, n.Sku AS srcSku;`);
  const rows = (
    r.recordset as {
      act: string;
      oldSku: number | null;
      oldPrice: number | null;
      newPrice: number | null;
      srcSku: number;
    }[]
  ).sort((a, b) => a.srcSku - b.srcSku);
  expect(rows).toEqual([
    { act: 'UPDATE', oldSku: 1, oldPrice: 1, newPrice: 1.5, srcSku: 1 },
    { act: 'DELETE', oldSku: 3, oldPrice: 3, newPrice: null, srcSku: 3 },
    { act: 'INSERT', oldSku: null, oldPrice: null, newPrice: 4, srcSku: 4 },
    { act: 'INSERT', oldSku: null, oldPrice: null, newPrice: 5, srcSku: 5 },
  ]);
  expect(r.recordset.columns.act.type).toBe(sql.NVarChar);
  expect(r.rowsAffected.at(-1)).toBe(4);
});

it('OUTPUT ... INTO a table variable; OUTPUT without INTO on a table with triggers gives 334', async () => {
  const r = await server.pool.request().query(`${PRICES}
    DECLARE @log TABLE (act nvarchar(10), sku int);
    ${PRICE_MERGE} OUTPUT $action, inserted.Sku INTO @log;
    SELECT act, sku FROM @log ORDER BY act, sku`);
  expect(r.recordset).toEqual([
    { act: 'DELETE', sku: null },
    { act: 'INSERT', sku: 4 },
    { act: 'INSERT', sku: 5 },
    { act: 'UPDATE', sku: 1 },
  ]);
  await server.pool.request().query('INSERT INTO dbo.Delivery VALUES (1, 1)');
  await expect(
    server.pool.request().query(`${MERGE.replace(/;\s*$/, '')} OUTPUT $action;`),
  ).rejects.toMatchObject({ number: 334 });
  expect(await stock()).toEqual([
    { Sku: 1, Qty: 5, Note: null },
    { Sku: 2, Qty: 1, Note: null },
    { Sku: 3, Qty: 7, Note: null },
  ]);
});

it('TOP (n) acts on at most n rows', async () => {
  const r = await server.pool.request().query(`${PRICES}
    MERGE TOP (2) dbo.Price AS p USING (VALUES (7), (8), (9)) AS n (Sku) ON n.Sku = p.Sku
    WHEN NOT MATCHED THEN INSERT (Sku, Price) VALUES (n.Sku, 0);
    SELECT COUNT(*) AS n FROM dbo.Price WHERE Sku > 6`);
  expect(r.rowsAffected.slice(-2)).toEqual([2, 1]);
  expect(r.recordset).toEqual([{ n: 2 }]);
});

it('merges into a table variable, and adds with += in MERGE and UPDATE SET', async () => {
  const r = await server.pool.request().query(`
    DECLARE @allocated TABLE (Sku int PRIMARY KEY, Qty int NOT NULL)
    DECLARE @i int = 0
    WHILE @i < 3
    BEGIN
      SET @i += 1
      MERGE @allocated AS a
      USING (VALUES (1, @i), (@i + 1, 10)) AS n (Sku, Qty) ON a.Sku = n.Sku
      WHEN MATCHED THEN UPDATE SET a.Qty += n.Qty
      WHEN NOT MATCHED THEN INSERT (Sku, Qty) VALUES (n.Sku, n.Qty);
    END
    UPDATE @allocated SET Qty -= 1 WHERE Sku = 3
    SELECT Sku, Qty FROM @allocated ORDER BY Sku`);
  // Sku 1: 1 + 2 + 3; Skus 2, 3 and 4 inserted with 10, then Sku 3 less 1.
  expect(r.recordset).toEqual([
    { Sku: 1, Qty: 6 },
    { Sku: 2, Qty: 10 },
    { Sku: 3, Qty: 9 },
    { Sku: 4, Qty: 10 },
  ]);
});
