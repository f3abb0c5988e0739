// DDL is transactional, as on SQL Server: ALTER TABLE, CREATE/DROP INDEX, CREATE/ALTER/DROP of
// tables, views and procedures, trigger and constraint switches inside a transaction are undone by
// ROLLBACK and by ROLLBACK to a savepoint, seen through the unmodified mssql client. The rows written
// around the DDL come back as they were; table variables and sequence values are not rolled back.

import sql from 'mssql';
import { beforeEach, describe, expect, it } from 'vitest';
import { emulatorWithPool, requestFailure } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Account (
  AccountID int NOT NULL CONSTRAINT PK_Account PRIMARY KEY,
  Name varchar(20) NOT NULL,
  Balance int NULL
)
CREATE TABLE dbo.Audit (AccountID int NOT NULL, Note varchar(20) NOT NULL)
GO
CREATE TRIGGER dbo.Account_Audit ON dbo.Account AFTER INSERT AS
  INSERT INTO dbo.Audit (AccountID, Note) SELECT AccountID, 'inserted' FROM inserted
GO
CREATE PROCEDURE dbo.Describe AS SELECT 'old' AS Version
GO
CREATE PROCEDURE dbo.Widen AS
BEGIN
  ALTER TABLE dbo.Account ADD Region varchar(10) NULL;
  EXEC (N'UPDATE dbo.Account SET Region = ''north''');
  ALTER TABLE dbo.Account DROP CONSTRAINT PK_Account;
  CREATE TABLE dbo.Made (x int);
