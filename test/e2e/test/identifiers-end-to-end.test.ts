import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openMigration, parseConfig, run } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

const awkward = `
CREATE TABLE dbo.[Order Details] (
  [Order ID] int NOT NULL PRIMARY KEY,
  [Quote"d] nvarchar(20) NULL,
  [Br]]acket] int NULL,
  [Ünïcødé Näme] nvarchar(20) NULL,
  [select] int NULL,
  [User] int NULL
);
INSERT INTO dbo.[Order Details] VALUES (1, N'q"1', 10, N'ü1', 100, 1000), (2, N'q"2', 20, N'ü2', 200, 2000), (3, NULL, 30, N'ü3', 300, 3000);
`;
const colliding = `
CREATE TABLE dbo.OrderItems (id int NOT NULL PRIMARY KEY);
CREATE TABLE dbo.Order_Items (id int NOT NULL PRIMARY KEY);
INSERT INTO dbo.OrderItems VALUES (1);
`;
const long = `
CREATE TABLE dbo.Wide (id int NOT NULL PRIMARY KEY, [${'x'.repeat(40)}_Ünïcødé_column_name_that_is_long] int NULL);
`;

// A sequence, an alias type and a table type named by PostgreSQL's reserved words, used by a default
// and by routine bodies (NEXT VALUE FOR, CAST, DECLARE, a table-valued parameter).
const reservedObjects = `
CREATE SEQUENCE dbo.[User] AS int START WITH 100;
CREATE TYPE dbo.[Order] FROM int NULL;
CREATE TYPE dbo.[Table] AS TABLE (qty int NOT NULL);
CREATE TABLE dbo.Tickets (id int NOT NULL PRIMARY KEY DEFAULT NEXT VALUE FOR dbo.[User], qty dbo.[Order]);
GO
CREATE PROCEDURE dbo.AddTicket @qty dbo.[Order] AS
BEGIN
  DECLARE @v dbo.[Order] = CAST(@qty * 10 AS dbo.[Order]);
  INSERT INTO dbo.Tickets (id, qty) VALUES (NEXT VALUE FOR dbo.[User], @v);
END
GO
CREATE PROCEDURE dbo.AddTickets @rows dbo.[Table] READONLY AS
  INSERT INTO dbo.Tickets (id, qty) SELECT NEXT VALUE FOR dbo.[User], qty FROM @rows;
`;

async function migrate(emulator: RunningEmulator, db: TestDatabase, config: Record<string, unknown> = {}) {
  const c = emulator.config;
  const migration = await openMigration(
    parseConfig({
      source: mssql({
        host: c.server,
        port: c.port,
        user: c.user,
        password: c.password,
        database: c.database,
        encrypt: false,
      }),
      target: postgres({ url: db.url }),
      ...config,
    }),
    { cwd: process.cwd() },
  );
  try {
    return await run(migration);
  } finally {
    await migration.close();
  }
}

