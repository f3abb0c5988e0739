// geography, geometry and hierarchyid through the unmodified mssql client: values built with the
// static methods, from WKT text and WKB, read back as OGC WKB (STAsBinary, what Ferry's source
// sends), WKT as SQL Server prints it, SQL Server's own serialization (CAST AS varbinary), the
// point properties, and hierarchyid navigation, ordering and methods in computed columns.

import { describe, expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Place (
  Id int NOT NULL PRIMARY KEY,
  Location [sys].[geography] NULL,
  Shape geometry NULL
)
INSERT dbo.Place VALUES (1, geography::Point(47.651, -122.349, 4326), NULL)
INSERT dbo.Place VALUES (2, 'POINT (10 -20 5)', geometry::STGeomFromText('LINESTRING (1 2, 3 4.5)', 25832))
INSERT dbo.Place VALUES (3, NULL, geometry::Parse('POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))'))
INSERT dbo.Place VALUES (4, geography::STGeomFromText('MULTIPOINT ((1 2), (3 4))', 4269), 'GEOMETRYCOLLECTION (POINT (1 2), POINT EMPTY)')
CREATE TABLE dbo.Org (
  Node hierarchyid NOT NULL PRIMARY KEY,
  Name nvarchar(20) NOT NULL,
  Lvl AS Node.GetLevel(),
  Boss AS Node.GetAncestor(1)
)
INSERT dbo.Org (Node, Name) VALUES (hierarchyid::GetRoot(), N'CEO'), ('/1/', N'CTO'), ('/2/', N'CFO'),
  ('/1/1/', N'Dev'), ('/1/10/', N'Ops'), ('/1/2/', N'QA'), (hierarchyid::Parse('/1/1.1/'), N'Intern')
`;

const server = emulatorWithPool([script], 'clr');

/** Little-endian doubles, as OGC WKB (byte order 1) and SQL Server's serialization write them. */
const f64 = (...ns: number[]) =>
  Buffer.concat(
    ns.map((n) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(n);
      return b;
    }),
  );
const u32 = (...ns: number[]) =>
  Buffer.concat(
    ns.map((n) => {
      const b = Buffer.alloc(4);
      b.writeInt32LE(n);
      return b;
    }),
  );
const bytes = (...parts: (Buffer | number[])[]) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));

it('reads geography and geometry as OGC WKB with the select expression Ferry sends', async () => {
  const r = await server.pool
    .request()
    .query(
      'SELECT [Id], [Location].STAsBinary() AS [Location], [Shape].STAsBinary() AS [Shape] FROM [dbo].[Place] ORDER BY [Id]',
    );
  const rows = r.recordset as { Id: number; Location: Buffer | null; Shape: Buffer | null }[];
  // WKB: byte order 1, type (1 point, 2 line string, 3 polygon, 4 multipoint, 7 collection); geography x = longitude.
  expect(rows[0].Location).toEqual(bytes([1], u32(1), f64(-122.349, 47.651)));
  expect(rows[0].Shape).toBeNull();
  // STAsBinary is 2D: the z of the second point is left out.
  expect(rows[1].Location).toEqual(bytes([1], u32(1), f64(10, -20)));
  expect(rows[1].Shape).toEqual(bytes([1], u32(2, 2), f64(1, 2, 3, 4.5)));
  expect(rows[2].Shape).toEqual(
    bytes([1], u32(3, 2, 4), f64(0, 0, 10, 0, 10, 10, 0, 0), u32(4), f64(1, 1, 2, 1, 2, 2, 1, 1)),
  );
  expect(rows[3].Location).toEqual(bytes([1], u32(4, 2), [1], u32(1), f64(1, 2), [1], u32(1), f64(3, 4)));
  // An empty point is written with NaN coordinates (the .NET NaN, sign bit set).
  const nan = Buffer.from([0, 0, 0, 0, 0, 0, 0xf8, 0xff]);
  expect(rows[3].Shape).toEqual(bytes([1], u32(7, 2), [1], u32(1), f64(1, 2), [1], u32(1), nan, nan));
});

it('reads ISO WKB with z and m (AsBinaryZM) and the SRID prefixed by binary concatenation', async () => {
  const r = await server.pool
    .request()
    .query(
      'SELECT [Id], CAST([Location].STSrid AS binary(4)) + [Location].AsBinaryZM() AS [Location], 0x01 + CAST(0x0203 AS varbinary(2)) AS [Joined] FROM [dbo].[Place] WHERE [Id] IN (1, 2) ORDER BY [Id]',
    );
  const rows = r.recordset as { Id: number; Location: Buffer; Joined: Buffer }[];
  const srid = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  // A 2D point keeps type 1; a point with z is type 1001 (ISO WKB) with x, y, z.
  expect(rows[0].Location).toEqual(bytes(srid(4326), [1], u32(1), f64(-122.349, 47.651)));
  expect(rows[1].Location).toEqual(bytes(srid(4326), [1], u32(1001), f64(10, -20, 5)));
  expect(rows[0].Joined).toEqual(Buffer.from([1, 2, 3]));
});

it('prints WKT as SQL Server does, with z and m only in ToString, and gives the point properties', async () => {
  const r = await server.pool.request().query(`
    SELECT Id, Location.STAsText() AS t, Location.ToString() AS s, Location.Lat AS lat, Location.Long AS long,
      Location.STSrid AS srid, Place.Shape.STAsText() AS shape, Place.Shape.STSrid AS shape_srid,
      Place.Shape.STGeometryType() AS kind, Place.Shape.STNumPoints() AS points, CAST(Location AS nvarchar(100)) AS cast_text
    FROM dbo.Place ORDER BY Id`);
  expect(r.recordset).toEqual([
    {
      Id: 1,
      t: 'POINT (-122.349 47.651)',
      s: 'POINT (-122.349 47.651)',
      lat: 47.651,
      long: -122.349,
      srid: 4326,
      shape: null,
      shape_srid: null,
      kind: null,
      points: null,
      cast_text: 'POINT (-122.349 47.651)',
    },
    {
      Id: 2,
      t: 'POINT (10 -20)',
      s: 'POINT (10 -20 5)',
      lat: -20,
      long: 10,
      srid: 4326,
      shape: 'LINESTRING (1 2, 3 4.5)',
      shape_srid: 25832,
      kind: 'LineString',
      points: 2,
      cast_text: 'POINT (10 -20 5)',
    },
    {
      Id: 3,
      t: null,
      s: null,
      lat: null,
      long: null,
      srid: null,
      shape: 'POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))',
      shape_srid: 0,
      kind: 'Polygon',
      points: 8,
      cast_text: null,
    },
    {
      Id: 4,
      t: 'MULTIPOINT ((1 2), (3 4))',
      s: 'MULTIPOINT ((1 2), (3 4))',
      lat: null,
      long: null,
      srid: 4269,
      shape: 'GEOMETRYCOLLECTION (POINT (1 2), POINT EMPTY)',
      shape_srid: 0,
      kind: 'GeometryCollection',
      points: 1,
      cast_text: 'MULTIPOINT ((1 2), (3 4))',
    },
  ]);
});

it("gives SQL Server's serialization as varbinary and builds a value back from it", async () => {
  const r = await server.pool.request().query(`
    SELECT CAST(Location AS varbinary(max)) AS native FROM dbo.Place WHERE Id IN (1, 2) ORDER BY Id
    SELECT CAST(CAST(Shape AS varbinary(max)) AS geometry).STAsText() AS back FROM dbo.Place WHERE Id = 3`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  // SRID 4326, version 1, flags valid (4) + single point (8) [+ z (1)], latitude before longitude.
  expect(sets[0][0].native).toEqual(bytes(u32(4326), [1, 0x0c], f64(47.651, -122.349)));
  expect(sets[0][1].native).toEqual(bytes(u32(4326), [1, 0x0d], f64(-20, 10), f64(5)));
  expect(sets[1]).toEqual([{ back: 'POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))' }]);
});

it('builds a geometry from WKB and refuses bad WKT and latitudes with 6522', async () => {
  const wkb = bytes([1], u32(1), f64(3, 4)).toString('hex');
  const r = await server.pool.request().query(`SELECT geometry::STGeomFromWKB(0x${wkb}, 0).ToString() AS t`);
  expect(r.recordset).toEqual([{ t: 'POINT (3 4)' }]);
  for (const sql of [
    "SELECT geometry::Parse('POINTX (1 2)').STAsText()",
    'SELECT geography::Point(91, 0, 4326).STAsText()',
    "SELECT geometry::Parse('POLYGON ((0 0, 1 0, 1 1, 0 1))').STAsText()",
  ])
    await expect(server.pool.request().query(sql), sql).rejects.toMatchObject({ number: 6522 });
});

it('orders hierarchyid depth-first and computes GetLevel/GetAncestor columns', async () => {
  const r = await server.pool
    .request()
    .query(
      'SELECT CAST(Node AS nvarchar(4000)) AS Path, Name, Lvl, Boss.ToString() AS Boss FROM dbo.Org ORDER BY Node',
    );
  expect(r.recordset).toEqual([
    { Path: '/', Name: 'CEO', Lvl: 0, Boss: null },
    { Path: '/1/', Name: 'CTO', Lvl: 1, Boss: '/' },
    { Path: '/1/1/', Name: 'Dev', Lvl: 2, Boss: '/1/' },
    { Path: '/1/1.1/', Name: 'Intern', Lvl: 2, Boss: '/1/' },
    { Path: '/1/2/', Name: 'QA', Lvl: 2, Boss: '/1/' },
    { Path: '/1/10/', Name: 'Ops', Lvl: 2, Boss: '/1/' },
    { Path: '/2/', Name: 'CFO', Lvl: 1, Boss: '/' },
  ]);
  const cc = await server.pool
    .request()
    .query(
      "SELECT name, definition FROM sys.computed_columns WHERE object_id = OBJECT_ID('dbo.Org') ORDER BY column_id",
    );
  expect(cc.recordset).toEqual([
    { name: 'Lvl', definition: '([Node].[GetLevel]())' },
    { name: 'Boss', definition: '([Node].[GetAncestor]((1)))' },
  ]);
});

it('answers IsDescendantOf, GetDescendant and GetReparentedValue', async () => {
  const r = await server.pool.request().query(`
    SELECT Name FROM dbo.Org WHERE Node.IsDescendantOf('/1/') = 1 ORDER BY Node
    DECLARE @p hierarchyid = '/1/'
    SELECT @p.GetDescendant(NULL, NULL).ToString() AS first, @p.GetDescendant('/1/2/', NULL).ToString() AS after,
      @p.GetDescendant(NULL, '/1/2/').ToString() AS before, @p.GetDescendant('/1/1/', '/1/2/').ToString() AS middle,
      CAST('/1/2/3/' AS hierarchyid).GetReparentedValue('/1/', '/7/').ToString() AS moved`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0].map((x) => x.Name)).toEqual(['CTO', 'Dev', 'Intern', 'QA', 'Ops']);
  expect(sets[1]).toEqual([
    { first: '/1/1/', after: '/1/3/', before: '/1/1/', middle: '/1/1.1/', moved: '/7/2/3/' },
  ]);
});

it("converts hierarchyid to and from SQL Server's binary form", async () => {
  const r = await server.pool.request().query(`
    SELECT CAST(CAST('/' AS hierarchyid) AS varbinary(20)) AS root, CAST(CAST('/1/' AS hierarchyid) AS varbinary(20)) AS one,
      CAST(CAST('/2/' AS hierarchyid) AS varbinary(20)) AS two, CAST(CAST('/1/1/1/' AS hierarchyid) AS varbinary(20)) AS deep,
      CAST(CAST('/-100/' AS hierarchyid) AS varbinary(20)) AS minus100,
      CAST(CAST('/4294972496/' AS hierarchyid) AS varbinary(20)) AS wideMin,
      CAST(0x5AC0 AS hierarchyid).ToString() AS fromBinary,
      CAST(CAST(CAST('/17/100/5300/-3/-100/' AS hierarchyid) AS varbinary(40)) AS hierarchyid).ToString() AS wide`);
  expect(r.recordset).toEqual([
    {
      root: Buffer.alloc(0),
      one: Buffer.from([0x58]),
      two: Buffer.from([0x68]),
      deep: Buffer.from([0x5a, 0xd6]),
      // 000110 + offset 4068 = 111111100100 spread over xxxxx0xxx0x1xxx + T, padded: 0x1BEC64.
      minus100: Buffer.from([0x1b, 0xec, 0x64]),
      // 111111, offset 0 over the 48 x positions, the fixed 0s and 1, T: 60 bits, padded to 8 bytes.
      wideMin: Buffer.from([0xfc, 0, 0, 0, 0, 0, 0x01, 0x10]),
      fromBinary: '/1/1/',
      wide: '/17/100/5300/-3/-100/',
    },
  ]);
  await expect(
    server.pool.request().query('SELECT CAST(0xFF AS hierarchyid).ToString()'),
  ).rejects.toMatchObject({
    number: 6522,
  });
});

describe('serialization version 2 (curves, and values SQL Server writes as version 2 without curves)', () => {
  const hex = (b: Buffer) => `0x${b.toString('hex')}`;
  /** Figures (attribute, first point) and shapes (parent, first figure, OGC type), as MS-SSCLRT lists them. */
  const figures = (...fs: [number, number][]) =>
    bytes(u32(fs.length), ...fs.map(([a, o]) => bytes([a], u32(o))));
  const shapes = (...ss: [number, number, number][]) =>
    bytes(u32(ss.length), ...ss.map(([p, f, t]) => bytes(u32(p, f), [t])));
  // A geography multipolygon of two triangles in version 2, flags 0 (not marked valid), figure
  // attribute 1 (lines) for each ring and no segments: latitude first.
  const multiPolygon = bytes(
    u32(4326),
    [2, 0],
    u32(8),
    f64(0, 10, 0, 11, 1, 10, 0, 10, 5, 20, 5, 21, 6, 20, 5, 20),
    figures([1, 0], [1, 4]),
    shapes([-1, 0, 6], [0, 0, 3], [0, 1, 3]),
  );
  // geometry CIRCULARSTRING (0 0, 1 1, 2 0): one figure of arcs (2), shape type 8.
  const circular = bytes(u32(0), [2, 4], u32(3), f64(0, 0, 1, 1, 2, 0), figures([2, 0]), shapes([-1, 0, 8]));
  // COMPOUNDCURVE ((0 0, 1 0), CIRCULARSTRING (1 0, 2 1, 3 0)): one composite figure (3), the join
  // point stored once, then the segments: first line (2), first arc (3).
  const compound = bytes(
    u32(0),
    [2, 4],
    u32(4),
    f64(0, 0, 1, 0, 2, 1, 3, 0),
    figures([3, 0]),
    shapes([-1, 0, 9]),
    u32(2),
    [2, 3],
  );
  // CURVEPOLYGON (CIRCULARSTRING (0 0, 2 0, 2 2, 0 2, 0 0), (0.5 0.5, 1 0.5, 1 1, 0.5 0.5)): a ring of arcs and one of lines.
  const curvePolygon = bytes(
    u32(0),
    [2, 4],
    u32(9),
    f64(0, 0, 2, 0, 2, 2, 0, 2, 0, 0, 0.5, 0.5, 1, 0.5, 1, 1, 0.5, 0.5),
    figures([2, 0], [1, 5]),
    shapes([-1, 0, 10]),
  );

  it('loads a version 2 geography without curves, serves its WKT and WKB, and keeps its bytes', async () => {
    const r = await server.pool.request().query(`
      SELECT g.STAsText() AS t, g.STGeometryType() AS kind, g.STNumPoints() AS points, g.STSrid AS srid,
        CAST(g AS varbinary(max)) AS native, g.AsBinaryZM() AS wkb
      FROM (VALUES (CAST(${hex(multiPolygon)} AS geography))) v (g)`);
    const row = r.recordset[0] as Record<string, unknown>;
    expect(row).toMatchObject({
      t: 'MULTIPOLYGON (((10 0, 11 0, 10 1, 10 0)), ((20 5, 21 5, 20 6, 20 5)))',
      kind: 'MultiPolygon',
      points: 8,
      srid: 4326,
    });
    expect(row.native).toEqual(multiPolygon);
    const ring = (...xy: number[]) => bytes([1], u32(3, 1, 4), f64(...xy));
    expect(row.wkb).toEqual(
      bytes([1], u32(6, 2), ring(10, 0, 11, 0, 10, 1, 10, 0), ring(20, 5, 21, 5, 20, 6, 20, 5)),
    );
  });

  it('reads circular strings, compound curves and curve polygons, as WKT and ISO WKB (types 8, 9, 10)', async () => {
    const r = await server.pool.request().query(`
      SELECT v.n, g.STAsText() AS t, g.STGeometryType() AS kind, g.STNumPoints() AS points, g.AsBinaryZM() AS wkb
      FROM (VALUES (1, CAST(${hex(circular)} AS geometry)), (2, CAST(${hex(compound)} AS geometry)),
        (3, CAST(${hex(curvePolygon)} AS geometry))) v (n, g) ORDER BY v.n`);
    const line = (type: number, ...xy: number[]) => bytes([1], u32(type, xy.length / 2), f64(...xy));
    expect(r.recordset).toEqual([
      {
        n: 1,
        t: 'CIRCULARSTRING (0 0, 1 1, 2 0)',
        kind: 'CircularString',
        points: 3,
        wkb: line(8, 0, 0, 1, 1, 2, 0),
      },
      {
        n: 2,
        t: 'COMPOUNDCURVE ((0 0, 1 0), CIRCULARSTRING (1 0, 2 1, 3 0))',
        kind: 'CompoundCurve',
        points: 4,
        wkb: bytes([1], u32(9, 2), line(2, 0, 0, 1, 0), line(8, 1, 0, 2, 1, 3, 0)),
      },
      {
        n: 3,
        t: 'CURVEPOLYGON (CIRCULARSTRING (0 0, 2 0, 2 2, 0 2, 0 0), (0.5 0.5, 1 0.5, 1 1, 0.5 0.5))',
        kind: 'CurvePolygon',
        points: 9,
        wkb: bytes(
          [1],
          u32(10, 2),
          line(8, 0, 0, 2, 0, 2, 2, 0, 2, 0, 0),
          line(2, 0.5, 0.5, 1, 0.5, 1, 1, 0.5, 0.5),
        ),
      },
    ]);
  });

  it('writes curves from WKT as SQL Server serializes them (version 2, segments for compound curves)', async () => {
    const r = await server.pool.request().query(`
      SELECT CAST(geometry::Parse('CIRCULARSTRING (0 0, 1 1, 2 0)') AS varbinary(max)) AS circular,
        CAST(geometry::Parse('COMPOUNDCURVE ((0 0, 1 0), CIRCULARSTRING (1 0, 2 1, 3 0))') AS varbinary(max)) AS compound,
        CAST(geometry::Parse('CURVEPOLYGON (CIRCULARSTRING (0 0, 2 0, 2 2, 0 2, 0 0), (0.5 0.5, 1 0.5, 1 1, 0.5 0.5))') AS varbinary(max)) AS curvePolygon`);
    expect(r.recordset).toEqual([{ circular, compound, curvePolygon }]);
  });

  it('refuses a full globe as not supported (40517) and bytes that do not read with 6522', async () => {
    const globe = bytes(u32(4326), [2, 0x24], u32(0, 0), shapes([-1, -1, 11]));
    await expect(
      server.pool.request().query(`SELECT CAST(${hex(globe)} AS geography).STAsText()`),
    ).rejects.toMatchObject({ number: 40517 });
    for (const b of [bytes(compound, [0]), bytes(u32(0), [3, 4]), compound.subarray(0, compound.length - 1)])
      await expect(
        server.pool.request().query(`SELECT CAST(${hex(b)} AS geometry).STAsText()`),
        hex(b),
      ).rejects.toMatchObject({ number: 6522 });
  });
});

describe('CLR columns over TDS, as SQL Server sends them', () => {
  it('describes geography, geometry and hierarchyid columns as UDTs of sys in the current database', async () => {
    const r = await server.pool.request().query('SELECT TOP (0) Location, Shape FROM dbo.Place');
    const h = await server.pool.request().query('SELECT TOP (0) Node FROM dbo.Org');
    const udt = (name: string, cls: string) => ({
      name,
      database: 'clr',
      schema: 'sys',
      assembly: `Microsoft.SqlServer.Types.${cls}, Microsoft.SqlServer.Types, Version=11.0.0.0, Culture=neutral, PublicKeyToken=89845dcd8080cc91`,
    });
    expect(r.recordset.columns.Location.udt).toEqual(udt('geography', 'SqlGeography'));
    expect(r.recordset.columns.Shape.udt).toEqual(udt('geometry', 'SqlGeometry'));
    expect(h.recordset.columns.Node.udt).toEqual(udt('hierarchyid', 'SqlHierarchyId'));
  });

  it('sends the values as their serialization, which mssql decodes (spatial) or passes on as bytes', async () => {
    const r = await server.pool
      .request()
      .query(
        'SELECT Id, Location, Shape, CAST(Shape AS varbinary(max)) AS shapeBytes FROM dbo.Place ORDER BY Id',
      );
    const [one, two] = r.recordset as Record<string, unknown>[];
    expect(one.Location).toMatchObject({ srid: 4326, points: [{ lat: 47.651, lng: -122.349 }] });
    expect(one.Shape).toBeNull();
    expect(two.Shape).toMatchObject({
      srid: 25832,
      points: [
        { x: 1, y: 2 },
        { x: 3, y: 4.5 },
      ],
    });
    const h = await server.pool
      .request()
      .query(
        "SELECT Node, CAST(Node AS varbinary(16)) AS b FROM dbo.Org WHERE Name IN (N'CEO', N'QA') ORDER BY Node",
      );
    expect(h.recordset).toEqual([
      { Node: Buffer.alloc(0), b: Buffer.alloc(0) },
      { Node: Buffer.from([0x5b, 0x40]), b: Buffer.from([0x5b, 0x40]) },
    ]);
  });
});
