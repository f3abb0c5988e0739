import { describe, expect, it } from 'vitest';
import type { Column, LogicalType, Table, Value } from '../src/index.js';
import { FerryError } from '../src/errors.js';
import { canonicalValueProblem } from '../src/pipeline/value-contract.js';
import {
  bindDmsExpression,
  computedColumn,
  parseDmsExpression,
  realText,
  type DmsExpression,
} from '../src/rules/dms-expression.js';

const col = (name: string, type: LogicalType, nativeType: string): Column => ({
  name,
  type,
  nativeType,
  nullable: true,
});
const employees: Table = {
  schema: 'dbo',
  name: 'Employees',
  columns: [
    col('FIRST_NAME', { kind: 'text', length: 20, unicode: true, fixed: false }, 'nvarchar(20)'),
    col('LAST_NAME', { kind: 'text', length: 20, unicode: true, fixed: false }, 'nvarchar(20)'),
    col('QTY', { kind: 'int32' }, 'int'),
    col('BIG', { kind: 'int64' }, 'bigint'),
    col('PRICE', { kind: 'decimal', precision: 10, scale: 2 }, 'decimal(10,2)'),
    col('RATE', { kind: 'float64' }, 'float'),
    col('ACTIVE', { kind: 'bool' }, 'bit'),
    col('HIRED', { kind: 'date' }, 'date'),
    col('PHOTO', { kind: 'binary', length: 'max', fixed: false }, 'varbinary(max)'),
  ],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
};
const sample: Record<string, Value> = {
  FIRST_NAME: 'Nancy',
  LAST_NAME: "Davo'lio",
  QTY: 7,
  BIG: 9007199254740993n,
  PRICE: '12.50',
  RATE: 0.1,
  ACTIVE: true,
  HIRED: '1992-05-01',
};

function parsed(text: string): DmsExpression {
  const e = parseDmsExpression(text);
  if ('error' in e) throw new Error(e.error);
  return e;
}
/** Evaluates `text` on `row` (a row keyed by column name) and returns the raw result. */
function run(text: string, row: Record<string, Value> = sample) {
  const bound = bindDmsExpression(parsed(text), employees);
  if ('error' in bound) throw new Error(bound.error);
  return bound.evaluate(bound.columns.map((c) => row[c] ?? null));
}

describe('DMS add-column expressions', () => {
  it('concatenates with ||, and NULL anywhere gives NULL (the DMS documentation example)', () => {
    expect(run("$FIRST_NAME||'_'||$LAST_NAME")).toBe("Nancy_Davo'lio");
    expect(run("$FIRST_NAME||'_'||$LAST_NAME", { ...sample, LAST_NAME: null })).toBeNull();
    expect(run("'qty=' || $QTY || ', big=' || $BIG || ', active=' || $ACTIVE || ', hired ' || $HIRED")).toBe(
      'qty=7, big=9007199254740993, active=1, hired 1992-05-01',
    );
  });

  it('does integer arithmetic exactly, with SQLite integer division (toward zero, /0 is NULL)', () => {
    expect(run('$BIG + 1')).toBe(9007199254740994n);
    expect(run('$QTY * 3 - 1')).toBe(20n);
    expect(run('$QTY / 2')).toBe(3n);
    expect(run('-$QTY / 2')).toBe(-3n);
    expect(run('$QTY / 0')).toBeNull();
    expect(run('$QTY + NULL')).toBeNull();
    expect(run('2 + 3 * 4')).toBe(14n);
    expect(run('(2 + 3) * 4')).toBe(20n);
  });

  it('keeps decimals exact (no floating point), and REAL as SQLite formats it', () => {
    expect(run('$PRICE * 3')).toBe('37.50');
    expect(run('$PRICE + 0.005')).toBe('12.505');
    expect(run('$PRICE * $QTY - 0.5')).toBe('87.00');
    // || binds tighter than +: this is $RATE + (0.2 || ''), arithmetic on text.
    expect(bindDmsExpression(parsed("$RATE + 0.2 || ''"), employees)).toEqual({
      error: '+ needs numbers, not text',
    });
    expect(run("($RATE + 0.2) || ''")).toBe('0.3');
    expect(run('$RATE * 3')).toBeCloseTo(0.3, 15);
    // Values printed by sqlite3 3.40.1 for the same REALs (123456789012345678 as its nearest double).
    expect([0.30000000000000004, 100, 1e20, 1 / 3, 0.000123, 123456789012345680, 1e-5].map(realText)).toEqual(
      ['0.3', '100.0', '1.0e+20', '0.333333333333333', '0.000123', '1.23456789012346e+17', '1.0e-05'],
    );
  });

  it('has UPPER/LOWER (ASCII only, as SQLite without ICU), SUBSTR, TRIM, LTRIM, RTRIM, LENGTH with SQLite semantics', () => {
    // Expected values from sqlite3 3.40.1.
    expect(run("UPPER('héllo')")).toBe('HéLLO');
    expect(run('LOWER($FIRST_NAME)')).toBe('nancy');
    expect(run("SUBSTR('hello', -3, 2)")).toBe('ll');
    expect(run("SUBSTR('hello', 0, 2)")).toBe('h');
    expect(run("SUBSTR('hello', 3, -2)")).toBe('he');
    expect(run("SUBSTR('héllo', 2, 3)")).toBe('éll');
    expect(run('SUBSTR($LAST_NAME, 3)')).toBe("vo'lio");
    expect(run("TRIM('xxhixx', 'x')")).toBe('hi');
    expect(run("TRIM('  hi  ') || '|' || LTRIM('  hi  ') || '|' || RTRIM('  hi  ') || '|'")).toBe(
      'hi|hi  |  hi|',
    );
    expect(run('LENGTH($LAST_NAME)')).toBe(8n);
    expect(run('LENGTH(12.50)')).toBe(5n); // the decimal's exact text 12.50 (SQLite's REAL would print 12.5)
    expect(run('LENGTH(NULL)')).toBeNull();
  });

  it('evaluates CASE (searched and simple), comparisons, AND/OR/NOT and IS NULL with three-valued logic', () => {
    const tier =
      "CASE WHEN $QTY >= 10 THEN 'big' WHEN $QTY >= 5 AND NOT $ACTIVE = 0 THEN 'mid' ELSE 'small' END";
    expect(run(tier)).toBe('mid');
    expect(run(tier, { ...sample, QTY: 12 })).toBe('big');
    expect(run(tier, { ...sample, QTY: null })).toBe('small');
    expect(run("CASE $FIRST_NAME WHEN 'Nancy' THEN 1 WHEN 'Andrew' THEN 2 END")).toBe(1n);
    expect(run("CASE $FIRST_NAME WHEN 'Nancy' THEN 1 END", { ...sample, FIRST_NAME: 'nancy' })).toBeNull();
    expect(run('$PRICE = 12.5')).toBe(1n);
    expect(run("$LAST_NAME IS NULL OR $LAST_NAME <> 'x'")).toBe(1n);
    expect(run('NULL = NULL')).toBeNull();
    expect(run('$QTY > 1 OR NULL')).toBe(1n);
    expect(run('$QTY < 1 AND NULL')).toBe(0n);
    expect(run("'a' < 'b' AND 'Z' < 'a' AND 'é' > 'z'")).toBe(1n); // BINARY collation: UTF-8 bytes
  });

  it('names the part it does not support, at parse and at bind time', () => {
    const parseError = (t: string) => (parseDmsExpression(t) as { error: string }).error;
    expect(parseError("REPLACE($A, 'a', 'b')")).toBe(
      'function REPLACE is not supported (UPPER, LOWER, LENGTH, SUBSTR, TRIM, LTRIM, RTRIM are)',
    );
    expect(parseError("$A LIKE 'x%'")).toBe('unsupported syntax at LIKE');
    expect(parseError('$A % 2')).toBe('unsupported syntax at "% 2"');
    expect(parseError("SUBSTR('a')")).toBe('SUBSTR takes 2 or 3 argument(s)');
    expect(parseError("CASE WHEN 1 THEN 'a'")).toBe('expected END at the end');
    const bindError = (t: string) => (bindDmsExpression(parsed(t), employees) as { error: string }).error;
    expect(bindError('$NOPE || 1')).toBe('column $NOPE is not a column of dbo.Employees');
    expect(bindError('$FIRST_NAME + 1')).toBe('+ needs numbers, not text');
    expect(bindError('$PRICE / 2')).toBe(
      '/ on decimal values is not supported (the quotient may not be exact)',
    );
    expect(bindError("$QTY = '7'")).toBe(
      '= compares text with a number (SQLite affinity rules are not supported)',
    );
    expect(bindError('LENGTH($PHOTO)')).toBe('column $PHOTO is varbinary(max), which expressions cannot use');
  });
});

