// The OUTPUT clause through the unmodified mssql client: inserted/deleted values returned as a
// result set (new identity values included) or stored with OUTPUT ... INTO; SQL Server's errors.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Ticket (Id int IDENTITY(100,1) NOT NULL PRIMARY KEY, Title nvarchar(20) NOT NULL, State varchar(8) NOT NULL DEFAULT 'open')
CREATE TABLE dbo.Audited (Id int NOT NULL)
GO
CREATE TRIGGER dbo.Audited_tr ON dbo.Audited AFTER INSERT AS SET NOCOUNT ON
GO
`;

const server = emulatorWithPool([script], 'out');

it('returns inserted values with their new identities, and old/new values of an UPDATE', async () => {
  const ins = await server.pool
    .request()
    .query(
      "INSERT INTO dbo.Ticket (Title) OUTPUT inserted.Id, inserted.Title, inserted.State VALUES (N'disk full'), (N'slow')",
    );
  expect(ins.recordset).toEqual([
    { Id: 100, Title: 'disk full', State: 'open' },
    { Id: 101, Title: 'slow', State: 'open' },
  ]);
  expect(ins.rowsAffected).toEqual([2]);
  const upd = await server.pool
    .request()
    .query(
      "UPDATE dbo.Ticket SET State = 'closed' OUTPUT deleted.State AS was, inserted.State AS now, inserted.Id WHERE Id = 101",
    );
  expect(upd.recordset).toEqual([{ was: 'open', now: 'closed', Id: 101 }]);
});

it('stores deleted rows with OUTPUT ... INTO a table variable', async () => {
  const r = await server.pool.request().query(`
    DECLARE @gone TABLE (Id int, Title nvarchar(20))
    DELETE FROM dbo.Ticket OUTPUT deleted.Id, deleted.Title INTO @gone WHERE State = 'closed'
    SELECT Id, Title FROM @gone`);
  expect(r.recordset).toEqual([{ Id: 101, Title: 'slow' }]);
  expect((await server.pool.request().query('SELECT Id FROM dbo.Ticket')).recordset).toEqual([{ Id: 100 }]);
});

it('refuses OUTPUT without INTO on a table with triggers (334) and deleted.* in an INSERT (4104)', async () => {
  await expect(
    server.pool.request().query('INSERT INTO dbo.Audited OUTPUT inserted.Id VALUES (1)'),
  ).rejects.toMatchObject({
    number: 334,
    message:
      "The target table 'Audited' of the DML statement cannot have any enabled triggers if the statement contains an OUTPUT clause without INTO clause.",
  });
  await expect(
    server.pool.request().query("INSERT INTO dbo.Ticket (Title) OUTPUT deleted.Title VALUES (N'x')"),
  ).rejects.toMatchObject({
    number: 4104,
    message: 'The multi-part identifier "deleted.Title" could not be bound.',
  });
  expect((await server.pool.request().query('SELECT COUNT(*) AS n FROM dbo.Audited')).recordset).toEqual([
    { n: 0 },
  ]);
});
