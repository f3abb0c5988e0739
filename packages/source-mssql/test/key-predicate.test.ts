import type { Column, Table } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { literal, rangePredicate, splitKey } from '../src/read/key-predicate.js';
import { integerBoundaries, rangesFromBoundaries } from '../src/read/ranges.js';

const int: Column = { name: 'OrderID', type: { kind: 'int32' }, nativeType: 'int', nullable: false };
const code: Column = {
  name: 'Line No',
  type: { kind: 'text', length: 10, unicode: true, fixed: false },
  nativeType: 'nvarchar(10)',
  nullable: false,
};
const table = (over: Partial<Table>): Table => ({
  schema: 'dbo',
  name: 'T',
  columns: [int, code],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
  ...over,
});

describe('split key', () => {
  it('is the primary key, else the clustered index, else none', () => {
    expect(
      splitKey(table({ primaryKey: { name: 'PK', columns: ['OrderID', 'Line No'] } })).map((c) => c.name),
    ).toEqual(['OrderID', 'Line No']);
    expect(
      splitKey(
        table({ indexes: [{ name: 'cx', columns: [{ name: 'Line No' }], unique: false, clustered: true }] }),
      ).map((c) => c.name),
    ).toEqual(['Line No']);
    expect(splitKey(table({}))).toEqual([]);
  });

  it('is none when a key column is nullable or a LOB', () => {
    const nullable = { ...code, nullable: true };
    expect(
      splitKey(
        table({
          columns: [int, nullable],
          indexes: [{ name: 'cx', columns: [{ name: 'Line No' }], unique: false, clustered: true }],
        }),
      ),
    ).toEqual([]);
  });
});

describe('range predicates', () => {
  it('spells tuple comparison as ORs of ANDs, lower inclusive and upper exclusive', () => {
    const t = table({ primaryKey: { name: 'PK', columns: ['OrderID', 'Line No'] } });
    expect(
      rangePredicate(t, { index: 1, key: ['OrderID', 'Line No'], lower: [10, "a'b"], upper: [20, 'x'] }),
    ).toBe(
      "(([OrderID] > 10) OR ([OrderID] = 10 AND [Line No] >= N'a''b')) AND (([OrderID] < 20) OR ([OrderID] = 20 AND [Line No] < N'x'))",
    );
    expect(rangePredicate(t, { index: 0, key: ['OrderID'], upper: [5] })).toBe('([OrderID] < 5)');
    expect(rangePredicate(t, { index: 0, key: ['OrderID'] })).toBeUndefined();
  });

  it('renders exact literals for each key type', () => {
    const c = (type: Column['type'], nativeType: string): Column => ({
      name: 'k',
      type,
      nativeType,
      nullable: false,
    });
    expect(literal(c({ kind: 'int64' }, 'bigint'), -9223372036854775808n)).toBe('-9223372036854775808');
    expect(literal(c({ kind: 'float64' }, 'float'), 0.1)).toBe('0.1E0');
    expect(literal(c({ kind: 'float64' }, 'float'), 1e-300)).toBe('1e-300');
    expect(literal(c({ kind: 'text', length: 5, unicode: false, fixed: true }, 'char(5)'), 'ab')).toBe(
      "'ab'",
    );
    expect(literal(c({ kind: 'binary', length: 2, fixed: true }, 'binary(2)'), Buffer.from([1, 171]))).toBe(
      '0x01AB',
    );
    expect(literal(c({ kind: 'uuid' }, 'uniqueidentifier'), 'A-B')).toBe("CAST('A-B' AS uniqueidentifier)");
    expect(
      literal(c({ kind: 'timestamp', precision: 7 }, 'datetime2(7)'), '2020-01-02 03:04:05.1234567'),
    ).toBe("CAST('2020-01-02T03:04:05.1234567' AS datetime2(7))");
    expect(literal(c({ kind: 'decimal', precision: 38, scale: 2 }, 'decimal(38,2)'), '-12.50')).toBe(
      '-12.50',
    );
  });
});

describe('integer boundaries', () => {
  it('splits [min, max] evenly into at most n parts', () => {
    expect(integerBoundaries(1n, 10n, 4)).toEqual([4n, 7n, 10n]);
    expect(integerBoundaries(1n, 1_000_000n, 2)).toEqual([500_001n]);
    expect(integerBoundaries(5n, 6n, 8)).toEqual([6n]);
    expect(integerBoundaries(7n, 7n, 3)).toEqual([]);
    expect(integerBoundaries(-9223372036854775808n, 9223372036854775807n, 2)).toEqual([0n]);
  });

  it('turns boundaries into contiguous ranges open at both ends', () => {
    expect(rangesFromBoundaries(['k'], [[4], [7]])).toEqual([
      { index: 0, key: ['k'], upper: [4] },
      { index: 1, key: ['k'], lower: [4], upper: [7] },
      { index: 2, key: ['k'], lower: [7] },
    ]);
  });
});
