// hierarchyid methods on a column that is ltree in PostgreSQL and xml methods on xml, lowered and printed
// (their results on both sides are compared by the routine harness's idioms fixture, idioms/07-hierarchy.sql
// and 08-xml.sql).

import { describe, expect, it } from 'vitest';
import { parseExpression } from '@ferry/tsql';
import { printExpression } from '../src/pg/print-expression.js';
import { ConversionContext } from '../src/plpgsql/conversion-context.js';
import { Generator } from '../src/plpgsql/generator.js';
import { lowerExpression } from '../src/plpgsql/lower-expression.js';
import { namesFromModel } from '../src/plpgsql/name-resolver.js';
import { defaultTypeMapOptions, type TypeMapOptions } from '../src/types.js';
import { col, model, table } from './fixtures.js';

const units = model([
  table('dbo', 'units', [
    col('node', { kind: 'hierarchy' }),
    col('name', { kind: 'int32' }),
    col('spec', { kind: 'xml' }),
    col('spot', { kind: 'spatial', geodetic: true }),
  ]),
]);

function convert(tsql: string, options: Partial<TypeMapOptions> = {}) {
  const names = namesFromModel(units, { types: { ...defaultTypeMapOptions, ...options } });
  const ctx = new ConversionContext(names, 'test');
  const rel = names.relation('dbo', 'units')!;
  const g = new Generator(ctx).withScope({ aliases: new Map([['u', rel]]), relations: [rel] });
  const { node, diagnostics } = lowerExpression(parseExpression(tsql), g);
  return { sql: printExpression(node), items: diagnostics.map((i) => i.code) };
}

describe('hierarchyid methods on ltree', () => {
  it('GetLevel, GetAncestor and IsDescendantOf on a column (parsed as a schema-qualified call)', () => {
    expect(convert('Node.GetLevel()').sql).toBe('CAST(nlevel(node) AS smallint)');
    expect(convert('u.Node.GetAncestor(2)').sql).toBe(
      'CASE WHEN nlevel(u.node) >= 2 THEN subltree(u.node, 0, nlevel(u.node) - 2) ELSE NULL END',
    );
    expect(convert('Node.IsDescendantOf(hierarchyid::GetRoot())').sql).toBe(
      "CAST(ltree_isparent(CAST('' AS ltree), node) AS int)",
    );
  });

  it('ToString of a method result prints the path; Parse reads one', () => {
    expect(convert('Node.GetAncestor(1).ToString()').sql).toContain('ltree2text(CASE WHEN nlevel(node) >= 1');
    expect(convert("hierarchyid::Parse(N'/1/2.5/')").sql).toBe(
      "text2ltree(replace(replace(replace(btrim(CAST('/1/2.5/' AS text), '/'), '.', '_'), '-', 'm'), '/', '.'))",
    );
  });

  it('with hierarchyidAs text, and for GetDescendant, the method is an action item', () => {
    expect(convert('Node.GetLevel()', { hierarchyidAs: 'text' }).items).toEqual(['TSQL_METHOD_CALL']);
    expect(convert('Node.GetDescendant(NULL, NULL)').items).toEqual(['TSQL_METHOD_CALL']);
  });
});

describe('xml methods on xml', () => {
  it('value() is the unescaped string value cast to the type, NULL without a node; exist() 0/1', () => {
    expect(convert("Spec.value('(/a/@w)[1]', 'int')").sql).toBe(
      "CASE WHEN xpath_exists('(/a/@w)[1]', spec) THEN CAST(replace(replace(replace(replace(array_to_string(CAST(xpath('string((/a/@w)[1])', spec) AS text[]), ''), '&lt;', '<'), '&gt;', '>'), '&#x0d;', '\r'), '&amp;', '&') AS integer) ELSE NULL END",
    );
    expect(convert("u.Spec.exist('/a/b')").sql).toBe("CAST(xpath_exists('/a/b', u.spec) AS int)");
  });

  it("a namespace prolog is xpath()'s namespace array; XQuery beyond XPath 1.0, and nodes(), stay action items", () => {
    const prolog = convert(`Spec.value('declare namespace p="urn:x"; (/p:a)[1]', 'int')`);
    expect(prolog.items).toEqual([]);
    expect(prolog.sql).toContain("ARRAY[ARRAY['p', 'urn:x']]");
    expect(convert(`Spec.value('(/a[@id=sql:variable("@id")])[1]', 'int')`).items).toEqual([
      'TSQL_METHOD_CALL',
    ]);
    expect(convert("Spec.nodes('/a')").items).toEqual(['TSQL_METHOD_CALL']);
  });
});

