// DML triggers through the unmodified mssql client: pubs' employee_insupd refuses a job level out of
// range (its RAISERROR, then 3609, no row), AFTER triggers see inserted/deleted once per statement,
// INSTEAD OF triggers replace the statement, and what a trigger cannot run is a clear error.

import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { corpus } from './engine-helpers.js';

const script = `
CREATE TABLE dbo.Stock (Sku int NOT NULL PRIMARY KEY, Qty int NOT NULL, Gone bit NOT NULL DEFAULT 0)
CREATE TABLE dbo.StockLog (Seq int IDENTITY(1,1) PRIMARY KEY, Action varchar(10) NOT NULL, Rows int NOT NULL, QtyIn int NULL, QtyOut int NULL)
CREATE TABLE dbo.Inbox (Sku int NOT NULL, Qty int NOT NULL)
GO
CREATE TRIGGER dbo.Stock_log ON dbo.Stock AFTER INSERT, UPDATE, DELETE AS
BEGIN
  SET NOCOUNT ON
  DECLARE @action varchar(10)
  IF EXISTS (SELECT * FROM inserted) AND EXISTS (SELECT * FROM deleted) SET @action = 'update'
  ELSE IF EXISTS (SELECT * FROM inserted) SET @action = 'insert'
  ELSE SET @action = 'delete'
  INSERT INTO dbo.StockLog (Action, Rows, QtyIn, QtyOut)
  SELECT @action, (SELECT COUNT(*) FROM inserted) + (SELECT COUNT(*) FROM deleted), (SELECT SUM(Qty) FROM inserted), (SELECT SUM(Qty) FROM deleted)
END
GO
CREATE TRIGGER dbo.Stock_soft_delete ON dbo.Stock INSTEAD OF DELETE AS
  UPDATE dbo.Stock SET Gone = 1 WHERE Sku IN (SELECT Sku FROM deleted)
GO
CREATE TRIGGER dbo.Inbox_route ON dbo.Inbox INSTEAD OF INSERT AS
  INSERT INTO dbo.Stock (Sku, Qty) SELECT Sku, Qty * 10 FROM inserted
GO
`;

let em: RunningEmulator;
let pubs: sql.ConnectionPool;
beforeAll(async () => {
  em = await startEmulator({ scripts: [corpus('pubs.sql'), script], database: 'pubs' });
  pubs = await new sql.ConnectionPool({ ...em.config, pool: { max: 1 } }).connect();
});
afterAll(async () => {
  await pubs?.close();
  await em?.close();
});

const failure = (pool: sql.ConnectionPool, text: string) =>
  pool
    .request()
    .query(text)
    .then(
      () => {
        throw new Error(`no error from: ${text}`);
      },
      (e: sql.RequestError & { precedingErrors?: sql.RequestError[] }) => e,
    );
const insertEmployee = (id: string, job: number, level: number) =>
  `INSERT INTO employee (emp_id, fname, minit, lname, job_id, job_lvl, pub_id) VALUES ('${id}', 'Pat', 'Q', 'Tester', ${job}, ${level}, '0877')`;
const employees = async (id: string) =>
  (await pubs.request().query(`SELECT COUNT(*) AS n FROM employee WHERE emp_id = '${id}'`)).recordset[0]
    .n as number;

describe("pubs' employee_insupd trigger", () => {
  it('refuses a job level outside the job range: the RAISERROR message, then 3609, and no row', async () => {
    const e = await failure(pubs, insertEmployee('PQT12345M', 10, 250));
    const messages = [...(e.precedingErrors ?? []), e].map((x) => ({
      number: x.number,
      class: x.class,
      state: x.state,
      procName: x.procName,
      message: x.message,
    }));
    expect(messages).toEqual([
      {
        number: 50000,
        class: 16,
        state: 1,
        procName: 'employee_insupd',
        message: 'The level for job_id:10 should be between 75 and 165.',
      },
      {
        number: 3609,
        class: 16,
        state: 1,
        procName: '',
        message: 'The transaction ended in the trigger. The batch has been aborted.',
      },
    ]);
    expect(await employees('PQT12345M')).toBe(0);
    expect((await pubs.request().query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 0 }]);
  });

  it('lets a level inside the range in, and checks updates too', async () => {
    await pubs.request().query(insertEmployee('PQT22345M', 10, 100));
    expect(await employees('PQT22345M')).toBe(1);
    const e = await failure(pubs, "UPDATE employee SET job_lvl = 10 WHERE emp_id = 'PQT22345M'");
    expect(e.precedingErrors?.[0]?.message).toBe('The level for job_id:10 should be between 75 and 165.');
    expect(
      (await pubs.request().query("SELECT job_lvl FROM employee WHERE emp_id = 'PQT22345M'")).recordset,
    ).toEqual([{ job_lvl: 100 }]);
  });

  it("a trigger's ROLLBACK ends the client's transaction: its earlier rows are gone and commit() is refused", async () => {
    const tx = new sql.Transaction(pubs);
    await tx.begin();
    await new sql.Request(tx).query(insertEmployee('PQT32345M', 10, 100));
    await expect(new sql.Request(tx).query(insertEmployee('PQT42345M', 1, 99))).rejects.toMatchObject({
      number: 3609,
    });
    await expect(tx.commit()).rejects.toMatchObject({ code: 'EABORT' });
    expect(await employees('PQT32345M')).toBe(0);
    expect(await employees('PQT42345M')).toBe(0);
  });
});

