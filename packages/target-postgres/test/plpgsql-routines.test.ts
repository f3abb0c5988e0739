// Functions, procedures and triggers beyond the corpus: scalar, inline and multi-statement table-valued
// functions, OUTPUT parameters, TRY/CATCH, cursors, INSTEAD OF - converted and run on embedded PostgreSQL.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const m = model([
  table('dbo', 'orders', [
    col('order_id', { kind: 'int32' }),
    col('customer_id', { kind: 'text', length: 5, unicode: true, fixed: true }),
    col('freight', { kind: 'decimal', precision: 10, scale: 2 }),
  ]),
  table('dbo', 'tickets', [
    col('ticket_id', { kind: 'int32' }, { nullable: false, identity: { seed: '10', increment: '1' } }),
    col('note', { kind: 'text', length: 10, unicode: false, fixed: false }),
  ]),
  table('dbo', 'docs', [
    col('doc_id', { kind: 'int32' }),
    col('body', { kind: 'xml' }),
    col('note', { kind: 'text', length: 10, unicode: false, fixed: false }),
  ]),
  table('dbo', 'audit', [
    col('order_id', { kind: 'int32' }),
    col('action', { kind: 'text', length: 10, unicode: false, fixed: false }),
  ]),
]);
const names = namesFromModel(m);
const convert = (tsql: string) => convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, names);

let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
  await t.migrate(m);
  await t.query("INSERT INTO dbo.orders VALUES (1, 'ALFKI', 10.50), (2, 'ALFKI', 4.25), (3, 'BONAP', 7.00)");
}, 30_000);
afterAll(async () => {
  await t?.close();
});

async function apply(tsql: string): Promise<string[]> {
  const r = convert(tsql);
  for (const s of r.statements) await t.query(s);
  return r.actionItems.map((a) => a.code);
}

