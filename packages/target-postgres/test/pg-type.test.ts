// PgType: the type map's text parsed into name, modifiers and array, printed back as written, and the
// predicates the converter asks instead of matching type text.

import { describe, expect, it } from 'vitest';
import {
  arrayOf,
  isExactNumeric,
  isFractional,
  isInteger,
  isNamed,
  isText,
  numericScale,
  parsePgType,
  pgTypeNamed,
  printPgType,
  rankOf,
  rankType,
} from '../src/pg/pg-type.js';

describe('parsePgType / printPgType', () => {
  it.each([
    ['integer', { name: 'integer' }],
    ['double precision', { name: 'double precision' }],
    ['varchar(40)', { name: 'varchar', modifiers: [40] }],
    ['numeric(19,4)', { name: 'numeric', modifiers: [19, 4] }],
    ['timestamptz(6)', { name: 'timestamptz', modifiers: [6] }],
    ['text[]', { name: 'text', array: true }],
    ['varchar(10)[]', { name: 'varchar', modifiers: [10], array: true }],
  ])('%s', (text, type) => {
    expect(parsePgType(text)).toEqual(type);
    expect(printPgType(parsePgType(text))).toBe(text);
  });

  it('keeps text of another shape whole, so it prints as written and matches no predicate', () => {
    for (const text of ['numeric(10, 2)', 'timestamp(3) with time zone', 'interval(x)', 'varchar(040)']) {
      expect(parsePgType(text)).toEqual({ name: text });
      expect(printPgType(parsePgType(text))).toBe(text);
    }
    expect(isNamed(parsePgType('numeric(10, 2)'), 'numeric')).toBe(false);
  });

  it('builds types by name and modifiers', () => {
    expect(printPgType(pgTypeNamed('char', 8000))).toBe('char(8000)');
    expect(printPgType(arrayOf(pgTypeNamed('"Sales".line')))).toBe('"Sales".line[]');
  });
});

describe('predicates', () => {
  const t = parsePgType;
  it('text: text, varchar, character varying, char, bpchar; not an array, not citext', () => {
    for (const x of ['text', 'varchar(40)', 'character varying(9)', 'char(1)', 'character(2)', 'bpchar'])
      expect(isText(t(x))).toBe(true);
    for (const x of ['text[]', 'citext', 'xml', 'bytea']) expect(isText(t(x))).toBe(false);
    expect(isText(undefined)).toBe(false);
  });

  it('numbers: integers, exact and fractional, by SQL Server precedence', () => {
    expect(['smallint', 'integer', 'bigint'].every((x) => isInteger(t(x)))).toBe(true);
    expect(isInteger(t('numeric(10,0)'))).toBe(false);
    expect(isExactNumeric(t('numeric(10,2)'))).toBe(true);
    expect(isExactNumeric(t('real'))).toBe(false);
    expect(['numeric(19,4)', 'real', 'double precision'].every((x) => isFractional(t(x)))).toBe(true);
    expect(isFractional(t('numeric[]'))).toBe(false);
    expect(
      ['smallint', 'integer', 'bigint', 'numeric(5,2)', 'real', 'double precision'].map((x) => rankOf(t(x))),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rankOf(t('text'))).toBe(-1);
    expect(rankType(3)).toEqual({ name: 'numeric' });
    expect(rankType(-1)).toBeUndefined();
  });

  it('the scale of numeric(p,s)', () => {
    expect(numericScale(t('numeric(19,4)'))).toBe(4);
    expect(numericScale(t('numeric(10,0)'))).toBe(0);
    expect(numericScale(t('numeric'))).toBeUndefined();
    expect(numericScale(t('varchar(10)'))).toBeUndefined();
  });
});
