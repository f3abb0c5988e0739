// geography / geometry properties and methods. With PostGIS on the target (spatialAs: 'postgis') they
// become PostGIS functions: Lat/Long/STX/STY/Z/M/STSrid, STAsText/ToString, STAsBinary, STDistance,
// STIntersects, STContains, STLength, STArea, STBuffer, STNumPoints, STIsEmpty, STGeometryType, and
// the static Point, Parse and ST*FromText constructors. Stored as EWKB bytea (the default) a spatial
// value has no functions: they are action items naming the option.
//
// `col.Lat` is parsed as column Lat of a table named col (`t.col.Lat` as of table col of schema t);
// `spatialProperty` recognises it when `col` is no table or alias but a column in scope.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression } from '../../pg/ast.js';
import { isNamed, pgTypeNamed, type PgType } from '../../pg/pg-type.js';
import { lowerExpression } from '../lower-expression.js';
import { once } from './evaluate-once.js';
import { Diagnostics, lowered, noted, type Lowered } from '../lowered.js';

const postgis = (g: Generator) => g.ctx.names.types.spatialAs === 'postgis';

const asGeometry = (x: PgExpression) => pg.cast(x, pgTypeNamed('geometry'));
const bit = (x: PgExpression) => pg.cast(x, pgTypeNamed('int'));

// SQL Server's point properties are NULL on a shape that is no point; PostGIS's ST_X... refuse one.
const ofPoint = (axis: (g: PgExpression) => PgExpression) => (value: PgExpression) =>
  once([value], ([x]) =>
    pg.caseWhen(
      pg.binary('=', pg.call('ST_GeometryType', asGeometry(x!)), pg.string('ST_Point')),
      axis(asGeometry(x!)),
      pg.null(),
    ),
  );

const properties: Record<string, (x: PgExpression) => PgExpression> = {
  lat: ofPoint((g) => pg.call('ST_Y', g)),
  long: ofPoint((g) => pg.call('ST_X', g)),
  stx: ofPoint((g) => pg.call('ST_X', g)),
  sty: ofPoint((g) => pg.call('ST_Y', g)),
  z: ofPoint((g) => pg.call('ST_Z', g)),
  m: ofPoint((g) => pg.call('ST_M', g)),
  stsrid: (x) => pg.call('ST_SRID', x),
};

/**
 * WKT as SQL Server writes it: `POINT (1 2 3)`, `LINESTRING (0 0, 1 1)`, where PostGIS writes
 * `POINT Z (1 2 3)`, `LINESTRING(0 0,1 1)`. (A shape with M and no Z reads as one with Z.)
 */
const sqlServerWkt = (wkt: PgExpression) =>
  pg.call(
    'regexp_replace',
    pg.call(
      'regexp_replace',
      pg.call('replace', wkt, pg.string(','), pg.string(', ')),
      pg.string('([A-Z]) (ZM|Z|M) '),
      pg.string('\\1 '),
      pg.string('g'),
    ),
    pg.string('([A-Z])\\('),
    pg.string('\\1 ('),
    pg.string('g'),
  );

// SQL Server answers NULL for two shapes of different SRIDs, where PostGIS refuses them.
const sameSrid = (
  value: PgExpression,
  other: PgExpression,
  answer: (x: PgExpression, o: PgExpression) => PgExpression,
) =>
  once([value, other], ([x, o]) =>
    pg.caseWhen(pg.binary('=', pg.call('ST_SRID', x!), pg.call('ST_SRID', o!)), answer(x!, o!), pg.null()),
  );

const methods: Record<string, { args: number; lower: (x: PgExpression, a: PgExpression[]) => PgExpression }> =
  {
    // STAsText is 2D; ToString keeps Z and M.
    stastext: {
      args: 0,
      lower: (x) => sqlServerWkt(pg.call('ST_AsText', pg.call('ST_Force2D', asGeometry(x)))),
    },
    tostring: { args: 0, lower: (x) => sqlServerWkt(pg.call('ST_AsText', x)) },
    stasbinary: { args: 0, lower: (x) => pg.call('ST_AsBinary', x) },
    stdistance: { args: 1, lower: (x, [o]) => sameSrid(x, o!, (a, b) => pg.call('ST_Distance', a, b)) },
    stintersects: {
      args: 1,
      lower: (x, [o]) => sameSrid(x, o!, (a, b) => bit(pg.call('ST_Intersects', a, b))),
    },
    stcontains: {
      args: 1,
      lower: (x, [o]) => sameSrid(x, o!, (a, b) => bit(pg.call('ST_Contains', asGeometry(a), asGeometry(b)))),
    },
    // SQL Server's STLength of a polygon is its perimeter, where PostGIS's ST_Length is 0.
    stlength: {
      args: 0,
      lower: (value) =>
        once([value], ([x]) =>
          pg.paren(pg.binary('+', pg.call('ST_Length', x!), pg.call('ST_Perimeter', x!))),
        ),
    },
    starea: { args: 0, lower: (x) => pg.call('ST_Area', x) },
    stbuffer: { args: 1, lower: (x, [d]) => pg.call('ST_Buffer', x, d!) },
    stnumpoints: { args: 0, lower: (x) => pg.call('ST_NPoints', asGeometry(x)) },
    stisempty: { args: 0, lower: (x) => bit(pg.call('ST_IsEmpty', asGeometry(x))) },
    // SQL Server names the type without PostGIS's ST_ prefix: Point, LineString...
    stgeometrytype: {
      args: 0,
      lower: (x) =>
        pg.call('replace', pg.call('ST_GeometryType', asGeometry(x)), pg.string('ST_'), pg.string('')),
    },
  };

