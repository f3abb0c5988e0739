import { describe, expect, it } from 'vitest';
import type { LogicalType } from '@ferry/core';
import { defaultTypeMapOptions, mapColumnType, mapLogicalType } from '../src/index.js';
import { col } from './fixtures.js';

describe('type map: logical type -> PostgreSQL', () => {
  const cases: [LogicalType, string][] = [
    [{ kind: 'bool' }, 'boolean'],
    [{ kind: 'int8' }, 'smallint'],
    [{ kind: 'int16' }, 'smallint'],
    [{ kind: 'int32' }, 'integer'],
    [{ kind: 'int64' }, 'bigint'],
    [{ kind: 'decimal', precision: 38, scale: 10 }, 'numeric(38,10)'],
    [{ kind: 'decimal', precision: 19, scale: 4, money: true }, 'numeric(19,4)'],
    [{ kind: 'decimal', precision: 10, scale: 4, money: true }, 'numeric(10,4)'],
    [{ kind: 'float32' }, 'real'],
    [{ kind: 'float64' }, 'double precision'],
    [{ kind: 'text', length: 40, unicode: true, fixed: false }, 'varchar(40)'],
    [{ kind: 'text', length: 10, unicode: true, fixed: true }, 'char(10)'],
    [{ kind: 'text', length: 'max', unicode: false, fixed: false }, 'text'],
    [{ kind: 'binary', length: 16, fixed: true }, 'bytea'],
    [{ kind: 'binary', length: 'max', fixed: false }, 'bytea'],
    [{ kind: 'uuid' }, 'uuid'],
    [{ kind: 'date' }, 'date'],
    [{ kind: 'time', precision: 7 }, 'time(6)'],
    [{ kind: 'time', precision: 0 }, 'time(0)'],
    [{ kind: 'timestamp', precision: 3 }, 'timestamp(3)'],
    [{ kind: 'timestamp', precision: 7 }, 'timestamp(6)'],
    [{ kind: 'timestamptz', precision: 7 }, 'timestamptz(6)'],
    [{ kind: 'json' }, 'jsonb'],
    [{ kind: 'xml' }, 'xml'],
    [{ kind: 'interval' }, 'interval'],
    [{ kind: 'rowversion' }, 'bytea'],
    [{ kind: 'variant' }, 'text'],
    [{ kind: 'hierarchy' }, 'ltree'],
    [{ kind: 'spatial', geodetic: true }, 'bytea'],
    [{ kind: 'unknown', reason: 'a CLR type' }, 'text'],
  ];
  it.each(cases)('%j -> %s', (type, sql) => {
    expect(mapLogicalType(type).sql).toBe(sql);
  });

  it('declares the mappings that can lose information', () => {
    const lossy = cases
      .filter(([t]) => mapLogicalType(t).lossy)
      .map(([t]) => [t.kind, mapLogicalType(t).lossy!.code]);
    expect(lossy).toEqual([
      ['time', 'LOSSY_TIME_PRECISION'],
      ['timestamp', 'LOSSY_TIME_PRECISION'],
      ['timestamptz', 'LOSSY_TIMESTAMPTZ_OFFSET'],
      ['json', 'LOSSY_JSONB'],
      ['variant', 'LOSSY_VARIANT'],
      ['hierarchy', 'HIERARCHYID_AS_LTREE'],
      ['spatial', 'SPATIAL_AS_EWKB'],
      ['unknown', 'TYPE_UNKNOWN'],
    ]);
  });

  it('hierarchyid becomes text and geography/geometry PostGIS types, by option', () => {
    const options = { ...defaultTypeMapOptions, hierarchyidAs: 'text', spatialAs: 'postgis' } as const;
    expect(mapLogicalType({ kind: 'hierarchy' }, options)).toMatchObject({
      sql: 'text',
      lossy: { code: 'HIERARCHYID_AS_TEXT' },
    });
    expect(mapLogicalType({ kind: 'spatial', geodetic: true }, options)).toEqual({
      sql: 'geography',
      check: 'none',
    });
    expect(mapLogicalType({ kind: 'spatial', geodetic: false }, options)).toEqual({
      sql: 'geometry',
      check: 'none',
    });
  });

  it('bounded text becomes text, and datetimeoffset text, by option', () => {
    const options = { ...defaultTypeMapOptions, textFor: 'text', timestamptzAs: 'text' } as const;
    expect(mapLogicalType({ kind: 'text', length: 40, unicode: true, fixed: false }, options).sql).toBe(
      'text',
    );
    expect(mapLogicalType({ kind: 'timestamptz', precision: 7 }, options)).toEqual({
      sql: 'text',
      check: 'none',
    });
  });

  it('a type-override rule (Column.targetType) wins over the map', () => {
    expect(
      mapColumnType(
        col(
          'price',
          { kind: 'decimal', precision: 19, scale: 4, money: true },
          { targetType: 'numeric(12,2)' },
        ),
      ).sql,
    ).toBe('numeric(12,2)');
  });
});
