// The CLR types geography, geometry and hierarchyid: static methods (geography::Point,
// ::STGeomFromText, hierarchyid::GetRoot...), instance methods (STAsBinary, STAsText, ToString,
// GetLevel, GetAncestor, IsDescendantOf...), properties (Lat, Long, STX, STY, STSrid) and their
// conversions. geography/geometry values are kept in SQL Server's serialization, hierarchyid as text.

import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import {
  ancestorOf,
  descendantOf,
  isDescendantOf,
  levelOf,
  parseHierarchyId,
  reparent,
} from '../types/hierarchyid.js';
import { formatWkt, isEmptyShape, parseWkt, pointCount, type Spatial } from '../types/spatial.js';
import { deserialize, fromWkb, serialize, toWkb } from '../types/spatial-binary.js';
import { SPATIAL_TYPES as SPATIAL, isClrType } from '../types/clr-convert.js';
import type { Value } from '../types/convert.js';
import type { Compiled, EvalCtx, Row } from './scope.js';

export { isClrType };

const BIT: SqlType = { name: 'bit' };
const INT: SqlType = { name: 'int' };
const FLOAT: SqlType = { name: 'float' };
const NVARCHAR_MAX: SqlType = { name: 'nvarchar', length: -1 };
const VARBINARY_MAX: SqlType = { name: 'varbinary', length: -1 };

const notSupported = (what: string) =>
  new SqlError(40517, `The ${what} is not supported by the SQL Server emulator.`, 16);

/** A spatial value from its stored bytes. */
const spatialOf = (v: Value, type: SqlType): Spatial => deserialize(v as Buffer, type.name === 'geography');

type Args = (row: Row, ctx: EvalCtx) => Value[];

/** Evaluates target and arguments; NULL in, NULL out (as the CLR methods of these types are null-on-null). */
function method(
  target: Compiled,
  args: Compiled[],
  type: SqlType,
  fn: (v: Value, a: Value[]) => Value,
): Compiled {
  const evalArgs: Args = (row, ctx) => args.map((a) => a.eval(row, ctx));
  return {
    type,
    nullable: true,
    eval: (row, ctx) => {
      const v = target.eval(row, ctx);
      if (v === null) return null;
      const a = evalArgs(row, ctx);
      return a.some((x) => x === null) ? null : fn(v, a);
    },
  };
}

const text = (v: Value) => String(v);

// ------------------------------------------------------------------------------- static methods

const SPATIAL_FROM_TEXT = new Set([
  'stgeomfromtext',
  'stpointfromtext',
  'stlinefromtext',
  'stpolyfromtext',
  'stmpointfromtext',
  'stmlinefromtext',
  'stmpolyfromtext',
  'stgeomcollfromtext',
]);

/** `geography::Point(lat, long, srid)`, `geometry::STGeomFromText(wkt, srid)`, `hierarchyid::GetRoot()`... */
export function compileStaticMethod(typeName: string, methodName: string, args: Compiled[]): Compiled {
  const t = typeName.toLowerCase();
  const m = methodName.toLowerCase();
  const type: SqlType = { name: t };
  const call = (fn: (a: Value[]) => Value): Compiled => ({
    type,
    nullable: true,
    eval: (row, ctx) => {
      const a = args.map((x) => x.eval(row, ctx));
      return a.some((x) => x === null) ? null : fn(a);
    },
  });
  if (SPATIAL.has(t)) {
    const geography = t === 'geography';
    const label = `${t}::${methodName}`;
    if (m === 'point')
      return call(([a, b, srid]) => {
        // geography::Point(latitude, longitude, srid); geometry::Point(x, y, srid).
        const [x, y] = geography ? [Number(b), Number(a)] : [Number(a), Number(b)];
        return serialize(parseWkt(`POINT (${x} ${y})`, geography, Number(srid), label));
      });
    if (m === 'parse')
      return call(([w]) => serialize(parseWkt(text(w), geography, geography ? 4326 : 0, label)));
    if (SPATIAL_FROM_TEXT.has(m))
      return call(([w, srid]) => serialize(parseWkt(text(w), geography, Number(srid), label)));
    if (m === 'stgeomfromwkb')
      return call(([b, srid]) => serialize(fromWkb(b as Buffer, geography, Number(srid))));
  }
  if (t === 'hierarchyid') {
    if (m === 'getroot') return call(() => '/');
    if (m === 'parse') return call(([s]) => parseHierarchyId(text(s)));
  }
  throw notSupported(`method ${typeName}::${methodName}`);
}