/** The spatial methods converted here, by lower-case name. */
export const spatialMethodNames: readonly string[] = Object.keys(methods);

const isSpatialType = (type: PgType | undefined) =>
  isNamed(type, 'geography') || isNamed(type, 'geometry') || isNamed(type, 'bytea');

/**
 * The column a `col.Property` or `alias.col.Property` reference names, when `col` is no table or
 * alias but a spatial column.
 */
function spatialColumn(e: S.ColumnRef, g: Generator): S.ColumnRef | undefined {
  if (!e.table || e.table.database || !properties[e.column.name.toLowerCase()]) return undefined;
  if (e.table.schema) {
    const table: S.ObjectName = { kind: 'ObjectName', name: e.table.schema, pos: e.pos };
    const qualified: S.ColumnRef = { kind: 'ColumnRef', table, column: e.table.name, pos: e.pos };
    return g.ctx.alias(e.table.schema.name).found && isSpatialType(g.typeOf(qualified))
      ? qualified
      : undefined;
  }
  const qualifier = e.table.name.name;
  if (g.ctx.alias(qualifier).found || g.ctx.names.relation(undefined, qualifier)) return undefined;
  if (!g.ctx.columnOwner(qualifier)) return undefined;
  const column: S.ColumnRef = { kind: 'ColumnRef', column: e.table.name, pos: e.pos };
  return isSpatialType(g.typeOf(column)) ? column : undefined;
}

const needsPostgis = (pos: S.ColumnRef['pos'], what: string) =>
  noted(
    pg.null(),
    'TSQL_SPATIAL',
    'high',
    pos,
    `${what} of a spatial value: the value is EWKB bytes (bytea) without PostGIS`,
    "install PostGIS on the target and set the target option spatialAs: 'postgis'",
  );

/** `col.Lat`, `col.STSrid`...: a spatial column's property, or undefined when `e` is a plain column. */
export function spatialProperty(e: S.ColumnRef, g: Generator): Lowered<PgExpression> | undefined {
  const column = spatialColumn(e, g);
  if (!column) return undefined;
  const property = e.column.name;
  if (!postgis(g)) return needsPostgis(e.pos, `property ${property}`);
  const value = lowerExpression(column, g);
  return lowered(properties[property.toLowerCase()]!(value.node), value.diagnostics);
}

/**
 * `x.STDistance(y)`, `@g.STSrid`... on a spatial value, or undefined when `x` is not one or the method
 * or property has no form here.
 */
export function spatialMethod(e: S.MethodCall, g: Generator): Lowered<PgExpression> | undefined {
  if (e.property) return spatialValueProperty(e, g);
  const type = g.typeOf(e.target);
  const method = methods[e.method.name.toLowerCase()];
  // T-SQL has no methods on varbinary: a method on a bytea value is one of a spatial value kept as EWKB.
  if (isNamed(type, 'bytea') && method) return needsPostgis(e.pos, `method ${e.method.name}()`);
  if (!isNamed(type, 'geography') && !isNamed(type, 'geometry')) return undefined;
  if (!method || method.args !== e.args.length) return undefined;
  const d = new Diagnostics();
  const target = d.take(lowerExpression(e.target, g));
  return d.result(method.lower(target, d.takeAll(e.args.map((a) => lowerExpression(a, g)))));
}

/** `@g.Lat`, `@g.STStartPoint().STX`: a property of a spatial value that is no column. */
function spatialValueProperty(e: S.MethodCall, g: Generator): Lowered<PgExpression> | undefined {
  const type = g.typeOf(e.target);
  const property = properties[e.method.name.toLowerCase()];
  if (!property) return undefined;
  if (isNamed(type, 'bytea')) return needsPostgis(e.pos, `property ${e.method.name}`);
  if (!isNamed(type, 'geography') && !isNamed(type, 'geometry')) return undefined;
  const value = lowerExpression(e.target, g);
  return lowered(property(value.node), value.diagnostics);
}

/** `geography::Point(lat, long, srid)`, `geometry::STGeomFromText(wkt, srid)`, `geography::Parse(wkt)`. */
export function spatialStatic(e: S.StaticMethodCall, g: Generator): Lowered<PgExpression> | undefined {
  const type = e.type.name.toLowerCase();
  if ((type !== 'geography' && type !== 'geometry') || !postgis(g)) return undefined;
  const d = new Diagnostics();
  const node = spatialConstructor(
    type,
    e.method.name.toLowerCase(),
    d.takeAll(e.args.map((a) => lowerExpression(a, g))),
  );
  return node && d.result(node);
}

function spatialConstructor(
  type: 'geography' | 'geometry',
  method: string,
  args: PgExpression[],
): PgExpression | undefined {
  const typed = (x: PgExpression) => (type === 'geography' ? pg.cast(x, pgTypeNamed('geography')) : x);
  if (method === 'point' && args.length === 3)
    return typed(pg.call('ST_SetSRID', pg.call('ST_MakePoint', args[1]!, args[0]!), args[2]!));
  if (method === 'parse' && args.length === 1)
    return typed(pg.call('ST_GeomFromText', args[0]!, pg.number(type === 'geography' ? 4326 : 0)));
  if (
    /^st(geom|point|line|poly|mpoint|mline|mpoly|geomcollection)fromtext$/.test(method) &&
    args.length === 2
  )
    return typed(pg.call('ST_GeomFromText', args[0]!, args[1]!));
  return undefined;
}
