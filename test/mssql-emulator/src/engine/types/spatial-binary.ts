// Binary forms of geometry/geography values: OGC WKB (STAsBinary, STGeomFromWKB; little-endian, 2D)
// and SQL Server's own serialization (MS-SSCLRT, versions 1 and 2), which is what a geography or
// geometry value is as varbinary and how the emulator stores it.

import { SqlError } from '../errors.js';
import {
  CURVE_TYPES,
  SHAPE_CODES,
  someCoord,
  type Coord,
  type Shape,
  type ShapeType,
  type Spatial,
} from './spatial.js';

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
    if (type === 'LineString' || type === 'CircularString') return { type, points: points() };
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
//
// Version 1 has points, line strings, polygons and their collections; its figure attribute says what
// a figure is (0 interior ring, 1 stroke, 2 exterior ring). Version 2 adds the curves (shape types 8
// circular string, 9 compound curve, 10 curve polygon, 11 full globe) and the flag 0x20 (larger than a
// hemisphere); its figure attribute says how the figure's points join (1 lines, 2 arcs, 3 a composite
// curve whose joins are listed after the shapes as segments). SQL Server writes version 2 for values
// with curves, and also for some without (WideWorldImporters-style borders): both are read.

const HAS_Z = 0x01;
const HAS_M = 0x02;
const VALID = 0x04;
const SINGLE_POINT = 0x08;
const SINGLE_LINE = 0x10;

const FULL_GLOBE = 11;
/** Version 2 figure attributes. */
const LINES = 1;
const ARCS = 2;
const COMPOSITE = 3;
/** Version 2 segment types: a line or an arc, continuing the part before or starting a new one. */
const SEGMENT_LINE = 0;
const SEGMENT_ARC = 1;
const SEGMENT_FIRST_LINE = 2;
const SEGMENT_FIRST_ARC = 3;

interface Figure {
  attribute: number;
  offset: number;
}
interface ShapeEntry {
  parent: number;
  figure: number;
  type: number;
}

const hasCurve = (s: Shape): boolean => CURVE_TYPES.has(s.type) || ('parts' in s && s.parts.some(hasCurve));

/** Figures (point runs), shapes and segments of a value, flattened depth-first as the serialization lists them. */
function flatten(root: Shape, version: 1 | 2) {
  const points: Coord[] = [];
  const figures: Figure[] = [];
  const shapes: ShapeEntry[] = [];
  const segments: number[] = [];
  const figure = (cs: Coord[], attribute: number) => {
    figures.push({ attribute, offset: points.length });
    points.push(...cs);
  };
  /** A compound curve as one figure: its parts' points, each join once, and a segment per line or arc. */
  const composite = (parts: Shape[]) => {
    const cs: Coord[] = [];
    for (const part of parts) {
      const ps = (part as { points: Coord[] }).points;
      cs.push(...(cs.length ? ps.slice(1) : ps));
      const arc = part.type === 'CircularString';
      const count = arc ? (ps.length - 1) / 2 : ps.length - 1;
      for (let k = 0; k < count; k++)
        segments.push(arc ? (k ? SEGMENT_ARC : SEGMENT_FIRST_ARC) : k ? SEGMENT_LINE : SEGMENT_FIRST_LINE);
    }
    figure(cs, COMPOSITE);
  };
  /** A curve (line string, circular string, compound curve) as one figure. */
  const curve = (c: Shape) => {
    if (c.type === 'CompoundCurve') composite((c as { parts: Shape[] }).parts);
    else figure((c as { points: Coord[] }).points, c.type === 'CircularString' ? ARCS : LINES);
  };
  const visit = (s: Shape, parent: number) => {
    const index = shapes.length;
    shapes.push({ parent, figure: -1, type: SHAPE_CODES[s.type] });
    const first = figures.length;
    if ('points' in s) {
      if (s.points.length) curve(s);
    } else if ('rings' in s) s.rings.forEach((r, i) => figure(r, version === 2 ? LINES : i === 0 ? 2 : 0));
    else if (s.type === 'CompoundCurve') {
      if (s.parts.length) composite(s.parts);
    } else if (s.type === 'CurvePolygon') s.parts.forEach(curve);
    else s.parts.forEach((p) => visit(p, index));
    if (figures.length > first) shapes[index].figure = first;
  };
  visit(root, -1);
  return { points, figures, shapes, segments };
}

/**
 * The value's bytes as SQL Server stores it (CAST(g AS varbinary(max))): version 1, or version 2 when
 * it has curves.
 */
