import { describe, expect, it } from 'vitest';
import type { Column, LogicalType } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { convertCheck, convertDefault } from '../src/ddl/expressions.js';
import { columnDefault, isImmutable } from '../src/plpgsql/passes/column-default.js';
import { pg } from '../src/pg/ast.js';
import { printExpression } from '../src/pg/print-expression.js';
import { col } from './fixtures.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';

const tsql = (source: string) => ({ source, dialect: 'tsql', tree: parseExpression(source) });
const on = (type: LogicalType): Column => col('c', type);
const sqlOf = (r: ReturnType<typeof convertDefault>) =>
  'expr' in r ? printExpression(r.expr) : r.actionItem.code;

describe('defaults: PostgreSQL expressions kept, T-SQL lowered and fitted to the column type, the rest an action item', () => {
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
    ['((+5))', { kind: 'int32' }, '5'],
    ['((-1))', { kind: 'bool' }, 'true'],
    ['(CURRENT_TIMESTAMP)', { kind: 'date' }, 'CURRENT_DATE'],
    ['(getdate())', { kind: 'timestamptz', precision: 7 }, 'LOCALTIMESTAMP'],
    ['(getutcdate())', { kind: 'date' }, "(now() AT TIME ZONE 'UTC')"],
    ["('x'+'y')", { kind: 'text', length: 10, unicode: false, fixed: false }, "'x' || 'y'"],
    ['(CONVERT([bit],(0)))', { kind: 'bool' }, 'CAST(0 AS boolean)'],
    [
      "(upper(left('abc',(2))))",
      { kind: 'text', length: 10, unicode: false, fixed: false },
      "upper(left('abc', 2))",
    ],
  ])('%s on %j -> %s', (source, type, sql) => {
    expect(sqlOf(convertDefault(tsql(source), on(type)))).toBe(sql);
  });

  it.each<[string, LogicalType]>([
    // the clock into a column that is not a date or time: SQL Server converts it, PostgreSQL refuses
    ['(sysdatetimeoffset())', { kind: 'text', length: 40, unicode: true, fixed: false }],
    ['(getdate())', { kind: 'int32' }],
    ["(soundex('x'))", { kind: 'text', length: 10, unicode: false, fixed: false }], // no PostgreSQL conversion
  ])('%s on %j is not converted', (source, type) => {
    expect(sqlOf(convertDefault(tsql(source), on(type)))).toBe('DEFAULT_NOT_CONVERTED');
  });

  it('a default calling a user function converts, naming the function (it is set after the routines)', () => {
    const converted = convertDefault(tsql('([dbo].[fn]())'), on({ kind: 'int32' }));
    expect(sqlOf(converted)).toBe('dbo.fn()');
    expect(converted).toMatchObject({ calls: ['dbo.fn'] });
  });

  it('a T-SQL default without a parsed tree is an action item (its text is never patched)', () => {
    expect(sqlOf(convertDefault({ source: '((0))', dialect: 'tsql' }, on({ kind: 'int32' })))).toBe(
      'DEFAULT_NOT_CONVERTED',
    );
  });

  it('uses a PostgreSQL-dialect default as it is', () => {
    expect(
      sqlOf(convertDefault({ source: "nextval('s')", dialect: 'postgres' }, on({ kind: 'int64' }))),
    ).toBe("nextval('s')");
  });

  it('checks: PostgreSQL-dialect as it is, T-SQL lowered, T-SQL without a parsed tree an action item', () => {
    expect(convertCheck({ source: 'qty > 0', dialect: 'postgres' })).toEqual({
      expr: { kind: 'SourceText', text: 'qty > 0' },
      calls: [],
    });
    const check = convertCheck(tsql('([qty]>(0))'));
    expect(sqlOf(check)).toBe('qty > 0');
    expect(check).toMatchObject({ calls: [] });
    expect(convertCheck({ source: '([qty]>(0))', dialect: 'tsql' })).toMatchObject({
      actionItem: { code: 'CHECK_NOT_CONVERTED', snippet: '([qty]>(0))' },
    });
  });
});

describe('the column-default and immutability passes on the PostgreSQL tree', () => {
  it('columnDefault: 0/1 on a boolean, the clock by date/time kind, nothing for the clock elsewhere', () => {
    expect(columnDefault(pg.number(0), 'bool')).toEqual(pg.bool(false));
    expect(columnDefault(pg.number(0), 'int32')).toEqual(pg.number(0));
    expect(columnDefault(pg.keyword('LOCALTIMESTAMP'), 'time')).toEqual(pg.keyword('LOCALTIME'));
    expect(columnDefault(pg.call('now'), 'timestamptz')).toEqual(pg.call('now'));
    expect(columnDefault(pg.call('now'), 'int64')).toBeUndefined();
  });

  it('isImmutable: the clock, randomness and locale-dependent formatting anywhere in the tree are not', () => {
    expect(isImmutable(pg.binary('*', pg.name('qty'), pg.name('price')))).toBe(true);
    expect(
      isImmutable(pg.cast(pg.call('to_char', pg.name('d'), pg.string('YYYY')), pgTypeNamed('text'))),
    ).toBe(false);
    expect(isImmutable(pg.binary('+', pg.number(1), pg.keyword('CURRENT_DATE')))).toBe(false);
    // stable functions the JSON lowerings call (ISJSON, STRING_ESCAPE): not in a generated column
    expect(isImmutable(pg.call('pg_input_is_valid', pg.name('j'), pg.string('jsonb')))).toBe(false);
    expect(isImmutable(pg.cast(pg.call('to_json', pg.name('s')), pgTypeNamed('text')))).toBe(false);
    expect(isImmutable(pg.binary('#>>', pg.cast(pg.name('j'), pgTypeNamed('jsonb')), pg.string('{}')))).toBe(
      true,
    );
  });
});