// ----------------------------------------------------------------------------- instance methods

/** `value.Method(args)` on a CLR-typed value, or undefined when the target is not one. */
export function compileClrMethod(
  target: Compiled,
  methodName: string,
  args: Compiled[],
): Compiled | undefined {
  if (!isClrType(target.type)) return undefined;
  const m = methodName.toLowerCase();
  const t = target.type;
  if (t.name === 'hierarchyid') return hierarchyMethod(target, m, methodName, args);
  const s = (v: Value) => spatialOf(v, t);
  switch (m) {
    case 'stasbinary':
      return method(target, args, VARBINARY_MAX, (v) => toWkb(s(v)));
    case 'asbinaryzm':
      return method(target, args, VARBINARY_MAX, (v) => toWkb(s(v), true));
    case 'astextzm':
    case 'tostring':
      return method(target, args, NVARCHAR_MAX, (v) => formatWkt(s(v), true));
    case 'stastext':
      return method(target, args, NVARCHAR_MAX, (v) => formatWkt(s(v), false));
    case 'stgeometrytype':
      return method(target, args, NVARCHAR_MAX, (v) => s(v).shape.type);
    case 'stnumpoints':
      return method(target, args, INT, (v) => pointCount(s(v).shape));
    case 'stisempty':
      return method(target, args, BIT, (v) => isEmptyShape(s(v).shape));
  }
  throw notSupported(`${t.name} method ${methodName}()`);
}

function hierarchyMethod(target: Compiled, m: string, name: string, args: Compiled[]): Compiled {
  const H: SqlType = { name: 'hierarchyid' };
  switch (m) {
    case 'tostring':
      return method(target, args, { name: 'nvarchar', length: 4000 }, (v) => v);
    case 'getlevel':
      return method(target, args, { name: 'smallint' }, (v) => levelOf(text(v)));
    case 'getancestor':
      return method(target, args, H, (v, [n]) => ancestorOf(text(v), Number(n)));
    case 'isdescendantof':
      return method(target, args, BIT, (v, [p]) => isDescendantOf(text(v), text(p)));
    case 'getreparentedvalue':
      return method(target, args, H, (v, [a, b]) => reparent(text(v), text(a), text(b)));
    case 'getdescendant':
      // NULL children are meaningful here, so not null-on-null.
      return {
        type: H,
        nullable: true,
        eval: (row, ctx) => {
          const v = target.eval(row, ctx);
          if (v === null) return null;
          const [c1, c2] = args.map((a) => a.eval(row, ctx));
          return descendantOf(text(v), c1 === null ? null : text(c1), c2 === null ? null : text(c2));
        },
      };
  }
  throw notSupported(`hierarchyid method ${name}()`);
}

/** `value.Property` (Lat, Long, STX, STY, Z, M, STSrid), or undefined when the target is not spatial. */
export function compileClrProperty(target: Compiled, property: string): Compiled | undefined {
  if (!SPATIAL.has(target.type.name)) return undefined;
  const p = property.toLowerCase();
  const t = target.type;
  const geography = t.name === 'geography';
  if (p === 'stsrid') return method(target, [], INT, (v) => spatialOf(v, t).srid);
  const axis = geography
    ? ({ lat: 'y', long: 'x', z: 'z', m: 'm' } as const)[p]
    : ({ stx: 'x', sty: 'y', z: 'z', m: 'm' } as const)[p];
  if (!axis) throw notSupported(`${t.name} property ${property}`);
  return method(target, [], FLOAT, (v) => {
    const shape = spatialOf(v, t).shape;
    return shape.type === 'Point' && shape.points.length ? shape.points[0][axis] : null;
  });
}