describe('geography methods and properties', () => {
  it('with PostGIS: properties, methods and constructors become PostGIS functions', () => {
    // NULL on a shape that is no point, as in SQL Server (PostGIS's ST_Y refuses one).
    expect(convert('Spot.Lat', { spatialAs: 'postgis' }).sql).toBe(
      "CASE WHEN ST_GeometryType(CAST(spot AS geometry)) = 'ST_Point' THEN ST_Y(CAST(spot AS geometry)) ELSE NULL END",
    );
    expect(convert('Spot.STSrid', { spatialAs: 'postgis' }).sql).toBe('ST_SRID(spot)');
    expect(convert('u.Spot.Long', { spatialAs: 'postgis' }).sql).toBe(
      "CASE WHEN ST_GeometryType(CAST(u.spot AS geometry)) = 'ST_Point' THEN ST_X(CAST(u.spot AS geometry)) ELSE NULL END",
    );
    expect(
      convert('Spot.STDistance(geography::Point(47.6, -122.3, 4326))', { spatialAs: 'postgis' }).sql,
    ).toBe(
      // NULL for shapes of different SRIDs, as in SQL Server (PostGIS refuses them); the point made once.
      '(SELECT CASE WHEN ST_SRID(spot) = ST_SRID(ferry_once.v2) THEN ST_Distance(spot, ferry_once.v2) ELSE NULL END FROM (SELECT CAST(ST_SetSRID(ST_MakePoint(-122.3, 47.6), 4326) AS geography) AS v2) AS ferry_once)',
    );
    expect(
      convert("u.Spot.STIntersects(geography::STGeomFromText('POINT(1 2)', 4326))", { spatialAs: 'postgis' })
        .sql,
    ).toBe(
      "(SELECT CASE WHEN ST_SRID(u.spot) = ST_SRID(ferry_once.v2) THEN CAST(ST_Intersects(u.spot, ferry_once.v2) AS int) ELSE NULL END FROM (SELECT CAST(ST_GeomFromText('POINT(1 2)', 4326) AS geography) AS v2) AS ferry_once)",
    );
    // SQL Server's WKT (spaces after the type and commas, no Z/M tag), 2D for STAsText; STLength of
    // a polygon is its perimeter.
    expect(convert('Spot.STAsText()', { spatialAs: 'postgis' }).sql).toBe(
      "regexp_replace(regexp_replace(replace(ST_AsText(ST_Force2D(CAST(spot AS geometry))), ',', ', '), '([A-Z]) (ZM|Z|M) ', '\\1 ', 'g'), '([A-Z])\\(', '\\1 (', 'g')",
    );
    expect(convert('Spot.STLength()', { spatialAs: 'postgis' }).sql).toBe(
      '(ST_Length(spot) + ST_Perimeter(spot))',
    );
  });

  it('as EWKB bytea: each property or method is an action item naming the option', () => {
    expect(convert('Spot.Long')).toEqual({
      sql: '/* ferry: TSQL_SPATIAL property Long of a spatial value: the value is EWKB bytes (bytea) without PostGIS */NULL',
      items: ['TSQL_SPATIAL'],
    });
    expect(convert('Spot.STAsText()').items).toEqual(['TSQL_SPATIAL']);
    expect(convert('u.Spot.Lat').items).toEqual(['TSQL_SPATIAL']);
    // A three-part column name that is not alias.column.property stays a column name.
    expect(convert('dbo.Units.Lat')).toEqual({ sql: 'dbo.units.lat', items: [] });
  });
});
