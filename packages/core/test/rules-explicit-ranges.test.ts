import { describe, expect, it } from 'vitest';
import type { Column, LogicalType, Table } from '../src/index.js';
import { explicitKeyRanges } from '../src/rules/explicit-ranges.js';

const col = (name: string, type: LogicalType, nativeType: string, nullable = false): Column => ({
  name,
  type,
  nativeType,
  nullable,
});
const lines: Table = {
  schema: 'dbo',
  name: 'Order Details',
  columns: [
    col('OrderID', { kind: 'int32' }, 'int'),
    col('ProductID', { kind: 'int64' }, 'bigint'),
    col('Price', { kind: 'decimal', precision: 10, scale: 2 }, 'decimal(10,2)'),
    col('Shipped', { kind: 'timestamp', precision: 3 }, 'datetime'),
    col('Note', { kind: 'text', length: 20, unicode: true, fixed: false }, 'nvarchar(20)'),
    col('Discount', { kind: 'float32' }, 'real', true),
  ],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};

describe('explicitKeyRanges', () => {
  it('turns n boundaries into n+1 ranges [open, b1), [b1, b2), [b2, open) of typed values', () => {
    expect(
      explicitKeyRanges(
        lines,
        ['OrderID', 'ProductID'],
        [
          ['10500', '1'],
          ['10500', '40'],
          ['10800', '1'],
        ],
      ),
    ).toEqual([
      { index: 0, key: ['OrderID', 'ProductID'], upper: [10500, 1n] },
      { index: 1, key: ['OrderID', 'ProductID'], lower: [10500, 1n], upper: [10500, 40n] },
      { index: 2, key: ['OrderID', 'ProductID'], lower: [10500, 40n], upper: [10800, 1n] },
      { index: 3, key: ['OrderID', 'ProductID'], lower: [10800, 1n] },
    ]);
    expect(explicitKeyRanges(lines, ['Price', 'Shipped'], [['9.5', '2020-01-01']])).toEqual([
      { index: 0, key: ['Price', 'Shipped'], upper: ['9.50', '2020-01-01 00:00:00'] },
      { index: 1, key: ['Price', 'Shipped'], lower: ['9.50', '2020-01-01 00:00:00'] },
    ]);
  });

  it('refuses boundaries that do not ascend (rows would be read twice)', () => {
    expect(explicitKeyRanges(lines, ['Price'], [['10.00'], ['9.99']])).toEqual({
      error: 'boundaries[1] must be greater than boundaries[0] (boundaries ascend)',
    });
    expect(explicitKeyRanges(lines, ['OrderID'], [['5'], ['5']])).toEqual({
      error: 'boundaries[1] must be greater than boundaries[0] (boundaries ascend)',
    });
  });

  it('refuses columns whose order or NULLs would lose rows, and values that do not fit', () => {
    expect(explicitKeyRanges(lines, ['Note'], [['m']])).toEqual({
      error:
        'range column Note of dbo.Order Details is nvarchar(20): ranges are supported on integer, decimal, date, time and timestamp columns',
    });
    expect(explicitKeyRanges(lines, ['Discount'], [['0.5']])).toEqual({
      error: 'range column Discount of dbo.Order Details is nullable: rows with NULL would be in no range',
    });
    expect(explicitKeyRanges(lines, ['orderid'], [['1']])).toEqual({
      error: 'range column "orderid" is not a column of dbo.Order Details',
    });
    expect(explicitKeyRanges(lines, ['OrderID'], [['1.5']])).toEqual({
      error:
        'boundaries[0] column OrderID: expected an integer in -2147483648..2147483647 for type int32, got "1.5"',
    });
  });
});
