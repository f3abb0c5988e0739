// geography / geometry migrated into a real PostGIS (spatialAs: 'postgis'): Debian's PostgreSQL 15
// with postgresql-15-postgis-3, started by the test (the embedded PostgreSQL has no PostGIS). The
// values equal the source's by WKT and SRID, validation matches, and the views that use spatial
// properties and methods, converted to PostGIS functions, give the source's results. Skipped, saying
// why, only where PostGIS is not installed (.ci/run installs it).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { emptyModel, run, type Migration, type RunResult, type Table } from '@ferry/core';
import { postgres, postgresConfigSchema, type PostgresTarget } from '@ferry/target-postgres';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { openEmulatorMigration } from '../src/fault-fixtures.js';
import { startSystemPostgres, systemPostgresWith, type SystemPostgres } from '../src/system-postgres.js';

const bin = systemPostgresWith(15, 'postgis');
if (!bin)
  console.warn(
    'spatial-postgis.test.ts skipped: PostgreSQL 15 with PostGIS not found in /usr/lib/postgresql/15 (install the Debian package postgresql-15-postgis-3)',
  );

const script = `
CREATE TABLE dbo.Places (
  id int NOT NULL PRIMARY KEY,
  spot geography NULL,
  plan_shape geometry NULL
);
INSERT INTO dbo.Places VALUES
  (1, geography::Point(47.65, -122.35, 4326), geometry::STGeomFromText('POINT(3 4)', 0)),
  (2, geography::STGeomFromText('LINESTRING(0 0, 1 0)', 4326), geometry::STGeomFromText('LINESTRING(0 0, 3 4, 3 10)', 0)),
  (3, geography::STGeomFromText('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))', 4326), geometry::STGeomFromText('POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))', 3857)),
  (4, geography::STGeomFromText('POINT(2.5 -1.25 10 7)', 4326), geometry::STGeomFromText('POINT(1 2 3)', 0)),
  (5, geography::STGeomFromText('POINT(1 2)', 4269), NULL),
  (6, NULL, NULL);
CREATE TABLE dbo.Curves (
  id int NOT NULL PRIMARY KEY,
  shape geometry NULL,
  area geography NULL
);
INSERT INTO dbo.Curves VALUES
  (1, geometry::STGeomFromText('CIRCULARSTRING(0 0, 1 1, 2 0)', 3857), NULL),
  (2, geometry::STGeomFromText('COMPOUNDCURVE((0 0, 1 0), CIRCULARSTRING(1 0, 2 1, 3 0))', 0), NULL),
  (3, geometry::STGeomFromText('CURVEPOLYGON(CIRCULARSTRING(0 0, 2 0, 2 2, 0 2, 0 0), (0.5 0.5, 1 0.5, 1 1, 0.5 0.5))', 0), NULL),
  -- geography in serialization version 2 without curves (flags 0), as SQL Server writes some values:
  -- MULTIPOLYGON (((10 0, 11 0, 10 1, 10 0)), ((20 5, 21 5, 20 6, 20 5))), latitude first.
  (4, NULL, 0xE61000000200080000000000000000000000000000000000244000000000000000000000000000002640000000000000F03F00000000000024400000000000000000000000000000244000000000000014400000000000003440000000000000144000000000000035400000000000001840000000000000344000000000000014400000000000003440020000000100000000010400000003000000FFFFFFFF0000000006000000000000000003000000000100000003);
`;
const views = `
CREATE VIEW dbo.PlaceFacts AS
  SELECT id, spot.STAsText() AS wkt, spot.ToString() AS text_zm, spot.STSrid AS srid,
    spot.Lat AS lat, spot.Long AS long, spot.Z AS z, spot.M AS m,
    spot.STGeometryType() AS kind, spot.STNumPoints() AS points, spot.STIsEmpty() AS empty,
    plan_shape.STAsText() AS plan_wkt, plan_shape.STSrid AS plan_srid, plan_shape.STX AS x, plan_shape.STY AS y
  FROM dbo.Places;
GO
CREATE FUNCTION dbo.ShapeFacts(@g geography) RETURNS TABLE AS RETURN
  SELECT @g.STAsText() AS wkt, @g.STNumPoints() AS points, @g.STGeometryType() AS kind;
GO
CREATE SEQUENCE dbo.Ticks AS int START WITH 1;
GO
CREATE PROCEDURE dbo.TickPoint @lat float OUTPUT, @next int OUTPUT AS
BEGIN
  SET @lat = geography::Point(NEXT VALUE FOR dbo.Ticks, 0, 4326).Lat;
  SET @next = NEXT VALUE FOR dbo.Ticks;
END;
GO
CREATE FUNCTION dbo.PointFacts(@g geography, @p geometry) RETURNS TABLE AS RETURN
  SELECT @g.STSrid AS srid, @g.Lat AS lat, @g.Long AS long, @p.STSrid AS plan_srid, @p.STX AS x, @p.STY AS y;
`;
// The emulator computes no STLength, STArea or STDistance, but keeps functions that call them.
const measures = ['geography', 'geometry'].flatMap((type) => {
  const name = type === 'geography' ? 'Geo' : 'Plan';
  return [
    `CREATE FUNCTION dbo.${name}Length(@g ${type}) RETURNS float AS BEGIN RETURN @g.STLength() END;`,
    `CREATE FUNCTION dbo.${name}Area(@g ${type}) RETURNS float AS BEGIN RETURN @g.STArea() END;`,
    `CREATE FUNCTION dbo.${name}Distance(@g ${type}, @other ${type}) RETURNS float AS BEGIN RETURN @g.STDistance(@other) END;`,
  ];
});

