// Statement atomicity and transactions as SQL Server has them, seen through the unmodified mssql
// client: a failing statement leaves none of its rows, ROLLBACK undoes (identity values excepted),
// savepoints, XACT_ABORT, batch-aborting errors, and the TDS transaction manager API.

import sql from 'mssql';
import { beforeEach, describe, expect, it } from 'vitest';
import { emulatorWithPool, requestFailure } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Parent (ParentID int NOT NULL PRIMARY KEY, Code varchar(3) NULL)
CREATE TABLE dbo.Item (
  ItemID int IDENTITY(1,1) NOT NULL CONSTRAINT PK_Item PRIMARY KEY,
  ParentID int NULL CONSTRAINT FK_Item_Parent REFERENCES dbo.Parent (ParentID),
  Qty tinyint NULL,
  Total int NULL,
  Name varchar(5) NOT NULL,
  CONSTRAINT CK_Item_Total CHECK (Total >= 0)
)
CREATE TABLE dbo.Code (Code int NOT NULL)
CREATE UNIQUE INDEX UX_Code ON dbo.Code (Code)
INSERT INTO dbo.Parent VALUES (1, 'one'), (2, 'two')
`;

const emulator = emulatorWithPool([script], 'tx', { oneConnection: true });
beforeEach(async () => {
  await emulator.pool
    .request()
    .batch(
      'SET XACT_ABORT OFF; SET ANSI_WARNINGS ON; IF @@TRANCOUNT > 0 ROLLBACK; DELETE FROM dbo.Item; DELETE FROM dbo.Code',
    );
});

const query = (text: string) => emulator.pool.request().query(text);
const failure = (text: string) => requestFailure(emulator.pool, text);
const codes = async () => (await query('SELECT Code FROM dbo.Code')).recordset.map((r) => r.Code as number);
const items = async () =>
  (await query('SELECT Name FROM dbo.Item ORDER BY ItemID')).recordset.map((r) => r.Name as string);

describe('statement atomicity: a failing statement leaves none of its rows', () => {
  it('multi-row INSERT ... VALUES with a duplicate unique-index key in its third row: 2601, no row', async () => {
    const e = await failure('INSERT INTO dbo.Code (Code) VALUES (1), (2), (1)');
    expect(e).toMatchObject({ number: 2601, class: 14, state: 1 });
    expect(e.message).toBe(
      "Cannot insert duplicate key row in object 'dbo.Code' with unique index 'UX_Code'. The duplicate key value is (1).",
    );
    expect(await codes()).toEqual([]);
  });

  it('INSERT ... SELECT failing on a later row (conversion 245) keeps no row', async () => {
    const e = await failure(
      "INSERT INTO dbo.Item (Name, Total) SELECT 'a', 1 UNION ALL SELECT 'b', 2 UNION ALL SELECT 'c', 'x'",
    );
    expect(e).toMatchObject({ number: 245, class: 16 });
    expect(e.message).toBe("Conversion failed when converting the varchar value 'x' to data type int.");
    expect(await items()).toEqual([]);
  });

  it('tinyint out of range is 220 with the value; int out of range is 8115', async () => {
    const tiny = await failure("INSERT INTO dbo.Item (Name, Qty) VALUES ('a', 1), ('b', 300)");
    expect(tiny).toMatchObject({
      number: 220,
      class: 16,
      state: 2,
      message: 'Arithmetic overflow error for data type tinyint, value = 300.',
    });
    const int = await failure("INSERT INTO dbo.Item (Name, Total) VALUES ('a', 1), ('b', 3000000000)");
    expect(int).toMatchObject({
      number: 8115,
      class: 16,
      state: 2,
      message: 'Arithmetic overflow error converting expression to data type int.',
    });
    expect(await items()).toEqual([]);
  });

  it('string truncation is 2628 naming the table, column and truncated value', async () => {
    const e = await failure("INSERT INTO dbo.Item (Name) VALUES ('ok'), ('toolong')");
    expect(e).toMatchObject({ number: 2628, class: 16 });
    expect(e.message).toBe(
      "String or binary data would be truncated in table 'tx.dbo.Item', column 'Name'. Truncated value: 'toolo'.",
    );
    expect(await items()).toEqual([]);
  });

  it('NULL into NOT NULL (515), primary key (2627), foreign key and CHECK (547)', async () => {
    const nul = await failure("INSERT INTO dbo.Item (Name) VALUES ('a'), (NULL)");
    expect(nul).toMatchObject({ number: 515, class: 16, state: 2 });
    expect(nul.message).toBe(
      "Cannot insert the value NULL into column 'Name', table 'tx.dbo.Item'; column does not allow nulls. INSERT fails.",
    );
    const pk = await failure("INSERT INTO dbo.Parent VALUES (3, 'x'), (1, 'y')");
    expect(pk).toMatchObject({ number: 2627, class: 14 });
    expect(pk.message).toMatch(
      /^Violation of PRIMARY KEY constraint 'PK__Parent__[0-9A-F]+'\. Cannot insert duplicate key in object 'dbo\.Parent'\. The duplicate key value is \(1\)\.$/,
    );
    const fk = await failure("INSERT INTO dbo.Item (Name, ParentID) VALUES ('a', 1), ('b', 9)");
    // mssql turns state 0 into undefined; tedious' message (originalError.info) keeps it.
    expect(fk).toMatchObject({ number: 547, class: 16, originalError: { info: { state: 0 } } });
    expect(fk.message).toBe(
      'The INSERT statement conflicted with the FOREIGN KEY constraint "FK_Item_Parent". The conflict occurred in database "tx", table "dbo.Parent", column \'ParentID\'.',
    );
    const ck = await failure("INSERT INTO dbo.Item (Name, Total) VALUES ('a', 1), ('b', -1)");
    expect(ck).toMatchObject({ number: 547, class: 16, originalError: { info: { state: 0 } } });
    expect(ck.message).toBe(
      'The INSERT statement conflicted with the CHECK constraint "CK_Item_Total". The conflict occurred in database "tx", table "dbo.Item".',
    );
    expect(await items()).toEqual([]);
    expect((await query('SELECT COUNT(*) AS n FROM dbo.Parent')).recordset).toEqual([{ n: 2 }]);
  });

  it('a row may reference itself through a self-referencing foreign key; another missing key is still 547', async () => {
    await query(`CREATE TABLE dbo.Person (PersonID int NOT NULL PRIMARY KEY,
      EditedBy int NOT NULL CONSTRAINT FK_Person_Person REFERENCES dbo.Person (PersonID))`);
    await query('INSERT INTO dbo.Person VALUES (1, 1), (2, 1)');
    const fk = await failure('INSERT INTO dbo.Person VALUES (3, 4)');
    expect(fk.message).toMatch(
      /^The INSERT statement conflicted with the FOREIGN KEY constraint "FK_Person_Person"/,
    );
    await query('UPDATE dbo.Person SET EditedBy = 2 WHERE PersonID = 2');
    expect((await query('SELECT PersonID, EditedBy FROM dbo.Person ORDER BY PersonID')).recordset).toEqual([
      { PersonID: 1, EditedBy: 1 },
      { PersonID: 2, EditedBy: 2 },
    ]);
    await query('INSERT INTO dbo.Person VALUES (3, 2)');
    // Rows of one statement may reference each other (checked against the statement's end state).
    await query('INSERT INTO dbo.Person VALUES (4, 5), (5, 4)');
    const cycle = await failure('INSERT INTO dbo.Person VALUES (6, 7), (7, 8)');
    expect(cycle.message).toMatch(
      /^The INSERT statement conflicted with the FOREIGN KEY constraint "FK_Person_Person"/,
    );
    await query('DELETE FROM dbo.Person WHERE PersonID IN (4, 5)');
    const del = await failure('DELETE FROM dbo.Person WHERE PersonID = 2');
    expect(del.message).toMatch(
      /^The DELETE statement conflicted with the REFERENCE constraint "FK_Person_Person"/,
    );
    // A row referencing only itself, or only rows deleted with it, may be deleted.
    await query('DELETE FROM dbo.Person WHERE PersonID = 1');
    await query('DELETE FROM dbo.Person WHERE PersonID IN (2, 3)');
    expect((await query('SELECT COUNT(*) AS n FROM dbo.Person')).recordset).toEqual([{ n: 0 }]);
    await query('DROP TABLE dbo.Person');
  });

  it('UPDATE and DELETE failing on one row change no row', async () => {
    await query("INSERT INTO dbo.Item (Name, Total, ParentID) VALUES ('a', 5, 1), ('b', 1, NULL)");
    const up = await failure('UPDATE dbo.Item SET Total = Total - 3');
    expect(up.message).toMatch(/^The UPDATE statement conflicted with the CHECK constraint "CK_Item_Total"/);
    expect((await query('SELECT Total FROM dbo.Item ORDER BY ItemID')).recordset).toEqual([
      { Total: 5 },
      { Total: 1 },
    ]);
    const del = await failure('DELETE FROM dbo.Parent');
    expect(del).toMatchObject({ number: 547, class: 16, originalError: { info: { state: 0 } } });
    expect(del.message).toBe(
      'The DELETE statement conflicted with the REFERENCE constraint "FK_Item_Parent". The conflict occurred in database "tx", table "dbo.Item", column \'ParentID\'.',
    );
    expect((await query('SELECT COUNT(*) AS n FROM dbo.Parent')).recordset).toEqual([{ n: 2 }]);
  });

  it('a statement-level error in a batch keeps the earlier statements and runs the later ones', async () => {
    const e = await failure(
      'INSERT INTO dbo.Code VALUES (1); INSERT INTO dbo.Code VALUES (2), (1); INSERT INTO dbo.Code VALUES (4)',
    );
    expect(e.number).toBe(2601);
    expect((await codes()).sort()).toEqual([1, 4]);
  });
});

describe('transactions', () => {
  it('ROLLBACK undoes inserts, updates and deletes but not identity values', async () => {
    await query("INSERT INTO dbo.Item (Name, Total) VALUES ('keep', 1), ('gone', 2)");
    const r = await query(`
      BEGIN TRANSACTION
      INSERT INTO dbo.Item (Name) VALUES ('new')
      UPDATE dbo.Item SET Total = 10 WHERE Name = 'keep'
      DELETE FROM dbo.Item WHERE Name = 'gone'
      SELECT @@TRANCOUNT AS n
      ROLLBACK TRANSACTION
      SELECT @@TRANCOUNT AS n`);
    expect((r.recordsets as sql.IRecordSet<{ n: number }>[]).map((s) => s[0].n)).toEqual([1, 0]);
    expect((await query('SELECT ItemID, Name, Total FROM dbo.Item ORDER BY ItemID')).recordset).toEqual([
      { ItemID: expect.any(Number), Name: 'keep', Total: 1 },
      { ItemID: expect.any(Number), Name: 'gone', Total: 2 },
    ]);
    const before = (await query('SELECT MAX(ItemID) AS id FROM dbo.Item')).recordset[0].id as number;
    await query("INSERT INTO dbo.Item (Name) VALUES ('after')");
    // The rolled-back insert used before + 1: SQL Server does not give identity values back.
    expect((await query("SELECT ItemID FROM dbo.Item WHERE Name = 'after'")).recordset).toEqual([
      { ItemID: before + 2 },
    ]);
  });

  it('nested BEGIN/COMMIT count @@TRANCOUNT; the outer ROLLBACK undoes all; COMMIT/ROLLBACK alone fail', async () => {
    const r = await query(`
      BEGIN TRAN
      INSERT INTO dbo.Item (Name) VALUES ('a')
      BEGIN TRAN
      INSERT INTO dbo.Item (Name) VALUES ('b')
      SELECT @@TRANCOUNT AS n
      COMMIT
      SELECT @@TRANCOUNT AS n
      ROLLBACK
      SELECT @@TRANCOUNT AS n`);
    expect((r.recordsets as sql.IRecordSet<{ n: number }>[]).map((s) => s[0].n)).toEqual([2, 1, 0]);
    expect(await items()).toEqual([]);
    expect(await failure('COMMIT TRANSACTION')).toMatchObject({
      number: 3902,
      message: 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.',
    });
    expect(await failure('ROLLBACK TRANSACTION')).toMatchObject({
      number: 3903,
      message: 'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.',
    });
  });

  it('SAVE TRANSACTION and ROLLBACK TRANSACTION savepoint undo only what followed the savepoint', async () => {
    await query(`
      BEGIN TRAN outer_tx
      INSERT INTO dbo.Item (Name) VALUES ('a')
      SAVE TRANSACTION sp1
      INSERT INTO dbo.Item (Name) VALUES ('b')
      ROLLBACK TRANSACTION sp1
      INSERT INTO dbo.Item (Name) VALUES ('c')
      COMMIT TRANSACTION outer_tx`);
    expect(await items()).toEqual(['a', 'c']);
    expect(await failure('BEGIN TRAN; ROLLBACK TRAN nosuch')).toMatchObject({
      number: 6401,
      message: 'Cannot roll back nosuch. No transaction or savepoint of that name was found.',
    });
    expect(await failure('SAVE TRANSACTION sp')).toMatchObject({ number: 628 });
  });

  it('a statement error keeps the transaction open; XACT_ABORT ON rolls it back and aborts the batch', async () => {
    const kept = await failure(`
      BEGIN TRAN
      INSERT INTO dbo.Code VALUES (1)
      INSERT INTO dbo.Code VALUES (1)
      INSERT INTO dbo.Code VALUES (3)
      COMMIT`);
    expect(kept.number).toBe(2601);
    expect((await codes()).sort()).toEqual([1, 3]);
    await query('DELETE FROM dbo.Code');
    const aborted = await failure(`
      SET XACT_ABORT ON
      BEGIN TRAN
      INSERT INTO dbo.Code VALUES (1)
      INSERT INTO dbo.Code VALUES (1)
      INSERT INTO dbo.Code VALUES (3)
      COMMIT`);
    expect(aborted.number).toBe(2601);
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 0 }]);
    expect(await codes()).toEqual([]);
  });

  it('an arithmetic error ends its statement only; with ANSI_WARNINGS OFF it aborts the batch and rolls back', async () => {
    const kept = await failure(`
      BEGIN TRAN
      INSERT INTO dbo.Item (Name) VALUES ('a')
      INSERT INTO dbo.Item (Name, Qty) VALUES ('b', 300)
      INSERT INTO dbo.Item (Name, Total) VALUES ('c', 1 / 0)
      INSERT INTO dbo.Item (Name) VALUES ('d')
      COMMIT`);
    expect(
      [...((kept as { precedingErrors?: sql.RequestError[] }).precedingErrors ?? []), kept].map(
        (e) => e.number,
      ),
    ).toEqual([220, 8134]);
    expect(await items()).toEqual(['a', 'd']);
    await query('DELETE FROM dbo.Item');
    const aborted = await failure(`
      SET ANSI_WARNINGS OFF
      BEGIN TRAN
      INSERT INTO dbo.Item (Name) VALUES ('a')
      INSERT INTO dbo.Item (Name, Qty) VALUES ('b', 300)
      INSERT INTO dbo.Item (Name) VALUES ('d')`);
    expect(aborted.number).toBe(220);
    await query('SET ANSI_WARNINGS ON');
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 0 }]);
    expect(await items()).toEqual([]);
  });

  it('a missing table (208) ends its batch or procedure only: the caller goes on and the transaction stays open', async () => {
    await query(
      'CREATE PROCEDURE dbo.HalfDone AS BEGIN INSERT INTO dbo.Code VALUES (1); SELECT * FROM dbo.NoSuchTable; INSERT INTO dbo.Code VALUES (2) END',
    );
    const e = await failure(
      'BEGIN TRAN; EXEC dbo.HalfDone; INSERT INTO dbo.Code VALUES (3); SELECT * FROM dbo.NoSuchTable; INSERT INTO dbo.Code VALUES (4)',
    );
    expect(e).toMatchObject({ number: 208, message: "Invalid object name 'dbo.NoSuchTable'." });
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 1 }]);
    await query('COMMIT; DROP PROCEDURE dbo.HalfDone');
    expect((await codes()).sort()).toEqual([1, 3]);
  });

  it("a procedure that ends the caller's transaction gets 266; its temporary tables go when it returns", async () => {
    await query(
      'CREATE PROCEDURE dbo.Undo AS BEGIN CREATE TABLE #scratch (x int); INSERT INTO #scratch VALUES (1); ROLLBACK END',
    );
    const e = await failure(
      'BEGIN TRAN; INSERT INTO dbo.Code VALUES (1); EXEC dbo.Undo; INSERT INTO dbo.Code VALUES (2)',
    );
    expect(e).toMatchObject({
      number: 266,
      procName: 'Undo',
      message:
        'Transaction count after EXECUTE indicates a mismatching number of BEGIN and COMMIT statements. Previous count = 1, current count = 0.',
    });
    expect(await codes()).toEqual([2]);
    expect((await query("SELECT OBJECT_ID('tempdb..#scratch') AS id, @@TRANCOUNT AS n")).recordset).toEqual([
      { id: null, n: 0 },
    ]);
    await query('DROP PROCEDURE dbo.Undo');
  });

  it('each statement inside BEGIN...END, IF and WHILE is atomic on its own', async () => {
    const e = await failure(`
      DECLARE @i int = 0
      WHILE @i < 3
      BEGIN
        SET @i += 1
        INSERT INTO dbo.Code VALUES (@i * 10)
        IF @i = 2 INSERT INTO dbo.Code VALUES (5), (10)
      END`);
    expect(e.number).toBe(2601);
    expect((await codes()).sort((x, y) => x - y)).toEqual([10, 20, 30]);
  });

  it('a batch-aborting error (conversion 245) rolls back the open transaction', async () => {
    const e = await failure(`
      BEGIN TRAN
      INSERT INTO dbo.Item (Name) VALUES ('a')
      INSERT INTO dbo.Item (Name, Total) VALUES ('b', 'x')
      INSERT INTO dbo.Item (Name) VALUES ('c')`);
    expect(e.number).toBe(245);
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 0 }]);
    expect(await items()).toEqual([]);
  });

  it('CREATE TABLE inside a rolled-back transaction is gone', async () => {
    await query('BEGIN TRAN; CREATE TABLE dbo.Scratch (x int); INSERT INTO dbo.Scratch VALUES (1); ROLLBACK');
    expect(await failure('SELECT * FROM dbo.Scratch')).toMatchObject({ number: 208 });
  });
});

describe('the TDS transaction manager API (mssql Transaction)', () => {
  it('rollback() undoes the transaction, commit() keeps it', async () => {
    const tx = new sql.Transaction(emulator.pool);
    await tx.begin();
    await new sql.Request(tx).query("INSERT INTO dbo.Item (Name) VALUES ('undo')");
    expect((await new sql.Request(tx).query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 1 }]);
    await tx.rollback();
    expect(await items()).toEqual([]);
    const ok = new sql.Transaction(emulator.pool);
    await ok.begin();
    await new sql.Request(ok).query("INSERT INTO dbo.Item (Name) VALUES ('kept')");
    await ok.commit();
    expect(await items()).toEqual(['kept']);
  });

  it('a server-side rollback (XACT_ABORT) reaches the client as the transaction ENVCHANGE: commit() is refused', async () => {
    const tx = new sql.Transaction(emulator.pool);
    await tx.begin();
    await new sql.Request(tx).batch('SET XACT_ABORT ON; INSERT INTO dbo.Code VALUES (1)');
    await expect(new sql.Request(tx).query('INSERT INTO dbo.Code VALUES (2), (1)')).rejects.toMatchObject({
      number: 2601,
    });
    await expect(tx.commit()).rejects.toMatchObject({ code: 'EABORT' });
    expect(await codes()).toEqual([]);
  });
});

describe('TRY...CATCH', () => {
  it('ERROR_*() describe the handled error, NULL outside CATCH; THROW; raises it again', async () => {
    const r = await query(`
      BEGIN TRY
        INSERT INTO dbo.Code VALUES (1)
        INSERT INTO dbo.Code VALUES (1)
      END TRY
      BEGIN CATCH
        SELECT ERROR_NUMBER() AS num, ERROR_SEVERITY() AS sev, ERROR_STATE() AS st, ERROR_MESSAGE() AS msg, ERROR_PROCEDURE() AS proc_name, XACT_STATE() AS xs
      END CATCH
      SELECT ERROR_NUMBER() AS outside`);
    const sets = r.recordsets as sql.IRecordSet<unknown>[];
    expect(sets[0]).toEqual([
      {
        num: 2601,
        sev: 14,
        st: 1,
        msg: "Cannot insert duplicate key row in object 'dbo.Code' with unique index 'UX_Code'. The duplicate key value is (1).",
        proc_name: null,
        xs: 0,
      },
    ]);
    expect(sets[1]).toEqual([{ outside: null }]);
    const e = await failure(
      "BEGIN TRY SELECT CAST('x' AS int) AS n END TRY BEGIN CATCH THROW; END CATCH; SELECT 'not reached'",
    );
    expect(e).toMatchObject({
      number: 245,
      class: 16,
      message: "Conversion failed when converting the varchar value 'x' to data type int.",
    });
  });

  it('the usual template: XACT_ABORT ON, an error in TRY dooms the transaction (XACT_STATE -1), CATCH rolls back and rethrows', async () => {
    const e = await failure(`
      SET XACT_ABORT ON
      BEGIN TRY
        BEGIN TRANSACTION
        INSERT INTO dbo.Code VALUES (1)
        INSERT INTO dbo.Code VALUES (1)
        COMMIT TRANSACTION
      END TRY
      BEGIN CATCH
        IF XACT_STATE() = -1 PRINT 'doomed'
        IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
        THROW;
      END CATCH`);
    expect(e.number).toBe(2601);
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 0 }]);
    expect(await codes()).toEqual([]);
  });

  it('a doomed transaction refuses COMMIT (3930) and is rolled back at the end of the batch (3998)', async () => {
    const commit = await failure(`
      BEGIN TRAN
      INSERT INTO dbo.Code VALUES (5)
      BEGIN TRY SELECT CAST('x' AS int) END TRY BEGIN CATCH END CATCH
      COMMIT`);
    expect(commit).toMatchObject({
      number: 3930,
      message:
        'The current transaction cannot be committed and cannot support operations that write to the log file. Roll back the transaction.',
    });
    const end = await failure(`
      BEGIN TRAN
      INSERT INTO dbo.Code VALUES (6)
      BEGIN TRY SELECT CAST('x' AS int) END TRY BEGIN CATCH SELECT XACT_STATE() AS xs END CATCH`);
    expect(end).toMatchObject({
      number: 3998,
      message:
        'Uncommittable transaction is detected at the end of the batch. The transaction is rolled back.',
    });
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 0 }]);
    expect(await codes()).toEqual([]);
  });

  it('THROW outside TRY aborts the batch but leaves the transaction open (XACT_ABORT OFF)', async () => {
    const e = await failure(
      "BEGIN TRAN; INSERT INTO dbo.Code VALUES (7); THROW 50001, 'stop here', 3; INSERT INTO dbo.Code VALUES (8)",
    );
    expect(e).toMatchObject({ number: 50001, class: 16, state: 3, message: 'stop here' });
    expect((await query('SELECT @@TRANCOUNT AS n')).recordset).toEqual([{ n: 1 }]);
    await query('COMMIT');
    expect(await codes()).toEqual([7]);
  });
});
