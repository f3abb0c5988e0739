import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openMigration, parseConfig, run, type RunResult } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { ndjsonTarget } from '../src/index.js';

// SQL Server -> ndjson files (the plugin as target) -> PostgreSQL (the plugin as source, named by string).
const script = `
CREATE TABLE dbo.Samples (
  Id int NOT NULL PRIMARY KEY,
  Big bigint NULL,
  Amount decimal(38,10) NULL,
  Stamp datetime2(7) NULL,
  Zoned datetimeoffset(7) NULL,
  Guid uniqueidentifier NULL,
  Bytes varbinary(max) NULL,
  Label nvarchar(100) NULL,
  Ratio float NULL
);
INSERT INTO dbo.Samples VALUES
  (1, 9223372036854775807, 1234567890123456789012345678.0123456789, '2024-02-29 23:59:59.9999990',
   '2024-06-30 21:15:00.1234560 +05:45', '6F9619FF-8B86-D011-B42D-00C04FC964FF', 0x00FF10, N'Emoji 😀 𝄞 Ωmega', 0.1),
  (2, -9223372036854775808, -0.0000000001, '0001-01-01 00:00:00.0000000',
   '9999-12-31 23:59:59.9999990 -14:00', '00000000-0000-0000-0000-000000000000', 0x, N'', -1.7976931348623157E308),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE dbo.Notes (Id int NOT NULL PRIMARY KEY, Body nvarchar(max) NOT NULL);
INSERT INTO dbo.Notes VALUES (1, N'line one
line two "quoted" \\ backslash'), (2, N'𠜎𠜱');
-- 100 ns ticks: kept by the files, refused by PostgreSQL (microseconds), so the second leg leaves it out.
CREATE TABLE dbo.Ticks (Id int NOT NULL PRIMARY KEY, At datetime2(7) NOT NULL, Zoned datetimeoffset(7) NOT NULL);
INSERT INTO dbo.Ticks VALUES (1, '2024-02-29 23:59:59.9999999', '2024-06-30 21:15:00.1234567 +05:45');
`;

