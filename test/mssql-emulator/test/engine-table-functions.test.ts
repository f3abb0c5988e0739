// Multi-statement table-valued functions through the unmodified mssql client: the body fills the
// declared RETURNS @t TABLE (loops, IF, RETURN), with parameters, defaults, APPLY and column types.

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Emp (Id int NOT NULL PRIMARY KEY, Name varchar(10) NOT NULL, Boss int NULL)
INSERT INTO dbo.Emp VALUES (1, 'ann', NULL), (2, 'bob', 1), (3, 'cy', 2), (4, 'dee', 1)
GO
CREATE FUNCTION dbo.Chain (@id int, @max int = 10)
RETURNS @chain TABLE (Level int NOT NULL, Id int NOT NULL, Name varchar(10) NULL, Note nvarchar(20) NULL DEFAULT N'boss')
AS
BEGIN
  DECLARE @level int = 0, @cur int = @id
  WHILE @cur IS NOT NULL AND @level < @max
  BEGIN
    INSERT INTO @chain (Level, Id, Name) SELECT @level, Id, Name FROM dbo.Emp WHERE Id = @cur
    SELECT @cur = Boss FROM dbo.Emp WHERE Id = @cur
    SET @level += 1
  END
  IF @level = 0 RETURN
  UPDATE @chain SET Note = N'self' WHERE Level = 0
  RETURN
END
GO
`;
const server = emulatorWithPool([script], 'tvf');

it("runs the body and returns the declared table's rows, defaults applied", async () => {
  const r = await server.pool.request().query('SELECT * FROM dbo.Chain(3, DEFAULT) ORDER BY Level');
  expect(r.recordset).toEqual([
    { Level: 0, Id: 3, Name: 'cy', Note: 'self' },
    { Level: 1, Id: 2, Name: 'bob', Note: 'boss' },
    { Level: 2, Id: 1, Name: 'ann', Note: 'boss' },
  ]);
  expect(r.recordset.columns.Note.type).toBe(sql.NVarChar);
  expect(r.recordset.columns.Level.nullable).toBe(false);
});

it('takes arguments from variables and outer rows (CROSS APPLY), and an early RETURN gives no rows', async () => {
  const r = await server.pool.request().query(`
    SELECT e.Name, c.Name AS Up FROM dbo.Emp e CROSS APPLY dbo.Chain(e.Id, 2) c WHERE c.Level = 1 ORDER BY e.Id`);
  expect(r.recordset).toEqual([
    { Name: 'bob', Up: 'ann' },
    { Name: 'cy', Up: 'bob' },
    { Name: 'dee', Up: 'ann' },
  ]);
  const none = await server.pool
    .request()
    .query('DECLARE @x int = 99; SELECT COUNT(*) AS n FROM dbo.Chain(@x, 5)');
  expect(none.recordset).toEqual([{ n: 0 }]);
});

it('the caller keeps its variables; a missing argument gives 313', async () => {
  const r = await server.pool
    .request()
    .query('DECLARE @level int = 42; SELECT MAX(Level) AS m, @level AS mine FROM dbo.Chain(3, 1)');
  expect(r.recordset).toEqual([{ m: 0, mine: 42 }]);
  await expect(server.pool.request().query('SELECT * FROM dbo.Chain(3)')).rejects.toMatchObject({
    number: 313,
  });
});
