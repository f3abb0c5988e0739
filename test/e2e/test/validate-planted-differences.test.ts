// Validation names the rows that differ by key. A table the fast path loads has its target rows
// digested by PostgreSQL: after the load it matches, and one value changed on the target, of each
// kind the values matrix holds, is found and named by its row key; so are a row missing on the
// target and a row only there. A table of types only the value path reads (hierarchyid as ltree,
// geometry as EWKB, xml, LOBs) is checksummed in Ferry, and its differing rows are named too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { run, validate, type Migration, type TableValidation } from '@ferry/core';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';

const script = `
CREATE TABLE dbo.Planted (
  id int NOT NULL PRIMARY KEY,
  c_bit bit NULL, c_tinyint tinyint NULL, c_smallint smallint NULL, c_int int NULL, c_bigint bigint NULL,
  c_dec decimal(38,10) NULL, c_money money NULL, c_smallmoney smallmoney NULL, c_real real NULL, c_float float NULL,
  c_date date NULL, c_time7 time(7) NULL, c_datetime datetime NULL, c_smalldatetime smalldatetime NULL,
  c_dt2_7 datetime2(7) NULL, c_dto7 datetimeoffset(7) NULL,
  c_char char(5) NULL, c_varchar varchar(10) NULL, c_nchar nchar(3) NULL, c_nvarchar nvarchar(20) NULL,
  c_binary binary(4) NULL, c_varbinary varbinary(10) NULL, c_guid uniqueidentifier NULL
)
GO
INSERT INTO dbo.Planted VALUES (1, 0, 0, -32768, -2147483648, -9223372036854775808,
  -9999999999999999999999999999.9999999999, -922337203685477.5808, -214748.3648, 0, 0,
  '0001-01-01', '00:00:00', '1753-01-01T00:00:00', '1900-01-01T00:00:00', '0001-01-01 00:00:00',
  '0001-01-01 00:00:00.0000000 -14:00', 'ab', '', N'é', N'', 0x0102, 0x, '00000000-0000-0000-0000-000000000000')
INSERT INTO dbo.Planted VALUES (2, 1, 255, 32767, 2147483647, 9223372036854775807,
  9999999999999999999999999999.9999999999, 922337203685477.5807, 214748.3647, 3.4E38, 1.79E308,
  '9999-12-31', '23:59:59.9999990', '9999-12-31T23:59:59.997', '2079-06-06T23:59:00', '9999-12-31 23:59:59.9999990',
  '9999-12-31 23:59:59.9999990 +14:00', 'abcde', 'caf' + CHAR(233) + ' ' + CHAR(128) + ' ', N'ÿ€x', N'😀 non-BMP 𝄞',
  0x01020304, 0xFF00FF, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
INSERT INTO dbo.Planted (id) VALUES (3)
INSERT INTO dbo.Planted (id, c_dec, c_money, c_real, c_float, c_time7, c_datetime, c_dt2_7, c_dto7, c_guid)
VALUES (4, 0.0000000001, 0.0001, 0.1, 0.1, '12:34:56.0000001', '2000-01-01T00:00:00.002',
  '2024-02-29 12:00:00.1234567', '2024-02-29 12:00:00.1234567 -03:30', '6f9619ff-8b86-d011-b42d-00c04fc964ff')
`;

