// INSERT / UPDATE / DELETE / MERGE lowering and their OUTPUT clause on their own (lower-dml.ts,
// lower-merge.ts, passes/output-clause.ts, passes/output-rows.ts): a T-SQL statement in, the PostgreSQL
// tree and its diagnostics out; the context records nothing and keeps no scope of the statement.

import { describe, expect, it } from 'vitest';
import { parseBatch, type Delete, type Insert, type Statement, type Update } from '@ferry/tsql';
import { pg, type PgExpression } from '../../src/pg/ast.js';
import { ConversionContext } from '../../src/plpgsql/conversion-context.js';
import { Generator } from '../../src/plpgsql/generator.js';
import { namesFromModel } from '../../src/plpgsql/name-resolver.js';
import { lowerDml } from '../../src/plpgsql/lower-dml.js';
import { lowerMerge } from '../../src/plpgsql/lower-merge.js';
import { outputRefusal, returningList } from '../../src/plpgsql/passes/output-clause.js';
import { mergeOutputRefusal, mergeReturning } from '../../src/plpgsql/passes/output-rows.js';
import { xmlModifyUpdate } from '../../src/plpgsql/passes/xml-methods.js';
import { col, model, table } from '../fixtures.js';

const m = model([
  table(
    'dbo',
    'product',
    [
      col('product_id', { kind: 'int32' }, { nullable: false }),
      col('code', { kind: 'text', length: 10, unicode: false, fixed: false }),
      col('active', { kind: 'bool' }),
      col('spec', { kind: 'xml' }),
    ],
    { primaryKey: { name: 'pk_product', columns: ['product_id'] } },
  ),
  table('dbo', 'staging', [col('code', { kind: 'text', length: 10, unicode: false, fixed: false })]),
]);

function generator(serverVersion = 17) {
  const ctx = new ConversionContext(namesFromModel(m, { serverVersion }), 'test');
  return { ctx, g: new Generator(ctx) };
}

function parsed<K extends Statement['kind']>(tsql: string, kind: K): Extract<Statement, { kind: K }> {
  const [s] = parseBatch(tsql);
  if (s?.kind !== kind) throw new Error(`not ${kind}: ${tsql}`);
  return s as Extract<Statement, { kind: K }>;
}

/** The statement lowered: its tree and diagnostic codes; the context keeps no scope. */
function lower(tsql: string, serverVersion?: number) {
  const { ctx, g } = generator(serverVersion);
  const [s] = parseBatch(tsql);
  const r = s?.kind === 'Merge' ? lowerMerge(s, g) : lowerDml(s as Insert | Update | Delete, g);
  expect(ctx.scopes).toEqual([]);
  return { node: r.node, codes: r.diagnostics.map((d) => d.code) };
}

describe('INSERT / UPDATE / DELETE', () => {
  it('INSERT ... OUTPUT: RETURNING the written row, a bit value fitted, the diagnostics returned', () => {
    const { node, codes } = lower(
      'INSERT INTO Product (ProductID, Active) OUTPUT inserted.Code VALUES (@@ERROR, 1)',
    );
    expect(node).toMatchObject({
      kind: 'Insert',
      table: ['dbo', 'product'],
      columns: ['product_id', 'active'],
      source: { kind: 'Values', rows: [[{ kind: 'Note', code: 'TSQL_ERROR_VARIABLE' }, pg.bool(true)]] },
      returning: [{ expr: pg.name('product', 'code') }],
    });
    expect(codes).toEqual(['TSQL_ERROR_VARIABLE']);
  });
  it('UPDATE / DELETE TOP (n) of one table: the first n matching rows by ctid', () => {
    const limited = (count: PgExpression) => ({
      kind: 'InQuery',
      expr: pg.name('ctid'),
      query: { limit: { withTies: false, count } },
    });
    expect(lower('UPDATE TOP (2) Product SET Code = NULL WHERE Active = 1').node).toMatchObject({
      kind: 'Update',
      where: limited(pg.number(2)),
    });
    expect(lower('DELETE TOP (3) FROM Product').node).toMatchObject({ where: limited(pg.number(3)) });
  });
  it('an OUTPUT clause that is not converted: one mark before the statement, no RETURNING', () => {
    const { node, codes } = lower('UPDATE Product SET @v = Code OUTPUT @w = inserted.Code');
    expect(codes).toEqual(['TSQL_OUTPUT_CLAUSE']);
    expect(node).toMatchObject({
      kind: 'Update',
      notes: [{ code: 'TSQL_OUTPUT_CLAUSE' }],
      returning: undefined,
    });
  });
  it('UPDATE ... FROM with an outer join: a marked no-op', () => {
    const { node, codes } = lower(
      'UPDATE p SET Code = s.Code FROM Product p LEFT JOIN Staging s ON s.Code = p.Code',
    );
    expect(node).toEqual({ kind: 'NoOp', notes: [expect.objectContaining({ code: 'TSQL_UPDATE_FROM' })] });
    expect(codes).toEqual(['TSQL_UPDATE_FROM']);
  });
  it('DELETE alias FROM: the target by its alias, the join condition in WHERE, hints dropped with a mark', () => {
    const { node, codes } = lower(
      'DELETE p FROM Product p WITH (NOLOCK) JOIN Staging s ON s.Code = p.Code WHERE p.Active = 0',
    );
    expect(node).toMatchObject({
      kind: 'Delete',
      table: ['dbo', 'product'],
      alias: 'p',
      using: [{ kind: 'Table', name: ['dbo', 'staging'], alias: 's' }],
      where: pg.binary(
        'AND',
        pg.paren(pg.binary('=', pg.name('s', 'code'), pg.name('p', 'code'))),
        pg.paren(pg.binary('=', pg.name('p', 'active'), pg.bool(false))),
      ),
    });
    expect(codes).toEqual(['TSQL_TABLE_HINT']);
  });
  it("UPDATE SET x.modify('...'): the statement left out with a high item", () => {
    const s = parsed("UPDATE Product SET Spec.modify('delete /a')", 'Update');
    expect(xmlModifyUpdate(s, [])).toEqual({
      node: { kind: 'NoOp', notes: [expect.objectContaining({ code: 'TSQL_XML_MODIFY' })] },
      diagnostics: [expect.objectContaining({ code: 'TSQL_XML_MODIFY', severity: 'high' })],
    });
    expect(xmlModifyUpdate(parsed('UPDATE Product SET Code = NULL', 'Update'), [])).toBeUndefined();
  });
});

