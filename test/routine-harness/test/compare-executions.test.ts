import { describe, expect, it } from 'vitest';
import type { LogicalType } from '@ferry/core';
import { firstDifference } from '../src/compare-executions.js';
import type { Execution } from '../src/outcome.js';
import { sourceValue } from '../src/normalize-row.js';
import { orderKeysOf, unemulatedOf } from '../src/source-catalog.js';

const money: LogicalType = { kind: 'decimal', precision: 19, scale: 4, money: true };
const text: LogicalType = { kind: 'text', length: 10, unicode: true, fixed: false };
const timestamp: LogicalType = { kind: 'timestamp', precision: 3 };

const sqlServer = (rows: unknown[][], types: LogicalType[] = [text, money]): Execution => ({
  sql: '',
  ok: true,
  resultSets: [
    { columns: ['Name', 'Price'], types, rows: rows.map((r) => r.map((v, i) => sourceValue(types[i]!, v))) },
  ],
  outputs: {},
});
const postgres = (rows: (string | null)[][]): Execution => ({
  sql: '',
  ok: true,
  resultSets: [{ columns: ['name', 'price'], rows }],
  outputs: {},
});

describe('firstDifference', () => {
  it('compares values by the SQL Server column type: 18 (money) equals PostgreSQL 18.0000, not 18.00005', () => {
    expect(firstDifference(sqlServer([['Chai', 18]]), postgres([['Chai', '18.0000']]))).toBeUndefined();
    expect(firstDifference(sqlServer([['Chai', 18]]), postgres([['Chai', '18.00005']]))).toBe(
      "row 1 column Price: SQL Server '18', PostgreSQL '18.00005'",
    );
  });

  it('reads rows in order unless asked for multisets; then duplicates still count', () => {
    const a = sqlServer([
      ['a', 1],
      ['b', 2],
    ]);
    const swapped = postgres([
      ['b', '2'],
      ['a', '1'],
    ]);
    expect(firstDifference(a, swapped)).toMatch(/^the same rows in another order/);
    expect(firstDifference(a, swapped, { unordered: true })).toBeUndefined();
    expect(firstDifference(a, postgres([['a', '1']]), { unordered: true })).toBe(
      '2 row(s) on SQL Server, 1 on PostgreSQL; 1 missing on PostgreSQL, first ["b","2"]',
    );
    // A row that differs in one value is missing on one side and extra on the other.
    expect(firstDifference(a, postgres([['a', '1.5']]), { unordered: true })).toBe(
      '2 row(s) on SQL Server, 1 on PostgreSQL; 2 missing on PostgreSQL, first ["a","1"]; 1 extra on PostgreSQL, first ["a","1.5"]',
    );
  });

  it('counts the values that differ when more than the first one does', () => {
    const a = sqlServer([
      ['a', 1],
      ['b', 2],
    ]);
    expect(
      firstDifference(
        a,
        postgres([
          ['a', '1'],
          ['b', '3'],
        ]),
      ),
    ).toBe("row 2 column Price: SQL Server '2', PostgreSQL '3'");
    expect(
      firstDifference(
        a,
        postgres([
          ['A', '1'],
          ['B', '3'],
        ]),
      ),
    ).toBe("row 1 column Name: SQL Server 'a', PostgreSQL 'A' (3 values differ, in 2 rows)");
  });

  it('shows two long texts from just before their first differing character', () => {
    const head = 'CREATE PROCEDURE dbo.InsertContact AS INSERT dbo.Contact (FullName) SELECT FullName';
    const long = (type: string) => sqlServer([[`${head} FROM OPENJSON(@j) WITH (FullName ${type}(100))`, 1]]);
    expect(
      firstDifference(
        long('nvarchar'),
        postgres([[`${head} FROM OPENJSON(@j) WITH (FullName varchar(100))`, '1']]),
      ),
    ).toBe(
      "row 1 column Name: at character 118: SQL Server '...(@j) WITH (FullName nvarchar(100))', PostgreSQL '...(@j) WITH (FullName varchar(100))'",
    );
  });

  it('ordered rows whose order keys are equal (ties) may come in any order; other reorderings differ', () => {
    const ties = sqlServer([
      ['a', 1],
      ['b', 1],
      ['c', 2],
    ]);
    const tiesSwapped = postgres([
      ['b', '1'],
      ['a', '1'],
      ['c', '2'],
    ]);
    expect(firstDifference(ties, tiesSwapped, { orderKeys: ['price'] })).toBeUndefined();
    expect(firstDifference(ties, tiesSwapped, { orderKeys: ['Name'] })).toMatch(
      /^the same rows in another order/,
    );
    expect(firstDifference(ties, tiesSwapped)).toMatch(/^the same rows in another order/);
    const keysMoved = postgres([
      ['c', '2'],
      ['a', '1'],
      ['b', '1'],
    ]);
    expect(firstDifference(ties, keysMoved, { orderKeys: ['Price'] })).toMatch(
      /^the same rows in another order/,
    );
  });

  it("takes a module's order keys from its one ORDER BY, when each names an output column", () => {
    const proc = (select: string) => `CREATE PROCEDURE p AS BEGIN SET NOCOUNT ON; ${select} END`;
    expect(
      orderKeysOf(
        proc(
          'SELECT t.commit_time AS CommitTime, l.Salary FROM t JOIN l ON 1 = 1 ORDER BY t.commit_time DESC',
        ),
      ),
    ).toEqual({
      orderKeys: ['CommitTime'],
    });
    expect(orderKeysOf(proc('SELECT a AS x, b FROM t ORDER BY x, 2'))).toEqual({ orderKeys: ['x', 'b'] });
    // a key that is not an output column, or two ordered SELECTs: rows are compared in order
    expect(orderKeysOf(proc('SELECT a FROM t ORDER BY c'))).toEqual({});
    expect(orderKeysOf(proc('SELECT a FROM t ORDER BY a; SELECT b FROM t ORDER BY b'))).toEqual({});
  });

  it('names the system procedures a module executes that the emulator does not have', () => {
    const proc = (body: string) => `CREATE PROCEDURE p AS BEGIN ${body} END`;
    expect(
      unemulatedOf(
        proc("EXEC sys.sp_verify_database_ledger_from_digest_storage N'[]'; EXEC sp_executesql N'SELECT 1'"),
      ),
    ).toEqual({ unemulated: ['sys.sp_verify_database_ledger_from_digest_storage'] });
    expect(
      unemulatedOf(
        proc('EXEC sp_help; EXEC dbo.MyProc; EXEC sys.sp_set_session_context @key = 1, @value = 2'),
      ),
    ).toEqual({
      unemulated: ['sys.sp_help'],
    });
    expect(unemulatedOf(proc('EXEC dbo.MyProc'))).toEqual({});
  });

  it('takes a collision suffix for a column whose name an earlier column has after the naming strategy', () => {
    const collided = (columns: string[]): Execution => ({
      sql: '',
      ok: true,
      resultSets: [{ columns, rows: [['1', '2']] }],
      outputs: {},
    });
    const source = {
      ...collided(['DateKey', 'Date Key']),
      resultSets: [{ columns: ['DateKey', 'Date Key'], types: [text, text], rows: [['1', '2']] }],
    };
    expect(firstDifference(source, collided(['date_key', 'date_key_2']))).toBeUndefined();
    expect(firstDifference(source, collided(['date_key_2', 'date_key']))).toBe(
      'column 1 is "DateKey" on SQL Server, "date_key_2" on PostgreSQL',
    );
    const apart = { ...source, resultSets: [{ ...source.resultSets[0]!, columns: ['DateKey', 'Year Key'] }] };
    expect(firstDifference(apart, collided(['date_key', 'year_key_2']))).toBe(
      'column 2 is "Year Key" on SQL Server, "year_key_2" on PostgreSQL',
    );
  });

  it('compares timestamps to the tick and output parameters by name', () => {
    const d = new Date(Date.UTC(1998, 0, 1, 23, 59, 59, 997));
    const s = sqlServer([['x', d]], [text, timestamp]);
    expect(firstDifference(s, postgres([['x', '1998-01-01 23:59:59.997']]))).toBeUndefined();
    expect(firstDifference(s, postgres([['x', '1998-01-01 23:59:59.996']]))).toMatch(/^row 1 column Price/);
    const out = { ...sqlServer([]), outputs: { total: '5' }, outputTypes: { total: money } };
    expect(firstDifference(out, { ...postgres([]), outputs: { total: '5.0000' } })).toBeUndefined();
    expect(firstDifference(out, { ...postgres([]), outputs: {} })).toBe(
      'output @total is not returned by PostgreSQL',
    );
  });
});