describe('AFTER and INSTEAD OF triggers', () => {
  const log = async () =>
    (await pubs.request().query('SELECT Action, Rows, QtyIn, QtyOut FROM dbo.StockLog ORDER BY Seq'))
      .recordset;

  it('AFTER triggers fire once per statement with inserted/deleted; INSTEAD OF replaces the statement', async () => {
    await pubs.request().query('INSERT INTO dbo.Stock (Sku, Qty) VALUES (1, 5), (2, 7), (3, 9)');
    await pubs.request().query('UPDATE dbo.Stock SET Qty = Qty + 1 WHERE Sku <= 2');
    const del = await pubs.request().query('DELETE FROM dbo.Stock WHERE Sku = 3');
    expect(del.rowsAffected.at(-1)).toBe(1);
    await pubs.request().query('INSERT INTO dbo.Inbox (Sku, Qty) VALUES (4, 2)');
    expect(
      (await pubs.request().query('SELECT Sku, Qty, Gone FROM dbo.Stock ORDER BY Sku')).recordset,
    ).toEqual([
      { Sku: 1, Qty: 6, Gone: false },
      { Sku: 2, Qty: 8, Gone: false },
      { Sku: 3, Qty: 9, Gone: true },
      { Sku: 4, Qty: 20, Gone: false },
    ]);
    expect((await pubs.request().query('SELECT COUNT(*) AS n FROM dbo.Inbox')).recordset).toEqual([{ n: 0 }]);
    expect(await log()).toEqual([
      { Action: 'insert', Rows: 3, QtyIn: 21, QtyOut: null },
      { Action: 'update', Rows: 4, QtyIn: 14, QtyOut: 12 },
      // The INSTEAD OF DELETE trigger's UPDATE fires the AFTER UPDATE trigger.
      { Action: 'update', Rows: 2, QtyIn: 9, QtyOut: 9 },
      { Action: 'insert', Rows: 1, QtyIn: 20, QtyOut: null },
    ]);
  });

  it('UPDATE(column) and COLUMNS_UPDATED() tell which columns the statement set', async () => {
    await pubs.request()
      .query(`CREATE TABLE dbo.Price (Id int NOT NULL, Amount int NULL, Note varchar(10) NULL)
      INSERT INTO dbo.Price VALUES (1, 10, 'x')`);
    await pubs.request().query(`CREATE TRIGGER dbo.Price_watch ON dbo.Price AFTER INSERT, UPDATE AS
      IF UPDATE(Amount) PRINT 'amount set'
      ELSE PRINT 'amount not set'
      PRINT CONVERT(varchar(10), COLUMNS_UPDATED(), 1)`);
    const messages: string[] = [];
    const request = pubs.request();
    request.on('info', (m: { message: string }) => messages.push(m.message));
    await request.query(
      "UPDATE dbo.Price SET Note = 'y'; UPDATE dbo.Price SET Amount = 11, Note = 'z'; INSERT INTO dbo.Price (Id) VALUES (2)",
    );
    expect(messages).toEqual(['amount not set', '0x04', 'amount set', '0x06', 'amount set', '0x07']);
  });

  it('a trigger does not fire itself (RECURSIVE_TRIGGERS OFF); SCOPE_IDENTITY() ignores what a trigger inserts, @@IDENTITY does not', async () => {
    await pubs.request()
      .query(`CREATE TABLE dbo.Node (Id int IDENTITY(1,1) PRIMARY KEY, Label varchar(10) NOT NULL)
      CREATE TABLE dbo.NodeAudit (AuditId int IDENTITY(100,1) PRIMARY KEY, Label varchar(10) NOT NULL)`);
    await pubs.request().query(`CREATE TRIGGER dbo.Node_echo ON dbo.Node AFTER INSERT AS
      INSERT INTO dbo.Node (Label) SELECT 'echo' FROM inserted WHERE Label <> 'echo'
      INSERT INTO dbo.NodeAudit (Label) SELECT Label FROM inserted`);
    const r = await pubs
      .request()
      .query(
        "INSERT INTO dbo.Node (Label) VALUES ('first'); SELECT SCOPE_IDENTITY() AS scope_id, @@IDENTITY AS last_id",
      );
    expect(r.recordset).toEqual([{ scope_id: 1, last_id: 100 }]);
    expect((await pubs.request().query('SELECT Id, Label FROM dbo.Node ORDER BY Id')).recordset).toEqual([
      { Id: 1, Label: 'first' },
      { Id: 2, Label: 'echo' },
    ]);
  });

  it("an INSTEAD OF trigger's own DML on its table runs as if the table had no INSTEAD OF trigger", async () => {
    await pubs.request().query(`CREATE TABLE dbo.Bin (Sku int NOT NULL PRIMARY KEY, Qty int NOT NULL)`);
    await pubs.request().query(`CREATE TRIGGER dbo.Bin_ins ON dbo.Bin INSTEAD OF INSERT AS
      INSERT INTO dbo.Bin (Sku, Qty) SELECT Sku, Qty * 10 FROM inserted`);
    const r = await pubs.request().query('INSERT INTO dbo.Bin (Sku, Qty) VALUES (1, 1), (2, 2)');
    expect(r.rowsAffected.at(-1)).toBe(2);
    expect((await pubs.request().query('SELECT Sku, Qty FROM dbo.Bin ORDER BY Sku')).recordset).toEqual([
      { Sku: 1, Qty: 10 },
      { Sku: 2, Qty: 20 },
    ]);
  });

  it('INSTEAD OF triggers make a view writable; AFTER triggers on views and writes to plain views are refused', async () => {
    await pubs.request()
      .query(`CREATE TABLE dbo.Shelf (Sku int NOT NULL PRIMARY KEY, Qty int NOT NULL, Hidden bit NOT NULL DEFAULT 0)
      INSERT INTO dbo.Shelf VALUES (1, 5, 1)`);
    await pubs
      .request()
      .query('CREATE VIEW dbo.OpenStock AS SELECT Sku, Qty FROM dbo.Shelf WHERE Hidden = 0');
    await pubs.request().query(`CREATE TRIGGER dbo.OpenStock_ins ON dbo.OpenStock INSTEAD OF INSERT, UPDATE AS
      BEGIN
        DELETE FROM dbo.Shelf WHERE Sku IN (SELECT Sku FROM deleted)
        INSERT INTO dbo.Shelf (Sku, Qty) SELECT Sku, Qty FROM inserted
      END`);
    await pubs.request().query('INSERT INTO dbo.OpenStock (Sku, Qty) VALUES (70, 1), (71, 2)');
    await pubs.request().query('UPDATE dbo.OpenStock SET Qty = Qty * 100 WHERE Sku = 71');
    expect(
      (await pubs.request().query('SELECT Sku, Qty, Hidden FROM dbo.Shelf ORDER BY Sku')).recordset,
    ).toEqual([
      { Sku: 1, Qty: 5, Hidden: true },
      { Sku: 70, Qty: 1, Hidden: false },
      { Sku: 71, Qty: 200, Hidden: false },
    ]);
    await expect(pubs.request().query('DELETE FROM dbo.OpenStock')).rejects.toMatchObject({
      number: 40517,
      message:
        "DELETE on view 'OpenStock' is not supported by the SQL Server emulator (only through an INSTEAD OF DELETE trigger).",
    });
    await expect(
      pubs.request().query('CREATE TRIGGER dbo.OpenStock_after ON dbo.OpenStock AFTER INSERT AS SELECT 1'),
    ).rejects.toMatchObject({
      number: 8197,
      message: "The object 'dbo.OpenStock' does not exist or is invalid for this operation.",
    });
  });

  it('UPDATE ... FROM and DELETE ... FROM joined to inserted/deleted, as triggers write them', async () => {
    await pubs.request()
      .query(`CREATE TABLE dbo.Doc (Id int NOT NULL PRIMARY KEY, Body varchar(20) NOT NULL, Revision int NOT NULL DEFAULT 0)
      CREATE TABLE dbo.DocIndex (DocId int NOT NULL, Word varchar(20) NOT NULL)`);
    await pubs.request().query(`CREATE TRIGGER dbo.Doc_revise ON dbo.Doc AFTER UPDATE AS
      BEGIN
        SET NOCOUNT ON
        UPDATE d SET Revision = d.Revision + 1 FROM dbo.Doc AS d JOIN inserted AS i ON i.Id = d.Id JOIN deleted AS o ON o.Id = i.Id WHERE i.Body <> o.Body
        DELETE x FROM dbo.DocIndex x JOIN inserted i ON i.Id = x.DocId
        INSERT INTO dbo.DocIndex (DocId, Word) SELECT Id, Body FROM inserted
      END`);
    await pubs
      .request()
      .query(
        "INSERT INTO dbo.Doc (Id, Body) VALUES (1, 'alpha'), (2, 'beta'); INSERT INTO dbo.DocIndex VALUES (1, 'old'), (2, 'old')",
      );
    const r = await pubs
      .request()
      .query("UPDATE dbo.Doc SET Body = CASE Id WHEN 1 THEN 'gamma' ELSE Body END");
    expect(r.rowsAffected).toEqual([2]);
    expect(
      (await pubs.request().query('SELECT Id, Body, Revision FROM dbo.Doc ORDER BY Id')).recordset,
    ).toEqual([
      { Id: 1, Body: 'gamma', Revision: 1 },
      { Id: 2, Body: 'beta', Revision: 0 },
    ]);
    expect(
      (await pubs.request().query('SELECT DocId, Word FROM dbo.DocIndex ORDER BY DocId')).recordset,
    ).toEqual([
      { DocId: 1, Word: 'gamma' },
      { DocId: 2, Word: 'beta' },
    ]);
  });

  it('an error inside a trigger undoes the statement and aborts the batch', async () => {
    await pubs
      .request()
      .query(
        'CREATE TRIGGER dbo.Inbox_dup ON dbo.Inbox AFTER UPDATE AS INSERT INTO dbo.Stock (Sku, Qty) SELECT 1, 1',
      );
    await pubs
      .request()
      .query('ALTER TABLE dbo.Inbox DISABLE TRIGGER Inbox_route; INSERT INTO dbo.Inbox VALUES (9, 9)');
    const e = await failure(pubs, "UPDATE dbo.Inbox SET Qty = 10; SELECT 'not reached'");
    expect(e.number).toBe(2627);
    expect((await pubs.request().query('SELECT Qty FROM dbo.Inbox')).recordset).toEqual([{ Qty: 9 }]);
  });

  it('RAISERROR in a trigger fired from a TRY block goes to CATCH and undoes the triggering statement', async () => {
    await pubs.request().query('CREATE TABLE dbo.OnHand (Id int PRIMARY KEY, Qty int)');
    await pubs.request().query('INSERT INTO dbo.OnHand VALUES (1, 800)');
    await pubs.request().query(`CREATE TRIGGER dbo.OnHand_guard ON dbo.OnHand AFTER UPDATE AS
IF EXISTS (SELECT 1 FROM inserted WHERE Qty < 0)
BEGIN
  RAISERROR('Stock cannot go below zero for product %d.', 16, 1, 1)
  ROLLBACK TRANSACTION
  RETURN
END`);
    const r = await pubs.request().query(`DECLARE @caught nvarchar(200)
BEGIN TRY
  UPDATE dbo.OnHand SET Qty = Qty - 100000 WHERE Id = 1
END TRY
BEGIN CATCH
  SET @caught = ERROR_MESSAGE()
END CATCH
SELECT @caught AS Caught, (SELECT Qty FROM dbo.OnHand WHERE Id = 1) AS Qty, @@TRANCOUNT AS Trancount`);
    expect(r.recordset).toEqual([
      { Caught: 'Stock cannot go below zero for product 1.', Qty: 800, Trancount: 0 },
    ]);
  });

  it('a construct the engine cannot run inside a trigger is a clear error, never skipped', async () => {
    await pubs.request().query(`CREATE TRIGGER dbo.Stock_cursor ON dbo.Stock AFTER INSERT AS
      INSERT INTO dbo.StockLog (Action, Rows) SELECT 'pivot', COUNT(*) FROM ##elsewhere
      INSERT INTO dbo.StockLog (Action, Rows) VALUES ('after', 0)`);
    const e = await failure(pubs, 'INSERT INTO dbo.Stock (Sku, Qty) VALUES (50, 1)');
    expect(e).toMatchObject({
      number: 40517,
      message: 'Global temporary tables (##name) are not supported by the SQL Server emulator.',
    });
    expect(
      (
        await pubs
          .request()
          .query("SELECT COUNT(*) AS n FROM dbo.StockLog WHERE Action IN ('pivot', 'after')")
      ).recordset,
    ).toEqual([{ n: 0 }]);
    expect(
      (await pubs.request().query('SELECT COUNT(*) AS n FROM dbo.Stock WHERE Sku = 50')).recordset,
    ).toEqual([{ n: 0 }]);
    await pubs.request().query('DROP TRIGGER dbo.Stock_cursor');
  });
});
