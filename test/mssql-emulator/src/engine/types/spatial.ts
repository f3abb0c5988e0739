// geometry and geography values: the OGC shapes (points, line strings, polygons, their multi forms
// and collections, and the curves: circular strings, compound curves, curve polygons) with their
// SRID, read from and written as WKT the way SQL Server prints it.
// Coordinates are x/y (for geography: longitude/latitude, the WKT order), with optional z and m.

import { SqlError } from '../errors.js';

export type ShapeType =
  | 'Point'
  | 'LineString'
  | 'Polygon'
  | 'MultiPoint'
  | 'MultiLineString'
  | 'MultiPolygon'
  | 'GeometryCollection'
  | 'CircularString'
  | 'CompoundCurve'
  | 'CurvePolygon';

export interface Coord {
  x: number;
  y: number;
  z: number | null;
  m: number | null;
}

/**
 * Points, line strings and circular strings have one figure, polygons one per ring, the others child
 * shapes: a compound curve's are its line strings and circular strings (each starting where the one
 * before ends), a curve polygon's are its rings (line strings, circular strings, compound curves).
 */
export type Shape =
  | { type: 'Point' | 'LineString' | 'CircularString'; points: Coord[] }
  | { type: 'Polygon'; rings: Coord[][] }
  | {
      type:
        | 'MultiPoint'
        | 'MultiLineString'
        | 'MultiPolygon'
        | 'GeometryCollection'
        | 'CompoundCurve'
        | 'CurvePolygon';
      parts: Shape[];
    };

/** Shape types only serialization version 2 has. */
export const CURVE_TYPES: ReadonlySet<ShapeType> = new Set([
  'CircularString',
  'CompoundCurve',
  'CurvePolygon',
]);

export interface Spatial {
  geography: boolean;
  srid: number;
  shape: Shape;
}

export const SHAPE_CODES: Record<ShapeType, number> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
  CircularString: 8,
  CompoundCurve: 9,
  CurvePolygon: 10,
};

const WKT_NAMES: Record<string, ShapeType> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
  CIRCULARSTRING: 'CircularString',
  COMPOUNDCURVE: 'CompoundCurve',
  CURVEPOLYGON: 'CurvePolygon',
};

/** Parts written without their tag in WKT: a compound curve's and a curve polygon's line strings. */
const untaggedLines = (t: ShapeType) => t === 'CompoundCurve' || t === 'CurvePolygon';

const PART_TYPE: Partial<Record<ShapeType, ShapeType>> = {
  MultiPoint: 'Point',
  MultiLineString: 'LineString',
  MultiPolygon: 'Polygon',
};

export const invalidWkt = (method: string, detail: string) =>
  new SqlError(
    6522,
    `A .NET Framework error occurred during execution of user-defined routine or aggregate "${method}": \nSystem.FormatException: 24114: ${detail}`,
    16,
  );

/** Parses WKT (`POINT (1 2)`, `LINESTRING (1 2 3, 4 5 6)`, `POLYGON EMPTY`...). */
export function parseWkt(text: string, geography: boolean, srid: number, method: string): Spatial {
  const tokens = text.match(/[A-Za-z]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[(),]|\S/g) ?? [];
  let i = 0;
  const fail = () =>
    invalidWkt(method, `The label ${text.slice(0, 40)} in the input well-known text (WKT) is not valid.`);
  const expect = (t: string) => {
    if (tokens[i++] !== t) throw fail();
  };
  const coord = (): Coord => {
    const nums: (number | null)[] = [];
    while (i < tokens.length && tokens[i] !== ',' && tokens[i] !== ')') {
      const t = tokens[i++];
      if (t.toUpperCase() === 'NULL' && nums.length >= 2) nums.push(null);
      else if (/^[-+.\d]/.test(t)) nums.push(Number(t));
      else throw fail();
    }
    if (nums.length < 2 || nums.length > 4 || nums[0] === null || nums[1] === null) throw fail();
    return { x: nums[0], y: nums[1], z: nums[2] ?? null, m: nums[3] ?? null };
  };
  const list = <T>(item: () => T): T[] => {
    expect('(');
    const out = [item()];
    while (tokens[i] === ',') {
      i++;
      out.push(item());
    }
    expect(')');
    return out;
  };
  const empty = () => tokens[i]?.toUpperCase() === 'EMPTY' && ++i > 0;
  const body = (type: ShapeType): Shape => {
    if (type === 'Point') return { type, points: empty() ? [] : list(coord) };
    if (type === 'LineString' || type === 'CircularString')
      return { type, points: empty() ? [] : list(coord) };
    if (type === 'Polygon') return { type, rings: empty() ? [] : list(() => list(coord)) };
    const partType = PART_TYPE[type];
    if (empty()) return { type, parts: [] };
    // MULTIPOINT accepts both (1 2, 3 4) and ((1 2), (3 4)).
    if (partType === 'Point' && tokens[i + 1] !== '(')
      return { type, parts: list(coord).map((c) => ({ type: 'Point', points: [c] })) };
    if (untaggedLines(type))
      return {
        type,
        parts: list(() => (tokens[i] === '(' ? { type: 'LineString', points: list(coord) } : tagged())),
      };
    return { type, parts: list(() => (partType ? body(partType) : tagged())) };
  };
  const tagged = (): Shape => {
    const type = WKT_NAMES[(tokens[i++] ?? '').toUpperCase()];
    if (!type) throw fail();
    return body(type);
  };
  const shape = tagged();
  if (i !== tokens.length) throw fail();
  const value = { geography, srid, shape };
  validate(value, method);
  return value;
}

