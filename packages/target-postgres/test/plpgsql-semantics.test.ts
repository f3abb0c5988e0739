// The rewrite passes evaluated on embedded PostgreSQL: each converted T-SQL expression returns the
// value SQL Server documents for it (DATEDIFF counts boundaries, LEN ignores trailing spaces, ...).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyModel } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { convertExpression, namesFromModel } from '../src/plpgsql/index.js';
import { newTarget, type TestTarget } from './fixtures.js';

const names = namesFromModel(emptyModel(), { naming: 'snake_case' });
let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
}, 30_000);
afterAll(async () => {
  await t?.close();
});

/** [T-SQL expression, the value SQL Server returns, as PostgreSQL's text output of it]. */
/** T-SQL, the value SQL Server gives (as text), and the action items the conversion raises (default none). */
const cases: [tsql: string, expected: string | null, codes?: string[]][] = [
  ["DATEDIFF(year, '2024-12-31', '2025-01-01')", '1'],
  ["DATEDIFF(year, '2024-01-01', '2024-12-31')", '0'],
  ["DATEDIFF(month, '2024-01-31', '2024-02-01')", '1'],
  ["DATEDIFF(quarter, '2024-03-31', '2024-04-01')", '1'],
  ["DATEDIFF(day, '2024-01-01 23:59', '2024-01-02 00:01')", '1'],
  ["DATEDIFF(day, '2024-03-01', '2024-02-01')", '-29'],
  ["DATEDIFF(hour, '2024-01-01 10:59', '2024-01-01 11:00')", '1'],
  ["DATEDIFF(minute, '2024-01-01 10:00:59', '2024-01-01 10:01:00')", '1'],
  ["DATEDIFF(second, '2024-01-01 10:00:00.900', '2024-01-01 10:00:01.100')", '1'],
  ["DATEDIFF(week, '2024-01-06', '2024-01-07')", '1'],
  ["DATEDIFF(week, '2024-01-07', '2024-01-13')", '0'],
  ["DATEADD(month, 1, CAST('2024-01-31' AS datetime))", '2024-02-29 00:00:00'],
  ["DATEADD(year, 1, CAST('2024-02-29' AS datetime))", '2025-02-28 00:00:00'],
  ["DATEADD(day, -1, CAST('2024-03-01' AS datetime))", '2024-02-29 00:00:00'],
  ["DATEPART(weekday, CAST('2024-01-07' AS date))", '1'],
  ["DATEPART(weekday, CAST('2024-01-13' AS date))", '7'],
  ["DATEPART(dayofyear, CAST('2024-12-31' AS date))", '366'],
  ["DATEPART(week, CAST('2024-01-06' AS date))", '1'],
  ["DATEPART(week, CAST('2024-01-07' AS date))", '2'],
  // ISO 8601 weeks start on Monday; 2021-01-03 (a Sunday) is in week 53 of 2020.
  ["DATEPART(iso_week, CAST('2021-01-03' AS date))", '53'],
  ["DATEPART(isowk, CAST('2021-01-04' AS date))", '1'],
  ['DATEFROMPARTS(2024, 2, 29)', '2024-02-29'],
  ['DATEFROMPARTS(2024, NULL, 29)', null],
  ['DATETIMEFROMPARTS(2024, 2, 10, 13, 45, 7, 250)', '2024-02-10 13:45:07.25'],
  ['DATETIME2FROMPARTS(2024, 2, 10, 13, 45, 7, 5, 1)', '2024-02-10 13:45:07.5'],
  ['SMALLDATETIMEFROMPARTS(2024, 2, 10, 13, 45)', '2024-02-10 13:45:00'],
  ['TIMEFROMPARTS(13, 45, 7, 50, 2)', '13:45:07.5'],
  ["DATENAME(month, CAST('2024-02-10' AS date))", 'February'],
  ["DATENAME(weekday, CAST('2024-02-10' AS date))", 'Saturday'],
  ["EOMONTH(CAST('2024-02-10' AS date))", '2024-02-29'],
  ["CONVERT(varchar(8), CAST('2024-02-10' AS date), 112)", '20240210'],
  ["CONVERT(varchar(10), CAST('2024-02-10 13:45:00' AS datetime), 103)", '10/02/2024'],
  ["CONVERT(varchar(19), CAST('2024-02-10 13:45:07' AS datetime), 120)", '2024-02-10 13:45:07'],
  ["CONVERT(datetime, '10/02/2024', 103)", '2024-02-10 00:00:00'],
  ["LEN('ab  ')", '2'],
  ["LEN('  ab')", '4'],
  ["CHARINDEX('b', 'abcb')", '2'],
  ["CHARINDEX('b', 'abcb', 3)", '4'],
  ["CHARINDEX('z', 'abcb', 3)", '0'],
  ["SUBSTRING('abc', 0, 2)", 'a'],
  ["SUBSTRING('abcdef', 2, 3)", 'bcd'],
  ["STUFF('abcdef', 2, 3, 'XY')", 'aXYef'],
  ["REPLICATE('ab', 3)", 'ababab'],
  ["LEFT('abcdef', 2) + RIGHT('abcdef', 2)", 'abef'],
  ["'a' + NULL", null],
  ["CHOOSE(2, 'a', 'b')", 'b'],
  ["CHOOSE(3, 'a', 'b')", null],
  ["TRY_CAST('12x' AS int)", null],
  ["TRY_CONVERT(int, ' 12 ')", '12'],
  ["TRY_CAST('2024-02-30' AS date)", null],
  ["CONCAT('a', NULL, 'b')", 'ab'],
  ["ISNULL(NULL, 'x')", 'x'],
  // AVG keeps its argument's type: money to 4 decimals, decimal(p, s) to max(s, 6).
  ['(SELECT AVG(CAST(v AS money)) FROM (VALUES (14.7663), (14.7662)) AS t(v))', '14.7663'],
  ['(SELECT AVG(CAST(v AS decimal(10,2))) FROM (VALUES (1), (2), (2)) AS t(v))', '1.666667'],
  // JSON functions (SQL Server's lax mode: a missing path, or a value of the other kind, is NULL)
  ['JSON_VALUE(\'{"a":{"b":"x y"}}\', \'$.a.b\')', 'x y'],
  ["JSON_VALUE('{\"a\":[1,2]}', '$.a')", null],
  ["JSON_VALUE('{\"a\":[1,2]}', '$.a[1]')", '2'],
  ["JSON_VALUE('{\"a\":1}', '$.missing')", null],
  ["JSON_VALUE('{\"a\":null}', 'lax $.a')", null],
  ['JSON_VALUE(\'{"first name":true}\', \'$."first name"\')', 'true'],
  ['ISJSON(\'{"a":1}\')', '1'],
  ["ISJSON(' [1]')", '1'],
  ["ISJSON('abc')", '0'],
  // JSON_QUERY: the fragment's text as the document writes it, NULL for a scalar or a missing path
  ['JSON_QUERY(\'{"a":{"b" : [1,  2]}, "c":3}\', \'$.a\')', '{"b" : [1,  2]}'],
  ['JSON_QUERY(\'{"a":[1,{"x":1}]}\', \'$.a[1]\')', '{"x":1}'],
  ["JSON_QUERY('{\"a\":1}', '$.a')", null],
  ["JSON_QUERY('{\"a\":1}', '$.b')", null],
  ["JSON_QUERY('[1, 2]')", '[1, 2]'],
  // STRING_ESCAPE(s, 'json'): quotes, backslashes, / and control characters escaped
  ["STRING_ESCAPE('a\"b\\c/d' + CHAR(10), 'json')", 'a\\"b\\\\c\\/d\\n'],
  ["STRING_ESCAPE(NULL, 'json')", null],
  ["ISJSON('1')", '0'],
  ['ISJSON(NULL)', null],
  ['7 / 2', '3'],
  ['-7 / 2', '-3'],
  ['7 % -3', '1'],
  ['CAST(2.7 AS int)', '2'],
  ['CAST(-2.7 AS int)', '-2'],
  // SQL Server keeps the argument's scale (2.560); the value is the same.
  ['ROUND(2.567, 2, 1)', '2.56'],
  ['ROUND(2.565, 2)', '2.57'],
  ['LOG(EXP(2))', '2'],
  ['SQUARE(3)', '9'],
  ["IIF(1 > 2, 'yes', 'no')", 'no'],
  ["'ab' LIKE '[a-c]b'", 'true'],
  ["'db' LIKE '[a-c]b'", 'false'],
  ["'a(b' LIKE '[a]([b]'", 'true'],
  // money * real is real in SQL Server (type precedence), computed in single precision: 486.5 * 0.85
  // is 413.525009..., so CONVERT(money, .../100) rounds up (Northwind's Order Details Extended).
  ['CONVERT(money, CAST(13.9 AS money) * 35 * (1 - CAST(0.15 AS real)) / 100) * 100', '413.5300'],
  // A real converted to money or decimal keeps its value, not its 6 shortest digits.
  ['CONVERT(money, CAST(102074.31 AS real))', '102074.3125'],
  ['CAST(CAST(0.15 AS real) AS decimal(12,10))', '0.1500000060'],
  // A float or real as text (CAST, CONVERT style 0, CONCAT): 6 significant digits, scientific with a
  // 3-digit exponent outside 1E-4 to 1E6.
  ["CONCAT('[', CAST(-86.790302 AS float), ',', CAST(33.520661 AS float), ']')", '[-86.7903,33.5207]'],
  ['CAST(CAST(1234567.0 AS float) AS varchar(20))', '1.23457e+006'],
  ['CAST(CAST(0.00001234 AS float) AS varchar(20))', '1.234e-005'],
  ['CONVERT(varchar(20), CAST(123456.7 AS float), 0)', '123457'],
  ['CAST(CAST(0 AS float) AS varchar(10))', '0'],
  ["CONCAT(CAST(2.5 AS real), 'x')", '2.5x'],
  ['CAST(CAST(-0.1 AS float) AS nvarchar(10))', '-0.1'],
  ['CAST(CAST(9.9999996 AS float) AS varchar(20))', '10'],
  // Role membership: 1 or 0, NULL for a role that does not exist (the test login is a superuser).
  ["IS_MEMBER('no_such_role')", null],
  ["IS_ROLEMEMBER('pg_read_all_data')", '1'],
  ["IS_ROLEMEMBER('pg_read_all_data', 'pg_monitor')", '0'],
  ["IS_ROLEMEMBER('no_such_role', 'pg_monitor')", null],
  // db_owner is the database's owner: the superuser login is a member, pg_monitor is not.
  ["IS_ROLEMEMBER(N'db_owner')", '1'],
  ["IS_MEMBER('DB_OWNER')", '1'],
  ["IS_ROLEMEMBER('db_owner', 'pg_monitor')", '0'],
  // SESSION_CONTEXT of a key the session never set is NULL.
  ["SESSION_CONTEXT(N'UserId')", null],
  // QUOTENAME: brackets by default, the closing delimiter doubled, NULL beyond 128 characters.
  ["QUOTENAME('ab]c')", '[ab]]c]'],
  ["QUOTENAME('a\"b', '\"')", '"a""b"'],
  ["QUOTENAME('it''s', '''')", "'it''s'"],
  ["QUOTENAME('x', ']')", '[x]'],
  ["QUOTENAME('f(x)', '(')", '(f(x)))'],
  ["QUOTENAME(REPLICATE('x', 129))", null],
  ["QUOTENAME('x', 'a')", null],
  // JSON_MODIFY, in jsonb's text (the TSQL_JSON_TEXT item): set (a string becomes a JSON string, a
  // missing property is created), NULL deletes in lax mode and sets null in strict mode, append,
  // JSON_QUERY's value set as JSON
  ["JSON_MODIFY('{\"a\":1}', '$.a', 'x/y')", '{"a": "x/y"}', ['TSQL_JSON_TEXT']],
  ["JSON_MODIFY('{\"a\":1}', '$.b', 2.5)", '{"a": 1, "b": 2.5}', ['TSQL_JSON_TEXT']],
  ['JSON_MODIFY(\'{"a":1,"b":2}\', \'$.a\', NULL)', '{"b": 2}', ['TSQL_JSON_TEXT']],
  ["JSON_MODIFY('{\"a\":1}', 'strict $.a', NULL)", '{"a": null}', ['TSQL_JSON_TEXT']],
  ["JSON_MODIFY('{\"l\":[1]}', 'append $.l', 2)", '{"l": [1, 2]}', ['TSQL_JSON_TEXT']],
  ["JSON_MODIFY('{\"a\":1}', '$.b', JSON_QUERY('[true]'))", '{"a": 1, "b": [true]}', ['TSQL_JSON_TEXT']],
  ["JSON_MODIFY(NULL, '$.a', 1)", null, ['TSQL_JSON_TEXT']],
];

describe('converted expressions return SQL Server values on PostgreSQL', () => {
  for (const [tsql, expected, codes = []] of cases) {
    it(`${tsql} -> ${expected}`, async () => {
      const { sql, actionItems } = convertExpression(
        parseExpression(tsql),
        names,
        { schema: 'dbo', name: 't' },
        't',
      );
      expect(actionItems.map((a) => a.code)).toEqual(codes);
      const [row] = await t.query<{ v: string | null }>(`SELECT (${sql})::text AS v`);
      expect(row!.v).toBe(expected);
    });
  }
});