export function serialize(v: Spatial): Buffer {
  const w = new Writer();
  const hasZ = someCoord(v.shape, (c) => c.z !== null);
  const hasM = someCoord(v.shape, (c) => c.m !== null);
  const version = hasCurve(v.shape) ? 2 : 1;
  const { points, figures, shapes, segments } = flatten(v.shape, version);
  const singlePoint = v.shape.type === 'Point' && points.length === 1;
  const singleLine = v.shape.type === 'LineString' && points.length === 2;
  w.u32(v.srid);
  w.u8(version);
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
  if (segments.length) {
    w.u32(segments.length);
    for (const t of segments) w.u8(t);
  }
  return w.done();
}

/** Reads SQL Server's serialization back (versions 1 and 2). */
export function deserialize(b: Buffer, geography: boolean): Spatial {
  const bad = () =>
    new SqlError(
      6522,
      `A .NET Framework error occurred: 24207: The ${geography ? 'geography' : 'geometry'} binary input is not valid.`,
      16,
    );
  if (b.length < 6) throw bad();
  const srid = b.readInt32LE(0);
  const version = b[4];
  if (version !== 1 && version !== 2) throw bad();
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
    const composite = version === 2 && figures.some((f) => f.attribute === COMPOSITE);
    const segments = composite ? Array.from({ length: i32() }, () => b[o++]) : [];
    if (o !== b.length) throw bad();
    const read = new Rebuild(points, figures, shapes, segments, version, bad);
    return { geography, srid, shape: read.shape(0) };
  } catch (e) {
    if (e instanceof RangeError) throw bad();
    throw e;
  }
}

const nullIfNaN = (n: number) => (Number.isNaN(n) ? null : n);

/** The shape tree back from the flat lists. */
class Rebuild {
  /** Per composite figure (by index), its parts: line strings and circular strings. */
  private readonly composites = new Map<number, Shape[]>();

  constructor(
    private readonly points: Coord[],
    private readonly figures: Figure[],
    private readonly shapes: ShapeEntry[],
    segments: number[],
    private readonly version: number,
    private readonly bad: () => Error,
  ) {
    let next = 0;
    figures.forEach((f, i) => {
      if (version !== 2 || f.attribute !== COMPOSITE) return;
      const cs = this.figurePoints(i);
      const parts: Shape[] = [];
      let at = 0;
      while (at < cs.length - 1) {
        const t = segments[next++];
        const arc = t === SEGMENT_ARC || t === SEGMENT_FIRST_ARC;
        if (t === undefined || t > SEGMENT_FIRST_ARC) throw bad();
        const step = cs.slice(at + 1, at + (arc ? 3 : 2));
        if (step.length !== (arc ? 2 : 1)) throw bad();
        const last = parts[parts.length - 1] as { type: ShapeType; points: Coord[] } | undefined;
        const starts = t === SEGMENT_FIRST_LINE || t === SEGMENT_FIRST_ARC;
        if (starts || !last || (last.type === 'CircularString') !== arc)
          parts.push({ type: arc ? 'CircularString' : 'LineString', points: [cs[at], ...step] });
        else last.points.push(...step);
        at += step.length;
      }
      this.composites.set(i, parts);
    });
    if (next !== segments.length) throw bad();
  }

  private figurePoints(f: number): Coord[] {
    return this.points.slice(this.figures[f].offset, this.figures[f + 1]?.offset ?? this.points.length);
  }

  /** A figure as a curve: a line string, a circular string or (composite) a compound curve. */
  private curve(f: number): Shape {
    const parts = this.composites.get(f);
    if (parts) return { type: 'CompoundCurve', parts };
    const arcs = this.version === 2 && this.figures[f].attribute === ARCS;
    return { type: arcs ? 'CircularString' : 'LineString', points: this.figurePoints(f) };
  }

  shape(index: number): Shape {
    const s = this.shapes[index];
    const type = TYPE_BY_CODE[s.type];
    if (s.type === FULL_GLOBE)
      throw new SqlError(40517, 'FULLGLOBE values are not supported by the SQL Server emulator.', 16);
    if (!type) throw this.bad();
    // A shape's figures run up to the next shape's first figure.
    const nextFigure = this.shapes.slice(index + 1).find((x) => x.figure >= 0)?.figure ?? this.figures.length;
    const own: number[] = [];
    if (s.figure >= 0) for (let f = s.figure; f < nextFigure; f++) own.push(f);
    switch (type) {
      case 'Point':
      case 'LineString':
      case 'CircularString':
        return { type, points: own.length ? this.figurePoints(own[0]) : [] };
      case 'Polygon':
        return { type, rings: own.map((f) => this.figurePoints(f)) };
      case 'CompoundCurve': {
        if (!own.length) return { type, parts: [] };
        const c = this.curve(own[0]);
        return c.type === 'CompoundCurve' ? c : { type, parts: [c] };
      }
      case 'CurvePolygon':
        return { type, parts: own.map((f) => this.curve(f)) };
      default: {
        const parts: Shape[] = [];
        this.shapes.forEach((x, i) => {
          if (x.parent === index) parts.push(this.shape(i));
        });
        return { type, parts };
      }
    }
  }
}
