import { describe, expect, it } from 'vitest';
import type { Column, LogicalType } from '@ferry/core';
import { convertCheck, convertDefault } from '../src/ddl/expressions.js';
import { col } from './fixtures.js';

const tsql = (source: string) => ({ source, dialect: 'tsql' });
const on = (type: LogicalType): Column => col('c', type);
const sqlOf = (r: ReturnType<typeof convertDefault>) => ('sql' in r ? r.sql : r.actionItem.code);

describe('defaults: PostgreSQL expressions kept, safe T-SQL literals recognised, the rest an action item', () => {
  it.each<[string, LogicalType, string]>([
    ['((0))', { kind: 'int32' }, '0'],
    ['((-1.50))', { kind: 'decimal', precision: 9, scale: 2 }, '-1.50'],
    ['((0))', { kind: 'bool' }, 'false'],
    ['((1))', { kind: 'bool' }, 'true'],
    ["('N/A')", { kind: 'text', length: 10, unicode: false, fixed: false }, "'N/A'"],
    ["(N'it''s')", { kind: 'text', length: 10, unicode: true, fixed: false }, "'it''s'"],
    ['(NULL)', { kind: 'int32' }, 'NULL'],
    ['(getdate())', { kind: 'timestamp', precision: 3 }, 'LOCALTIMESTAMP'],
    ['(GETDATE())', { kind: 'date' }, 'CURRENT_DATE'],
    ['(sysdatetime())', { kind: 'time', precision: 7 }, 'LOCALTIME'],
    ['(getutcdate())', { kind: 'timestamp', precision: 3 }, "(now() AT TIME ZONE 'UTC')"],
    ['(sysdatetimeoffset())', { kind: 'timestamptz', precision: 7 }, 'now()'],
    ['(newid())', { kind: 'uuid' }, 'gen_random_uuid()'],
    ['(newsequentialid())', { kind: 'uuid' }, 'gen_random_uuid()'],
  ])('%s on %j -> %s', (source, type, sql) => {
    expect(sqlOf(convertDefault(tsql(source), on(type)))).toBe(sql);
  });

  it.each<[string, LogicalType]>([
    ['(sysdatetimeoffset())', { kind: 'text', length: 40, unicode: true, fixed: false }], // never the T-SQL text as a string
    ['([dbo].[fn]())', { kind: 'int32' }],
    ['(getdate())', { kind: 'int32' }],
    ["('x'+'y')", { kind: 'text', length: 10, unicode: false, fixed: false }],
    ['((1))', { kind: 'text', length: 10, unicode: false, fixed: false }],
    ['(CONVERT([bit],(0)))', { kind: 'bool' }],
  ])('%s on %j is not converted', (source, type) => {
    expect(sqlOf(convertDefault(tsql(source), on(type)))).toBe('DEFAULT_NOT_CONVERTED');
  });

  it('uses a PostgreSQL-dialect default as it is', () => {
    expect(
      sqlOf(convertDefault({ source: "nextval('s')", dialect: 'postgres' }, on({ kind: 'int64' }))),
    ).toBe("nextval('s')");
  });

  it('checks: only PostgreSQL-dialect expressions', () => {
    expect(convertCheck({ source: 'qty > 0', dialect: 'postgres' })).toEqual({ sql: 'qty > 0' });
    expect(convertCheck(tsql('([qty]>(0))'))).toMatchObject({
      actionItem: { code: 'CHECK_NOT_CONVERTED', snippet: '([qty]>(0))' },
    });
  });
});
