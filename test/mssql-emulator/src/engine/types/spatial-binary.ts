// Binary forms of geometry/geography values: OGC WKB (STAsBinary, STGeomFromWKB; little-endian, 2D)
// and SQL Server's own serialization (MS-SSCLRT, version 1), which is what a geography or geometry
// value is as varbinary and how the emulator stores it.

import { SqlError } from '../errors.js';
import { SHAPE_CODES, someCoord, type Coord, type Shape, type ShapeType, type Spatial } from './spatial.js';

const TYPE_BY_CODE = Object.fromEntries(Object.entries(SHAPE_CODES).map(([k, v]) => [v, k])) as Record<
  number,
  ShapeType
>;

class Writer {
  private readonly chunks: Buffer[] = [];
  u8(n: number) {
    this.chunks.push(Buffer.from([n]));
  }
  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.chunks.push(b);
  }
  /** NaN as .NET writes double.NaN (sign bit set), as SQL Server's empty points and NULL z/m are. */
  f64(n: number) {
    const b = Buffer.alloc(8);
    if (Number.isNaN(n)) b.writeBigUInt64LE(0xfff8000000000000n);
    else b.writeDoubleLE(n);
    this.chunks.push(b);
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

// ------------------------------------------------------------------------------------------- WKB

/**
 * OGC WKB of the 2D shape (STAsBinary); with `zm`, ISO WKB with the z and m the value has (AsBinaryZM:
 * type code + 1000 for z, + 2000 for m, NaN where one point lacks what others have). An empty point
 * has NaN coordinates, as SQL Server writes it.
 */
export function toWkb(v: Spatial, zm = false): Buffer {
  const w = new Writer();
  const hasZ = zm && someCoord(v.shape, (c) => c.z !== null);
  const hasM = zm && someCoord(v.shape, (c) => c.m !== null);
  const point = (c: Coord) => {
    w.f64(c.x);
    w.f64(c.y);
    if (hasZ) w.f64(c.z ?? NaN);
    if (hasM) w.f64(c.m ?? NaN);
  };
  const shape = (s: Shape) => {
    w.u8(1);
    w.u32(SHAPE_CODES[s.type] + (hasZ ? 1000 : 0) + (hasM ? 2000 : 0));
    if (s.type === 'Point') point(s.points[0] ?? { x: NaN, y: NaN, z: null, m: null });
    else if ('points' in s) {
      w.u32(s.points.length);
      s.points.forEach(point);
    } else if ('rings' in s) {
      w.u32(s.rings.length);
      for (const r of s.rings) {
        w.u32(r.length);
        r.forEach(point);
      }
    } else {
      w.u32(s.parts.length);
      s.parts.forEach(shape);
    }
  };
  shape(v.shape);
  return w.done();
}

/** Reads OGC WKB (either byte order, 2D). */
export function fromWkb(b: Buffer, geography: boolean, srid: number): Spatial {
  let o = 0;
  const bad = () =>
    new SqlError(
      6522,
      'A .NET Framework error occurred: 24210: The well-known binary (WKB) input is not valid.',
      16,
    );
  const shape = (): Shape => {
    if (o + 5 > b.length) throw bad();
    const le = b[o++] === 1;
    const u32 = () => {
      const n = le ? b.readUInt32LE(o) : b.readUInt32BE(o);
      o += 4;
      return n;
    };
    const f64 = () => {
      const n = le ? b.readDoubleLE(o) : b.readDoubleBE(o);
      o += 8;
      return n;
    };
    const point = (): Coord => ({ x: f64(), y: f64(), z: null, m: null });
    const points = () => Array.from({ length: u32() }, point);
    const type = TYPE_BY_CODE[u32()];
    if (!type) throw bad();
    if (type === 'Point') {
      const c = point();
      return { type, points: Number.isNaN(c.x) ? [] : [c] };
    }
    if (type === 'LineString') return { type, points: points() };
    if (type === 'Polygon') return { type, rings: Array.from({ length: u32() }, points) };
    return { type, parts: Array.from({ length: u32() }, shape) };
  };
  try {
    const s = shape();
    if (o !== b.length) throw bad();
    return { geography, srid, shape: s };
  } catch (e) {
    if (e instanceof RangeError) throw bad();
    throw e;
  }
}

// --------------------------------------------------------------------- SQL Server serialization

const HAS_Z = 0x01;
const HAS_M = 0x02;
const VALID = 0x04;
const SINGLE_POINT = 0x08;
const SINGLE_LINE = 0x10;

/** Figures (point runs) and shapes of a value, flattened depth-first as the serialization lists them. */
function flatten(root: Shape) {
  const points: Coord[] = [];
  const figures: { attribute: number; offset: number }[] = [];
  const shapes: { parent: number; figure: number; type: number }[] = [];
  const visit = (s: Shape, parent: number) => {
    const index = shapes.length;
    shapes.push({ parent, figure: -1, type: SHAPE_CODES[s.type] });
    const figure = (cs: Coord[], attribute: number) => {
      figures.push({ attribute, offset: points.length });
      points.push(...cs);
    };
    const first = figures.length;
    if ('points' in s) {
      if (s.points.length) figure(s.points, 1);
    } else if ('rings' in s) s.rings.forEach((r, i) => figure(r, i === 0 ? 2 : 0));
    else s.parts.forEach((p) => visit(p, index));
    if (figures.length > first) shapes[index].figure = first;
  };
  visit(root, -1);
  return { points, figures, shapes };
}

/** The value's bytes as SQL Server stores it (CAST(g AS varbinary(max))). */
export function serialize(v: Spatial): Buffer {
  const w = new Writer();
  const hasZ = someCoord(v.shape, (c) => c.z !== null);
  const hasM = someCoord(v.shape, (c) => c.m !== null);
  const { points, figures, shapes } = flatten(v.shape);
  const singlePoint = v.shape.type === 'Point' && points.length === 1;
  const singleLine = v.shape.type === 'LineString' && points.length === 2;
  w.u32(v.srid);
  w.u8(1);
  w.u8(
    (hasZ ? HAS_Z : 0) |
      (hasM ? HAS_M : 0) |
      VALID |
      (singlePoint ? SINGLE_POINT : 0) |
      (singleLine ? SINGLE_LINE : 0),
  );
  if (!singlePoint && !singleLine) w.u32(points.length);
  for (const c of points) {
    // geography stores latitude first.
    w.f64(v.geography ? c.y : c.x);
    w.f64(v.geography ? c.x : c.y);
  }
  if (hasZ) for (const c of points) w.f64(c.z ?? NaN);
  if (hasM) for (const c of points) w.f64(c.m ?? NaN);
  if (singlePoint || singleLine) return w.done();
  w.u32(figures.length);
  for (const f of figures) {
    w.u8(f.attribute);
    w.u32(f.offset);
  }
  w.u32(shapes.length);
  for (const s of shapes) {
    w.u32(s.parent);
    w.u32(s.figure);
    w.u8(s.type);
  }
  return w.done();
}

/** Reads SQL Server's serialization back (version 1; version 2 values, with arcs, are refused). */
export function deserialize(b: Buffer, geography: boolean): Spatial {
  const bad = () =>
    new SqlError(
      6522,
      `A .NET Framework error occurred: 24207: The ${geography ? 'geography' : 'geometry'} binary input is not valid.`,
      16,
    );
  if (b.length < 6) throw bad();
  const srid = b.readInt32LE(0);
  if (b[4] !== 1)
    throw new SqlError(
      40517,
      'geometry/geography values of serialization version 2 (curves) are not supported by the SQL Server emulator.',
      16,
    );
  const props = b[5];
  let o = 6;
  const f64 = () => {
    const n = b.readDoubleLE(o);
    o += 8;
    return n;
  };
  const i32 = () => {
    const n = b.readInt32LE(o);
    o += 4;
    return n;
  };
  try {
    const count = props & SINGLE_POINT ? 1 : props & SINGLE_LINE ? 2 : i32();
    const points: Coord[] = Array.from({ length: count }, () => {
      const a = f64();
      const c = f64();
      return geography ? { x: c, y: a, z: null, m: null } : { x: a, y: c, z: null, m: null };
    });
    if (props & HAS_Z) for (const p of points) p.z = nullIfNaN(f64());
    if (props & HAS_M) for (const p of points) p.m = nullIfNaN(f64());
    if (props & SINGLE_POINT) return { geography, srid, shape: { type: 'Point', points } };
    if (props & SINGLE_LINE) return { geography, srid, shape: { type: 'LineString', points } };
    const figures = Array.from({ length: i32() }, () => ({ attribute: b[o++], offset: i32() }));
    const shapes = Array.from({ length: i32() }, () => ({ parent: i32(), figure: i32(), type: b[o++] }));
    return { geography, srid, shape: rebuild(points, figures, shapes, 0) };
  } catch (e) {
    if (e instanceof RangeError) throw bad();
    throw e;
  }
}

const nullIfNaN = (n: number) => (Number.isNaN(n) ? null : n);

function rebuild(
  points: Coord[],
  figures: { offset: number }[],
  shapes: { parent: number; figure: number; type: number }[],
  index: number,
): Shape {
  const s = shapes[index];
  const type = TYPE_BY_CODE[s.type];
  const figurePoints = (f: number) =>
    points.slice(figures[f].offset, figures[f + 1]?.offset ?? points.length);
  // A shape's figures run up to the next shape's first figure.
  const nextFigure = shapes.slice(index + 1).find((x) => x.figure >= 0)?.figure ?? figures.length;
  if (type === 'Point' || type === 'LineString')
    return { type, points: s.figure < 0 ? [] : figurePoints(s.figure) };
  if (type === 'Polygon') {
    const rings: Coord[][] = [];
    if (s.figure >= 0) for (let f = s.figure; f < nextFigure; f++) rings.push(figurePoints(f));
    return { type, rings };
  }
  const parts: Shape[] = [];
  shapes.forEach((x, i) => {
    if (x.parent === index) parts.push(rebuild(points, figures, shapes, i));
  });
  return { type, parts };
}