describe('identifiers end to end: SQL Server names PostgreSQL must quote, map or refuse', () => {
  const emulators: RunningEmulator[] = [];
  const dbs: TestDatabase[] = [];
  const world = async (script: string) => {
    const em = await startEmulator({ scripts: [script] });
    const db = await createTestDatabase(getTestPostgres().url);
    emulators.push(em);
    dbs.push(db);
    return { em, db };
  };
  afterAll(async () => {
    for (const d of dbs) await d.drop();
    for (const e of emulators) await e.close();
  });

  it('spaces, quotes, brackets, Unicode and reserved words load under deterministic names, values intact', async () => {
    const { em, db } = await world(awkward);
    const result = await migrate(em, db);
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const cols = await c.query(
        `SELECT table_schema || '.' || table_name AS t, column_name FROM information_schema.columns WHERE table_schema = 'dbo' ORDER BY ordinal_position`,
      );
      expect(cols.rows.map((r) => r.t)).toEqual(Array(6).fill('dbo.order_details'));
      expect(cols.rows.map((r) => r.column_name)).toEqual([
        'order_id',
        'quote_d',
        'br_acket',
        'ünïcødé_näme',
        'select',
        'user',
      ]);
      const rows = await c.query(`SELECT * FROM dbo.order_details ORDER BY order_id`);
      expect(rows.rows).toEqual([
        { order_id: 1, quote_d: 'q"1', br_acket: 10, ünïcødé_näme: 'ü1', select: 100, user: 1000 },
        { order_id: 2, quote_d: 'q"2', br_acket: 20, ünïcødé_näme: 'ü2', select: 200, user: 2000 },
        { order_id: 3, quote_d: null, br_acket: 30, ünïcødé_näme: 'ü3', select: 300, user: 3000 },
      ]);
    } finally {
      await c.end();
    }
  });

  it("naming.reservedWords 'rename': PostgreSQL's reserved words (from its capabilities) get a _ suffix and an item", async () => {
    const { em, db } = await world(awkward);
    const result = await migrate(em, db, { naming: { reservedWords: 'rename' } });
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    expect(
      result.plan!.actionItems.filter((a) => a.code === 'RULES_RESERVED_WORD_RENAMED').map((a) => a.message),
    ).toEqual([
      'column dbo.Order Details.select is named select_: select is a reserved word in PostgreSQL',
      'column dbo.Order Details.User is named user_: user is a reserved word in PostgreSQL',
    ]);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const rows = await c.query(`SELECT select_, user_ FROM dbo.order_details ORDER BY order_id`);
      expect(rows.rows).toEqual([
        { select_: 100, user_: 1000 },
        { select_: 200, user_: 2000 },
        { select_: 300, user_: 3000 },
      ]);
    } finally {
      await c.end();
    }
  });

  it("naming.reservedWords 'rename': code that uses a renamed sequence or type follows it to its new name and applies", async () => {
    const { em, db } = await world(reservedObjects);
    const result = await migrate(em, db, { naming: { reservedWords: 'rename' } });
    expect(result.error).toBeUndefined();
    expect(result.report.failedObjects).toEqual([]);
    expect(
      result.plan!.actionItems.filter((a) => a.code === 'RULES_RESERVED_WORD_RENAMED').map((a) => a.message),
    ).toEqual([
      'sequence dbo.User is named user_: user is a reserved word in PostgreSQL',
      'type dbo.Order is named order_: order is a reserved word in PostgreSQL',
      'type dbo.Table is named table_: table is a reserved word in PostgreSQL',
    ]);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('CALL dbo.add_ticket(2)');
      await c.query('CALL dbo.add_tickets(ARRAY[ROW(7)]::dbo.table_[])');
      await c.query('INSERT INTO dbo.tickets (qty) VALUES (3)');
      const rows = await c.query(`SELECT id, qty FROM dbo.tickets ORDER BY id`);
      expect(rows.rows).toEqual([
        { id: 100, qty: 20 },
        { id: 101, qty: 7 },
        { id: 102, qty: 3 },
      ]);
    } finally {
      await c.end();
    }
  });

  it('naming preserve keeps every name verbatim, quoted (embedded quotes doubled) in the DDL and COPY', async () => {
    const { em, db } = await world(awkward);
    const result = await migrate(em, db, { naming: 'preserve' });
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const cols = await c.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'dbo' AND table_name = 'Order Details' ORDER BY ordinal_position`,
      );
      expect(cols.rows.map((r) => r.column_name)).toEqual([
        'Order ID',
        'Quote"d',
        'Br]acket',
        'Ünïcødé Näme',
        'select',
        'User',
      ]);
      const rows = await c.query(
        `SELECT "Quote""d" AS q, "Br]acket" AS b FROM dbo."Order Details" ORDER BY "Order ID"`,
      );
      expect(rows.rows).toEqual([
        { q: 'q"1', b: 10 },
        { q: 'q"2', b: 20 },
        { q: null, b: 30 },
      ]);
    } finally {
      await c.end();
    }
  });

  it('names that collide after naming get a deterministic suffix and an action item, and both tables load', async () => {
    const { em, db } = await world(colliding);
    const result = await migrate(em, db);
    expect(result.error).toBeUndefined();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const rows = await c.query(
        `SELECT (SELECT count(*)::int FROM dbo.order_items) AS a, (SELECT count(*)::int FROM dbo.order_items_2) AS b`,
      );
      expect(rows.rows).toEqual([{ a: 0, b: 1 }]);
    } finally {
      await c.end();
    }
  });

  it("with naming.onCollision 'fail', names that collide are refused before any data moves, naming both", async () => {
    const { em, db } = await world(colliding);
    const result = await migrate(em, db, { naming: { onCollision: 'fail' } });
    expect(result.state).toBe('failed');
    expect((result.error as Error).message).toMatch(
      /table dbo\.Order_Items and table dbo\.OrderItems both become dbo\.order_items/,
    );
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    // Nothing at all: no table of the migration, not even Ferry's state (the run lease is recorded only once the plan stands).
    const made = await c.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    await c.end();
    expect(made.rows[0].n).toBe(0);
  });

  it('a name over 63 bytes after naming is refused before any data moves, with its byte count', async () => {
    const { em, db } = await world(long);
    const result = await migrate(em, db);
    expect(result.state).toBe('failed');
    expect((result.error as Error).message).toMatch(/is 77 bytes, over PostgreSQL's 63-byte limit/);
  });
});
