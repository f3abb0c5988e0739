import { describe, expect, it } from 'vitest';
import { FerryError } from '../src/errors.js';
import { compareKeys, keyRangeFilter } from '../src/plugins/key-range.js';

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
});

describe('keyRangeFilter', () => {
  const range = { index: 1, key: ['id'], lower: [10], upper: [20] };

  it('keeps lower <= key < upper, reading the key from its position among the columns', () => {
    const inRange = keyRangeFilter(['name', 'id'], range, 'dbo.t');
    expect([9, 10, 19, 20].map((id) => inRange(['x', id]))).toEqual([false, true, true, false]);
  });

  it('passes every row for an absent or open range', () => {
    expect(keyRangeFilter(['id'], undefined, 'dbo.t')([1])).toBe(true);
    expect(keyRangeFilter(['id'], { index: 0, key: ['id'] }, 'dbo.t')([1])).toBe(true);
  });

  it('names the table and column when a key column is not read', () => {
    expect(() => keyRangeFilter(['name'], range, 'dbo.t')).toThrow(FerryError);
    expect(() => keyRangeFilter(['name'], range, 'dbo.t')).toThrow(/range key column id/);
  });
});
