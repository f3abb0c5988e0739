// Spatial properties and methods on values that are no column: variables, parameters and method
// results (`@g.STSrid`, `@g.STStartPoint().Lat`), converted to PostGIS functions (spatialAs: 'postgis').

import { describe, expect, it } from 'vitest';
import { parse } from 'libpg-query';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { defaultTypeMapOptions } from '../src/types.js';
import { model } from './fixtures.js';

const postgis = namesFromModel(model([]), { types: { ...defaultTypeMapOptions, spatialAs: 'postgis' } });
const ewkb = namesFromModel(model([]));

const convert = (tsql: string, names = postgis) => {
  const r = convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, names);
  return { sql: r.statements.join('\n'), codes: r.actionItems.map((a) => a.code) };
};

describe('spatial properties of variables and method results', () => {
  it("a parameter's and a variable's properties are PostGIS functions", async () => {
    const { sql, codes } = convert(`CREATE FUNCTION dbo.Facts (@g geography) RETURNS TABLE AS RETURN
      SELECT @g.STSrid AS srid, @g.Lat AS lat, @g.Long AS long`);
    expect(codes).toEqual([]);
    expect(sql).toContain('ST_SRID(p_g) AS srid');
    expect(sql).toContain('ST_Y(CAST(p_g AS geometry))');
    expect(sql).toContain('ST_X(CAST(p_g AS geometry))');
    await parse(sql);
  });

  it('a property of a method result of unknown type is an action item naming the property, not a parse error', () => {
    const r = convertModule(
      {
        statement: parseBatch(
          'CREATE FUNCTION dbo.StartX (@g geometry) RETURNS float AS BEGIN RETURN @g.STStartPoint().STX END',
        )[0]!,
      },
      postgis,
    );
    expect(r.actionItems.map((a) => [a.code, a.message])).toEqual([
      ['TSQL_METHOD_CALL', 'property .STX (xml/hierarchyid/geography) has no PostgreSQL conversion'],
    ]);
  });

  it('kept as EWKB bytes, a property of a variable is an action item naming the option', () => {
    const { codes } = convert(
      'CREATE FUNCTION dbo.Srid (@g geography) RETURNS int AS BEGIN RETURN @g.STSrid END',
      ewkb,
    );
    expect(codes).toContain('TSQL_SPATIAL');
  });
});

describe('spatial method arguments evaluated once', () => {
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('a value a lowering tests before its PostGIS call is bound once when it is a call or a subquery', async () => {
    const { sql, codes } =
      convert(`CREATE FUNCTION dbo.Near (@lat float, @long float, @other geography) RETURNS TABLE AS RETURN
      SELECT geography::Point(@lat, @long, 4326).STDistance(@other) AS distance,
        geography::Point(@lat, @long, 4326).Lat AS lat,
        geography::STGeomFromText('LINESTRING(0 0, 1 1)', 4326).STLength() AS length,
        @other.STIntersects(geography::Point(@lat, @long, 4326)) AS meets`);
    expect(codes).toEqual([]);
    // one point per column; the STLength shape once
    expect(count(sql, 'ST_MakePoint(p_long, p_lat)')).toBe(3);
    expect(count(sql, 'LINESTRING(0 0, 1 1)')).toBe(1);
    await parse(sql);
  });

  it('names and literals are written as they are, without a subquery', () => {
    const { sql } = convert(
      'CREATE FUNCTION dbo.D (@a geography, @b geography) RETURNS float AS BEGIN RETURN @a.STDistance(@b) + @a.Lat END',
    );
    expect(sql).not.toContain('ferry_once');
    expect(sql).toContain('ST_Distance(p_a, p_b)');
  });
});