describe.skipIf(!bin)('geography / geometry into PostGIS (spatialAs: postgis)', () => {
  let emulator: RunningEmulator;
  let server: SystemPostgres;
  let migration: Migration;
  let result: RunResult;
  let client: pg.Client;
  /** The rows of a query on the emulator, each as an object by column name. */
  const source = async (sql: string): Promise<Record<string, unknown>[]> => {
    const session = emulator.engine.openSession({ user: 'sa' });
    for await (const r of session.executeBatch(sql, new AbortController().signal)) {
      if (r.kind === 'error') throw new Error(r.error.message);
      if (r.kind === 'rows') {
        const names = r.resultSet.columns.map((c) => c.name);
        return [...(r.resultSet.rows as Iterable<unknown[]>)].map((row) =>
          Object.fromEntries(names.map((n, i) => [n, row[i]])),
        );
      }
    }
    throw new Error(`no rows: ${sql}`);
  };

  beforeAll(async () => {
    // Each kept as it starts, so afterAll stops the server when the emulator fails to start, and
    // the other way round.
    const started = await Promise.allSettled([
      startEmulator({ scripts: [script, views, ...measures] }).then((e) => (emulator = e)),
      startSystemPostgres(bin!).then((s) => (server = s)),
    ]);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    migration = await openEmulatorMigration(emulator, server.url, {
      target: postgres({ url: server.url, spatialAs: 'postgis' }),
    });
    result = await run(migration);
  });
  afterAll(async () => {
    await migration?.close();
    await client?.end();
    server?.stop();
    await emulator?.close();
  });

  const target = async (sql: string) => (await client.query(sql)).rows;
  const byId = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
    rows.map((r) => ({ ...r, id: Number(r.id) }));

  it('runs, every object created, and validation matches', () => {
    expect(result.error).toBeUndefined();
    expect(result.state).toBe('done');
    expect(result.report.failedObjects).toEqual([]);
    expect(result.match).toBe(true);
    expect(result.plan?.actionItems.map((a) => a.code)).not.toContain('SPATIAL_AS_EWKB');
  });

  it('geography and geometry columns hold the source values: WKT and SRID as STAsText and STSrid', async () => {
    const types = await target(
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = 'places' ORDER BY ordinal_position`,
    );
    // The run created the extension itself (a pre-data step).
    expect(await target(`SELECT extname FROM pg_extension WHERE extname = 'postgis'`)).toEqual([
      { extname: 'postgis' },
    ]);
    expect(types.map((r) => [r.column_name, r.udt_name])).toEqual([
      ['id', 'int4'],
      ['spot', 'geography'],
      ['plan_shape', 'geometry'],
    ]);
    // Compared without spaces: SQL Server writes 'POINT (1 2)' and 'LINESTRING (0 0, 1 0)', PostGIS
    // 'POINT(1 2)' and 'LINESTRING(0 0,1 0)'; the views' STAsText must print SQL Server's form.
    const squeeze = (w: unknown) => (w === null ? null : String(w).replaceAll(' ', ''));
    const expected = await source(
      `SELECT id, spot.ToString() AS spot, spot.STSrid AS spot_srid, plan_shape.ToString() AS plan_text, plan_shape.STSrid AS plan_srid FROM dbo.Places ORDER BY id`,
    );
    const actual = await target(
      `SELECT id, regexp_replace(ST_AsText(spot), ' (ZM|Z|M) ', '') AS spot, ST_SRID(spot) AS spot_srid,
              regexp_replace(ST_AsText(plan_shape), ' (ZM|Z|M) ', '') AS plan_text,
              CASE WHEN plan_shape IS NOT NULL THEN ST_SRID(plan_shape) END AS plan_srid
       FROM dbo.places ORDER BY id`,
    );
    const squeezed = (rows: Record<string, unknown>[]) =>
      byId(rows).map((r) => ({ ...r, spot: squeeze(r.spot), plan_text: squeeze(r.plan_text) }));
    expect(squeezed(actual)).toEqual(squeezed(expected));
    expect(actual.map((r) => r.spot_srid)).toEqual([4326, 4326, 4326, 4326, 4269, null]);
  });

  it('curves (geometry) and serialization version 2 values keep their WKT and SRID', async () => {
    const squeeze = (w: unknown) => (w === null ? null : String(w).replaceAll(' ', ''));
    const expected = await source(
      `SELECT id, shape.STAsText() AS shape, shape.STSrid AS shape_srid, area.STAsText() AS area, area.STSrid AS area_srid FROM dbo.Curves ORDER BY id`,
    );
    const actual = await target(
      `SELECT id, ST_AsText(shape) AS shape, CASE WHEN shape IS NOT NULL THEN ST_SRID(shape) END AS shape_srid,
              ST_AsText(area) AS area, ST_SRID(area) AS area_srid
       FROM dbo.curves ORDER BY id`,
    );
    const squeezed = (rows: Record<string, unknown>[]) =>
      byId(rows).map((r) => ({ ...r, shape: squeeze(r.shape), area: squeeze(r.area) }));
    expect(squeezed(actual)).toEqual(squeezed(expected));
    expect(actual.map((r) => r.shape)).toEqual([
      'CIRCULARSTRING(0 0,1 1,2 0)',
      'COMPOUNDCURVE((0 0,1 0),CIRCULARSTRING(1 0,2 1,3 0))',
      'CURVEPOLYGON(CIRCULARSTRING(0 0,2 0,2 2,0 2,0 0),(0.5 0.5,1 0.5,1 1,0.5 0.5))',
      null,
    ]);
    expect(actual[3]!.area).toBe('MULTIPOLYGON(((10 0,11 0,10 1,10 0)),((20 5,21 5,20 6,20 5)))');
  });

  it("the view's properties and WKT methods give the source's results", async () => {
    const expected = await source('SELECT * FROM dbo.PlaceFacts ORDER BY id');
    const actual = await target('SELECT * FROM dbo.place_facts ORDER BY id');
    // The converter's bit-valued methods (STIsEmpty, STIntersects...) return int, as xml's exist() does.
    const bitAsInt = (rows: Record<string, unknown>[]) =>
      byId(rows).map((r) => ({ ...r, empty: r.empty === null ? null : Number(r.empty) }));
    expect(bitAsInt(actual)).toEqual(bitAsInt(expected));
  });

  it("an inline table-valued function's columns are typed by the methods: read without a column list", async () => {
    const expected = await source(
      'SELECT p.id, f.* FROM dbo.Places p CROSS APPLY dbo.ShapeFacts(p.spot) f ORDER BY p.id',
    );
    const actual = await target(
      'SELECT p.id, f.* FROM dbo.places p CROSS JOIN LATERAL dbo.shape_facts(p.spot) f ORDER BY p.id',
    );
    expect(byId(actual)).toEqual(byId(expected));
  });

  it("a parameter's properties (@g.STSrid, @g.Lat, @p.STX) give the source's results", async () => {
    const expected = await source(
      'SELECT p.id, f.* FROM dbo.Places p CROSS APPLY dbo.PointFacts(p.spot, p.plan_shape) f ORDER BY p.id',
    );
    const actual = await target(
      'SELECT p.id, f.* FROM dbo.places p CROSS JOIN LATERAL dbo.point_facts(p.spot, p.plan_shape) f ORDER BY p.id',
    );
    expect(byId(actual)).toEqual(byId(expected));
    expect(actual.map((r) => r.srid)).toEqual([4326, 4326, 4326, 4326, 4269, null]);
  });

  it('a spatial property reads its value once, as SQL Server does (the sequence advances once)', async () => {
    // The emulator computes no two-shape methods: an argument's binding is checked by the conversion tests.
    const [expected] = await source(
      'DECLARE @lat float, @next int; EXEC dbo.TickPoint @lat OUTPUT, @next OUTPUT; SELECT @lat AS lat, @next AS next',
    );
    expect(expected).toEqual({ lat: 1, next: 2 });
    const [actual] = await target('CALL dbo.tick_point(NULL, NULL)');
    expect({ lat: actual!.p_lat, next: actual!.p_next }).toEqual(expected);
  });

  it('a spatial index of the model is created as a GiST index that PostGIS accepts and uses', async () => {
    const config = postgresConfigSchema.parse({ url: server.url, spatialAs: 'postgis' });
    const planner = (await postgres.create(config, {
      cwd: process.cwd(),
      log: () => {},
      notice: () => {},
    })) as PostgresTarget;
    try {
      const places: Table = {
        schema: 'dbo',
        name: 'places',
        columns: [
          { name: 'id', type: { kind: 'int32' }, nativeType: 'int', nullable: false },
          {
            name: 'spot',
            type: { kind: 'spatial', geodetic: true },
            nativeType: 'geography',
            nullable: true,
          },
        ],
        uniques: [],
        indexes: [{ name: 'six_places_spot', columns: [{ name: 'spot' }], unique: false, spatial: true }],
        foreignKeys: [],
        checks: [],
      };
      const plan = await planner.plan(
        { ...emptyModel(), schemas: ['dbo'], tables: [places] },
        {
          prep: () => 'drop-and-create',
        },
      );
      const index = plan.steps.find((s) => s.kind === 'index')!;
      for (const sql of index.statements) await client.query(sql);
      expect(await target(`SELECT indexdef FROM pg_indexes WHERE indexname = 'six_places_spot'`)).toEqual([
        { indexdef: 'CREATE INDEX six_places_spot ON dbo.places USING gist (spot)' },
      ]);
      const near = await target(
        `SELECT count(*)::int AS n FROM dbo.places WHERE ST_DWithin(spot, 'SRID=4326;POINT(-122.35 47.65)'::geography, 10)`,
      );
      expect(near).toEqual([{ n: 1 }]);
    } finally {
      await client.query('DROP INDEX IF EXISTS dbo.six_places_spot');
      await planner.close();
    }
  });

  it('converted functions measure as SQL Server does: geometry exactly, geography within 0.25%', async () => {
    // The emulator does not compute STLength/STArea/STDistance, so the expected values are
    // independent ones. geometry is planar: exact. geography is measured on the WGS 84 ellipsoid;
    // SQL Server documents its geodesic results as within 0.25% of the exact geodesic, so that
    // is the tolerance against the exact values: the equator's length of 1 degree (a * pi / 180),
    // PROJ's geodesic distances and edges (geod +ellps=WGS84 -I, Karney's algorithm), and the area of the
    // cell 0..1 N, 0..1 E from the ellipsoid's closed form (its edges are geodesics, not parallels:
    // ~0.003% apart at 1 degree). SRID 4269 against a 4326 point has no distance in SQL Server: NULL.
    const geo = await target(
      `SELECT id, dbo.geo_length(spot) AS length, dbo.geo_area(spot) AS area,
              dbo.geo_distance(spot, 'SRID=4326;POINT(0 0)'::geography) AS from_origin
       FROM dbo.places WHERE spot IS NOT NULL ORDER BY id`,
    );
    const a = 6378137;
    const f = 1 / 298.257223563;
    const e2 = f * (2 - f);
    const e = Math.sqrt(e2);
    const q = (lat: number) => {
      const s = Math.sin((lat * Math.PI) / 180);
      return s / (1 - e2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    const cellArea = ((a * a * (1 - e2)) / 2) * (Math.PI / 180) * (q(1) - q(0));
    const expected = [
      [1, 0, 0, 12364586.377],
      [2, (a * Math.PI) / 180, 0, 0],
      [3, (a * Math.PI) / 180 + 2 * 110574.389 + 111302.649, cellArea, 0], // STLength: the perimeter
      [4, 0, 0, 310712.419],
      [5, 0, 0, null],
    ];
    expect(geo.map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5]);
    geo.forEach((r, i) => {
      const [, length, area, distance] = expected[i]!;
      const near = (actual: unknown, want: number | null | undefined) => {
        if (want === null) expect(actual).toBeNull();
        else expect(Math.abs(Number(actual) - want!)).toBeLessThanOrEqual(Math.abs(want!) * 0.0025);
      };
      near(r.length, length);
      near(r.area, area);
      near(r.from_origin, distance);
    });

    const plan = await target(
      `SELECT id, dbo.plan_length(plan_shape) AS length, dbo.plan_area(plan_shape) AS area,
              dbo.plan_distance(plan_shape, ST_SetSRID('POINT(0 0)'::geometry, ST_SRID(plan_shape))) AS from_origin
       FROM dbo.places WHERE plan_shape IS NOT NULL ORDER BY id`,
    );
    expect(plan.map((r) => [r.id, r.length, r.area, r.from_origin])).toEqual([
      [1, 0, 0, 5],
      [2, 11, 0, 0],
      [3, 14, 12, 0],
      [4, 0, 0, Math.sqrt(5)],
    ]);
  });
});