/** One value changed on the target (SET ... WHERE id = the key), and the key it is found by. */
const planted: [string, number, string][] = [
  ['bit', 1, `c_bit = NOT c_bit`],
  ['tinyint', 1, `c_tinyint = 1`],
  ['smallint', 2, `c_smallint = 32766`],
  ['int', 1, `c_int = c_int + 1`],
  ['bigint, by 2^32', 1, `c_bigint = c_bigint + 4294967296`],
  ['decimal, last digit', 4, `c_dec = 0.0000000002`],
  ['money', 1, `c_money = c_money + 0.0001`],
  ['smallmoney', 2, `c_smallmoney = 214748.3646`],
  ['real, -0 for 0', 1, `c_real = '-0'`],
  ['float, -0 for 0', 1, `c_float = '-0'`],
  ['float, last bit', 4, `c_float = 0.10000000000000002`],
  ['date', 1, `c_date = '0001-01-02'`],
  ['time, one microsecond', 4, `c_time7 = '12:34:56.000001'`],
  ['datetime, one millisecond', 4, `c_datetime = '2000-01-01 00:00:00.004'`],
  ['smalldatetime', 2, `c_smalldatetime = '2079-06-06 23:58:00'`],
  ['datetime2 as fixed, one microsecond', 4, `c_dt2_7 = '2024-02-29 12:00:00.123457'`],
  ['datetimeoffset, another offset', 4, `c_dto7 = '2024-02-29 12:00:00.123456-02:30'`],
  ['char, a leading space', 1, `c_char = ' ab'`],
  ['varchar, NULL for empty', 1, `c_varchar = NULL`],
  ['varchar, a trailing space', 2, `c_varchar = rtrim(c_varchar)`],
  ['varchar in code page 1252', 2, `c_varchar = 'cafe € '`],
  ['nchar', 1, `c_nchar = 'e'`],
  ['nvarchar, one character outside the BMP', 2, `c_nvarchar = '😁 non-BMP 𝄞'`],
  ['nvarchar, empty for NULL', 3, `c_nvarchar = ''`],
  ['binary', 2, `c_binary = '\\x01020305'`],
  ['varbinary, NULL for empty', 1, `c_varbinary = NULL`],
  ['uniqueidentifier, bytes in SQL Server order', 4, `c_guid = 'ff19966f-868b-11d0-b42d-00c04fc964ff'`],
];

describe('validation digests the target where it is stored and names differing rows by key', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let migration: Migration;
  let client: pg.Client;
  let loaded: TableValidation;

  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [script] });
    db = await createTestDatabase(getTestPostgres().url);
    // datetime2(7) and datetimeoffset(7) values with 100 ns are stored as the fix truncates them.
    migration = await openEmulatorMigration(emulator, db.url, {
      load: { onError: 'fix' },
      validate: { checksums: true },
    });
    const result = await run(migration);
    expect(result.error).toBeUndefined();
    loaded = result.validations.find((v) => v.table === 'dbo.planted')!;
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await migration?.close();
    await db?.drop();
    await emulator?.close();
  });

  const validated = async () => (await validate(migration)).tables.find((t) => t.table === 'dbo.planted')!;

  it('matches after the load, the 100 ns values compared as the fix stored them', () => {
    expect(loaded).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
    expect(loaded.fixedValues).toEqual({ SUB_MICROSECOND: 3 });
  });

  it.each(planted)('finds a changed %s by its key', async (_, id, change) => {
    await client.query(`CREATE TEMP TABLE saved AS SELECT * FROM dbo.planted WHERE id = ${id}`);
    await client.query(`UPDATE dbo.planted SET ${change} WHERE id = ${id}`);
    try {
      const result = await validated();
      expect(result.match).toBe(false);
      expect(result.ranges[0].rows).toEqual([`id=${id}: values differ`]);
      expect(result.mismatches).toEqual([
        `dbo.planted (from dbo.Planted), whole table: same count (4) but checksums differ (source ${result.ranges[0].sourceChecksum}, target ${result.ranges[0].targetChecksum}); id=${id}: values differ`,
      ]);
    } finally {
      await client.query(`DELETE FROM dbo.planted WHERE id = ${id}`);
      await client.query(`INSERT INTO dbo.planted SELECT * FROM saved`);
      await client.query(`DROP TABLE saved`);
    }
  });

  it('names a row missing on the target and a row only on the target', async () => {
    await client.query(`CREATE TEMP TABLE saved AS SELECT * FROM dbo.planted WHERE id = 2`);
    await client.query(`DELETE FROM dbo.planted WHERE id = 2`);
    await client.query(`INSERT INTO dbo.planted (id, c_int) VALUES (5, 5)`);
    try {
      const result = await validated();
      expect(result.ranges[0].rows?.sort()).toEqual([
        'id=2: missing on the target',
        'id=5: only on the target',
      ]);
    } finally {
      await client.query(`DELETE FROM dbo.planted WHERE id = 5`);
      await client.query(`INSERT INTO dbo.planted SELECT * FROM saved`);
      await client.query(`DROP TABLE saved`);
    }
    expect((await validated()).match).toBe(true);
  });
});

