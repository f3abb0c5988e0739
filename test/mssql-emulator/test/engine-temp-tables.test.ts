// Local temporary tables and table variables through the unmodified mssql client: #name tables live
// in tempdb under a per-session name, are visible only to their session, SELECT ... INTO creates them,
// and they go when the session ends; table variables live for their batch and ignore ROLLBACK.

import sql from 'mssql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';

const script = `
CREATE TABLE dbo.Account (Id int NOT NULL PRIMARY KEY, Owner nvarchar(20) NOT NULL, Balance decimal(12,2) NULL)
INSERT INTO dbo.Account VALUES (1, N'Ann', 10.50), (2, N'Bob', NULL), (3, N'Cy', 7.25)
`;

let em: RunningEmulator;
let a: sql.ConnectionPool;
let b: sql.ConnectionPool;
beforeAll(async () => {
  em = await startEmulator({ scripts: [script], database: 'bank' });
  a = await new sql.ConnectionPool({ ...em.config, pool: { max: 1 } }).connect();
  b = await new sql.ConnectionPool({ ...em.config, pool: { max: 1 } }).connect();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await em?.close();
});

it('CREATE TABLE #t, INSERT, SELECT and DROP in one session; another session does not see it', async () => {
  const r = await a.request().query(`
    CREATE TABLE #work (Id int NOT NULL PRIMARY KEY, Note varchar(10) NULL)
    INSERT INTO #work (Id, Note) SELECT Id, 'copied' FROM dbo.Account WHERE Balance IS NOT NULL
    SELECT Id, Note FROM #work ORDER BY Id
    SELECT CASE WHEN OBJECT_ID('tempdb..#work') IS NULL THEN 0 ELSE 1 END AS present`);
  const sets = r.recordsets as sql.IRecordSet<unknown>[];
  expect(sets[0]).toEqual([
    { Id: 1, Note: 'copied' },
    { Id: 3, Note: 'copied' },
  ]);
  expect(sets[1]).toEqual([{ present: 1 }]);
  await expect(b.request().query('SELECT * FROM #work')).rejects.toMatchObject({
    number: 208,
    message: "Invalid object name '#work'.",
  });
  expect((await b.request().query("SELECT OBJECT_ID('tempdb..#work') AS id")).recordset).toEqual([
    { id: null },
  ]);
  // Both sessions may use the same #name: each has its own table.
  await b.request().query('CREATE TABLE #work (Other int); DROP TABLE #work');
  const dropped = await a.request().query("DROP TABLE #work; SELECT OBJECT_ID('tempdb..#work') AS id");
  expect(dropped.recordset).toEqual([{ id: null }]);
});

it('SELECT ... INTO #t copies the result columns and rows; tempdb.sys.objects names it as SQL Server does', async () => {
  const r = await a.request().query(`
    SELECT Id, Owner, Balance INTO #copy FROM dbo.Account WHERE Id < 3
    SELECT Id, Owner, CONVERT(varchar(20), Balance) AS Balance FROM #copy ORDER BY Id
    SELECT name FROM tempdb.sys.objects WHERE name LIKE '#copy%'
    SELECT c.name, TYPE_NAME(c.user_type_id) AS type_name, c.max_length, c.precision, c.scale, c.is_nullable
    FROM tempdb.sys.columns c WHERE c.object_id = OBJECT_ID('tempdb..#copy') ORDER BY c.column_id
    DROP TABLE #copy`);
  expect(r.rowsAffected[0]).toBe(2);
  const sets = r.recordsets as sql.IRecordSet<unknown>[];
  expect(sets[0]).toEqual([
    { Id: 1, Owner: 'Ann', Balance: '10.50' },
    { Id: 2, Owner: 'Bob', Balance: null },
  ]);
  const [{ name }] = sets[1] as unknown as { name: string }[];
  expect(name).toMatch(/^#copy_+[0-9A-F]{12}$/);
  expect(name).toHaveLength(128);
  expect(sets[2]).toEqual([
    { name: 'Id', type_name: 'int', max_length: 4, precision: 10, scale: 0, is_nullable: false },
    { name: 'Owner', type_name: 'nvarchar', max_length: 40, precision: 0, scale: 0, is_nullable: false },
    { name: 'Balance', type_name: 'decimal', max_length: 9, precision: 12, scale: 2, is_nullable: true },
  ]);
});

it('a temporary table created in a rolled-back transaction is gone; one left behind goes with its session', async () => {
  await a.request().query('BEGIN TRAN; CREATE TABLE #tx (x int); INSERT INTO #tx VALUES (1); ROLLBACK');
  await expect(a.request().query('SELECT * FROM #tx')).rejects.toMatchObject({ number: 208 });
  const solo = await new sql.ConnectionPool({ ...em.config, pool: { max: 1 } }).connect();
  await solo.request().query('CREATE TABLE #left (x int)');
  const count = async () =>
    (await a.request().query("SELECT COUNT(*) AS n FROM tempdb.sys.objects WHERE name LIKE '#left%'"))
      .recordset[0].n as number;
  expect(await count()).toBe(1);
  await solo.close();
  await expect.poll(count).toBe(0);
});

it('table variables: constraints, joins, statement atomicity, untouched by ROLLBACK, gone with their batch', async () => {
  const r = await a.request().query(`
    DECLARE @pick TABLE (Id int NOT NULL PRIMARY KEY, Tag varchar(5) NOT NULL DEFAULT 'new', Seq int IDENTITY(1,1))
    INSERT INTO @pick (Id) VALUES (1), (3)
    BEGIN TRANSACTION
    INSERT INTO @pick (Id, Tag) VALUES (2, 'tx')
    ROLLBACK TRANSACTION
    BEGIN TRY INSERT INTO @pick (Id) VALUES (9), (1) END TRY BEGIN CATCH PRINT ERROR_MESSAGE() END CATCH
    UPDATE @pick SET Tag = 'upd' WHERE Id = 3
    SELECT p.Id, p.Tag, p.Seq, a.Owner FROM @pick AS p JOIN dbo.Account a ON a.Id = p.Id ORDER BY p.Id`);
  expect(r.recordset).toEqual([
    { Id: 1, Tag: 'new', Seq: 1, Owner: 'Ann' },
    { Id: 2, Tag: 'tx', Seq: 3, Owner: 'Bob' },
    { Id: 3, Tag: 'upd', Seq: 2, Owner: 'Cy' },
  ]);
  await expect(a.request().query('SELECT * FROM @pick')).rejects.toMatchObject({
    number: 1087,
    message: 'Must declare the table variable "@pick".',
  });
  expect(
    (await a.request().query("SELECT COUNT(*) AS n FROM tempdb.sys.objects WHERE name LIKE '#%'")).recordset,
  ).toEqual([{ n: 0 }]);
});

it('global temporary tables are refused with a clear error', async () => {
  await expect(a.request().query('CREATE TABLE ##shared (x int)')).rejects.toMatchObject({
    number: 40517,
    message: 'Global temporary tables (##name) are not supported by the SQL Server emulator.',
  });
});
