import { describe, expect, it } from 'vitest';
import type { Column, LogicalType, Table } from '../src/index.js';
import { compileSourceFilters, type SourceFilter } from '../src/rules/source-filter.js';

const col = (name: string, type: LogicalType, nativeType: string): Column => ({
  name,
  type,
  nativeType,
  nullable: true,
});
const employee: Table = {
  schema: 'test',
  name: 'employee',
  columns: [
    col('empid', { kind: 'int32' }, 'int'),
    col('big', { kind: 'int64' }, 'bigint'),
    col('salary', { kind: 'decimal', precision: 10, scale: 2 }, 'decimal(10,2)'),
    col('rate', { kind: 'float64' }, 'float'),
    col('last name', { kind: 'text', length: 40, unicode: true, fixed: false }, 'nvarchar(40)'),
    col('active', { kind: 'bool' }, 'bit'),
    col('hired', { kind: 'date' }, 'date'),
    col('updated', { kind: 'timestamp', precision: 3 }, 'datetime'),
    col('seen', { kind: 'timestamptz', precision: 7 }, 'datetimeoffset(7)'),
    col('starts', { kind: 'time', precision: 7 }, 'time(7)'),
    col('guid', { kind: 'uuid' }, 'uniqueidentifier'),
    col('hash', { kind: 'binary', length: 8, fixed: true }, 'binary(8)'),
    col('doc', { kind: 'xml' }, 'xml'),
  ],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};
const compile = (filters: SourceFilter[]) => compileSourceFilters(employee, filters);

describe('compileSourceFilters', () => {
  it('turns each DMS operator into a predicate; conditions of a filter ORed, filters ANDed', () => {
    expect(
      compile([
        {
          column: 'empid',
          conditions: [
            { operator: 'lte', value: '10' },
            { operator: 'gte', value: '100' },
            { operator: 'eq', value: '50' },
            { operator: 'noteq', value: '-7' },
            { operator: 'between', start: '20', end: '30' },
            { operator: 'notbetween', start: '60', end: '70' },
            { operator: 'null' },
          ],
        },
        { column: 'last name', conditions: [{ operator: 'notnull' }] },
      ]),
    ).toEqual([
      {
        anyOf: [
          { column: 'empid', op: 'le', values: [10] },
          { column: 'empid', op: 'ge', values: [100] },
          { column: 'empid', op: 'eq', values: [50] },
          { column: 'empid', op: 'ne', values: [-7] },
          { column: 'empid', op: 'between', values: [20, 30] },
          { column: 'empid', op: 'not-between', values: [60, 70] },
          { column: 'empid', op: 'is-null', values: [] },
        ],
      },
      { anyOf: [{ column: 'last name', op: 'is-not-null', values: [] }] },
    ]);
  });

  it('keeps text as written (quotes, unicode, SQL in it), as data', () => {
    const hostile = "O'Brien'); DROP TABLE x; -- Ünï 😀";
    expect(compile([{ column: 'last name', conditions: [{ operator: 'eq', value: hostile }] }])).toEqual([
      { anyOf: [{ column: 'last name', op: 'eq', values: [hostile] }] },
    ]);
  });

  it('types numbers exactly, and refuses anything else on a numeric column', () => {
    expect(
      compile([
        { column: 'salary', conditions: [{ operator: 'gte', value: '12345678.91' }] },
        { column: 'rate', conditions: [{ operator: 'lte', value: '1.5e-3' }] },
        { column: 'active', conditions: [{ operator: 'eq', value: 'true' }] },
        { column: 'big', conditions: [{ operator: 'eq', value: '-9223372036854775808' }] },
      ]),
    ).toEqual([
      { anyOf: [{ column: 'salary', op: 'ge', values: ['12345678.91'] }] },
      { anyOf: [{ column: 'rate', op: 'le', values: [0.0015] }] },
      { anyOf: [{ column: 'active', op: 'eq', values: [true] }] },
      { anyOf: [{ column: 'big', op: 'eq', values: [-9223372036854775808n] }] },
    ]);
    expect(compile([{ column: 'empid', conditions: [{ operator: 'eq', value: '1 OR 1=1' }] }])).toEqual({
      error: 'value "1 OR 1=1" is not an integer (column empid is int)',
    });
    expect(compile([{ column: 'empid', conditions: [{ operator: 'eq', value: '1.5' }] }])).toEqual({
      error: 'value "1.5" is not an integer (column empid is int)',
    });
    expect(compile([{ column: 'salary', conditions: [{ operator: 'eq', value: '1e3' }] }])).toEqual({
      error: 'value "1e3" is not a number (column salary is decimal(10,2))',
    });
  });

  it('reads dates, times and timestamps in ISO form only', () => {
    expect(
      compile([
        { column: 'hired', conditions: [{ operator: 'between', start: '2020-01-01', end: '2020-12-31' }] },
        { column: 'updated', conditions: [{ operator: 'gte', value: '2021-02-03' }] },
        { column: 'updated', conditions: [{ operator: 'lte', value: '2021-02-03T04:05:06.789' }] },
        { column: 'seen', conditions: [{ operator: 'gte', value: '2021-02-03 04:05:06+02:00' }] },
        { column: 'starts', conditions: [{ operator: 'eq', value: '08:30:00' }] },
      ]),
    ).toEqual([
      { anyOf: [{ column: 'hired', op: 'between', values: ['2020-01-01', '2020-12-31'] }] },
      { anyOf: [{ column: 'updated', op: 'ge', values: ['2021-02-03 00:00:00'] }] },
      { anyOf: [{ column: 'updated', op: 'le', values: ['2021-02-03 04:05:06.789'] }] },
      { anyOf: [{ column: 'seen', op: 'ge', values: ['2021-02-03 04:05:06+02:00'] }] },
      { anyOf: [{ column: 'starts', op: 'eq', values: ['08:30:00'] }] },
    ]);
    expect(compile([{ column: 'hired', conditions: [{ operator: 'eq', value: '01/02/2020' }] }])).toEqual({
      error: 'value "01/02/2020" is not a date YYYY-MM-DD (column hired is date)',
    });
  });

  it('reads uuids and bytes; names the column it cannot filter on or does not know', () => {
    expect(
      compile([
        { column: 'guid', conditions: [{ operator: 'eq', value: '6f9619ff-8b86-d011-b42d-00c04fc964ff' }] },
        { column: 'hash', conditions: [{ operator: 'eq', value: '0x0A1B2C3D4E5F6071' }] },
      ]),
    ).toEqual([
      { anyOf: [{ column: 'guid', op: 'eq', values: ['6F9619FF-8B86-D011-B42D-00C04FC964FF'] }] },
      { anyOf: [{ column: 'hash', op: 'eq', values: [Buffer.from('0A1B2C3D4E5F6071', 'hex')] }] },
    ]);
    expect(compile([{ column: 'doc', conditions: [{ operator: 'eq', value: '<a/>' }] }])).toEqual({
      error: 'filters on column doc of type xml are not supported',
    });
    expect(compile([{ column: 'EmpId', conditions: [{ operator: 'null' }] }])).toEqual({
      error: 'filter column "EmpId" is not a column of test.employee',
    });
  });
});