describe('routines', () => {
  it('scalar function with a variable, IF and RETURN', async () => {
    expect(
      await apply(`CREATE FUNCTION dbo.FreightBand(@f money) RETURNS varchar(10) AS
      BEGIN
        DECLARE @band varchar(10)
        IF @f > 10 SET @band = 'high' ELSE SET @band = 'low'
        RETURN @band
      END`),
    ).toEqual([]);
    expect(await t.query('SELECT dbo.freight_band(11) AS a, dbo.freight_band(3) AS b')).toEqual([
      { a: 'high', b: 'low' },
    ]);
  });

  it('scalar function reading a table: total freight of a customer', async () => {
    expect(
      await apply(`CREATE FUNCTION dbo.CustomerFreight(@c nchar(5)) RETURNS money AS
      BEGIN RETURN (SELECT SUM(Freight) FROM Orders WHERE CustomerID = @c) END`),
    ).toEqual([]);
    expect(await t.query("SELECT dbo.customer_freight('ALFKI') AS f")).toEqual([{ f: '14.7500' }]);
  });

  it('multi-statement table-valued function fills its table variable and returns it', async () => {
    expect(
      await apply(`CREATE FUNCTION dbo.BigOrders(@min money) RETURNS @r TABLE (OrderID int, Freight money) AS
      BEGIN
        INSERT INTO @r (OrderID, Freight) SELECT OrderID, Freight FROM Orders WHERE Freight >= @min
        RETURN
      END`),
    ).toEqual([]);
    expect(await t.query('SELECT order_id FROM dbo.big_orders(5) ORDER BY order_id')).toEqual([
      { order_id: 1 },
      { order_id: 3 },
    ]);
  });

  it('a multi-statement function whose table is only inserted into returns the rows at once: no temporary table', async () => {
    const r =
      convert(`CREATE FUNCTION dbo.FreightBands(@c nchar(5)) RETURNS @r TABLE (Band varchar(5), Orders int) AS
      BEGIN
        INSERT INTO @r SELECT CASE WHEN Freight > 5 THEN 'high' ELSE 'low' END, COUNT(*) FROM Orders
          WHERE CustomerID = @c GROUP BY CASE WHEN Freight > 5 THEN 'high' ELSE 'low' END
        IF @@ROWCOUNT = 0 INSERT INTO @r VALUES ('none', 0)
        RETURN
      END`);
    expect(r.actionItems).toEqual([]);
    expect(r.statements.join('\n')).not.toMatch(/TEMP TABLE|DROP TABLE/);
    for (const s of r.statements) await t.query(s);
    // per row, in a read-only transaction (where CREATE TEMP TABLE is refused)
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    const { rows } = await client
      .query('BEGIN READ ONLY')
      .then(() =>
        client.query(`SELECT c.id, b.band, b.orders FROM (VALUES ('ALFKI'), ('NOONE')) AS c (id)
          CROSS JOIN LATERAL dbo.freight_bands(c.id) AS b ORDER BY 1, 2`),
      )
      .finally(() => client.end());
    expect(rows).toEqual([
      { id: 'ALFKI', band: 'high', orders: 1 },
      { id: 'ALFKI', band: 'low', orders: 1 },
      { id: 'NOONE', band: 'none', orders: 0 },
    ]);
  });

  it('a multi-statement function that updates its table keeps it, with its defaults and bit columns', async () => {
    expect(
      await apply(`CREATE FUNCTION dbo.MarkedOrders(@c nchar(5)) RETURNS @r TABLE (OrderID int, Top1 bit NOT NULL DEFAULT 0) AS
      BEGIN
        INSERT INTO @r (OrderID) SELECT OrderID FROM Orders WHERE CustomerID = @c
        UPDATE @r SET Top1 = 1 WHERE OrderID = (SELECT MIN(OrderID) FROM @r)
        RETURN
      END`),
    ).toEqual([]);
    expect(await t.query("SELECT order_id, top1 FROM dbo.marked_orders('ALFKI') ORDER BY 1")).toEqual([
      { order_id: 1, top1: true },
      { order_id: 2, top1: false },
    ]);
  });

  it('inline table-valued function whose column types are told: RETURNS TABLE, called without a column list', async () => {
    expect(
      await apply(
        `CREATE FUNCTION dbo.OrdersOf(@c nchar(5)) RETURNS TABLE AS RETURN (
           SELECT OrderID, Freight * 2 AS Twice, 'Q' + DATENAME(quarter, @d) AS Q, DATEFROMPARTS(2024, OrderID, 1) AS M,
             CASE WHEN OrderID > 1 THEN 1 ELSE 2.5 END AS C
           FROM Orders WHERE CustomerID = @c)`.replace('@d', "CAST('2024-05-01' AS date)"),
      ),
    ).toEqual([]);
    expect(await t.query("SELECT * FROM dbo.orders_of('BONAP')")).toEqual([
      { order_id: 3, twice: '14.00', q: 'Q2', m: new Date(2024, 2, 1), c: '1' },
    ]);
  });

  it('inline table-valued function of aggregates: SUM of an integer is bigint, of a decimal numeric, MIN/MAX their argument', async () => {
    const tsql = `CREATE FUNCTION dbo.CustomerTotals() RETURNS TABLE AS RETURN
      SELECT CustomerID, SUM(OrderID) AS Ids, SUM(Freight) AS Freight, MAX(Freight) AS Highest, MIN(OrderID) AS Lowest
      FROM Orders GROUP BY CustomerID`;
    expect(convert(tsql).statements[0]).toBe(
      'CREATE OR REPLACE FUNCTION dbo.customer_totals() RETURNS TABLE (customer_id char(5), ids bigint, freight numeric, highest numeric(10,2), lowest integer) LANGUAGE sql AS $body$ SELECT customer_id, sum(order_id) AS ids, sum(freight) AS freight, max(freight) AS highest, min(order_id) AS lowest FROM dbo.orders GROUP BY customer_id $body$',
    );
    expect(await apply(tsql)).toEqual([]);
    expect(await t.query('SELECT * FROM dbo.customer_totals() ORDER BY customer_id')).toEqual([
      { customer_id: 'ALFKI', ids: '3', freight: '14.75', highest: '10.50', lowest: 1 },
      { customer_id: 'BONAP', ids: '3', freight: '7.00', highest: '7.00', lowest: 3 },
    ]);
  });

  it('inline table-valued function with a column of unknown type: SETOF record with an action item', async () => {
    expect(
      await apply(
        `CREATE FUNCTION dbo.OrdersOfX(@c nchar(5)) RETURNS TABLE AS RETURN (SELECT x.OrderID FROM (SELECT OrderID FROM Orders WHERE CustomerID = @c) AS x)`,
      ),
    ).toEqual(['TSQL_TVF_COLUMNS']);
    expect(await t.query("SELECT * FROM dbo.orders_of_x('BONAP') AS o(order_id integer)")).toEqual([
      { order_id: 3 },
    ]);
  });

  it('inline table-valued function reading a table the source does not have: created, resolved when called', async () => {
    const r = convert(
      `CREATE FUNCTION dbo.ArchivedOrders(@c nchar(5)) RETURNS TABLE AS RETURN (SELECT a.OrderID FROM dbo.OrdersArchive a WHERE a.CustomerID = @c)`,
    );
    expect(r.actionItems.map((a) => a.code)).toEqual(['TSQL_MISSING_RELATION', 'TSQL_TVF_COLUMNS']);
    // SQL Server resolves the name when the function runs: PostgreSQL creates it without checking its body
    await t.query(r.statements.join(';\n'));
    await expect(
      t.query("SELECT * FROM dbo.archived_orders('ALFKI') AS a(order_id integer)"),
    ).rejects.toThrow('relation "dbo.orders_archive" does not exist');
    await t.query(
      "CREATE TABLE dbo.orders_archive (order_id integer, customer_id char(5)); INSERT INTO dbo.orders_archive VALUES (7, 'ALFKI')",
    );
    expect(await t.query("SELECT * FROM dbo.archived_orders('ALFKI') AS a(order_id integer)")).toEqual([
      { order_id: 7 },
    ]);
    expect((await t.query('SHOW check_function_bodies'))[0]).toEqual({
      check_function_bodies: 'on',
    });
  });

  it('inline table-valued function reading a CTE of its own: no missing table', () => {
    const r = convert(
      `CREATE FUNCTION dbo.RecentOrders() RETURNS TABLE AS RETURN (WITH Recent AS (SELECT OrderID FROM Orders) SELECT OrderID FROM Recent)`,
    );
    expect(r.actionItems.map((a) => a.code)).not.toContain('TSQL_MISSING_RELATION');
  });

  it('procedure with an OUTPUT parameter -> INOUT, a WHILE loop and a cursor', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.CountOrders @c nchar(5), @n int OUTPUT AS
      SET NOCOUNT ON
      DECLARE @id int
      SET @n = 0
      DECLARE cur CURSOR FOR SELECT OrderID FROM Orders WHERE CustomerID = @c
      OPEN cur
      FETCH NEXT FROM cur INTO @id
      WHILE @@FETCH_STATUS = 0
      BEGIN
        SET @n = @n + 1
        FETCH NEXT FROM cur INTO @id
      END
      CLOSE cur
      DEALLOCATE cur`),
    ).toEqual([]);
    expect(await t.query("CALL dbo.count_orders('ALFKI', NULL)")).toEqual([{ p_n: 2 }]);
  });

  it('procedure with OUTPUT parameters and result sets -> PROCEDURE with INOUT values and INOUT refcursors', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.CustomerOrders @c nchar(5), @n int OUTPUT, @total money = NULL OUTPUT AS
      SELECT @n = COUNT(*), @total = SUM(Freight) FROM Orders WHERE CustomerID = @c
      SELECT OrderID FROM Orders WHERE CustomerID = @c ORDER BY OrderID
      IF @n > 5 SELECT 'many' AS Note
      SELECT @n AS N`),
    ).toEqual(['TSQL_SELECT_ASSIGN_NO_ROWS']);
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const [call] = (await client.query("CALL dbo.customer_orders('ALFKI', NULL, NULL)")).rows;
      expect(call).toMatchObject({ p_n: 2, p_total: '14.75', result_2: null });
      const fetch = async (cursor: string) => (await client.query(`FETCH ALL FROM "${cursor}"`)).rows;
      expect(await fetch(call.result_1)).toEqual([{ order_id: 1 }, { order_id: 2 }]);
      expect(await fetch(call.result_3)).toEqual([{ n: 2 }]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  });

  it('procedure with TRY/CATCH: the error is caught and recorded', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.SafeDivide @id int AS
      BEGIN TRY
        UPDATE Orders SET Freight = Freight / 0 WHERE OrderID = @id
      END TRY
      BEGIN CATCH
        INSERT INTO Audit (OrderID, Action) VALUES (@id, 'failed')
      END CATCH`),
    ).toEqual([]);
    await t.query('CALL dbo.safe_divide(1)');
    expect(await t.query('SELECT order_id, action FROM dbo.audit')).toEqual([
      { order_id: 1, action: 'failed' },
    ]);
    expect(await t.query('SELECT freight FROM dbo.orders WHERE order_id = 1')).toEqual([
      { freight: '10.50' },
    ]);
  });

  it('TRY with BEGIN TRAN ... COMMIT and a CATCH that reads XACT_STATE() and ERROR_*(): COMMIT dropped inside the handler block, the error numbered as SQL Server numbers it', async () => {
    const r = convert(`CREATE PROCEDURE dbo.TryCommit @id int, @divisor int AS
      BEGIN TRY
        BEGIN TRAN
        UPDATE Orders SET Freight = Freight / @divisor WHERE OrderID = @id
        COMMIT
      END TRY
      BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK
        INSERT INTO Audit (OrderID, Action)
        VALUES (ERROR_SEVERITY() + ERROR_STATE(), LEFT(ERROR_NUMBER() + ':' + ERROR_MESSAGE(), 10))
      END CATCH`);
    expect(r.actionItems.map((a) => a.code)).toEqual([
      'TSQL_TRANSACTION',
      'TSQL_COMMIT_IN_TRY',
      'TSQL_XACT_STATE',
    ]);
    for (const sql of r.statements) await t.query(sql);
    await t.query('CALL dbo.try_commit(2, 2)');
    expect(await t.query('SELECT freight FROM dbo.orders WHERE order_id = 2')).toEqual([{ freight: '2.13' }]);
    await t.query('CALL dbo.try_commit(2, 0)');
    expect(await t.query('SELECT freight FROM dbo.orders WHERE order_id = 2')).toEqual([{ freight: '2.13' }]);
    expect(await t.query('SELECT order_id, action FROM dbo.audit WHERE order_id = 17')).toEqual([
      { order_id: 17, action: '8134:divis' },
    ]);
    await t.query('UPDATE dbo.orders SET freight = 4.25 WHERE order_id = 2');
  });

  it("ERROR_PROCEDURE() in a CATCH block is the catching routine's source name", async () => {
    const r = convert(`CREATE PROCEDURE NamedProc @id int AS
      BEGIN TRY
        UPDATE Orders SET Freight = Freight / 0 WHERE OrderID = @id
      END TRY
      BEGIN CATCH
        INSERT INTO Audit (OrderID, Action) VALUES (@id + 20, LEFT(ERROR_PROCEDURE(), 10))
      END CATCH`);
    expect(r.actionItems.map((a) => a.code)).toEqual(['TSQL_ERROR_FUNCTION']);
    for (const sql of r.statements) await t.query(sql);
    await t.query('CALL dbo.named_proc(3)');
    expect(await t.query('SELECT action FROM dbo.audit WHERE order_id = 23')).toEqual([
      { action: 'dbo.NamedP' },
    ]);
  });

  it('WITH EXECUTE AS OWNER -> SECURITY DEFINER, unless the procedure ends transactions', async () => {
    const owner = convert(`CREATE PROCEDURE dbo.AsOwner @id int WITH EXECUTE AS OWNER AS
      DELETE FROM Audit WHERE OrderID = @id`);
    expect(owner.statements[0]).toContain('LANGUAGE plpgsql SECURITY DEFINER AS');
    expect(owner.actionItems.map((a) => [a.code, a.severity])).toEqual([['TSQL_EXECUTE_AS', 'low']]);
    for (const sql of owner.statements) await t.query(sql);
    expect(
      await t.query(
        "SELECT prosecdef FROM pg_proc WHERE proname = 'as_owner' AND pronamespace = 'dbo'::regnamespace",
      ),
    ).toEqual([{ prosecdef: true }]);
    const committing = convert(`CREATE PROCEDURE dbo.AsOwnerCommits WITH EXECUTE AS OWNER AS
      BEGIN TRAN; DELETE FROM Audit WHERE OrderID = 0; COMMIT`);
    expect(committing.statements[0]).not.toContain('SECURITY DEFINER');
    expect(committing.actionItems.map((a) => [a.code, a.severity])).toContainEqual([
      'TSQL_EXECUTE_AS',
      'medium',
    ]);
    const asUser = convert(`CREATE PROCEDURE dbo.AsUser WITH EXECUTE AS 'App' AS SELECT 1`);
    expect(asUser.statements[0]).not.toContain('SECURITY DEFINER');
    expect(asUser.actionItems).toMatchObject([
      {
        code: 'TSQL_EXECUTE_AS',
        severity: 'high',
        message: expect.stringMatching(/^EXECUTE AS 'App' is not converted/),
      },
    ]);
  });

  it('a bit parameter defaulting to 0/1 defaults to false/true', async () => {
    const r = convert(
      `CREATE FUNCTION dbo.Flag(@f bit = 1) RETURNS int AS BEGIN RETURN IIF(@f = 1, 5, 6) END`,
    );
    expect(r.statements[0]).toContain('p_f boolean DEFAULT true');
    for (const sql of r.statements) await t.query(sql);
    expect(await t.query('SELECT dbo.flag() AS a, dbo.flag(false) AS b')).toEqual([{ a: 5, b: 6 }]);
  });

  it('a parameter without default after one with a default gets DEFAULT NULL and an action item; calls naming every parameter run the same', async () => {
    const codes = await apply(
      `CREATE PROCEDURE dbo.Span @from int, @step int = 1, @to int, @label varchar(5) = 'n' AS
       INSERT INTO dbo.audit (order_id, action) VALUES (@from + @step + @to, @label)`,
    );
    expect(codes).toEqual(['TSQL_PARAMETER_DEFAULT']);
    await t.query('CALL dbo.span(p_from => 100, p_to => 10)');
    await t.query("CALL dbo.span(100, 2, 20, 'x')");
    expect(await t.query('DELETE FROM dbo.audit WHERE order_id > 100 RETURNING order_id, action')).toEqual([
      { order_id: 111, action: 'n' },
      { order_id: 122, action: 'x' },
    ]);
  });

  it("IDENT_CURRENT('schema.table'): the identity sequence's last value, its seed before any row", async () => {
    expect(
      await apply(
        `CREATE FUNCTION dbo.LastTicket() RETURNS bigint AS BEGIN RETURN IDENT_CURRENT('dbo.Tickets') END`,
      ),
    ).toEqual([]);
    expect(await t.query('SELECT dbo.last_ticket()::int AS n')).toEqual([{ n: 10 }]);
    await t.query("INSERT INTO dbo.tickets (note) VALUES ('a'), ('b')");
    expect(await t.query('SELECT dbo.last_ticket()::int AS n')).toEqual([{ n: 11 }]);
  });

  it('a trigger starts with @@ROWCOUNT = the rows of its statement', async () => {
    expect(
      await apply(`CREATE TRIGGER trg_orders_ins ON Orders AFTER INSERT AS
      IF @@ROWCOUNT = 0 RETURN
      INSERT INTO Audit (OrderID, Action) VALUES (@@ROWCOUNT, 'inserted')`),
    ).toEqual([]);
    await t.query("INSERT INTO dbo.orders VALUES (7, 'ALFKI', 1), (8, 'ALFKI', 2)");
    await t.query("INSERT INTO dbo.orders SELECT 9, 'ALFKI', 3 WHERE false");
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action = 'inserted'")).toEqual([
      { order_id: 2 },
    ]);
    await t.query('DELETE FROM dbo.orders WHERE order_id IN (7, 8)');
  });

  it('OUTPUT -> RETURNING: INSERT ... OUTPUT inserted.* INTO a table variable, DELETE ... OUTPUT deleted.* INTO a table', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.RecycleTickets AS
        DECLARE @new TABLE (id int, note varchar(10))
        INSERT INTO Tickets (Note) OUTPUT inserted.TicketID, inserted.Note INTO @new VALUES ('out-a'), ('out-b')
        INSERT INTO Audit (OrderID, Action) SELECT id, note FROM @new
        DELETE FROM Tickets OUTPUT deleted.TicketID, 'out-gone' INTO Audit (OrderID, Action) WHERE Note = 'out-a'`),
    ).toEqual([]);
    await t.query('CALL dbo.recycle_tickets()');
    const audit = await t.query<{ order_id: number; action: string }>(
      "SELECT order_id, action FROM dbo.audit WHERE action LIKE 'out-%' ORDER BY action",
    );
    const tickets = await t.query<{ ticket_id: number; note: string }>(
      "SELECT ticket_id, note FROM dbo.tickets WHERE note LIKE 'out-%'",
    );
    expect(tickets).toEqual([{ ticket_id: audit[1]!.order_id, note: 'out-b' }]);
    expect(audit.map((a) => a.action)).toEqual(['out-a', 'out-b', 'out-gone']);
    expect(audit[2]!.order_id).toBe(audit[0]!.order_id);
    await t.query("DELETE FROM dbo.audit WHERE action LIKE 'out-%'");
  });

  it('SAVE TRANSACTION ... ROLLBACK TRANSACTION to it undoes only the changes after the savepoint', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.PartialAudit AS
        INSERT INTO Audit (OrderID, Action) VALUES (901, 'kept')
        SAVE TRANSACTION sp
        INSERT INTO Audit (OrderID, Action) VALUES (902, 'undone')
        UPDATE Audit SET Action = 'changed' WHERE OrderID = 901
        ROLLBACK TRANSACTION sp
        INSERT INTO Audit (OrderID, Action) VALUES (903, 'after')`),
    ).toEqual([]);
    await t.query('CALL dbo.partial_audit()');
    expect(await t.query('SELECT order_id, action FROM dbo.audit WHERE order_id > 900 ORDER BY 1')).toEqual([
      { order_id: 901, action: 'kept' },
      { order_id: 903, action: 'after' },
    ]);
    await t.query('DELETE FROM dbo.audit WHERE order_id > 900');
  });

  it('AFTER DELETE trigger writes the deleted rows (OLD TABLE AS deleted)', async () => {
    expect(
      await apply(`CREATE TRIGGER trg_orders_del ON Orders AFTER DELETE AS
      INSERT INTO Audit (OrderID, Action) SELECT d.OrderID, 'deleted' FROM deleted d`),
    ).toEqual([]);
    await t.query('DELETE FROM dbo.orders WHERE order_id = 3');
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action = 'deleted'")).toEqual([
      { order_id: 3 },
    ]);
  });

  it('a result set returned from a trigger (even a WITH query) is run and discarded, with an action item', async () => {
    expect(
      await apply(`CREATE TRIGGER trg_audit_ins ON Audit AFTER INSERT AS
      WITH added AS (SELECT OrderID FROM inserted) SELECT a.OrderID, a.* FROM added a`),
    ).toEqual(['TSQL_RESULT_SET']);
    await t.query("INSERT INTO dbo.audit VALUES (9, 'checked')");
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action = 'checked'")).toEqual([
      { order_id: 9 },
    ]);
  });

  it("an AFTER trigger that updates its own table does not fire itself again (RECURSIVE_TRIGGERS OFF); reached again through another table's trigger, it does", async () => {
    expect(
      await apply(`CREATE TRIGGER trg_orders_touch ON Orders AFTER UPDATE AS
      UPDATE o SET Freight = o.Freight + 1 FROM Orders AS o JOIN inserted AS i ON i.OrderID = o.OrderID`),
    ).toEqual([]);
    // once, as on SQL Server; without the guard PostgreSQL recursed until 54001 (stack depth limit)
    await t.query('UPDATE dbo.orders SET freight = 20 WHERE order_id = 1');
    expect(await t.query('SELECT freight FROM dbo.orders WHERE order_id = 1')).toEqual([
      { freight: '21.00' },
    ]);
    await t.query('UPDATE dbo.orders SET freight = 30 WHERE order_id = 1');
    expect(await t.query('SELECT freight FROM dbo.orders WHERE order_id = 1')).toEqual([
      { freight: '31.00' },
    ]);
    await t.query('DROP TRIGGER trg_orders_touch ON dbo.orders; DROP FUNCTION dbo.trg_orders_touch()');

    // indirect: orders -> audit -> orders fires the orders trigger again, until its condition stops it
    // (a trigger fires for a statement of no rows too, on SQL Server as here: hence the IF EXISTS)
    await apply(`CREATE TRIGGER trg_orders_log ON Orders AFTER UPDATE AS
      IF EXISTS (SELECT 1 FROM inserted WHERE Freight < 100)
        INSERT INTO Audit (OrderID, Action) SELECT OrderID, 'bumped' FROM inserted WHERE Freight < 100`);
    await apply(`CREATE TRIGGER trg_audit_bump ON Audit AFTER INSERT AS
      IF EXISTS (SELECT 1 FROM inserted)
        UPDATE o SET Freight = o.Freight + 50 FROM Orders AS o JOIN inserted AS i ON i.OrderID = o.OrderID`);
    await t.query('UPDATE dbo.orders SET freight = 10 WHERE order_id = 2');
    expect(await t.query('SELECT freight FROM dbo.orders WHERE order_id = 2')).toEqual([
      { freight: '110.00' },
    ]);
    expect(await t.query("SELECT count(*)::int AS n FROM dbo.audit WHERE action = 'bumped'")).toEqual([
      { n: 2 },
    ]);
    await t.query(
      "DROP TRIGGER trg_orders_log ON dbo.orders; DROP TRIGGER trg_audit_bump ON dbo.audit; DELETE FROM dbo.audit WHERE action = 'bumped'; UPDATE dbo.orders SET freight = 10.50 WHERE order_id = 1; UPDATE dbo.orders SET freight = 4.25 WHERE order_id = 2",
    );
  });

  it('INSTEAD OF INSERT on a table: a BEFORE row trigger runs the body once per row and skips the row; its own INSERT into the table does not fire it again', async () => {
    expect(
      await apply(`CREATE TRIGGER trg_orders_instead ON Orders INSTEAD OF INSERT AS
      SET NOCOUNT ON
      INSERT INTO Orders (OrderID, CustomerID, Freight) SELECT OrderID + 100, CustomerID, Freight * 2 FROM inserted
      INSERT INTO Audit (OrderID, Action) SELECT i.OrderID, 'instead' FROM inserted AS i`),
    ).toEqual([]);
    // two rows in one statement: as on SQL Server, neither row is inserted as written, the body's
    // rows are (each once: the body's INSERT into Orders does not run the trigger again)
    await t.query("INSERT INTO dbo.orders VALUES (41, 'ALFKI', 1.50), (42, 'BONAP', 2.00)");
    expect(
      await t.query('SELECT order_id, freight FROM dbo.orders WHERE order_id > 40 ORDER BY order_id'),
    ).toEqual([
      { order_id: 141, freight: '3.00' },
      { order_id: 142, freight: '4.00' },
    ]);
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action = 'instead' ORDER BY 1")).toEqual([
      { order_id: 41 },
      { order_id: 42 },
    ]);
    // the body's own DML went through without leaving the trigger off: the next statement runs it again
    await t.query("INSERT INTO dbo.orders VALUES (43, 'ALFKI', 1)");
    expect(await t.query('SELECT order_id FROM dbo.orders WHERE order_id > 40 ORDER BY order_id')).toEqual([
      { order_id: 141 },
      { order_id: 142 },
      { order_id: 143 },
    ]);
    await t.query('DROP TRIGGER trg_orders_instead ON dbo.orders');
    await t.query(
      "DELETE FROM dbo.orders WHERE order_id > 40; DELETE FROM dbo.audit WHERE action = 'instead'",
    );
  });

  it('INSTEAD OF UPDATE and DELETE on a table: the body updates the rows it accepts, marks deleted rows instead of deleting them', async () => {
    expect(
      await apply(`CREATE TRIGGER trg_orders_upd ON Orders INSTEAD OF UPDATE AS
      BEGIN
        UPDATE o SET Freight = i.Freight FROM Orders o JOIN inserted i ON o.OrderID = i.OrderID WHERE i.Freight >= 0
        INSERT INTO Audit (OrderID, Action) SELECT d.OrderID, 'refused' FROM deleted d JOIN inserted i ON i.OrderID = d.OrderID WHERE i.Freight < 0
      END`),
    ).toEqual([]);
    expect(
      await apply(`CREATE TRIGGER trg_orders_del2 ON Orders INSTEAD OF DELETE AS
      UPDATE Orders SET CustomerID = 'GONE' WHERE OrderID IN (SELECT OrderID FROM deleted)`),
    ).toEqual([]);
    await t.query("INSERT INTO dbo.orders VALUES (51, 'ALFKI', 1), (52, 'ALFKI', 2)");
    await t.query(
      'UPDATE dbo.orders SET freight = CASE order_id WHEN 51 THEN 5 ELSE -1 END WHERE order_id > 50',
    );
    await t.query('DELETE FROM dbo.orders WHERE order_id = 52');
    expect(
      await t.query('SELECT order_id, customer_id, freight FROM dbo.orders WHERE order_id > 50 ORDER BY 1'),
    ).toEqual([
      { order_id: 51, customer_id: 'ALFKI', freight: '5.00' },
      { order_id: 52, customer_id: 'GONE ', freight: '2.00' },
    ]);
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action = 'refused'")).toEqual([
      { order_id: 52 },
    ]);
    await t.query('DROP TRIGGER trg_orders_upd ON dbo.orders; DROP TRIGGER trg_orders_del2 ON dbo.orders');
    await t.query(
      "DELETE FROM dbo.orders WHERE order_id > 50; DELETE FROM dbo.audit WHERE action = 'refused'",
    );
  });

  it('INSTEAD OF trigger on a table: an aggregate over inserted, or @@ROWCOUNT, is an item (the body runs per row)', () => {
    const r = convert(`CREATE TRIGGER trg_i ON Orders INSTEAD OF INSERT AS
      IF @@ROWCOUNT = 0 RETURN
      IF (SELECT COUNT(*) FROM inserted) > 1 RAISERROR('one at a time', 16, 1)`);
    expect(r.actionItems.map((a) => [a.code, a.severity])).toEqual([
      ['TSQL_INSTEAD_OF_PER_ROW', 'medium'],
      ['TSQL_INSTEAD_OF_PER_ROW', 'low'],
    ]);
    expect(r.statements.join('\n')).toContain('BEFORE INSERT ON dbo.orders FOR EACH ROW');
  });

  it("@@TRANCOUNT > 0 in a trigger's CATCH is TRUE (no item), and its ROLLBACK raises the caught error again", async () => {
    expect(
      await apply(`CREATE TRIGGER trg_audit_check ON Audit AFTER INSERT AS
      BEGIN TRY
        UPDATE Audit SET OrderID = OrderID / 0 WHERE Action = 'bad'
      END TRY
      BEGIN CATCH
        IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION
      END CATCH`),
    ).toEqual(['TSQL_TRIGGER_ROLLBACK']);
    await t.query("INSERT INTO dbo.audit VALUES (71, 'good')");
    // the division by zero the TRY block hit, not a new error
    await expect(t.query("INSERT INTO dbo.audit VALUES (72, 'bad')")).rejects.toMatchObject({
      code: '22012',
    });
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action IN ('good', 'bad')")).toEqual([
      { order_id: 71 },
    ]);
    await t.query("DROP TRIGGER trg_audit_check ON dbo.audit; DELETE FROM dbo.audit WHERE action = 'good'");
  });

  it('@@TRANCOUNT tested against 0 in a procedure: a constant (PL/pgSQL runs in a transaction) with a low item; the CATCH ROLLBACK undoes the work, the logging after it is kept', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.AuditTwice @id int AS
      BEGIN TRY
        IF @@TRANCOUNT = 0 BEGIN TRANSACTION
        INSERT INTO Audit (OrderID, Action) VALUES (@id, 'first')
        INSERT INTO Audit (OrderID, Action) VALUES (@id / 0, 'second')
        COMMIT TRANSACTION
      END TRY
      BEGIN CATCH
        IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION
        INSERT INTO Audit (OrderID, Action) VALUES (@id, 'logged')
      END CATCH`),
    ).toEqual(['TSQL_TRANCOUNT', 'TSQL_TRANSACTION', 'TSQL_COMMIT_IN_TRY', 'TSQL_TRANCOUNT']);
    const r = convert(`CREATE PROCEDURE dbo.P AS IF @@TRANCOUNT > 0 ROLLBACK`);
    expect(r.actionItems.map((a) => [a.code, a.severity])).toEqual([['TSQL_TRANCOUNT', 'low']]);
    await t.query('CALL dbo.audit_twice(81)');
    expect(
      await t.query("SELECT order_id, action FROM dbo.audit WHERE action IN ('first', 'second', 'logged')"),
    ).toEqual([{ order_id: 81, action: 'logged' }]);
    await t.query("DELETE FROM dbo.audit WHERE action = 'logged'");
  });

  it('@@TRANCOUNT other than tested against 0 stays a high item', () => {
    const r = convert(`CREATE PROCEDURE dbo.P AS DECLARE @n int = @@TRANCOUNT IF @@TRANCOUNT > 1 PRINT @n`);
    expect(r.actionItems.map((a) => [a.code, a.severity])).toEqual([
      ['TSQL_TRANCOUNT', 'high'],
      ['TSQL_TRANCOUNT', 'high'],
    ]);
  });

  it("UPDATE ... SET col.modify('XML DML'): not dropped, it raises feature_not_supported when it would change a row", async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.TouchDoc @id int AS
      UPDATE Docs SET Note = 'touched', Body.modify('delete /a/b') WHERE DocID = @id`),
    ).toEqual(['TSQL_XML_MODIFY']);
    await t.query("INSERT INTO dbo.docs VALUES (1, '<a><b/></a>', 'new')");
    // no row to change: nothing raised, nothing changed, as on SQL Server
    await t.query('CALL dbo.touch_doc(2)');
    await expect(t.query('CALL dbo.touch_doc(1)')).rejects.toMatchObject({
      code: '0A000',
      message: "xml modify() 'delete /a/b' (XML DML) is not converted by Ferry",
    });
    expect(await t.query('SELECT note, body::text AS body FROM dbo.docs')).toEqual([
      { note: 'new', body: '<a><b/></a>' },
    ]);
  });

  it('INSTEAD OF trigger on a table the migration does not have: an action item, nothing generated', () => {
    const r = convert(`CREATE TRIGGER trg_x ON dbo.NotMigrated INSTEAD OF DELETE AS SELECT 1`);
    expect(r.statements).toEqual([]);
    expect(r.actionItems.map((a) => [a.code, a.severity])).toEqual([['TSQL_INSTEAD_OF_TRIGGER', 'high']]);
  });

  it('INSTEAD OF INSERT on a view: an INSTEAD OF ... FOR EACH ROW trigger reading the row as inserted', async () => {
    expect(await apply(`CREATE VIEW dbo.OrderFreight AS SELECT OrderID, Freight FROM Orders`)).toEqual([]);
    const tsql = `CREATE TRIGGER trg_v ON dbo.OrderFreight INSTEAD OF INSERT AS
      INSERT INTO Orders (OrderID, CustomerID, Freight) SELECT OrderID, 'VIEW', Freight FROM inserted`;
    const r = convertModule({ statement: parseBatch(tsql)[0]!, text: tsql, parent: 'view' }, names);
    expect(r.actionItems).toEqual([]);
    for (const s of r.statements) await t.query(s);
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      // the statement counts the view's rows, as SQL Server does
      const inserted = await client.query('INSERT INTO dbo.order_freight VALUES (61, 1), (62, 2)');
      expect(inserted.rowCount).toBe(2);
    } finally {
      await client.end();
    }
    expect(
      await t.query("SELECT order_id, freight FROM dbo.orders WHERE customer_id = 'VIEW' ORDER BY 1"),
    ).toEqual([
      { order_id: 61, freight: '1.00' },
      { order_id: 62, freight: '2.00' },
    ]);
    await t.query('DROP VIEW dbo.order_freight; DELETE FROM dbo.orders WHERE order_id > 60');
  });

  it('a view with a recursive CTE whose recursive part computes its decimal column: PostgreSQL accepts it', async () => {
    expect(
      await apply(`CREATE VIEW dbo.FreightDoubling AS
      WITH d AS (
        SELECT OrderID, Freight, 1 AS Step FROM Orders
        UNION ALL
        SELECT OrderID, Freight * 2, Step + 1 FROM d WHERE Step < 3)
      SELECT OrderID, Freight, Step FROM d`),
    ).toEqual([]);
    expect(
      await t.query('SELECT freight::text AS f FROM dbo.freight_doubling WHERE order_id = 2 ORDER BY step'),
    ).toEqual([{ f: '4.25' }, { f: '8.50' }, { f: '17.00' }]);
  });

  it('dynamic SQL is kept with an action item and a comment at its place', () => {
    const r = convert(`CREATE PROCEDURE dbo.Dyn @t sysname AS EXEC ('SELECT * FROM ' + @t)`);
    expect(r.actionItems.map((a) => a.code)).toEqual(['TSQL_DYNAMIC_SQL']);
    expect(r.statements[0]).toContain(
      "/* ferry: TSQL_DYNAMIC_SQL dynamic SQL: the string holds T-SQL, which is not converted */EXECUTE 'SELECT * FROM ' || p_t;",
    );
    expect(r.actionItems[0]).toMatchObject({
      line: 1,
      snippet: "CREATE PROCEDURE dbo.Dyn @t sysname AS EXEC ('SELECT * FROM ' + @t)",
    });
  });
  it("an item about dynamic SQL built at run time is at the EXEC, not at the text's own line", () => {
    const r = convert(`CREATE PROCEDURE dbo.DynRun @t sysname AS
      DECLARE @sql nvarchar(200) = N'DELETE FROM dbo.' + QUOTENAME(@t) + N' WHERE TRY_CAST(ShipName AS int) = 1';
      EXEC sp_executesql @sql`);
    expect(r.actionItems.map((a) => a.code)).toEqual(['TSQL_TRY_CAST']);
    expect(r.actionItems[0]).toMatchObject({ line: 3, snippet: 'EXEC sp_executesql @sql' });
  });

  it('sp_executesql of a text built at run time with a literal parameter list: EXECUTE format(...) USING the arguments, @p as $n', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.AuditBy @col sysname, @id int, @action varchar(10) AS
      DECLARE @sql nvarchar(400) = N'INSERT INTO dbo.Audit (OrderID, Action) SELECT OrderID, @act FROM dbo.Orders WHERE ' + QUOTENAME(@col) + N' = @oid';
      EXEC sp_executesql @sql, N'@oid int, @act varchar(10)', @act = @action, @oid = @id`),
    ).toEqual([]);
    await t.query("CALL dbo.audit_by('OrderID', 2, 'dyn-param')");
    expect(await t.query("SELECT order_id FROM dbo.audit WHERE action = 'dyn-param'")).toEqual([
      { order_id: 2 },
    ]);
    await t.query("DELETE FROM dbo.audit WHERE action = 'dyn-param'");
  });

  it('sp_executesql query built at run time with positional arguments and a parameter default: a result set', async () => {
    expect(
      await apply(`CREATE PROCEDURE dbo.OrdersOver @min money, @col sysname AS
      DECLARE @sql nvarchar(400) = N'SELECT OrderID FROM dbo.Orders WHERE ' + QUOTENAME(@col) + N' > @m AND OrderID <> @skip ORDER BY OrderID';
      EXEC sp_executesql @sql, N'@m money, @skip int = 0', @min`),
    ).toEqual([]);
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const [call] = (await client.query("SELECT dbo.orders_over(5, 'Freight') AS c")).rows;
      expect((await client.query(`FETCH ALL FROM "${call.c}"`)).rows).toEqual([{ order_id: 1 }]);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  });

  it('sp_executesql with an OUTPUT parameter, or a parameter list built at run time, stays an action item', () => {
    const output = convert(`CREATE PROCEDURE dbo.DynCount @t sysname AS
      DECLARE @n int
      DECLARE @sql nvarchar(200) = N'SELECT @c = COUNT(*) FROM ' + QUOTENAME(@t);
      EXEC sp_executesql @sql, N'@c int OUTPUT', @c = @n OUTPUT`);
    expect(output.actionItems.map((a) => a.code)).toEqual(['TSQL_DYNAMIC_SQL']);
    const list = convert(`CREATE PROCEDURE dbo.DynList @t sysname AS
      DECLARE @p nvarchar(50) = N'@x int'
      SET @p = @p + N', @y int'
      DECLARE @sql nvarchar(200) = N'DELETE FROM ' + QUOTENAME(@t) + N' WHERE OrderID = @x';
      EXEC sp_executesql @sql, @p, 1, 2`);
    expect(list.actionItems.map((a) => a.message)).toEqual([
      'sp_executesql: the string holds T-SQL, which is not converted; its parameter list is built at run time, so which parameters it binds is not known',
    ]);
  });

  it('a procedure whose query built at run time stays an action item returns no result sets', () => {
    const r = convert(`CREATE PROCEDURE dbo.DynGroup @c sysname AS
      DECLARE @sql nvarchar(200) = N'SELECT ' + QUOTENAME(@c) + N' FROM dbo.Orders GROUP BY ALL ' + QUOTENAME(@c);
      EXEC sp_executesql @sql`);
    expect(r.actionItems.map((a) => a.code)).toEqual(['TSQL_DYNAMIC_SQL']);
    expect(r.statements[0]).toMatch(/^CREATE OR REPLACE PROCEDURE dbo\.dyn_group\(/);
  });
});

describe('unconverted statements keep the routine creatable', () => {
  it('INSERT ... EXEC, UPDATE ... FROM with an outer join and WAITFOR become NULL; statements with their comment', async () => {
    const codes = await apply(`CREATE PROCEDURE dbo.Leftovers AS
      INSERT INTO Audit (OrderID) EXEC dbo.Other;
      UPDATE o SET o.Freight = 0 FROM Orders o LEFT JOIN Audit a ON a.OrderID = o.OrderID;
      WAITFOR DELAY '00:00:01'`);
    expect(codes).toEqual(['TSQL_INSERT_EXEC', 'TSQL_UPDATE_FROM', 'TSQL_STATEMENT']);
    await t.query('CALL dbo.leftovers()');
    expect(await t.query('SELECT count(*)::int AS n FROM dbo.orders')).toEqual([{ n: 2 }]);
  });
});
