import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { run, type Migration, type RunResult } from '@ferry/core';
import { postgres } from '@ferry/target-postgres';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { openEmulatorMigration } from '../src/fault-fixtures.js';

// Little-endian doubles in hex, as EWKB and SQL Server's serialization write them.
const f64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b.toString('hex');
};

const script = `
CREATE TABLE dbo.Places (
  id int NOT NULL PRIMARY KEY,
  spot geography NULL,
  outline geometry NULL,
  node hierarchyid NULL
);
INSERT INTO dbo.Places VALUES
  (1, geography::STGeomFromText('POINT(1 2)', 4326), geometry::STGeomFromText('LINESTRING(0 0, 1 1)', 0), hierarchyid::Parse('/')),
  (2, geography::STGeomFromText('POINT(1 2 3)', 4269), NULL, hierarchyid::Parse('/1/')),
  (3, NULL, geometry::STGeomFromText('POINT(-1.5 0.25)', 3857), hierarchyid::Parse('/1/3.5/-2/')),
  (4, NULL, NULL, hierarchyid::Parse('/10/')),
  (5, NULL, NULL, NULL);
CREATE TABLE dbo.Curves (
  id int NOT NULL PRIMARY KEY,
  shape geometry NULL,
  area geography NULL
);
INSERT INTO dbo.Curves VALUES
  (1, geometry::STGeomFromText('CIRCULARSTRING(0 0, 1 1, 2 0)', 0), NULL),
  (2, geometry::STGeomFromText('COMPOUNDCURVE((0 0, 1 0), CIRCULARSTRING(1 0, 2 1, 3 0))', 0), NULL),
  -- A geography in serialization version 2 without curves, as SQL Server writes some values (flags
  -- 0): MULTIPOLYGON (((10 0, 11 0, 10 1, 10 0)), ((20 5, 21 5, 20 6, 20 5))), latitude first.
  (3, NULL, 0xE6100000020008000000${[0, 10, 0, 11, 1, 10, 0, 10, 5, 20, 5, 21, 6, 20, 5, 20].map((n) => f64(n)).join('')}020000000100000000010400000003000000FFFFFFFF0000000006000000000000000003000000000100000003);
`;

// EWKB written out by hand: byte order 01, the type with its Z (0x80000000) and SRID (0x20000000)
// flags, the SRID, then the coordinates as little-endian doubles.
const ewkb = {
  point4326: `0101000020e6100000${f64(1)}${f64(2)}`,
  pointZ4269: `01010000a0ad100000${f64(1)}${f64(2)}${f64(3)}`,
  line0: `010200002000000000${'02000000'}${f64(0)}${f64(0)}${f64(1)}${f64(1)}`,
  point3857: `0101000020110f0000${f64(-1.5)}${f64(0.25)}`,
};
const xy = (...ns: number[]) => ns.map(f64).join('');
/** The curves as ISO types 8 (circular string) and 9 (compound curve), whose parts carry no SRID. */
const curves = {
  circular: `010800002000000000${'03000000'}${xy(0, 0, 1, 1, 2, 0)}`,
  compound: `010900002000000000${'02000000'}0102000000${'02000000'}${xy(0, 0, 1, 0)}0108000000${'03000000'}${xy(1, 0, 2, 1, 3, 0)}`,
  multiPolygon: `0106000020e6100000${'02000000'}0103000000${'01000000'}${'04000000'}${xy(10, 0, 11, 0, 10, 1, 10, 0)}0103000000${'01000000'}${'04000000'}${xy(20, 5, 21, 5, 20, 6, 20, 5)}`,
};

describe('geography / geometry as EWKB and hierarchyid as ltree or text', () => {
  let emulator: RunningEmulator;
  let client: pg.Client;
  const dbs: TestDatabase[] = [];
  const migrations: Migration[] = [];

  const migrate = async (
    target: Record<string, unknown>,
  ): Promise<{ result: RunResult; db: TestDatabase }> => {
    const db = await createTestDatabase(getTestPostgres().url);
    dbs.push(db);
    const migration = await openEmulatorMigration(emulator, db.url, {
      target: postgres({ url: db.url, ...target }),
    });
    migrations.push(migration);
    return { result: await run(migration), db };
  };
  const query = async (db: TestDatabase, sql: string) => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    emulator = await startEmulator({ scripts: [script] });
  });
  afterAll(async () => {
    for (const m of migrations) await m.close();
    for (const db of dbs) await db.drop();
    await emulator?.close();
  });

  it('default options (binary COPY): bytea EWKB with SRID and Z kept, ltree labels; validation matches', async () => {
    const { result, db } = await migrate({});
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    const types = await query(
      db,
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = 'places' ORDER BY ordinal_position`,
    );
    expect(types.map((r) => [r.column_name, r.udt_name])).toEqual([
      ['id', 'int4'],
      ['spot', 'bytea'],
      ['outline', 'bytea'],
      ['node', 'ltree'],
    ]);
    const rows = await query(
      db,
      `SELECT id, encode(spot, 'hex') AS spot, encode(outline, 'hex') AS outline, node::text AS node FROM dbo.places ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.spot, r.outline, r.node])).toEqual([
      [1, ewkb.point4326, ewkb.line0, ''],
      [2, ewkb.pointZ4269, null, '1'],
      [3, null, ewkb.point3857, '1.3_5.m2'],
      [4, null, null, '10'],
      [5, null, null, null],
    ]);
    // ltree's operators work on the migrated paths: the subtree of /1/.
    const below = await query(db, `SELECT id FROM dbo.places WHERE node <@ '1' ORDER BY id`);
    expect(below.map((r) => r.id)).toEqual([2, 3]);
    expect(result.plan?.actionItems.map((a) => a.code)).toEqual(
      expect.arrayContaining(['SPATIAL_AS_EWKB', 'HIERARCHYID_AS_LTREE']),
    );
  });

  it('hierarchyidAs text over text COPY: the paths as SQL Server prints them; validation matches', async () => {
    const { result, db } = await migrate({ hierarchyidAs: 'text', copyFormat: 'text' });
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    const rows = await query(db, `SELECT id, node, encode(spot, 'hex') AS spot FROM dbo.places ORDER BY id`);
    expect(rows.map((r) => [r.id, r.node, r.spot])).toEqual([
      [1, '/', ewkb.point4326],
      [2, '/1/', ewkb.pointZ4269],
      [3, '/1/3.5/-2/', null],
      [4, '/10/', null],
      [5, null, null],
    ]);
    const extensions = await query(db, `SELECT extname FROM pg_extension WHERE extname = 'ltree'`);
    expect(extensions).toEqual([]);
  });

  it('curves and serialization version 2 values: EWKB of their ISO types, exactly; validation matches', async () => {
    const { result, db } = await migrate({});
    expect(result.error).toBeUndefined();
    expect(result.match).toBe(true);
    const rows = await query(
      db,
      `SELECT id, encode(shape, 'hex') AS shape, encode(area, 'hex') AS area FROM dbo.curves ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.shape, r.area])).toEqual([
      [1, curves.circular, null],
      [2, curves.compound, null],
      [3, null, curves.multiPolygon],
    ]);
  });
});