describe('OUTPUT -> RETURNING', () => {
  const update = 'UPDATE Product SET Code = @@ERROR OUTPUT deleted.Code, inserted.Code AS NewCode';
  it('deleted.x of an UPDATE before PostgreSQL 18: the row of the same key, read by a subquery', () => {
    const { g } = generator(17);
    const s = parsed(update, 'Update');
    expect(outputRefusal(s, s.output!, g)).toBeUndefined();
    const before = pg.selectCore(
      [pg.name('ferry_old', 'code')],
      [pg.table(['dbo', 'product'], 'ferry_old')],
      pg.binary('=', pg.name('ferry_old', 'product_id'), pg.name('product', 'product_id')),
    );
    expect(returningList(s, s.output!, g)).toEqual({
      node: [
        { expr: { kind: 'Subquery', query: pg.select(before) }, alias: 'code' },
        { expr: pg.name('product', 'code'), alias: 'new_code' },
      ],
      diagnostics: [],
    });
  });
  it('deleted.x / inserted.x on PostgreSQL 18: old.x / new.x', () => {
    const { g } = generator(18);
    const s = parsed(update, 'Update');
    expect(returningList(s, s.output!, g).node).toEqual([
      { expr: pg.name('old', 'code'), alias: 'code' },
      { expr: pg.name('new', 'code'), alias: 'new_code' },
    ]);
  });
  it('deleted.x of an UPDATE that changes the key, before PostgreSQL 18: refused', () => {
    const { g } = generator(17);
    const s = parsed('UPDATE Product SET ProductID = 2 OUTPUT deleted.Code', 'Update');
    expect(outputRefusal(s, s.output!, g)).toMatch(/changes the primary key/);
  });
  it('the diagnostics of the OUTPUT columns are returned with the list', () => {
    const { node, codes } = lower('DELETE FROM Product OUTPUT deleted.Code, @@ERROR AS e');
    expect(node).toMatchObject({
      returning: [
        { expr: pg.name('product', 'code') },
        { expr: { code: 'TSQL_ERROR_VARIABLE' }, alias: 'e' },
      ],
    });
    expect(codes).toEqual(['TSQL_ERROR_VARIABLE']);
  });
});

describe('MERGE', () => {
  const merge = `MERGE Product AS t USING Staging AS s ON t.Code = s.Code
    WHEN MATCHED THEN UPDATE SET Active = 1 WHEN NOT MATCHED BY SOURCE THEN DELETE
    OUTPUT $action, inserted.Code;`;
  const target = (g: Generator) => ({
    rel: g.ctx.names.relation('dbo', 'product'),
    table: ['dbo', 'product'],
    qualifier: 't',
  });
  it('target and source in scope, WHEN actions, a bit value fitted, OUTPUT -> RETURNING', () => {
    const { node, codes } = lower(merge);
    expect(node).toMatchObject({
      kind: 'Merge',
      table: ['dbo', 'product'],
      alias: 't',
      on: pg.binary('=', pg.name('t', 'code'), pg.name('s', 'code')),
      whens: [
        { match: 'MATCHED', action: { kind: 'Update', set: [{ target: 'active', value: pg.bool(true) }] } },
        { match: 'NOT MATCHED BY SOURCE', action: { kind: 'Delete' } },
      ],
      returning: [{ expr: pg.call('merge_action'), alias: '$action' }, { alias: 'code' }],
    });
    expect(codes).toEqual([]);
  });
  it('inserted.x before PostgreSQL 18: the target row unless it was deleted; new.x on 18', () => {
    const s = parsed(merge, 'Merge');
    const g17 = generator(17).g;
    const action = pg.call('merge_action');
    expect(mergeReturning(s, s.output!, target(g17), g17).node[1]).toEqual({
      expr: {
        kind: 'Case',
        whens: [{ when: pg.binary('<>', action, pg.string('DELETE')), then: pg.name('t', 'code') }],
      },
      alias: 'code',
    });
    const g18 = generator(18).g;
    expect(mergeReturning(s, s.output!, target(g18), g18).node[1]).toEqual({
      expr: pg.name('new', 'code'),
      alias: 'code',
    });
  });
  it('OUTPUT before PostgreSQL 17: refused with one mark, after the statement is lowered', () => {
    const tsql = `MERGE Product AS t USING Staging AS s ON t.Code = s.Code
      WHEN MATCHED THEN UPDATE SET Code = @@ERROR OUTPUT $action;`;
    const s = parsed(tsql, 'Merge');
    const { g } = generator(16);
    expect(mergeOutputRefusal(s, s.output!, target(g), g)).toMatch(/needs PostgreSQL 17/);
    const { node, codes } = lower(tsql, 16);
    expect(codes).toEqual(['TSQL_ERROR_VARIABLE', 'TSQL_OUTPUT_CLAUSE']);
    expect(node).toMatchObject({ kind: 'Merge', notes: [{ code: 'TSQL_OUTPUT_CLAUSE' }] });
    expect(node).not.toHaveProperty('returning');
  });
});