const valuePathScript = `
CREATE TABLE dbo.Shapes (
  id int NOT NULL, part nvarchar(10) NOT NULL, node hierarchyid NULL, outline geometry NULL, doc xml NULL,
  body nvarchar(max) NULL, blob varbinary(max) NULL, CONSTRAINT pk_shapes PRIMARY KEY (id, part)
)
GO
INSERT INTO dbo.Shapes VALUES
  (1, N'a', hierarchyid::Parse('/1/3.5/-2/'), geometry::STGeomFromText('LINESTRING(0 0, 1 1)', 0), N'<a x="1"/>', REPLICATE(CAST(N'ü' AS nvarchar(max)), 5000), 0xDEADBEEF),
  (1, N'b', hierarchyid::Parse('/'), geometry::STGeomFromText('POINT(-1.5 0.25)', 3857), NULL, N'', 0x),
  (2, N'a', NULL, NULL, N'<root><item>text &amp; more</item></root>', NULL, NULL)
`;

/** A value changed on the target of a value-path table (SET ... WHERE the key), and the key's name. */
const plantedValues: [string, string, string, string][] = [
  ['hierarchyid as ltree', `id = 1 AND part = 'a'`, `node = '1.3_5.3'`, `id=1, part='a'`],
  [
    'geometry as EWKB, one coordinate',
    `id = 1 AND part = 'b'`,
    `outline = set_byte(outline, 20, get_byte(outline, 20) # 1)`,
    `id=1, part='b'`,
  ],
  ['xml', `id = 2 AND part = 'a'`, `doc = '<root><item>text &amp; more </item></root>'`, `id=2, part='a'`],
  [
    'nvarchar(max), one character',
    `id = 1 AND part = 'a'`,
    `body = overlay(body placing 'u' from 2500 for 1)`,
    `id=1, part='a'`,
  ],
  ['varbinary(max), empty for NULL', `id = 2 AND part = 'a'`, `blob = ''`, `id=2, part='a'`],
];

describe('validation names the differing rows of a value-path table by key', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let migration: Migration;
  let client: pg.Client;

  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [valuePathScript] });
    db = await createTestDatabase(getTestPostgres().url);
    migration = await openEmulatorMigration(emulator, db.url, { validate: { checksums: true } });
    const result = await run(migration);
    expect(result.error).toBeUndefined();
    expect(result.validations.find((v) => v.table === 'dbo.shapes')).toMatchObject({
      method: 'checksum',
      match: true,
    });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await migration?.close();
    await db?.drop();
    await emulator?.close();
  });

  it.each(plantedValues)('finds a changed %s by its key', async (_, where, change, key) => {
    await client.query(`CREATE TEMP TABLE saved AS SELECT * FROM dbo.shapes WHERE ${where}`);
    await client.query(`UPDATE dbo.shapes SET ${change} WHERE ${where}`);
    try {
      const result = (await validate(migration)).tables.find((t) => t.table === 'dbo.shapes')!;
      expect(result.match).toBe(false);
      expect(result.ranges[0].rows).toEqual([`${key}: values differ`]);
    } finally {
      await client.query(`DELETE FROM dbo.shapes WHERE ${where}`);
      await client.query(`INSERT INTO dbo.shapes SELECT * FROM saved`);
      await client.query(`DROP TABLE saved`);
    }
  });
});
