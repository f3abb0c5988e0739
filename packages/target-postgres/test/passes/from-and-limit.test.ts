// Passes of a query's FROM clause and TOP on their own: STRING_SPLIT and OPENJSON in FROM, TOP ->
// LIMIT. A T-SQL node in, the PostgreSQL node and its diagnostics out; a pass not for that node declines.

import { describe, expect, it } from 'vitest';
import { parseBatch, type Select, type TableFunctionRef, type Top } from '@ferry/tsql';
import { pg } from '../../src/pg/ast.js';
import { printFromItem } from '../../src/pg/print-query.js';
import { stringSplitFrom } from '../../src/plpgsql/passes/string-split.js';
import { openJsonFrom } from '../../src/plpgsql/passes/openjson.js';
import { topToLimit } from '../../src/plpgsql/passes/top-to-limit.js';
import { lowered } from '../../src/plpgsql/lowered.js';
import { passGenerator } from './pass-context.js';

const g = passGenerator();

function query(tsql: string) {
  const s = parseBatch(tsql)[0] as Select;
  if (s.query.kind !== 'QuerySpec') throw new Error('not a query block');
  return s.query;
}
const fromItem = (tsql: string) => query(tsql).from[0] as TableFunctionRef;

describe('STRING_SPLIT in FROM', () => {
  it('-> regexp_split_to_table, the text argument lowered with its diagnostics', () => {
    const r = stringSplitFrom(fromItem("SELECT value FROM STRING_SPLIT(@@ERROR, ',') AS s"), g);
    expect(r?.node).toMatchObject({ kind: 'FunctionFrom', alias: 's', columns: ['value'] });
    expect(r?.diagnostics.map((d) => d.code)).toEqual(['TSQL_ERROR_VARIABLE']);
  });
  it('declines a separator that is not a one-character literal, and other functions', () => {
    expect(stringSplitFrom(fromItem("SELECT value FROM STRING_SPLIT('a,b', ',,') AS s"), g)).toBeUndefined();
    expect(stringSplitFrom(fromItem("SELECT * FROM OPENJSON('[1]') AS j"), g)).toBeUndefined();
  });
});

describe('OPENJSON in FROM', () => {
  it('-> a derived table over the document, the document raising its diagnostics', () => {
    const r = openJsonFrom(fromItem('SELECT [key] FROM OPENJSON(@@ERROR) AS j'), g);
    expect(r?.node).toMatchObject({ kind: 'SubqueryFrom', alias: 'j' });
    expect(r?.diagnostics.map((d) => d.code)).toEqual(['TSQL_ERROR_VARIABLE']);
  });
  it('writes its argument once, for either schema', () => {
    for (const tsql of [
      'SELECT [key] FROM OPENJSON((SELECT max(ship_name) FROM orders)) AS j',
      "SELECT a FROM OPENJSON((SELECT max(ship_name) FROM orders), '$.b') WITH (a int) AS j",
    ]) {
      const sql = printFromItem(openJsonFrom(fromItem(tsql), g)!.node);
      expect(sql.split('max(').length - 1, sql).toBe(1);
    }
  });
  it('declines STRING_SPLIT', () => {
    expect(openJsonFrom(fromItem("SELECT value FROM STRING_SPLIT('a', ',') AS s"), g)).toBeUndefined();
  });
});

describe('TOP -> LIMIT', () => {
  const top = (tsql: string) => query(tsql).top as Top;
  const noCount = () => {
    throw new Error('TOP without PERCENT counts no rows');
  };
  it('TOP n -> LIMIT n; WITH TIES keeps the ties, the count in parentheses', () => {
    expect(topToLimit(top('SELECT TOP 5 1'), g, noCount)).toEqual(
      lowered({ withTies: false, count: pg.number(5) }),
    );
    expect(topToLimit(top('SELECT TOP 5 WITH TIES 1 ORDER BY 1'), g, noCount).node).toEqual({
      withTies: true,
      count: pg.paren(pg.number(5)),
    });
  });
  it("TOP n PERCENT: the count query's diagnostics follow n's", () => {
    const count = () =>
      lowered(pg.select(pg.selectCore([pg.number(1)], [])), [
        { code: 'COUNTED', severity: 'low', message: 'the rows counted' } as const,
      ]);
    const r = topToLimit(top('SELECT TOP (@@ERROR) PERCENT 1'), g, count);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['TSQL_ERROR_VARIABLE', 'COUNTED']);
  });
  it('no TOP and no SET ROWCOUNT: no limit', () => {
    expect(topToLimit(undefined, g, noCount)).toEqual(lowered(undefined));
  });
});
