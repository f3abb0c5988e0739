// Validation of a table loaded under onError "fix": the values the fix changed (NUL stripped, a lone
// surrogate replaced, 100 ns truncated) are compared as the load stored them, on both read paths,
// and counted; a value changed on the target afterwards is still found.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { run, validate, type Migration, type TableValidation } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';

const script = `
CREATE TABLE dbo.Fixed (id int NOT NULL PRIMARY KEY, name nvarchar(40) NULL, at datetime2(7) NULL);
INSERT INTO dbo.Fixed VALUES (1, N'plain', '2024-01-02 03:04:05.1234560');
INSERT INTO dbo.Fixed VALUES (2, N'a' + NCHAR(0) + N'b', '2024-01-02 03:04:05.1234567');
INSERT INTO dbo.Fixed VALUES (3, N'lone ' + NCHAR(55296), NULL);
INSERT INTO dbo.Fixed VALUES (4, NULL, '2024-01-02 03:04:05.0000001');
`;

describe.each([true, false])('validation under onError "fix" (fastPath %s)', (fastPath) => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let migration: Migration;
  let client: pg.Client;
  let loaded: TableValidation;

  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [script] });
    db = await createTestDatabase(getTestPostgres().url);
    migration = await openEmulatorMigration(emulator, db.url, {
      load: { onError: 'fix', fastPath },
      validate: { checksums: true },
    });
    const result = await run(migration);
    expect(result.error).toBeUndefined();
    loaded = result.validations.find((v) => v.table === 'dbo.fixed')!;
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await migration?.close();
    await db?.drop();
    await emulator?.close();
  });

  it('loads the fixed values', async () => {
    const { rows } = await client.query(`SELECT id, name, at::text FROM dbo.fixed ORDER BY id`);
    expect(rows.map((r) => [r.id, r.name, r.at])).toEqual([
      [1, 'plain', '2024-01-02 03:04:05.123456'],
      [2, 'ab', '2024-01-02 03:04:05.123456'],
      [3, 'lone \ufffd', null],
      [4, null, '2024-01-02 03:04:05'],
    ]);
  });

  it('matches by checksum, counting the values compared as fixed', () => {
    expect(loaded).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
    expect(loaded.fixedValues).toEqual({ NUL_IN_TEXT: 1, LONE_SURROGATE: 1, SUB_MICROSECOND: 2 });
    expect(loaded.note).toMatch(/compared with 4 source values as onError "fix" stored them/);
  });

  it('still finds a fixed value changed on the target', async () => {
    await client.query(`UPDATE dbo.fixed SET name = 'a-b' WHERE id = 2`);
    const result = await validate(migration);
    const table = result.tables.find((t) => t.table === 'dbo.fixed')!;
    expect(table.match).toBe(false);
    expect(table.mismatches).toEqual([expect.stringMatching(/same count \(4\) but checksums differ/)]);
  });
});
