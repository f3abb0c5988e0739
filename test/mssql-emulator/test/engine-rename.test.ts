// sp_rename through the unmodified mssql client: objects, columns ('COLUMN') and indexes ('INDEX'),
// SQL Server's caution (15477, an informational message) and its refusals (15225, 15248, 15249, 15335).

import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Stock (
  id int CONSTRAINT PK_Stock PRIMARY KEY,
  qty int NOT NULL CONSTRAINT CK_Stock_qty CHECK (qty >= 0),
  doubled AS qty * 2
)
GO
CREATE INDEX IX_Stock_qty ON dbo.Stock (qty)
GO
INSERT dbo.Stock (id, qty) VALUES (1, 5)
GO
CREATE TABLE dbo.Old (n int)
GO
CREATE TABLE dbo.Bound (k int)
GO
CREATE VIEW dbo.BoundView WITH SCHEMABINDING AS SELECT k FROM dbo.Bound
`;
const server = emulatorWithPool([script], 'master');
const query = async (q: string) => (await server.pool.request().query(q)).recordset as unknown[];

/** Runs a batch; the informational messages it sent (number and text). */
async function infos(q: string): Promise<{ number: number; message: string }[]> {
  const request = server.pool.request();
  const seen: { number: number; message: string }[] = [];
  request.on('info', (m: { number: number; message: string }) =>
    seen.push({ number: m.number, message: m.message }),
  );
  await request.batch(q);
  return seen;
}

const caution = {
  number: 15477,
  message: 'Caution: Changing any part of an object name could break scripts and stored procedures.',
};

it('renames a table, with the caution as an informational message', async () => {
  expect(await infos("EXEC sp_rename 'dbo.Old', 'Renamed'")).toEqual([caution]);
  expect(await query("SELECT name FROM sys.tables WHERE name IN ('Old', 'Renamed')")).toEqual([
    { name: 'Renamed' },
  ]);
  expect(await queryError(server.pool, 'SELECT * FROM dbo.Old')).toMatchObject({ number: 208 });
});

it('renames a column, and it in the CHECK constraints and computed columns that use it', async () => {
  expect(
    await infos(
      "EXEC sys.sp_rename @objname = N'dbo.Stock.qty', @newname = N'quantity', @objtype = 'COLUMN'",
    ),
  ).toEqual([caution]);
  expect(await query('SELECT id, quantity, doubled FROM dbo.Stock')).toEqual([
    { id: 1, quantity: 5, doubled: 10 },
  ]);
  expect(await query("SELECT definition FROM sys.check_constraints WHERE name = 'CK_Stock_qty'")).toEqual([
    { definition: '([quantity]>=(0))' },
  ]);
  expect(await query('SELECT definition FROM sys.computed_columns')).toEqual([
    { definition: '([quantity]*(2))' },
  ]);
  expect(await queryError(server.pool, 'INSERT dbo.Stock (id, quantity) VALUES (2, -1)')).toMatchObject({
    number: 547,
  });
});

it('renames an index, and a PRIMARY KEY index renames its constraint', async () => {
  await server.pool.request().batch(`EXEC sp_rename 'dbo.Stock.IX_Stock_qty', 'IX_Stock_quantity', 'INDEX';
    EXEC sp_rename 'Stock.PK_Stock', 'PK_Stock_id', 'INDEX'`);
  expect(
    await query("SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID('dbo.Stock') ORDER BY index_id"),
  ).toEqual([{ name: 'PK_Stock_id' }, { name: 'IX_Stock_quantity' }]);
  expect(
    await query("SELECT name FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID('dbo.Stock')"),
  ).toEqual([{ name: 'PK_Stock_id' }]);
});

it("refuses what SQL Server refuses, with sp_rename's errors", async () => {
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Missing', 'X'")).toEqual({
    number: 15225,
    message:
      "No item by the name of 'dbo.Missing' could be found in the current database 'master', given that @itemtype was input as '(null)'.",
  });
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Stock.nope', 'X', 'COLUMN'")).toEqual({
    number: 15248,
    message: 'Either the parameter @objname is ambiguous or the claimed @objtype (COLUMN) is wrong.',
  });
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Stock.nope', 'X', 'INDEX'")).toMatchObject({
    number: 15248,
  });
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Stock.id', 'quantity', 'COLUMN'")).toEqual({
    number: 15335,
    message:
      "Error: The new name 'quantity' is already in use as a COLUMN name and would cause a duplicate that is not permitted.",
  });
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Bound', 'Unbound'")).toEqual({
    number: 15336,
    message: "Object 'dbo.Bound' cannot be renamed because the object participates in enforced dependencies.",
  });
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Bound.k', 'kk', 'COLUMN'")).toMatchObject({
    number: 15336,
  });
  expect(await queryError(server.pool, "EXEC sp_rename 'dbo.Stock', 'X', 'TABLE'")).toEqual({
    number: 15249,
    message: "Error: Explicit @objtype 'TABLE' is unrecognized.",
  });
});
