// Equality seeks on stored tables give the rows a scan gives: a WHERE `column = value` (a constant, a
// variable, an outer query's column) in SELECT, correlated subqueries, UPDATE and DELETE, under type
// conversion, case-insensitive and trailing-space equality, NULLs, rows appended or rolled back since
// the last seek, and row-level security. Also TOP 1 ... ORDER BY a uniqueidentifier (a one-pass pick).

import type sql from 'mssql';
import { describe, expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Person (PersonID int NOT NULL PRIMARY KEY, FullName nvarchar(50) NULL, Code varchar(5) NULL, Amount decimal(9,2) NULL)
CREATE TABLE dbo.Pool (Name nvarchar(50) NOT NULL)
INSERT INTO dbo.Person VALUES (1, N'Ann Lee', 'a1', 10.50), (2, N'Bob Ray', 'B2', 20), (3, NULL, 'c3', NULL), (4, N'ann lee', 'a1 ', 7)
INSERT INTO dbo.Pool VALUES (N'Ann Lee'), (N'Cy Dee'), (N'BOB RAY'), (N'Eve Ng')
`;

const emulator = emulatorWithPool([script], 'seek', { oneConnection: true });

const rows = async (text: string) => (await emulator.pool.request().query(text)).recordset;
const ids = async (text: string) => (await rows(text)).map((r) => r.PersonID as number);

describe('equality seeks find what a scan finds', () => {
  it('constants and variables of another type, case and trailing spaces ignored, NULL matching nothing', async () => {
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'ANN LEE'")).toEqual([1, 4]);
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE Code = 'A1'")).toEqual([1, 4]);
    expect(
      await ids("DECLARE @v varchar(10) = '2'; SELECT PersonID FROM dbo.Person WHERE PersonID = @v"),
    ).toEqual([2]);
    expect(await ids('SELECT PersonID FROM dbo.Person WHERE Amount = 20')).toEqual([2]);
    expect(await ids('DECLARE @a float = 10.5; SELECT PersonID FROM dbo.Person WHERE Amount = @a')).toEqual([
      1,
    ]);
    expect(
      await ids('DECLARE @n nvarchar(50) = NULL; SELECT PersonID FROM dbo.Person WHERE FullName = @n'),
    ).toEqual([]);
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'Ann Lee' AND PersonID > 1")).toEqual(
      [4],
    );
  });

  it('correlated EXISTS, NOT EXISTS and NOT IN over the outer row', async () => {
    expect(
      (
        await rows(
          'SELECT Name FROM dbo.Pool p WHERE EXISTS (SELECT 1 FROM dbo.Person x WHERE x.FullName = p.Name) ORDER BY Name',
        )
      ).map((r) => r.Name),
    ).toEqual(['Ann Lee', 'BOB RAY']);
    expect(
      (
        await rows(
          'SELECT Name FROM dbo.Pool p WHERE p.Name NOT IN (SELECT x.FullName FROM dbo.Person x WHERE x.FullName = p.Name) ORDER BY Name',
        )
      ).map((r) => r.Name),
    ).toEqual(['Cy Dee', 'Eve Ng']);
    // A duplicate-removing DELETE of the kind deployment scripts run: the later of equal names goes.
    await rows(`BEGIN TRAN
      DELETE p FROM dbo.Person AS p WHERE EXISTS (SELECT 1 FROM dbo.Person AS d WHERE d.FullName = p.FullName AND d.PersonID < p.PersonID)`);
    expect(await ids('SELECT PersonID FROM dbo.Person ORDER BY PersonID')).toEqual([1, 2, 3]);
    await rows('ROLLBACK');
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'ann lee'")).toEqual([1, 4]);
  });

  it('rows inserted, updated, deleted or rolled back between seeks are seen as they are now', async () => {
    await rows("INSERT INTO dbo.Person VALUES (5, N'Cy Dee', 'c5', 1)");
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'Cy Dee'")).toEqual([5]);
    await rows("BEGIN TRAN; INSERT INTO dbo.Person VALUES (6, N'Cy Dee', 'c6', 1); ROLLBACK");
    await rows("INSERT INTO dbo.Person VALUES (7, N'Eve Ng', 'c7', 1)");
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'Cy Dee'")).toEqual([5]);
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'Eve Ng'")).toEqual([7]);
    const updated = await emulator.pool
      .request()
      .query("UPDATE dbo.Person SET FullName = N'Cy Dee' WHERE PersonID = 7");
    expect(updated.rowsAffected).toEqual([1]);
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'Cy Dee'")).toEqual([5, 7]);
    const deleted = await emulator.pool.request().query("DELETE FROM dbo.Person WHERE FullName = N'cy dee'");
    expect(deleted.rowsAffected).toEqual([2]);
    expect(await ids('SELECT PersonID FROM dbo.Person ORDER BY PersonID')).toEqual([1, 2, 3, 4]);
  });
});

describe('unique keys across UPDATEs (the key counts are kept from statement to statement)', () => {
  it('swapping keys in one UPDATE passes, a duplicate fails with 2627, and the counts follow each change', async () => {
    await rows('UPDATE dbo.Person SET PersonID = 3 - PersonID WHERE PersonID IN (1, 2)');
    expect(await ids("SELECT PersonID FROM dbo.Person WHERE FullName = N'Bob Ray'")).toEqual([1]);
    const dup = await emulator.pool
      .request()
      .query('UPDATE dbo.Person SET PersonID = 4 WHERE PersonID = 3')
      .catch((e: sql.RequestError) => e);
    expect(dup).toMatchObject({ number: 2627 });
    await rows('UPDATE dbo.Person SET PersonID = 9 WHERE PersonID = 3');
    // 3 is free again, 9 is taken.
    await rows("INSERT INTO dbo.Person VALUES (3, N'New', 'n3', 0)");
    const taken = await emulator.pool
      .request()
      .query("INSERT INTO dbo.Person VALUES (9, N'Dup', 'd9', 0)")
      .catch((e: sql.RequestError) => e);
    expect(taken).toMatchObject({ number: 2627 });
    await rows(
      'DELETE FROM dbo.Person WHERE PersonID = 3; UPDATE dbo.Person SET PersonID = 3 WHERE PersonID = 9',
    );
    await rows('UPDATE dbo.Person SET PersonID = 3 - PersonID WHERE PersonID IN (1, 2)');
    expect(await ids('SELECT PersonID FROM dbo.Person ORDER BY PersonID')).toEqual([1, 2, 3, 4]);
  });
});

describe('TOP 1 ... ORDER BY', () => {
  it('picks the first row in uniqueidentifier order (last byte group first), the earliest of equal ones', async () => {
    const r = await rows(`SELECT TOP 1 n FROM (VALUES
        (1, CAST('00000000-0000-0000-0000-000000000002' AS uniqueidentifier)),
        (2, CAST('ffffffff-ffff-ffff-ffff-000000000001' AS uniqueidentifier)),
        (3, CAST('00000000-0000-0000-0000-000000000003' AS uniqueidentifier))) v (n, g)
      ORDER BY g`);
    expect(r).toEqual([{ n: 2 }]);
    expect(await rows('SELECT TOP 1 n FROM (VALUES (1, 5), (2, 3), (3, 3)) v (n, k) ORDER BY k')).toEqual([
      { n: 2 },
    ]);
    expect(
      await rows('SELECT TOP 1 n FROM (VALUES (1, 5), (2, 3), (3, 7)) v (n, k) ORDER BY k DESC'),
    ).toEqual([{ n: 3 }]);
  });
});
