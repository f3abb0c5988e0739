// Rows with multi-MB values loaded on the fast path under onError "fix": their PLP values stream
// from the TDS response to COPY, the batches ending inside rows; what PostgreSQL stores is the
// source's values (NULLs between the streamed values, a value after them), as checksum validation
// and the values read back say; in another table, a NUL stripped from a surrogate pair it cut, which
// validation compares as the fix stored it (the source server would hash the value with its NUL).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Migration, type RunResult } from '@ferry/core';
import { openEmulatorMigration, startWorld, type FaultWorld } from '../src/fault-fixtures.js';

const emoji = '\u{1F600}';
const script = `
CREATE TABLE dbo.Docs (id int NOT NULL PRIMARY KEY, doc nvarchar(max) NULL, blob varbinary(max) NULL, n int NULL);
INSERT INTO dbo.Docs VALUES (1, N'a' + REPLICATE(CAST(N'${emoji}é' AS nvarchar(max)), 500000), CAST(REPLICATE(CAST(0x00FF7F AS varbinary(max)), 1000000) AS varbinary(max)), 11);
INSERT INTO dbo.Docs VALUES (2, NULL, CAST(REPLICATE(CAST(0x00FF7F AS varbinary(max)), 1000000) AS varbinary(max)), NULL);
INSERT INTO dbo.Docs VALUES (3, N'small', 0x0102, 33);
INSERT INTO dbo.Docs VALUES (4, REPLICATE(CAST(N'x' AS nvarchar(max)), 600000) + NCHAR(55357) + NCHAR(56832), NULL, 44);
CREATE TABLE dbo.Fixed (id int NOT NULL PRIMARY KEY, doc nvarchar(max) NULL);
INSERT INTO dbo.Fixed VALUES (1, REPLICATE(CAST(N'x' AS nvarchar(max)), 600000) + NCHAR(55357) + NCHAR(0) + NCHAR(56832));
`;

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
const doc1 = `a${`${emoji}é`.repeat(500_000)}`;
const blob = Buffer.from('00ff7f'.repeat(1_000_000), 'hex');
const doc4 = `${'x'.repeat(600_000)}${emoji}`;

describe('rows with multi-MB values streamed to COPY under onError "fix"', () => {
  let world: FaultWorld;
  let migration: Migration;
  let loaded: RunResult;

  beforeAll(async () => {
    world = await startWorld([], [script]);
    migration = await openEmulatorMigration(world.emulator, world.db.url, {
      load: { onError: 'fix', fastPath: true },
      validate: { checksums: true },
    });
    loaded = await run(migration);
  });
  afterAll(async () => {
    await migration?.close();
    await world?.close();
  });

  it('stores the values as the source holds them', async () => {
    expect(loaded.error).toBeUndefined();
    const { rows } = await world.client.query(
      `SELECT id, md5(doc) AS doc, md5(blob) AS blob, length(doc) AS chars, n FROM dbo.docs ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, doc: md5(doc1), blob: md5(blob), chars: doc1.length - 500_000, n: 11 },
      { id: 2, doc: null, blob: md5(blob), chars: null, n: null },
      { id: 3, doc: md5('small'), blob: md5(Buffer.from([1, 2])), chars: 5, n: 33 },
      { id: 4, doc: md5(doc4), blob: null, chars: 600_001, n: 44 },
    ]);
  });

  it('matches by checksum', () => {
    const docs = loaded.validations.find((v) => v.table === 'dbo.docs');
    expect(docs).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
  });

  it('strips a NUL as the fix does, the surrogates around it paired', async () => {
    const { rows } = await world.client.query(`SELECT md5(doc) AS doc FROM dbo.fixed`);
    expect(rows).toEqual([{ doc: md5(doc4) }]);
    const fixed = loaded.report.tables.find((t) => t.table === 'dbo.fixed');
    expect(fixed?.fixes).toEqual({ NUL_IN_TEXT: 1 });
    const v = loaded.validations.find((x) => x.table === 'dbo.fixed');
    expect(v).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
  });
});

// Under onError "fail" such rows stream too; a bad value deep inside a streamed text (its row's key
// after it) still stops the table with the error the value path gives (table, column, row, key, the
// problem), and the task's transaction leaves nothing of the table.
const badScript = `
CREATE TABLE dbo.Lone (doc nvarchar(max) NULL, id int NOT NULL PRIMARY KEY, blob varbinary(max) NULL);
INSERT INTO dbo.Lone VALUES (REPLICATE(CAST(N'a' AS nvarchar(max)), 700000), 1, CAST(REPLICATE(CAST(0x00FF7F AS varbinary(max)), 100000) AS varbinary(max)));
INSERT INTO dbo.Lone VALUES (REPLICATE(CAST(N'x' AS nvarchar(max)), 600000) + NCHAR(55357) + REPLICATE(CAST(N'y' AS nvarchar(max)), 300000), 2, 0x01);
INSERT INTO dbo.Lone VALUES (N'after', 3, NULL);
CREATE TABLE dbo.Nul (doc nvarchar(max) NULL, id int NOT NULL PRIMARY KEY);
INSERT INTO dbo.Nul VALUES (N'first', 1);
INSERT INTO dbo.Nul VALUES (REPLICATE(CAST(N'é' AS nvarchar(max)), 500000) + NCHAR(0) + N'z', 7);
`;

describe('a bad value inside a text streamed under onError "fail"', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startWorld([], [badScript]);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function failed(source: string, table: string, fastPath: boolean) {
    const migration = await openEmulatorMigration(world.emulator, world.db.url, {
      select: [source],
      load: { onError: 'fail', fastPath },
    });
    try {
      const result = await run(migration);
      expect(result.state).toBe('failed');
      const { rows } = await world.client.query(`SELECT count(*)::int AS n FROM ${table}`);
      return {
        errors: result.report.tables.find((t) => t.table === table)!.errors.join('\n'),
        rows: rows[0].n,
      };
    } finally {
      await migration.close();
    }
  }

  it.each([
    [
      'dbo.Lone',
      'dbo.lone',
      `dbo.lone.doc, row 2 (key id=2): text contains a lone UTF-16 surrogate (U+D83D at character 600001), which UTF-8 cannot encode: "${'x'.repeat(60)}..."`,
    ],
    [
      'dbo.Nul',
      'dbo.nul',
      `dbo.nul.doc, row 2 (key id=7): text contains NUL (U+0000), which PostgreSQL text cannot hold: "${'é'.repeat(60)}..."`,
    ],
  ])(
    '%s: names table, column, row and key as the value path does; nothing committed',
    async (source, table, error) => {
      for (const fastPath of [true, false]) {
        const { errors, rows } = await failed(source, table, fastPath);
        expect(errors).toContain(error);
        expect(rows).toBe(0);
      }
    },
  );
});
