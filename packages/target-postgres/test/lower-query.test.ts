// Query lowering on its own: the PostgreSQL query tree a T-SQL SELECT or DML statement becomes
// (TOP -> LIMIT, APPLY -> LATERAL, hints -> marks, CTEs, UPDATE ... FROM), before any printing.

import { describe, expect, it } from 'vitest';
import { parseBatch, type Delete, type Select, type Statement } from '@ferry/tsql';
import { pg, type PgExpression, type PgSelect } from '../src/pg/ast.js';
import { ConversionContext } from '../src/plpgsql/conversion-context.js';
import { Generator } from '../src/plpgsql/generator.js';
import { namesFromModel } from '../src/plpgsql/name-resolver.js';
import { lowerSelect, lowerWith } from '../src/plpgsql/lower-query.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';
import { lowerDml } from '../src/plpgsql/lower-dml.js';
import { lowerMerge } from '../src/plpgsql/lower-merge.js';
import { percentOfRows } from '../src/plpgsql/passes/top-to-limit.js';
import { col, model, table } from './fixtures.js';

const names = namesFromModel(
  model([
    table('dbo', 'orders', [
      col('order_id', { kind: 'int32' }),
      col('ship_name', { kind: 'text', length: 40, unicode: true, fixed: false }),
    ]),
    table('dbo', 'lines', [col('order_id', { kind: 'int32' }), col('qty', { kind: 'int32' })]),
    table('dbo', 'todo', [
      col('id', { kind: 'int32' }, { identity: { seed: '1', increment: '1' } }),
      col('title', { kind: 'text', length: 30, unicode: true, fixed: false }),
    ]),
    table('dbo', 'audit', [
      col('query', { kind: 'int32' }),
      col('ledger_start_transaction_id', { kind: 'int64' }, { hidden: true }),
    ]),
  ]),
);

function statement(tsql: string): { s: Statement; g: Generator; ctx: ConversionContext } {
  const [s] = parseBatch(tsql);
  const ctx = new ConversionContext(names, 'test');
  return { s: s!, g: new Generator(ctx), ctx };
}

function select(tsql: string): { tree: PgSelect; codes: string[] } {
  const { s, g, ctx } = statement(tsql);
  if (s.kind !== 'Select') throw new Error(`not a query: ${tsql}`);
  const { node, diagnostics } = lowerSelect(s, g);
  // a pure pass: the context keeps no scope of the query
  expect(ctx.scopes).toEqual([]);
  return { tree: node, codes: diagnostics.map((d) => d.code) };
}

const orders = { kind: 'Table', name: ['dbo', 'orders'], notes: [] } as const;

