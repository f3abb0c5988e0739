import type { Column, Table } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { MssqlSource } from '../src/mssql-source.js';
import { resolveMssqlSettings } from '../src/mssql-config.js';
import { quoteName, selectExpression } from '../src/read/select-list.js';

const col = (name: string, type: Column['type'], nativeType: string): Column => ({
  name,
  type,
  nativeType,
  nullable: true,
});

describe('the SELECT list of a read', () => {
  it('quotes identifiers with brackets, doubling ]', () => {
    expect(quoteName('Order Details')).toBe('[Order Details]');
    expect(quoteName('a]b')).toBe('[a]]b]');
  });

  it('converts on the server the types whose driver values are not exact, and selects the rest as is', () => {
    expect(selectExpression(col('d', { kind: 'decimal', precision: 38, scale: 10 }, 'decimal(38,10)'))).toBe(
      'CONVERT(nvarchar(50), [d])',
    );
    expect(
      selectExpression(col('m', { kind: 'decimal', precision: 19, scale: 4, money: true }, 'money')),
    ).toBe('CONVERT(nvarchar(30), [m], 2)');
    expect(selectExpression(col('t', { kind: 'timestamp', precision: 7 }, 'datetime2(7)'))).toBe(
      'CONVERT(nvarchar(40), [t], 121)',
    );
    expect(selectExpression(col('s', { kind: 'timestamp', precision: 0 }, 'smalldatetime'))).toBe(
      'CONVERT(nvarchar(19), [s], 120)',
    );
    expect(selectExpression(col('o', { kind: 'timestamptz', precision: 7 }, 'datetimeoffset(7)'))).toBe(
      'CONVERT(nvarchar(40), [o], 121)',
    );
    expect(selectExpression(col('h', { kind: 'hierarchy' }, 'hierarchyid'))).toBe(
      'CAST([h] AS nvarchar(4000))',
    );
    expect(selectExpression(col('g', { kind: 'spatial', geodetic: true }, 'geography'))).toBe(
      'CAST([g].STSrid AS binary(4)) + [g].AsBinaryZM()',
    );
    expect(selectExpression(col('u', { kind: 'unknown', reason: 'x' }, 'SomeClrType'))).toBe(
      'CAST([u] AS varbinary(max))',
    );
    expect(selectExpression(col('v', { kind: 'variant' }, 'sql_variant'))).toMatch(
      /^CASE WHEN SQL_VARIANT_PROPERTY\(\[v\], 'BaseType'\) = 'datetime' THEN/,
    );
    for (const [type, native] of [
      [{ kind: 'int64' }, 'bigint'],
      [{ kind: 'float64' }, 'float'],
      [{ kind: 'uuid' }, 'uniqueidentifier'],
      [{ kind: 'binary', length: 'max', fixed: false }, 'varbinary(max)'],
      [{ kind: 'text', length: 'max', unicode: true, fixed: false }, 'nvarchar(max)'],
    ] as Array<[Column['type'], string]>)
      expect(selectExpression(col('x', type, native))).toBe('[x]');
  });

  it('renders the whole read with the range predicate and the where option', () => {
    const table: Table = {
      schema: 'dbo',
      name: 'Order Details',
      columns: [
        col('OrderID', { kind: 'int32' }, 'int'),
        col('UnitPrice', { kind: 'decimal', precision: 19, scale: 4, money: true }, 'money'),
      ],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    };
    const source = new MssqlSource(resolveMssqlSettings({ host: 'h' }));
    expect(
      source.readQuery(table, {
        columns: ['UnitPrice', 'OrderID'],
        range: { index: 1, key: ['OrderID'], lower: [10248], upper: [10500] },
        where: 'Quantity > 5',
      }),
    ).toEqual({
      text: 'SELECT CONVERT(nvarchar(30), [UnitPrice], 2) AS [UnitPrice], [OrderID] FROM [dbo].[Order Details] WHERE ([OrderID] >= CAST(@p0 AS int)) AND ([OrderID] < CAST(@p1 AS int)) AND (Quantity > 5)',
      parameters: [
        { name: 'p0', value: '10248' },
        { name: 'p1', value: '10500' },
      ],
    });
    expect(() => source.readQuery(table, { columns: ['Nope'] })).toThrow(
      /Column Nope is not a column of dbo.Order Details/,
    );
  });
});
