import { describe, expect, it } from 'vitest';
import type { Column, LogicalType, Table } from '../src/index.js';
import { sourceFilterSql, type SourceFilter } from '../src/rules/source-filter.js';

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
    col('salary', { kind: 'decimal', precision: 10, scale: 2 }, 'decimal(10,2)'),
    col('rate', { kind: 'float64' }, 'float'),
    col('last name', { kind: 'text', length: 40, unicode: true, fixed: false }, 'nvarchar(40)'),
    col('odd]name', { kind: 'text', length: 10, unicode: false, fixed: false }, 'varchar(10)'),
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
const sql = (filters: SourceFilter[]) => sourceFilterSql(employee, filters);

describe('sourceFilterSql', () => {
  it('renders each DMS operator on a quoted column; conditions ORed, filters ANDed', () => {
    expect(
      sql([
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
    ).toBe(
      '([empid] <= 10 OR [empid] >= 100 OR [empid] = 50 OR [empid] <> -7 OR [empid] BETWEEN 20 AND 30 OR [empid] NOT BETWEEN 60 AND 70 OR [empid] IS NULL) AND [last name] IS NOT NULL',
    );
  });

  it('quotes strings as N literals with doubled quotes, and brackets in names', () => {
    expect(
      sql([
        { column: 'last name', conditions: [{ operator: 'eq', value: "O'Brien'); DROP TABLE x; --" }] },
        { column: 'odd]name', conditions: [{ operator: 'eq', value: 'Ünï' }] },
      ]),
    ).toBe(`[last name] = N'O''Brien''); DROP TABLE x; --' AND [odd]]name] = N'Ünï'`);
  });

  it('renders numbers as written, exactly, and refuses anything else on a numeric column', () => {
    expect(
      sql([
        { column: 'salary', conditions: [{ operator: 'gte', value: '12345678.91' }] },
        { column: 'rate', conditions: [{ operator: 'lte', value: '1.5e-3' }] },
        { column: 'active', conditions: [{ operator: 'eq', value: 'true' }] },
      ]),
    ).toBe('[salary] >= 12345678.91 AND [rate] <= 1.5e-3 AND [active] = 1');
    expect(sql([{ column: 'empid', conditions: [{ operator: 'eq', value: '1 OR 1=1' }] }])).toEqual({
      error: 'value "1 OR 1=1" is not a number (column empid is int)',
    });
    expect(sql([{ column: 'salary', conditions: [{ operator: 'eq', value: '1e3' }] }])).toEqual({
      error: 'value "1e3" is not a number (column salary is decimal(10,2))',
    });
  });

  it('renders dates, times and timestamps as typed literals that ignore DATEFORMAT', () => {
    expect(
      sql([
        { column: 'hired', conditions: [{ operator: 'between', start: '2020-01-01', end: '2020-12-31' }] },
        { column: 'updated', conditions: [{ operator: 'gte', value: '2021-02-03' }] },
        { column: 'updated', conditions: [{ operator: 'lte', value: '2021-02-03 04:05:06.789' }] },
        { column: 'seen', conditions: [{ operator: 'gte', value: '2021-02-03 04:05:06+02:00' }] },
        { column: 'starts', conditions: [{ operator: 'eq', value: '08:30:00' }] },
      ]),
    ).toBe(
      "[hired] BETWEEN CAST('2020-01-01' AS date) AND CAST('2020-12-31' AS date) AND [updated] >= CAST('2021-02-03T00:00:00' AS datetime) AND [updated] <= CAST('2021-02-03T04:05:06.789' AS datetime) AND [seen] >= CAST('2021-02-03T04:05:06+02:00' AS datetimeoffset(7)) AND [starts] = CAST('08:30:00' AS time)",
    );
    expect(sql([{ column: 'hired', conditions: [{ operator: 'eq', value: '01/02/2020' }] }])).toEqual({
      error: 'value "01/02/2020" is not a date YYYY-MM-DD (column hired is date)',
    });
  });

  it('renders uuids and bytes; names the column it cannot filter on or does not know', () => {
    expect(
      sql([
        { column: 'guid', conditions: [{ operator: 'eq', value: '6F9619FF-8B86-D011-B42D-00C04FC964FF' }] },
        { column: 'hash', conditions: [{ operator: 'eq', value: '0x0A1B2C3D4E5F6071' }] },
      ]),
    ).toBe(
      "[guid] = CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier) AND [hash] = 0x0A1B2C3D4E5F6071",
    );
    expect(sql([{ column: 'doc', conditions: [{ operator: 'eq', value: '<a/>' }] }])).toEqual({
      error: 'filters on column doc of type xml are not supported',
    });
    expect(sql([{ column: 'EmpId', conditions: [{ operator: 'null' }] }])).toEqual({
      error: 'filter column "EmpId" is not a column of test.employee',
    });
  });
});