const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('ferry-plugin-ndjson', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let work: string;
  let toFiles: RunResult;
  let toPostgres: RunResult;

  beforeAll(async () => {
    [emulator, db] = await Promise.all([
      startEmulator({ scripts: [script], database: 'Plugin' }),
      createTestDatabase(getTestPostgres().url),
    ]);
    // A user's project: the plugin installed in node_modules, as after `npm install ferry-plugin-ndjson`.
    work = mkdtempSync(join(tmpdir(), 'ferry-ndjson-'));
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(pluginDir, join(work, 'node_modules/ferry-plugin-ndjson'), 'dir');

    const { server, port, user, password, database } = emulator.config;
    const first = await openMigration(
      parseConfig({
        source: mssql({ host: server, port, user, password, database, encrypt: false }),
        target: ndjsonTarget({ dir: './out' }),
        naming: 'preserve',
        tables: { 'dbo.Samples': { ranges: 2 } },
      }),
      { cwd: work },
    );
    toFiles = await run(first, { parallelism: 2 }).finally(() => first.close());

    // The second leg names the plugin by string, as a JSON/YAML config does.
    const second = await openMigration(
      parseConfig({
        source: { plugin: 'ndjson', dir: './out' },
        target: { plugin: 'postgres', url: db.url, schema: 'copied' },
        naming: 'preserve',
        select: ['dbo.%', '!dbo.Ticks'],
      }),
      { cwd: work, builtins: { postgres } },
    );
    toPostgres = await run(second).finally(() => second.close());
  });

  afterAll(async () => {
    await Promise.allSettled([emulator?.close(), db?.drop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const checksums = (r: RunResult) =>
    Object.fromEntries(
      r.validations.map((v) => [
        v.source,
        {
          count: v.ranges.reduce((n, x) => n + x.sourceCount, 0),
          sums: v.ranges.map((x) => [x.sourceChecksum, x.targetChecksum]),
        },
      ]),
    );

  it('writes each table as NDJSON with a schema sidecar, every value in a lossless JSON form', () => {
    expect(toFiles.error).toBeUndefined();
    expect(toFiles.state).toBe('done');
    const lines = readFileSync(join(work, 'out/dbo.Samples.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byId = new Map(lines.map((l) => [l.Id, l]));
    expect(lines).toHaveLength(3);
    expect(byId.get(1)).toEqual({
      Id: 1,
      Big: '9223372036854775807',
      Amount: '1234567890123456789012345678.0123456789',
      Stamp: '2024-02-29 23:59:59.9999990',
      Zoned: '2024-06-30 21:15:00.1234560+05:45',
      Guid: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      Bytes: 'AP8Q',
      Label: 'Emoji 😀 𝄞 Ωmega',
      Ratio: 0.1,
    });
    expect(byId.get(2)).toMatchObject({
      Big: '-9223372036854775808',
      Amount: '-0.0000000001',
      Bytes: '',
      Label: '',
    });
    expect(byId.get(3)).toEqual({
      Id: 3,
      Big: null,
      Amount: null,
      Stamp: null,
      Zoned: null,
      Guid: null,
      Bytes: null,
      Label: null,
      Ratio: null,
    });
    const sidecar = JSON.parse(readFileSync(join(work, 'out/dbo.Samples.schema.json'), 'utf8'));
    expect(
      sidecar.table.columns.map((c: { name: string; type: { kind: string } }) => `${c.name}:${c.type.kind}`),
    ).toEqual([
      'Id:int32',
      'Big:int64',
      'Amount:decimal',
      'Stamp:timestamp',
      'Zoned:timestamptz',
      'Guid:uuid',
      'Bytes:binary',
      'Label:text',
      'Ratio:float64',
    ]);
  });

  it('validates the files against SQL Server by checksum, per key range', () => {
    expect(toFiles.match).toBe(true);
    expect(toFiles.validations.map((v) => [v.source, v.method, v.ranges.length])).toEqual([
      ['dbo.Notes', 'checksum', 1],
      ['dbo.Samples', 'checksum', 2],
      ['dbo.Ticks', 'checksum', 1],
    ]);
    const ticks = JSON.parse(readFileSync(join(work, 'out/dbo.Ticks.ndjson'), 'utf8'));
    expect(ticks).toEqual({
      Id: 1,
      At: '2024-02-29 23:59:59.9999999',
      Zoned: '2024-06-30 21:15:00.1234567+05:45',
    });
  });

  it('loads the files into PostgreSQL with the same counts and checksums as SQL Server', async () => {
    expect(toPostgres.error).toBeUndefined();
    expect(toPostgres.match).toBe(true);
    const fromServer = checksums(toFiles);
    const fromFiles = checksums(toPostgres);
    expect(Object.keys(fromFiles)).toEqual(['dbo.Notes', 'dbo.Samples']);
    for (const table of ['dbo.Notes', 'dbo.Samples']) {
      expect(fromFiles[table].count).toBe(fromServer[table].count);
      // SQL Server's per-range sums add up to the files' whole-table sum, which PostgreSQL's equals.
      const total = (sums: (string | undefined)[][], side: 0 | 1) =>
        sums.reduce((n, s) => (n + BigInt(`0x${s[side]}`)) & ((1n << 64n) - 1n), 0n);
      expect(total(fromFiles[table].sums, 1)).toBe(total(fromServer[table].sums, 0));
      expect(total(fromFiles[table].sums, 0)).toBe(total(fromServer[table].sums, 0));
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const row = (
        await client.query(`SELECT "Big"::text, "Bytes", "Label", "Zoned" = '2024-06-30 15:30:00.123456Z'::timestamptz AS same_instant
        FROM copied."Samples" WHERE "Id" = 1`)
      ).rows[0];
      expect(row).toEqual({
        Big: '9223372036854775807',
        Bytes: Buffer.from([0, 255, 16]),
        Label: 'Emoji 😀 𝄞 Ωmega',
        same_instant: true,
      });
    } finally {
      await client.end();
    }
  });
});
