import { describe, expect, it } from 'vitest';
import { formatNativeType, logicalType, nativeTypeFromCatalog } from '../src/types.js';

const fromCatalog = (name: string, maxLength: number, precision = 0, scale = 0, collation?: string) =>
  nativeTypeFromCatalog(name, maxLength, precision, scale, collation);

describe('native type text rebuilt from sys.columns values', () => {
  it('halves max_length of nchar/nvarchar and writes -1 as max', () => {
    expect(formatNativeType(fromCatalog('nvarchar', 80))).toBe('nvarchar(40)');
    expect(formatNativeType(fromCatalog('nchar', 10))).toBe('nchar(5)');
    expect(formatNativeType(fromCatalog('nvarchar', -1))).toBe('nvarchar(max)');
    expect(formatNativeType(fromCatalog('varchar', 11))).toBe('varchar(11)');
    expect(formatNativeType(fromCatalog('varbinary', -1))).toBe('varbinary(max)');
    expect(formatNativeType(fromCatalog('binary', 16))).toBe('binary(16)');
  });

  it('writes precision/scale of decimals and the fractional-second scale of time types', () => {
    expect(formatNativeType(fromCatalog('decimal', 17, 38, 10))).toBe('decimal(38,10)');
    expect(formatNativeType(fromCatalog('numeric', 5, 9, 0))).toBe('numeric(9,0)');
    expect(formatNativeType(fromCatalog('datetime2', 8, 27, 7))).toBe('datetime2(7)');
    expect(formatNativeType(fromCatalog('time', 3, 8, 0))).toBe('time(0)');
    expect(formatNativeType(fromCatalog('datetimeoffset', 10, 34, 7))).toBe('datetimeoffset(7)');
  });

  it('writes unsized types by name', () => {
    for (const n of [
      'int',
      'money',
      'datetime',
      'ntext',
      'image',
      'uniqueidentifier',
      'xml',
      'sql_variant',
      'timestamp',
      'hierarchyid',
    ])
      expect(formatNativeType(fromCatalog(n, 8, 10, 0))).toBe(n);
  });
});

describe('native -> logical type map', () => {
  const cases: Array<[string, number, number, number, unknown]> = [
    ['bit', 1, 1, 0, { kind: 'bool' }],
    ['tinyint', 1, 3, 0, { kind: 'int8' }],
    ['smallint', 2, 5, 0, { kind: 'int16' }],
    ['int', 4, 10, 0, { kind: 'int32' }],
    ['bigint', 8, 19, 0, { kind: 'int64' }],
    ['decimal', 17, 38, 10, { kind: 'decimal', precision: 38, scale: 10 }],
    ['numeric', 9, 18, 2, { kind: 'decimal', precision: 18, scale: 2 }],
    ['money', 8, 19, 4, { kind: 'decimal', precision: 19, scale: 4, money: true }],
    ['smallmoney', 4, 10, 4, { kind: 'decimal', precision: 10, scale: 4, money: true }],
    ['real', 4, 24, 0, { kind: 'float32' }],
    ['float', 8, 53, 0, { kind: 'float64' }],
    ['date', 3, 10, 0, { kind: 'date' }],
    ['time', 5, 16, 7, { kind: 'time', precision: 7 }],
    ['time', 3, 8, 0, { kind: 'time', precision: 0 }],
    ['datetime', 8, 23, 3, { kind: 'timestamp', precision: 3 }],
    ['smalldatetime', 4, 16, 0, { kind: 'timestamp', precision: 0 }],
    ['datetime2', 8, 27, 7, { kind: 'timestamp', precision: 7 }],
    ['datetime2', 6, 19, 0, { kind: 'timestamp', precision: 0 }],
    ['datetimeoffset', 10, 34, 7, { kind: 'timestamptz', precision: 7 }],
    ['datetimeoffset', 9, 30, 3, { kind: 'timestamptz', precision: 3 }],
    ['char', 10, 0, 0, { kind: 'text', length: 10, unicode: false, fixed: true }],
    ['varchar', 40, 0, 0, { kind: 'text', length: 40, unicode: false, fixed: false }],
    ['varchar', -1, 0, 0, { kind: 'text', length: 'max', unicode: false, fixed: false }],
    ['text', 16, 0, 0, { kind: 'text', length: 'max', unicode: false, fixed: false }],
    ['nchar', 10, 0, 0, { kind: 'text', length: 5, unicode: true, fixed: true }],
    ['nvarchar', 80, 0, 0, { kind: 'text', length: 40, unicode: true, fixed: false }],
    ['nvarchar', -1, 0, 0, { kind: 'text', length: 'max', unicode: true, fixed: false }],
    ['ntext', 16, 0, 0, { kind: 'text', length: 'max', unicode: true, fixed: false }],
    ['binary', 8, 0, 0, { kind: 'binary', length: 8, fixed: true }],
    ['varbinary', 100, 0, 0, { kind: 'binary', length: 100, fixed: false }],
    ['varbinary', -1, 0, 0, { kind: 'binary', length: 'max', fixed: false }],
    ['image', 16, 0, 0, { kind: 'binary', length: 'max', fixed: false }],
    ['uniqueidentifier', 16, 0, 0, { kind: 'uuid' }],
    ['xml', -1, 0, 0, { kind: 'xml' }],
    ['sql_variant', 8016, 0, 0, { kind: 'variant' }],
    ['timestamp', 8, 0, 0, { kind: 'rowversion' }],
  ];
  it.each(cases)(
    '%s (max_length %i, precision %i, scale %i)',
    (name, maxLength, precision, scale, expected) => {
      expect(logicalType(fromCatalog(name, maxLength, precision, scale))).toEqual(expected);
    },
  );

  it('keeps the collation of character types', () => {
    expect(logicalType(fromCatalog('nvarchar', 80, 0, 0, 'SQL_Latin1_General_CP1_CI_AS'))).toEqual({
      kind: 'text',
      length: 40,
      unicode: true,
      fixed: false,
      collation: 'SQL_Latin1_General_CP1_CI_AS',
    });
  });

  it('maps hierarchyid and the spatial types to their kinds, and an unknown type to unknown with a reason', () => {
    expect(logicalType(fromCatalog('hierarchyid', 892))).toEqual({ kind: 'hierarchy' });
    expect(logicalType(fromCatalog('geography', -1))).toEqual({ kind: 'spatial', geodetic: true });
    expect(logicalType(fromCatalog('geometry', -1))).toEqual({ kind: 'spatial', geodetic: false });
    const t = logicalType(fromCatalog('SomeClrType', -1));
    expect(t.kind).toBe('unknown');
    expect(t.kind === 'unknown' && t.reason).toContain('someclrtype');
  });
});