describe('lowerSelect', () => {
  it('TOP n -> LIMIT n on the query, the FROM table by its target name', () => {
    const { tree } = select('SELECT TOP 5 OrderID FROM Orders');
    expect(tree.limit).toEqual({ withTies: false, count: pg.number(5) });
    expect(tree.body).toMatchObject({
      kind: 'SelectCore',
      columns: [{ expr: pg.name('order_id') }],
      from: [orders],
    });
  });
  it('TOP n WITH TIES -> FETCH FIRST (n) ROWS WITH TIES', () => {
    const { tree } = select('SELECT TOP 5 WITH TIES OrderID FROM Orders ORDER BY OrderID');
    expect(tree.limit).toEqual({ withTies: true, count: pg.paren(pg.number(5)) });
    expect(tree.orderBy).toEqual([{ expr: pg.name('order_id'), nulls: 'FIRST' }]);
  });
  it('TOP n PERCENT counts the rows of the same FROM and WHERE', () => {
    const { tree } = select('SELECT TOP 10 PERCENT OrderID FROM Orders WHERE OrderID > 1');
    const rows = pg.select(
      pg.selectCore([pg.number(1)], [orders], pg.binary('>', pg.name('order_id'), pg.number(1))),
    );
    expect(tree.limit).toEqual({ withTies: false, count: percentOfRows(pg.number(10), rows) });
  });
  it('CROSS APPLY -> CROSS JOIN LATERAL, OUTER APPLY -> LEFT JOIN LATERAL ... ON true', () => {
    const cross = select('SELECT * FROM Orders o CROSS APPLY (SELECT 1 AS x) AS a').tree.body;
    expect(cross).toMatchObject({ from: [{ kind: 'Join', type: 'CROSS', lateral: true }] });
    const outer = select('SELECT * FROM Orders o OUTER APPLY (SELECT 1 AS x) AS a').tree.body;
    expect(outer).toMatchObject({ from: [{ kind: 'Join', type: 'LEFT', lateral: true, on: pg.bool(true) }] });
  });
  it('a table hint is dropped with a mark on the table', () => {
    const { tree, codes } = select('SELECT * FROM Orders WITH (NOLOCK)');
    expect(codes).toEqual(['TSQL_TABLE_HINT']);
    expect(tree.body).toMatchObject({ from: [{ kind: 'Table', notes: [{ code: 'TSQL_TABLE_HINT' }] }] });
  });
  it('a CTE that reads itself makes the WITH recursive', () => {
    const { tree } = select(
      'WITH n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n',
    );
    expect(tree.with).toMatchObject({ recursive: true, ctes: [{ name: 'n', columns: ['i'] }] });
  });
  it('a set operation side with TOP becomes a parenthesised query with its LIMIT', () => {
    const { tree } = select('SELECT TOP 1 OrderID FROM Orders UNION SELECT OrderID FROM Lines');
    expect(tree.body).toMatchObject({
      kind: 'SetOperation',
      op: 'UNION',
      left: { kind: 'Select', limit: { count: pg.number(1) } },
      right: { kind: 'SelectCore' },
    });
  });
  it("a trigger's deleted rows in an INSERT trigger: an empty query of the target table", () => {
    const [s] = parseBatch('SELECT * FROM deleted');
    const ctx = new ConversionContext(names, 'test', undefined, 1, { table: 'Orders', inserted: 'inserted' });
    const g = new Generator(ctx);
    if (s?.kind !== 'Select') throw new Error('not a query');
    const empty = pg.select(pg.selectCore([{ kind: 'Star' }], [orders], pg.bool(false)));
    expect(lowerSelect(s, g).node.body).toMatchObject({
      from: [{ kind: 'SubqueryFrom', query: empty, alias: 'deleted' }],
    });
  });
  it('* and t.* over a table with hidden (ledger) columns: its visible columns, as on SQL Server', () => {
    expect(select('SELECT * FROM Audit').tree.body).toMatchObject({ columns: [{ expr: pg.name('query') }] });
    expect(select('SELECT a.* FROM Audit a JOIN Orders o ON 1 = 1').tree.body).toMatchObject({
      columns: [{ expr: pg.name('a', 'query') }],
    });
    expect(select('SELECT * FROM Orders').tree.body).toMatchObject({ columns: [{ expr: { kind: 'Star' } }] });
  });
  it('FOR XML RAW, XMLDATA is kept as a mark on the query', () => {
    const { tree, codes } = select('SELECT OrderID FROM Orders FOR XML RAW, XMLDATA');
    expect(codes).toEqual(['TSQL_FOR_XML']);
    expect(tree.notes).toMatchObject([{ code: 'TSQL_FOR_XML' }]);
  });
});

describe("the ledger's transactions", () => {
  const query = (withTable: boolean) => {
    const tables = [
      table('dbo', 'employees', [col('employee_id', { kind: 'int32' })]),
      table('sys', 'database_ledger_transactions', [col('commit_time', { kind: 'int64' })]),
    ];
    const [s] = parseBatch('SELECT t.commit_time FROM sys.database_ledger_transactions t');
    const ctx = new ConversionContext(namesFromModel(model(withTable ? tables : tables.slice(0, 1))), 'test');
    const { node, diagnostics } = lowerSelect(s as Select, new Generator(ctx));
    return { body: node.body, codes: diagnostics.map((d) => d.code) };
  };
  it('sys.database_ledger_transactions copied by the migration (a table of the model) is read as that table', () => {
    const { body, codes } = query(true);
    expect(body).toMatchObject({
      from: [{ kind: 'Table', name: ['sys', 'database_ledger_transactions'], alias: 't' }],
    });
    expect(codes).toEqual([]);
  });
  it('without that table it keeps a high TSQL_LEDGER item: PostgreSQL has no ledger', () => {
    expect(query(false).codes).toEqual(['TSQL_LEDGER']);
  });
});

describe('CTE scope', () => {
  it("a CTE is in scope in its statement only: the next statement's table of that name is the table", () => {
    const [first, second, third] = parseBatch(
      `WITH Orders AS (SELECT 1 AS n) SELECT n FROM Orders;
       SELECT OrderID FROM Orders;
       WITH Orders AS (SELECT 1 AS n) DELETE FROM Lines WHERE Qty IN (SELECT n FROM Orders)`,
    );
    const ctx = new ConversionContext(names, 'test');
    const g = new Generator(ctx);
    const cte = { kind: 'Table', name: ['orders'], notes: [] };
    expect(lowerSelect(first as Select, g).node.body).toMatchObject({ from: [cte] });
    expect(lowerSelect(second as Select, g).node.body).toMatchObject({ from: [orders] });
    expect(lowerDml(third as Delete, g).node).toMatchObject({
      where: { kind: 'InQuery', query: { body: { from: [cte] } } },
    });
    expect(lowerSelect(second as Select, g).node.body).toMatchObject({ from: [orders] });
    expect(ctx.ctes.size).toBe(0);
  });
});