END
GO
CREATE SEQUENCE dbo.Ticket AS int START WITH 1
`;

const emulator = emulatorWithPool([script], 'ddl', { oneConnection: true });
beforeEach(async () => {
  await emulator.pool
    .request()
    .batch(
      "IF @@TRANCOUNT > 0 ROLLBACK; DELETE FROM dbo.Account; INSERT INTO dbo.Account VALUES (1, 'ann', 10), (2, 'bob', 20); DELETE FROM dbo.Audit",
    );
});

const query = (text: string) => emulator.pool.request().query(text);
const failure = (text: string) => requestFailure(emulator.pool, text);
const columns = async (table: string) =>
  (
    await query(`SELECT name FROM sys.columns WHERE object_id = OBJECT_ID('${table}') ORDER BY column_id`)
  ).recordset.map((r) => r.name as string);
const accounts = async () => (await query('SELECT * FROM dbo.Account ORDER BY AccountID')).recordset;
const original = [
  { AccountID: 1, Name: 'ann', Balance: 10 },
  { AccountID: 2, Name: 'bob', Balance: 20 },
];

describe('ROLLBACK undoes DDL', () => {
  it('ALTER TABLE ADD a column with a default, rows written before and after it: all gone', async () => {
    await query(`BEGIN TRAN
      INSERT INTO dbo.Account VALUES (3, 'cy', 30)
      ALTER TABLE dbo.Account ADD Region varchar(10) NOT NULL CONSTRAINT DF_Account_Region DEFAULT 'south'
      INSERT INTO dbo.Account (AccountID, Name) VALUES (4, 'dee')
      UPDATE dbo.Account SET Balance = 0`);
    expect(await columns('dbo.Account')).toEqual(['AccountID', 'Name', 'Balance', 'Region']);
    expect((await query('SELECT Region FROM dbo.Account WHERE AccountID = 4')).recordset).toEqual([
      { Region: 'south' },
    ]);
    await query('ROLLBACK');
    expect(await columns('dbo.Account')).toEqual(['AccountID', 'Name', 'Balance']);
    expect(await accounts()).toEqual(original);
    expect((await query("SELECT OBJECT_ID('dbo.DF_Account_Region') AS id")).recordset).toEqual([
      { id: null },
    ]);
    // The table works as before: inserts with its three columns, its trigger still fires.
    await query("INSERT INTO dbo.Account VALUES (5, 'eve', 50)");
    expect((await query('SELECT AccountID FROM dbo.Audit ORDER BY AccountID')).recordset).toEqual([
      { AccountID: 5 },
    ]);
  });

  it('ALTER TABLE DROP COLUMN and DROP CONSTRAINT: the column with its values and the key come back', async () => {
    await query(
      'BEGIN TRAN; ALTER TABLE dbo.Account DROP COLUMN Balance; ALTER TABLE dbo.Account DROP CONSTRAINT PK_Account',
    );
    await query("INSERT INTO dbo.Account VALUES (1, 'dup')");
    await query('ROLLBACK');
    expect(await accounts()).toEqual(original);
    const e = await failure("INSERT INTO dbo.Account VALUES (1, 'dup', 0)");
    expect(e).toMatchObject({ number: 2627 });
    expect(e.message).toContain("Violation of PRIMARY KEY constraint 'PK_Account'");
  });

  it('CREATE INDEX, DISABLE TRIGGER, CREATE VIEW and ALTER PROCEDURE are undone', async () => {
    await query(`BEGIN TRAN
      CREATE UNIQUE INDEX UX_Account_Name ON dbo.Account (Name)
      ALTER TABLE dbo.Account DISABLE TRIGGER Account_Audit`);
    await query('CREATE VIEW dbo.Rich AS SELECT Name FROM dbo.Account WHERE Balance > 15');
    await query("ALTER PROCEDURE dbo.Describe AS SELECT 'new' AS Version");
    expect((await query('EXEC dbo.Describe')).recordset).toEqual([{ Version: 'new' }]);
    await query('ROLLBACK');
    expect((await query('EXEC dbo.Describe')).recordset).toEqual([{ Version: 'old' }]);
    expect(await failure('SELECT * FROM dbo.Rich')).toMatchObject({ number: 208 });
    expect(
      (
        await query(
          "SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID('dbo.Account') ORDER BY index_id",
        )
      ).recordset,
    ).toEqual([{ name: 'PK_Account' }]);
    await query("INSERT INTO dbo.Account VALUES (3, 'ann', 1)");
    expect((await query('SELECT AccountID FROM dbo.Audit')).recordset).toEqual([{ AccountID: 3 }]);
  });

  it('DROP TABLE inside a transaction: ROLLBACK brings the table back with its rows, key and trigger', async () => {
    await query('BEGIN TRAN; DROP TABLE dbo.Account');
    expect(await failure('SELECT * FROM dbo.Account')).toMatchObject({ number: 208 });
    await query('ROLLBACK');
    expect(await accounts()).toEqual(original);
    expect(await failure("INSERT INTO dbo.Account VALUES (2, 'dup', 0)")).toMatchObject({ number: 2627 });
  });

  it('a procedure that alters tables, called inside a transaction (RPC), is undone by the rollback', async () => {
    const tx = new sql.Transaction(emulator.pool);
    await tx.begin();
    await new sql.Request(tx).execute('dbo.Widen');
    expect((await new sql.Request(tx).query('SELECT Region FROM dbo.Account')).recordset).toEqual([
      { Region: 'north' },
      { Region: 'north' },
    ]);
    await tx.rollback();
    expect(await columns('dbo.Account')).toEqual(['AccountID', 'Name', 'Balance']);
    expect(await accounts()).toEqual(original);
    expect(await failure('SELECT * FROM dbo.Made')).toMatchObject({ number: 208 });
    expect((await query("SELECT OBJECT_ID('dbo.PK_Account') AS id")).recordset[0].id).not.toBeNull();
  });
});

describe('savepoints, and what a rollback leaves alone', () => {
  it('ROLLBACK to a savepoint undoes the DDL after it only; COMMIT keeps the DDL before it', async () => {
    await query(`BEGIN TRAN
      ALTER TABLE dbo.Account ADD Kept int NULL
      SAVE TRANSACTION s1
      ALTER TABLE dbo.Account ADD Dropped int NULL
      ALTER TABLE dbo.Account DROP COLUMN Kept
      ROLLBACK TRANSACTION s1`);
    expect(await columns('dbo.Account')).toEqual(['AccountID', 'Name', 'Balance', 'Kept']);
    await query('COMMIT');
    expect(await columns('dbo.Account')).toEqual(['AccountID', 'Name', 'Balance', 'Kept']);
    await query('ALTER TABLE dbo.Account DROP COLUMN Kept');
  });

  it('a table variable keeps its rows and a sequence its values across the rollback of DDL', async () => {
    const r = await query(`DECLARE @t TABLE (v int)
      BEGIN TRAN
      INSERT INTO @t VALUES (NEXT VALUE FOR dbo.Ticket)
      ALTER TABLE dbo.Account ADD Extra int NULL
      INSERT INTO @t VALUES (NEXT VALUE FOR dbo.Ticket)
      ROLLBACK
      INSERT INTO @t VALUES (NEXT VALUE FOR dbo.Ticket)
      SELECT v FROM @t ORDER BY v`);
    expect(r.recordset).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    expect(await columns('dbo.Account')).toEqual(['AccountID', 'Name', 'Balance']);
  });

  it('ALTER DATABASE is refused inside a transaction (226), as SQL Server refuses it', async () => {
    const e = await failure('BEGIN TRAN; ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON');
    expect(e).toMatchObject({ number: 226 });
    expect(e.message).toBe('ALTER DATABASE statement not allowed within multi-statement transaction.');
  });
});
