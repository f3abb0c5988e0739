// The PostgreSQL query printer on hand-built trees: clause order, parentheses of nested queries and
// joins, quoting, and where an action item's mark is printed.

import { describe, expect, it } from 'vitest';
import { pg, type PgDml, type PgFromItem, type PgSelect } from '../src/pg/ast.js';
import { printDml, printSelect } from '../src/pg/print-query.js';

const t = (name: string, alias?: string): PgFromItem => ({
  kind: 'Table',
  name: ['dbo', name],
  alias,
  notes: [],
});
const mark = { code: 'X_CODE', message: 'dropped' };
const core = (from: PgFromItem[]) => pg.selectCore([pg.name('a')], from);

describe('printSelect', () => {
  it.each<[string, PgSelect, string]>([
    [
      'a block with its clauses',
      { ...pg.select(core([t('T')])), limit: { withTies: false, count: pg.number(3) } },
      'SELECT a FROM dbo."T" LIMIT 3',
    ],
    [
      'WITH RECURSIVE, ORDER BY, OFFSET/FETCH',
      {
        kind: 'Select',
        with: { recursive: true, ctes: [{ name: 'n', columns: ['i'], query: pg.select(core([])) }] },
        body: core([t('n')]),
        orderBy: [{ expr: pg.name('a'), direction: 'DESC', nulls: 'LAST' }],
        offset: pg.number(1),
        fetch: pg.number(2),
        notes: [mark],
      },
      'WITH RECURSIVE n (i) AS (SELECT a) SELECT a FROM dbo.n ORDER BY a DESC NULLS LAST OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY /* ferry: X_CODE dropped */',
    ],
    [
      'a nested query in a set operation in parentheses',
      pg.select({
        kind: 'SetOperation',
        op: 'UNION ALL',
        left: { ...pg.select(core([])), limit: { withTies: true, count: pg.paren(pg.number(1)) } },
        right: core([]),
      }),
      '(SELECT a FETCH FIRST (1) ROWS WITH TIES) UNION ALL SELECT a',
    ],
    [
      'a join nested on the right in parentheses, a lateral join, a hint mark',
      pg.select(
        core([
          {
            kind: 'Join',
            type: 'LEFT OUTER',
            lateral: false,
            left: t('a', 'x'),
            right: { kind: 'Join', type: 'CROSS', lateral: true, left: t('b'), right: t('c'), notes: [] },
            on: pg.bool(true),
            notes: [mark],
          },
        ]),
      ),
      'SELECT a FROM dbo.a AS x LEFT OUTER JOIN /* ferry: X_CODE dropped */(dbo.b CROSS JOIN LATERAL dbo.c) ON true',
    ],
    [
      'VALUES and a derived table with column names',
      pg.select(
        core([
          { kind: 'ValuesFrom', rows: [[pg.number(1)], [pg.number(2)]], alias: 'v', columns: ['Id'] },
          { kind: 'SubqueryFrom', query: pg.select(core([])), alias: 'd' },
        ]),
      ),
      'SELECT a FROM (VALUES (1), (2)) AS v ("Id"), (SELECT a) AS d',
    ],
  ])('%s', (_name, tree, sql) => {
    expect(printSelect(tree)).toBe(sql);
  });
});

describe('printDml', () => {
  it.each<[string, PgDml, string]>([
    [
      'INSERT ... SELECT with a column list',
      { kind: 'Insert', notes: [], table: ['dbo', 'T'], columns: ['a'], source: pg.select(core([])) },
      'INSERT INTO dbo."T" (a) SELECT a',
    ],
    [
      'UPDATE ... WHERE CURRENT OF',
      {
        kind: 'Update',
        notes: [],
        table: t('t'),
        set: [{ target: 'a', value: pg.number(1) }],
        from: [],
        where: { kind: 'CurrentOf', cursor: 'c' },
      },
      'UPDATE dbo.t SET a = 1 WHERE CURRENT OF c',
    ],
    [
      'DELETE ... USING with a trailing mark',
      {
        kind: 'Delete',
        notes: [],
        table: ['dbo', 't'],
        using: [t('u')],
        where: pg.bool(true),
        trailing: [mark],
      },
      'DELETE FROM dbo.t USING dbo.u WHERE true/* ferry: X_CODE dropped */',
    ],
    ['a marked no-op', { kind: 'NoOp', notes: [mark] }, '/* ferry: X_CODE dropped */NULL'],
  ])('%s', (_name, tree, sql) => {
    expect(printDml(tree)).toBe(sql);
  });
});