describe('lowerWith', () => {
  it('returns the generator its statement is lowered by: the CTEs with their columns; the given one is left as it is', () => {
    const { s, g, ctx } = statement('WITH c (n) AS (SELECT OrderID FROM Orders) SELECT n FROM c');
    if (s.kind !== 'Select') throw new Error('not a query');
    const { node } = lowerWith(s.with, g);
    expect(node.clause).toMatchObject({ recursive: false, ctes: [{ name: 'c', columns: ['n'] }] });
    expect(node.g.ctx.ctes.get('c')?.column('N')).toEqual({ name: 'n', type: pgTypeNamed('integer') });
    expect(ctx.ctes.size).toBe(0);
  });
  it("a recursive CTE's query reads its columns as its anchor types them", () => {
    const { s, g } = statement(
      'WITH n (i) AS (SELECT OrderID FROM Orders UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n',
    );
    if (s.kind !== 'Select') throw new Error('not a query');
    const { node } = lowerWith(s.with, g);
    expect(node.clause?.recursive).toBe(true);
    expect(node.g.ctx.ctes.get('n')?.column('i')?.type).toEqual(pgTypeNamed('integer'));
  });
});

describe('lowerDml', () => {
  function dml(tsql: string) {
    const { s, g, ctx } = statement(tsql);
    if (s.kind !== 'Insert' && s.kind !== 'Update' && s.kind !== 'Delete' && s.kind !== 'Merge')
      throw new Error(`not DML: ${tsql}`);
    const { node, diagnostics } = s.kind === 'Merge' ? lowerMerge(s, g) : lowerDml(s, g);
    // a pure pass: the context keeps no scope of the statement
    expect(ctx.scopes).toEqual([]);
    return { tree: node, codes: diagnostics.map((d) => d.code) };
  }
  it('UPDATE ... FROM a join: the target keeps its alias, the join condition moves to WHERE', () => {
    const { tree } = dml('UPDATE o SET ShipName = l.Qty FROM Orders o JOIN Lines l ON l.OrderID = o.OrderID');
    const on: PgExpression = pg.binary('=', pg.name('l', 'order_id'), pg.name('o', 'order_id'));
    expect(tree).toEqual({
      kind: 'Update',
      notes: [],
      table: { ...orders, alias: 'o' },
      set: [{ target: 'ship_name', value: pg.name('l', 'qty') }],
      from: [{ kind: 'Table', name: ['dbo', 'lines'], alias: 'l', notes: [] }],
      where: pg.paren(on),
    });
  });
  it('col += text is col = col || text, as the T-SQL operator on strings is', () => {
    const { tree } = dml("UPDATE Orders SET ShipName += 'x'");
    expect(tree).toMatchObject({
      set: [{ target: 'ship_name', value: pg.binary('||', pg.name('ship_name'), pg.string('x')) }],
    });
  });
  it('col ^= n is col = col # n (PostgreSQL xor)', () => {
    const { tree } = dml('UPDATE Orders SET OrderID ^= 1');
    expect(tree).toMatchObject({ set: [{ value: pg.binary('#', pg.name('order_id'), pg.number(1)) }] });
  });
  it('INSERT without a column list fills the columns but the identity and hidden ones, as SQL Server does', () => {
    expect(dml("INSERT INTO Todo SELECT 'a'").tree).toMatchObject({ kind: 'Insert', columns: ['title'] });
    expect(dml('INSERT INTO Audit VALUES (1)').tree).toMatchObject({ kind: 'Insert', columns: ['query'] });
    expect(dml('INSERT INTO Orders VALUES (1, 2)').tree).toMatchObject({
      kind: 'Insert',
      columns: undefined,
    });
  });
  it('MERGE: target and source in scope for ON, the WHEN conditions and actions', () => {
    const { tree, codes } = dml(
      'MERGE Orders AS t USING Lines AS s ON t.OrderID = s.OrderID WHEN MATCHED AND s.Qty = 0 THEN DELETE;',
    );
    expect(tree).toEqual({
      kind: 'Merge',
      notes: [],
      table: ['dbo', 'orders'],
      alias: 't',
      source: { kind: 'Table', name: ['dbo', 'lines'], alias: 's', notes: [] },
      on: pg.binary('=', pg.name('t', 'order_id'), pg.name('s', 'order_id')),
      whens: [
        {
          match: 'MATCHED',
          condition: pg.binary('=', pg.name('s', 'qty'), pg.number(0)),
          action: { kind: 'Delete' },
        },
      ],
    });
    expect(codes).toEqual([]);
  });
});