describe('computedColumn', () => {
  const what = 'column FULL_NAME added by rule-id 4 to dbo.Employees';

  it("gives the canonical value of the added column's type, exactly", () => {
    const total = computedColumn(
      parsed('$PRICE * $QTY'),
      employees,
      { kind: 'decimal', precision: 12, scale: 3 },
      what,
    );
    if ('error' in total) throw new Error(total.error);
    expect(total.columns).toEqual(['PRICE', 'QTY']);
    expect(total.compute(['12.50', 7])).toBe('87.500');
    const asText = computedColumn(
      parsed('$RATE * 2'),
      employees,
      { kind: 'text', length: 'max', unicode: true, fixed: false },
      what,
    );
    if ('error' in asText) throw new Error(asText.error);
    expect(asText.compute([0.1])).toBe('0.2');
    const asInt = computedColumn(parsed('$BIG * 2'), employees, { kind: 'int64' }, what);
    if ('error' in asInt) throw new Error(asInt.error);
    expect(asInt.compute([4611686018427387903n])).toBe(9223372036854775806n);
  });

  it('passes a result that does not fit on as it is, for the target to refuse under onError (never rounds); fails on overflow', () => {
    const type = { kind: 'decimal', precision: 12, scale: 1 } as const;
    const c = computedColumn(parsed('$PRICE * $QTY'), employees, type, what);
    if ('error' in c) throw new Error(c.error);
    const v = c.compute(['12.55', 3]);
    expect(v).toBe('37.65');
    expect(canonicalValueProblem(type, v!)).toMatch(/more fraction digits than 1/);
    const tooBig = computedColumn(parsed('$BIG'), employees, { kind: 'int32' }, what);
    if ('error' in tooBig) throw new Error(tooBig.error);
    expect(canonicalValueProblem({ kind: 'int32' }, tooBig.compute([5_000_000_000n])!)).toMatch(
      /expected an integer in -2147483648\.\.2147483647/,
    );
    const overflow = computedColumn(parsed('$BIG * 4'), employees, { kind: 'int64' }, what);
    if ('error' in overflow) throw new Error(overflow.error);
    expect(() => overflow.compute([4611686018427387903n])).toThrow(FerryError);
    expect(() => overflow.compute([4611686018427387903n])).toThrow(`${what}: integer overflow in *`);
  });
});
