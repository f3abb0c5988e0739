// INSERT ... EXEC through the unmodified mssql client: a procedure's result sets (and sp_executesql's)
// become the inserted rows, converted to the target columns; 213 when the shapes differ, 8164 when nested.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Src (Id int NOT NULL, Label varchar(10) NULL)
INSERT INTO dbo.Src VALUES (1, 'one'), (2, NULL), (3, 'three')
CREATE TABLE dbo.Dst (Id bigint NOT NULL, Label nvarchar(10) NULL)
GO
CREATE PROCEDURE dbo.Pick @min int AS
BEGIN
  SET NOCOUNT ON
  PRINT 'picking'
  SELECT Id, Label FROM dbo.Src WHERE Id >= @min
  SELECT 10, 'ten'
END
GO
CREATE PROCEDURE dbo.Nested AS
BEGIN
  DECLARE @t TABLE (Id int, Label varchar(10))
  INSERT INTO @t EXEC dbo.Pick @min = 1
  SELECT Id, Label FROM @t
END
GO
`;
const server = emulatorWithPool([script], 'insexec');

it("inserts every result set of the procedure into the target, in the target's types", async () => {
  const request = server.pool.request();
  const infos: string[] = [];
  request.on('info', (i: { message: string }) => infos.push(i.message));
  const r = await request.query(
    'DELETE FROM dbo.Dst; INSERT INTO dbo.Dst (Id, Label) EXEC dbo.Pick @min = 2; SELECT Id, Label FROM dbo.Dst ORDER BY Id',
  );
  expect(r.recordset).toEqual([
    { Id: '2', Label: null },
    { Id: '3', Label: 'three' },
    { Id: '10', Label: 'ten' },
  ]);
  expect(infos).toEqual(['picking']);
});

it('INSERT ... EXEC sp_executesql into a table variable', async () => {
  const r = await server.pool.request().query(`
    DECLARE @t TABLE (n int, s varchar(5));
    INSERT INTO @t EXEC sp_executesql N'SELECT Id, Label FROM dbo.Src WHERE Id < @x', N'@x int', @x = 3;
    SELECT n, s FROM @t ORDER BY n`);
  expect(r.recordset).toEqual([
    { n: 1, s: 'one' },
    { n: 2, s: null },
  ]);
});

it('raises 213 when a result set has a different number of columns, inserting nothing', async () => {
  await server.pool.request().query('DELETE FROM dbo.Dst');
  await expect(
    server.pool.request().query("INSERT INTO dbo.Dst EXEC sp_executesql N'SELECT 1, ''a'', 2'"),
  ).rejects.toMatchObject({
    number: 213,
    message: 'Column name or number of supplied values does not match table definition.',
  });
  expect((await server.pool.request().query('SELECT COUNT(*) AS n FROM dbo.Dst')).recordset).toEqual([
    { n: 0 },
  ]);
});

it('an INSERT ... EXEC inside the procedure of another gives 8164', async () => {
  await expect(server.pool.request().query('INSERT INTO dbo.Dst EXEC dbo.Nested')).rejects.toMatchObject({
    number: 8164,
    message: 'An INSERT EXEC statement cannot be nested.',
  });
  const r = await server.pool.request().query('EXEC dbo.Nested');
  expect(r.recordset.map((x: { Id: number }) => x.Id)).toEqual([1, 2, 3, 10]);
});
