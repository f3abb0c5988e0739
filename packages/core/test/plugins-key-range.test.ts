import { describe, expect, it } from 'vitest';
import { FerryError } from '../src/errors.js';
import type { Column, LogicalType, Table } from '../src/model/index.js';
import { compareKeys, keyRangeFilter } from '../src/plugins/key-range.js';

const col = (name: string, type: LogicalType): Column => ({
  name,
  type,
  nativeType: type.kind,
  nullable: false,
});
const tableOf = (...columns: Column[]): Table => ({
  schema: 'dbo',
  name: 't',
  columns,
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
});
const t = tableOf(
  col('name', { kind: 'text', length: 10, unicode: true, fixed: false }),
  col('id', { kind: 'int32' }),
);

describe('compareKeys', () => {
  it('orders NULL first, then numbers and bigints by value, buffers by bytes, strings by code unit', () => {
    expect(compareKeys([null], [0])).toBe(-1);
    expect(compareKeys([0], [null])).toBe(1);
    expect(compareKeys([2], [10])).toBe(-1);
    expect(compareKeys([9007199254740993n], [9007199254740992n])).toBe(1);
    expect(compareKeys([Buffer.from([0, 255])], [Buffer.from([1])])).toBeLessThan(0);
    expect(compareKeys(['B'], ['a'])).toBe(-1);
    expect(compareKeys([1, 'x'], [1, 'x'])).toBe(0);
    expect(compareKeys([1, 'a'], [1, 'b'])).toBe(-1);
  });

  it('orders decimal strings by value, at any scale, when the column is a decimal', () => {
    const d = ['decimal'] as const;
    expect(compareKeys(['10.00'], ['9.50'], d)).toBe(1);
    expect(compareKeys(['-1.50'], ['-1.5'], d)).toBe(0);
    expect(compareKeys(['-2'], ['-1.99'], d)).toBe(-1);
    expect(compareKeys(['123456789012345678901234567890.1'], ['123456789012345678901234567890.09'], d)).toBe(
      1,
    );
    expect(compareKeys(['10.00'], ['9.50'])).toBe(-1); // without kinds, strings compare by code unit
  });
});

describe('keyRangeFilter', () => {
  const range = { index: 1, key: ['id'], lower: [10], upper: [20] };

  it('keeps lower <= key < upper, reading the key from its position among the columns', () => {
    const inRange = keyRangeFilter(t, ['name', 'id'], range);
    expect([9, 10, 19, 20].map((id) => inRange(['x', id]))).toEqual([false, true, true, false]);
  });

  it('passes every row for an absent or open range', () => {
    expect(keyRangeFilter(t, ['id'], undefined)([1])).toBe(true);
    expect(keyRangeFilter(t, ['id'], { index: 0, key: ['id'] })([1])).toBe(true);
  });

  it('names the table and column when a key column is not read', () => {
    expect(() => keyRangeFilter(t, ['name'], range)).toThrow(FerryError);
    expect(() => keyRangeFilter(t, ['name'], range)).toThrow(/range key column id/);
    expect(() => keyRangeFilter(t, ['name'], range)).toThrow(expect.objectContaining({ where: 'dbo.t.id' }));
  });

  it('keeps decimal keys in their range by value (numeric(10,0) keys are common)', () => {
    const amounts = tableOf(col('id', { kind: 'decimal', precision: 10, scale: 0 }));
    const inRange = keyRangeFilter(amounts, ['id'], { index: 1, key: ['id'], lower: ['9'], upper: ['100'] });
    expect(['8', '9', '10', '99', '100', '1000'].map((id) => inRange([id]))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
