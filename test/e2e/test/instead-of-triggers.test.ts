// INSTEAD OF triggers on tables and on a view, migrated by `run`, then fired by the same statements on
// both sides: the emulator runs SQL Server's INSTEAD OF triggers (once per statement, a table trigger's
// own DML on its table not firing it again), PostgreSQL the row triggers they became (BEFORE on the
// tables, INSTEAD OF on the view); the tables end the same.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { run, type RunResult } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';

const script = `
CREATE TABLE dbo.Stock (Id int NOT NULL PRIMARY KEY, Qty int NOT NULL, Note nvarchar(20) NULL);
CREATE TABLE dbo.StockLog (Id int NOT NULL, Action nvarchar(10) NOT NULL);
INSERT INTO dbo.Stock VALUES (1, 10, N'first');
GO
CREATE TRIGGER dbo.Stock_ins ON dbo.Stock INSTEAD OF INSERT AS
BEGIN
  SET NOCOUNT ON;
  INSERT INTO dbo.Stock (Id, Qty, Note)
    SELECT Id, CASE WHEN Qty < 0 THEN 0 ELSE Qty END, UPPER(Note) FROM inserted;
  INSERT INTO dbo.StockLog (Id, Action) SELECT Id, N'added' FROM inserted;
END;
GO
CREATE TRIGGER dbo.Stock_del ON dbo.Stock INSTEAD OF DELETE AS
BEGIN
  SET NOCOUNT ON;
  UPDATE s SET Note = N'gone' FROM dbo.Stock AS s JOIN deleted AS d ON d.Id = s.Id;
  INSERT INTO dbo.StockLog (Id, Action) SELECT Id, N'kept' FROM deleted;
END;
GO
CREATE VIEW dbo.OpenStock AS SELECT Id, Qty FROM dbo.Stock;
GO
CREATE TRIGGER dbo.OpenStock_ins ON dbo.OpenStock INSTEAD OF INSERT AS
  INSERT INTO dbo.StockLog (Id, Action) SELECT Id, N'via view' FROM inserted;
`;

describe('INSTEAD OF triggers on tables and views: same rows on SQL Server and PostgreSQL', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let result: RunResult;
  let client: pg.Client;

  /** Runs T-SQL on the emulator; the rows of its last result set. */
  const source = async (sql: string): Promise<Record<string, unknown>[]> => {
    const session = emulator.engine.openSession({ user: 'sa' });
    let rows: Record<string, unknown>[] = [];
    for await (const r of session.executeBatch(sql, new AbortController().signal)) {
      if (r.kind === 'error') throw new Error(r.error.message);
      if (r.kind === 'rows') {
        const names = r.resultSet.columns.map((c) => c.name.toLowerCase());
        rows = [...(r.resultSet.rows as Iterable<unknown[]>)].map((row) =>
          Object.fromEntries(names.map((n, i) => [n, row[i]])),
        );
      }
    }
    return rows;
  };
  /** Runs the same SQL on PostgreSQL, where the names are snake_case (StockLog -> stock_log). */
  const target = async (sql: string) =>
    (await client.query(sql.replaceAll('StockLog', 'stock_log').replaceAll('OpenStock', 'open_stock')))
      .rows as Record<string, unknown>[];

  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [script] });
    db = await createTestDatabase(getTestPostgres().url);
    const migration = await openEmulatorMigration(emulator, db.url);
    try {
      result = await run(migration);
    } finally {
      await migration.close();
    }
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
    await emulator?.close();
  });

  it('migrates the triggers without an INSTEAD OF action item', () => {
    expect(result.error).toBeUndefined();
    expect(result.plan!.actionItems.filter((a) => a.code.startsWith('TSQL_INSTEAD_OF'))).toEqual([]);
  });

  it('two rows inserted in one statement, then one deleted: the triggers leave the same rows on both sides', async () => {
    const statements = [
      "INSERT INTO dbo.Stock (Id, Qty, Note) VALUES (2, 5, 'two'), (3, -4, 'three')",
      'DELETE FROM dbo.Stock WHERE Id IN (1, 3)',
      'INSERT INTO dbo.OpenStock (Id, Qty) VALUES (7, 1), (8, 2)',
    ];
    for (const sql of statements) {
      await source(sql);
      await target(sql);
    }
    const stock = 'SELECT Id, Qty, Note FROM dbo.Stock ORDER BY Id';
    const log = 'SELECT Id, Action FROM dbo.StockLog ORDER BY Id, Action';
    const expected = [
      { id: 1, qty: 10, note: 'gone' },
      { id: 2, qty: 5, note: 'TWO' },
      { id: 3, qty: 0, note: 'gone' },
    ];
    expect(await source(stock)).toEqual(expected);
    expect(await target(stock)).toEqual(expected);
    const logged = [
      { id: 1, action: 'kept' },
      { id: 2, action: 'added' },
      { id: 3, action: 'added' },
      { id: 3, action: 'kept' },
      { id: 7, action: 'via view' },
      { id: 8, action: 'via view' },
    ];
    expect(await source(log)).toEqual(logged);
    expect(await target(log)).toEqual(logged);
  });
});
