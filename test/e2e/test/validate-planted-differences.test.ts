// Validation names the rows that differ by key. A table the fast path loads has its target rows
// digested by PostgreSQL: after the load it matches, and one value changed on the target, of each
// kind the values matrix holds, is found and named by its row key; so are a row missing on the
// target and a row only there. A table of types only the value path reads (hierarchyid as ltree,
// geometry as EWKB, xml, LOBs) is checksummed in Ferry, and its differing rows are named too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, validate, type TableValidation } from '@ferry/core';
import { openEmulatorMigration, startWorld } from '../src/fault-fixtures.js';

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

/** The world of one script, loaded by a migration that validates with checksums. */
async function loadedWorld(script: string, config: Record<string, unknown> = {}) {
  const world = await startWorld([], [script]);
  const migration = await openEmulatorMigration(world.emulator, world.db.url, {
    validate: { checksums: true },
    ...config,
  });
  const result = await run(migration);
  expect(result.error).toBeUndefined();
  return { world, migration, result };
}

/**
 * Runs `change` on the target rows of `table` that `where` selects, validates, and puts the rows
 * back as they were; returns the table's validation.
 */
async function validatedAfter(
  { world, migration }: Awaited<ReturnType<typeof loadedWorld>>,
  table: string,
  where: string,
  change: string,
): Promise<TableValidation> {
  const { client } = world;
  await client.query(`CREATE TEMP TABLE saved AS SELECT * FROM ${table} WHERE ${where}`);
  await client.query(change);
  try {
    return (await validate(migration)).tables.find((t) => t.table === table)!;
  } finally {
    await client.query(`DELETE FROM ${table} WHERE ${where}`);
    await client.query(`INSERT INTO ${table} SELECT * FROM saved`);
    await client.query(`DROP TABLE saved`);
  }
}

describe('validation digests the target where it is stored and names differing rows by key', () => {
  let loaded: Awaited<ReturnType<typeof loadedWorld>>;
  // datetime2(7) and datetimeoffset(7) values with 100 ns are stored as the fix truncates them.
  beforeAll(async () => (loaded = await loadedWorld(script, { load: { onError: 'fix' } })));
  afterAll(async () => {
    await loaded?.migration.close();
    await loaded?.world.close();
  });

  it('matches after the load, the 100 ns values compared as the fix stored them', () => {
    const table = loaded.result.validations.find((v) => v.table === 'dbo.planted');
    expect(table).toMatchObject({ method: 'checksum', match: true, mismatches: [] });
    expect(table?.fixedValues).toEqual({ SUB_MICROSECOND: 3 });
  });

  it.each(planted)('finds a changed %s by its key', async (_, id, change) => {
    const where = `id = ${id}`;
    const result = await validatedAfter(
      loaded,
      'dbo.planted',
      where,
      `UPDATE dbo.planted SET ${change} WHERE ${where}`,
    );
    expect(result.match).toBe(false);
    expect(result.ranges[0].rows).toEqual([`id=${id}: values differ`]);
    expect(result.mismatches).toEqual([
      `dbo.planted (from dbo.Planted), whole table: same count (4) but checksums differ (source ${result.ranges[0].sourceChecksum}, target ${result.ranges[0].targetChecksum}); id=${id}: values differ`,
    ]);
  });

  it('names a row missing on the target and a row only on the target', async () => {
    const change = `DELETE FROM dbo.planted WHERE id = 2; INSERT INTO dbo.planted (id, c_int) VALUES (5, 5)`;
    const result = await validatedAfter(loaded, 'dbo.planted', 'id IN (2, 5)', change);
    expect(result.ranges[0].rows?.sort()).toEqual([
      'id=2: missing on the target',
      'id=5: only on the target',
    ]);
    expect((await validate(loaded.migration)).match).toBe(true);
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
  let loaded: Awaited<ReturnType<typeof loadedWorld>>;
  beforeAll(async () => {
    loaded = await loadedWorld(valuePathScript);
    expect(loaded.result.validations.find((v) => v.table === 'dbo.shapes')).toMatchObject({
      method: 'checksum',
      match: true,
    });
  });
  afterAll(async () => {
    await loaded?.migration.close();
    await loaded?.world.close();
  });

  it.each(plantedValues)('finds a changed %s by its key', async (_, where, change, key) => {
    const result = await validatedAfter(
      loaded,
      'dbo.shapes',
      where,
      `UPDATE dbo.shapes SET ${change} WHERE ${where}`,
    );
    expect(result.match).toBe(false);
    expect(result.ranges[0].rows).toEqual([`${key}: values differ`]);
  });
});
