import type { Column, Table, Value } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { rangePredicate, splitKey, valueSql } from '../src/read/key-predicate.js';
import { QueryParameters } from '../src/read/query-parameters.js';
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

/** A predicate (or value) with the parameters it names, for assertions. */
function rendered<T>(write: (params: QueryParameters) => T): { sql: T; values: (string | Buffer)[] } {
  const params = new QueryParameters();
  const sql = write(params);
  return { sql, values: params.list.map((p) => p.value) };
}

describe('range predicates', () => {
  it('spells tuple comparison as ORs of ANDs, lower inclusive and upper exclusive, values as parameters', () => {
    const t = table({ primaryKey: { name: 'PK', columns: ['OrderID', 'Line No'] } });
    expect(
      rendered((p) =>
        rangePredicate(t, { index: 1, key: ['OrderID', 'Line No'], lower: [10, "a'b"], upper: [20, 'x'] }, p),
      ),
    ).toEqual({
      sql: '(([OrderID] > CAST(@p0 AS int)) OR ([OrderID] = CAST(@p1 AS int) AND [Line No] >= @p2)) AND (([OrderID] < CAST(@p3 AS int)) OR ([OrderID] = CAST(@p4 AS int) AND [Line No] < @p5))',
      values: ['10', '10', "a'b", '20', '20', 'x'],
    });
    expect(rendered((p) => rangePredicate(t, { index: 0, key: ['OrderID'], upper: [5] }, p))).toEqual({
      sql: '([OrderID] < CAST(@p0 AS int))',
      values: ['5'],
    });
    expect(rendered((p) => rangePredicate(t, { index: 0, key: ['OrderID'] }, p)).sql).toBeUndefined();
  });

  it('casts each key type exactly, and keeps a varchar key in its own kind', () => {
    const c = (type: Column['type'], nativeType: string): Column => ({
      name: 'k',
      type,
      nativeType,
      nullable: false,
    });
    const one = (column: Column, value: Value) => rendered((p) => valueSql(column, value, p));
    expect(one(c({ kind: 'int64' }, 'bigint'), -9223372036854775808n)).toEqual({
      sql: 'CAST(@p0 AS bigint)',
      values: ['-9223372036854775808'],
    });
    expect(one(c({ kind: 'int16' }, 'smallint'), 40000).sql).toBe('CAST(@p0 AS decimal(38,0))');
    expect(one(c({ kind: 'float64' }, 'float'), 0.1)).toEqual({ sql: 'CAST(@p0 AS float)', values: ['0.1'] });
    expect(one(c({ kind: 'float64' }, 'float'), 1e-300).values).toEqual(['1e-300']);
    expect(one(c({ kind: 'text', length: 5, unicode: false, fixed: true }, 'char(5)'), 'ab')).toEqual({
      sql: 'CAST(@p0 AS varchar(max))',
      values: ['ab'],
    });
    expect(one(c({ kind: 'binary', length: 2, fixed: true }, 'binary(2)'), Buffer.from([1, 171]))).toEqual({
      sql: '@p0',
      values: [Buffer.from([1, 171])],
    });
    expect(one(c({ kind: 'uuid' }, 'uniqueidentifier'), 'A-B').sql).toBe('CAST(@p0 AS uniqueidentifier)');
    expect(
      one(c({ kind: 'timestamp', precision: 7 }, 'datetime2(7)'), '2020-01-02 03:04:05.1234567'),
    ).toEqual({ sql: 'CAST(@p0 AS datetime2(7))', values: ['2020-01-02T03:04:05.1234567'] });
    expect(one(c({ kind: 'decimal', precision: 38, scale: 2 }, 'decimal(38,2)'), '-12.50')).toEqual({
      sql: 'CAST(@p0 AS decimal(38,2))',
      values: ['-12.50'],
    });
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