/** The checks SQL Server makes while building a value (latitude range, ring closure, line length). */
function validate(v: Spatial, method: string): void {
  const visit = (s: Shape): void => {
    if ('parts' in s) return s.parts.forEach(visit);
    const figures = s.type === 'Polygon' ? s.rings : [s.points];
    for (const f of figures) {
      if (v.geography)
        for (const c of f)
          if (c.y < -90 || c.y > 90)
            throw new SqlError(
              6522,
              `A .NET Framework error occurred during execution of user-defined routine or aggregate "${method}": \nSystem.FormatException: 24201: Latitude values must be between -90 and 90 degrees.`,
              16,
            );
      if (s.type === 'LineString' && f.length === 1)
        throw invalidWkt(method, 'Expected at least 2 points in a LineString.');
      if (s.type === 'CircularString' && f.length > 0 && (f.length < 3 || f.length % 2 === 0))
        throw invalidWkt(method, 'Expected an odd number of points, at least 3, in a CircularString.');
      if ('rings' in s) {
        const first = f[0];
        const last = f[f.length - 1];
        if (f.length < 4 || first.x !== last.x || first.y !== last.y)
          throw new SqlError(
            6522,
            `A .NET Framework error occurred during execution of user-defined routine or aggregate "${method}": \nSystem.FormatException: 24119: The Polygon input is not valid because the start and end points of the exterior ring are not the same. Each ring of a polygon must have the same start and end points.`,
            16,
          );
      }
    }
  };
  visit(v.shape);
}

/** A number as SQL Server's WKT shows it: shortest round-trip digits, .NET-style exponents. */
function num(n: number): string {
  const s = String(n);
  const e = /e([-+])(\d+)$/.exec(s);
  return e ? `${s.slice(0, e.index)}E${e[1]}${e[2].padStart(2, '0')}` : s;
}

/** WKT as SQL Server prints it: STAsText (2D) or ToString/AsTextZM (with z and m). */
export function formatWkt(v: Spatial, withZm: boolean): string {
  const hasZ = withZm && someCoord(v.shape, (c) => c.z !== null);
  const hasM = withZm && someCoord(v.shape, (c) => c.m !== null);
  const coord = (c: Coord) => {
    const parts = [num(c.x), num(c.y)];
    if (hasZ || hasM) parts.push(c.z === null ? 'NULL' : num(c.z));
    if (hasM) parts.push(c.m === null ? 'NULL' : num(c.m));
    return parts.join(' ');
  };
  const coords = (cs: Coord[]) => `(${cs.map(coord).join(', ')})`;
  const body = (s: Shape): string => {
    if ('points' in s) return s.points.length ? coords(s.points) : 'EMPTY';
    if ('rings' in s) return s.rings.length ? `(${s.rings.map(coords).join(', ')})` : 'EMPTY';
    if (!s.parts.length) return 'EMPTY';
    const inner =
      s.type === 'GeometryCollection'
        ? s.parts.map(tagged)
        : untaggedLines(s.type)
          ? s.parts.map((p) => (p.type === 'LineString' ? body(p) : tagged(p)))
          : s.parts.map(body);
    return `(${inner.join(', ')})`;
  };
  const tagged = (s: Shape): string => `${s.type.toUpperCase()} ${body(s)}`;
  return tagged(v.shape);
}

export function someCoord(s: Shape, test: (c: Coord) => boolean): boolean {
  if ('points' in s) return s.points.some(test);
  if ('rings' in s) return s.rings.some((r) => r.some(test));
  return s.parts.some((p) => someCoord(p, test));
}

export function isEmptyShape(s: Shape): boolean {
  return !someCoord(s, () => true);
}

/** STNumPoints: the points stored (a compound curve's parts share their joining points). */
export function pointCount(s: Shape): number {
  if ('points' in s) return s.points.length;
  if ('rings' in s) return s.rings.reduce((n, r) => n + r.length, 0);
  const shared = s.type === 'CompoundCurve' ? Math.max(0, s.parts.length - 1) : 0;
  return s.parts.reduce((n, p) => n + pointCount(p), 0) - shared;
}
