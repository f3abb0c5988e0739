import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { run, validate, type Migration, type RunResult } from '@ferry/core';
import { lobTable, startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';

// Fixed-length text padded differently on each side: nchar(3) is padded to 3 UTF-16 code units by
// SQL Server, char(3) to 3 characters by PostgreSQL; the same for char(4) of an ASCII value.
const padded = `
CREATE TABLE dbo.Codes (id int NOT NULL PRIMARY KEY, code nchar(3) NULL, word char(4) NULL);
INSERT INTO dbo.Codes VALUES (1, N'😀', 'ab'), (2, N'a😀', 'abcd'), (3, N' x', NULL), (4, NULL, '');
`;

describe('validation of LOBs (hashed where they are stored) and of fixed-length text', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let migration: Migration;
  let loaded: RunResult;
  let client: pg.Client;

  beforeAll(async () => {
    // Two rows of ~2 MB nvarchar(max) and 2 MB varbinary(max) each.
    emulator = await startEmulator({ scripts: [padded], tables: [lobTable(2, 2 << 20)] });
    db = await createTestDatabase(getTestPostgres().url);
    migration = await openEmulatorMigration(emulator, db.url);
    loaded = await run(migration);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await migration?.close();
    await db?.drop();
    await emulator?.close();
  });

  const tableResult = async (name: string) => {
    const result = await validate(migration);
    return result.tables.find((t) => t.table === name)!;
  };

  it('matches when the data is the same, padding of nchar/char included', async () => {
    expect(loaded.error).toBeUndefined();
    const byTable = Object.fromEntries(loaded.validations.map((v) => [v.table, v]));
    expect(byTable['gen.lobs']).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
    expect(byTable['dbo.codes']).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
    expect(loaded.match).toBe(true);
    // The padding really differs: one character outside the BMP takes two code units of nchar(3).
    const { rows } = await client.query(
      `SELECT id, code, length(code::text) AS n FROM dbo.codes ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.code])).toEqual([
      [1, '😀  '],
      [2, 'a😀 '],
      [3, ' x '],
      [4, null],
    ]);
  });

  it('detects one changed byte in a varbinary(max) value', async () => {
    await client.query(`UPDATE gen.lobs SET blob = set_byte(blob, 1500000, 0) WHERE id = 2`);
    try {
      const result = await tableResult('gen.lobs');
      expect(result.match).toBe(false);
      expect(result.mismatches).toEqual([
        expect.stringMatching(
          /^gen\.lobs \(from gen\.lobs\), whole table: same count \(2\) but checksums differ/,
        ),
      ]);
    } finally {
      await client.query(`UPDATE gen.lobs SET blob = set_byte(blob, 1500000, 171) WHERE id = 2`);
    }
    expect((await tableResult('gen.lobs')).match).toBe(true);
  });

  it('detects one changed character in an nvarchar(max) value', async () => {
    const at = `1000001`;
    const { rows } = await client.query(`SELECT substr(doc, ${at}, 1) AS c FROM gen.lobs WHERE id = 1`);
    await client.query(`UPDATE gen.lobs SET doc = overlay(doc placing '#' from ${at} for 1) WHERE id = 1`);
    try {
      expect((await tableResult('gen.lobs')).match).toBe(false);
    } finally {
      await client.query(`UPDATE gen.lobs SET doc = overlay(doc placing $1 from ${at} for 1) WHERE id = 1`, [
        rows[0].c,
      ]);
    }
    expect((await tableResult('gen.lobs')).match).toBe(true);
  });

  it('still detects a changed character of a fixed-length text', async () => {
    await client.query(`UPDATE dbo.codes SET code = 'b😀' WHERE id = 2`);
    expect((await tableResult('dbo.codes')).match).toBe(false);
  });
});
