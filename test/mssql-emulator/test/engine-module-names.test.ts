// Unqualified names inside a procedure, function or trigger resolve as SQL Server resolves them: in
// the module's own schema first, then in dbo; a batch's own unqualified names are dbo's.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE SCHEMA Billing
GO
CREATE TABLE dbo.Invoice (Id int PRIMARY KEY)
CREATE TABLE Billing.Invoice (Id int PRIMARY KEY)
CREATE TABLE dbo.Only (Id int PRIMARY KEY)
INSERT INTO dbo.Invoice VALUES (1)
INSERT INTO Billing.Invoice VALUES (1), (2), (3)
INSERT INTO dbo.Only VALUES (7)
GO
CREATE PROCEDURE dbo.Count @n int OUTPUT AS SELECT @n = -COUNT(*) FROM Invoice
GO
CREATE PROCEDURE Billing.Count @n int OUTPUT AS SELECT @n = COUNT(*) FROM Invoice
GO
CREATE FUNCTION Billing.Total () RETURNS int AS BEGIN RETURN (SELECT SUM(Id) FROM Invoice) END
GO
CREATE PROCEDURE Billing.Report AS
BEGIN
  DECLARE @n int
  EXEC Count @n OUTPUT
  SELECT @n AS n, Billing.Total() AS total, (SELECT Id FROM Only) AS only
END
GO
`;

const server = emulatorWithPool([script], 'module_names');

it("resolves a module's unqualified tables and procedures in its schema first, then in dbo", async () => {
  const r = await server.pool.request().execute('Billing.Report');
  expect(r.recordset).toEqual([{ n: 3, total: 6, only: 7 }]);
});

it("resolves a batch's unqualified names in dbo", async () => {
  const r = await server.pool.request().query('DECLARE @n int; EXEC Count @n OUTPUT; SELECT @n AS n');
  expect(r.recordset).toEqual([{ n: -1 }]);
});
