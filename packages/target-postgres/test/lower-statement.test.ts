// Statement lowering on its own: the PL/pgSQL tree T-SQL statements become (declarations hoisted,
// result sets as refcursors, TRY/CATCH as a block with an exception handler), before any printing.

import { describe, expect, it } from 'vitest';
import { parseBatch } from '@ferry/tsql';
import { pg, type PgStatement } from '../src/pg/ast.js';
import { ConversionContext } from '../src/plpgsql/conversion-context.js';
import { Generator, tableVariableIdent } from '../src/plpgsql/generator.js';
import { namesFromModel } from '../src/plpgsql/name-resolver.js';
import type { BodyState } from '../src/plpgsql/body-state.js';
import { raiseFormat } from '../src/plpgsql/lower-statement.js';
import { col, model, table } from './fixtures.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';
import { printStatements } from '../src/pg/print-plpgsql.js';

const names = namesFromModel(model([table('dbo', 'orders', [col('order_id', { kind: 'int32' })])]));

function lower(tsql: string, routine: BodyState['routine'] = 'procedure') {
  const [proc] = parseBatch(`CREATE PROCEDURE p AS ${tsql}`);
  if (proc?.kind !== 'CreateProcedure') throw new Error('not a procedure');
  const state: BodyState = {
    resultSets: routine === 'procedure' ? 'refcursor' : 'none',
    sourceName: 'dbo.p',
    routineName: ['dbo', 'p'],
    routine,
    returnStatement: [{ kind: 'Return' }],
  };
  const { node, diagnostics } = new Generator(new ConversionContext(names, 'test'))
    .withBody(state)
    .statements(proc.body!);
  return { statements: node.statements, flow: node.flow, codes: diagnostics.map((d) => d.code) };
}

describe('lowerStatements', () => {
  it('a table variable is a temp table of its own routine (schema and name), a name past 63 bytes shortened with a hash', () => {
    expect(tableVariableIdent('@R', ['sales', 'usp_orders'])).toBe('p_r_sales_usp_orders');
    expect(tableVariableIdent('@R', ['dbo', 'usp_orders'])).toBe('p_r_dbo_usp_orders');
    const long = tableVariableIdent('@r', ['dbo', 'x'.repeat(70)]);
    expect(Buffer.byteLength(long)).toBe(63);
    expect(long).toMatch(/^p_r_dbo_x+_[0-9a-f]{8}$/);
    expect(tableVariableIdent('@s', ['dbo', 'x'.repeat(70)])).not.toBe(long);
  });
  it('DECLARE goes to the DECLARE section; its initial value is an assignment', () => {
    const { statements, flow } = lower('DECLARE @n int = 5');
    expect(flow.declarations).toEqual([{ kind: 'Variable', name: 'p_n', type: pgTypeNamed('integer') }]);
    expect(statements).toEqual([{ kind: 'Assign', target: 'p_n', value: pg.number(5) }]);
  });
  it('IF ... ELSE IF ... ELSE is one IF with its branches', () => {
    const { statements } = lower(
      'DECLARE @n int; IF @n = 1 SET @n = 2 ELSE IF @n = 2 SET @n = 3 ELSE SET @n = 4',
    );
    const assign = (n: number): PgStatement => ({ kind: 'Assign', target: 'p_n', value: pg.number(n) });
    expect(statements).toEqual([
      {
        kind: 'If',
        branches: [
          { condition: pg.binary('=', pg.name('p_n'), pg.number(1)), body: [assign(2)] },
          { condition: pg.binary('=', pg.name('p_n'), pg.number(2)), body: [assign(3)] },
        ],
        else: [assign(4)],
      },
    ]);
  });
  it('TRY/CATCH is a block with an exception handler; THROW without arguments re-raises', () => {
    const { statements } = lower('BEGIN TRY DELETE FROM Orders END TRY BEGIN CATCH THROW; END CATCH');
    expect(statements).toMatchObject([
      {
        kind: 'Block',
        body: [{ kind: 'Dml', dml: { kind: 'Delete' } }],
        onError: [{ kind: 'Raise', args: [] }],
      },
    ]);
  });
  it("a procedure's result set is a refcursor it opens and returns", () => {
    const { statements, flow } = lower('SELECT OrderID FROM Orders');
    expect(flow.declarations).toEqual([
      { kind: 'Variable', name: 'result_1', type: pgTypeNamed('refcursor') },
    ]);
    expect(statements).toMatchObject([
      { kind: 'OpenCursor', cursor: 'result_1', query: { kind: 'Select' } },
      { kind: 'ReturnNext', value: pg.name('result_1') },
    ]);
  });
  it('RAISERROR with severity 10 or less is a notice, above an exception; its format uses %', () => {
    expect(lower("RAISERROR('n=%d', 10, 1, 5)").statements).toEqual([
      { kind: 'Raise', level: 'NOTICE', format: 'n=%', args: [pg.number(5)], using: [] },
    ]);
    expect(lower("RAISERROR('bad', 16, 1)").statements).toMatchObject([
      { kind: 'Raise', level: 'EXCEPTION' },
    ]);
    expect(raiseFormat('%s is 100%')).toBe('% is 100%%');
  });
  it('ROLLBACK in a trigger raises an exception, marked', () => {
    const { statements, codes } = lower('ROLLBACK', 'trigger');
    expect(codes).toEqual(['TSQL_TRIGGER_ROLLBACK']);
    expect(statements).toMatchObject([
      {
        kind: 'Raise',
        level: 'EXCEPTION',
        format: 'transaction rolled back by trigger',
        notes: [{ code: 'TSQL_TRIGGER_ROLLBACK' }],
      },
    ]);
  });
  it('RETURN 0 of a procedure is its RETURN; another code is dropped with a mark', () => {
    expect(lower('RETURN 0').statements).toEqual([{ kind: 'Return' }]);
    expect(lower('RETURN 1').statements).toMatchObject([
      { kind: 'Return', notes: [{ code: 'TSQL_RETURN_CODE' }] },
    ]);
  });
  it('a statement kind with no lowering is a marked NULL', () => {
    const { statements, codes } = lower('CHECKPOINT');
    expect(codes).toEqual(['TSQL_STATEMENT']);
    expect(statements).toMatchObject([{ kind: 'Null', notes: [{ code: 'TSQL_STATEMENT' }] }]);
  });
  it('a statement calling the routine itself sets its table variables aside around the call, then puts them back', () => {
    const { statements, flow } = lower(
      'DECLARE @r TABLE (a int); DECLARE @m int = 1; EXEC dbo.p @m',
      'function',
    );
    expect(printStatements(statements.slice(3)).join('\n')).toBe(
      [
        "p_r_dbo_p_saved := 'p_saved_' || coalesce(CAST(to_regclass('pg_temp.p_r_dbo_p') AS oid), 0);",
        "EXECUTE format('ALTER TABLE IF EXISTS pg_temp.p_r_dbo_p RENAME TO %I', p_r_dbo_p_saved);",
        '/* ferry: TSQL_EXEC_PROCEDURE EXEC of a procedure: check whether the callee became a function (PERFORM/SELECT) or a procedure (CALL) */CALL dbo.p(p_m);',
        'DROP TABLE IF EXISTS p_r_dbo_p;',
        "EXECUTE format('ALTER TABLE IF EXISTS pg_temp.%I RENAME TO p_r_dbo_p', p_r_dbo_p_saved);",
      ].join('\n'),
    );
    expect(flow.declarations.map((d) => d.name)).toContain('p_r_dbo_p_saved');
  });
  it('a call of itself that also uses a table variable, in a condition, or with result sets, shares the tables with an action item', () => {
    for (const tsql of [
      'DECLARE @r TABLE (a int); INSERT INTO @r EXEC dbo.p',
      'DECLARE @r TABLE (a int); DECLARE @m int = 1; WHILE dbo.p() < 2 SET @m = 2',
    ])
      expect(lower(tsql, 'function').codes).toContain('TSQL_RECURSIVE_TABLE_VARIABLE');
    // a procedure with result sets: the call's cursors may read its tables
    expect(lower('DECLARE @r TABLE (a int); EXEC dbo.p').codes).toContain('TSQL_RECURSIVE_TABLE_VARIABLE');
    const { codes, statements } = lower('DECLARE @r TABLE (a int); IF dbo.p() = 1 SET @r = 1', 'function');
    expect(codes).toContain('TSQL_RECURSIVE_TABLE_VARIABLE');
    expect(statements.some((s) => s.kind === 'Execute')).toBe(false);
  });
  it('a routine without table variables calls itself as it is', () => {
    const { statements, codes } = lower('DECLARE @m int = 1; EXEC dbo.p @m');
    expect(statements.map((s) => s.kind)).toEqual(['Assign', 'Call']);
    expect(codes).not.toContain('TSQL_RECURSIVE_TABLE_VARIABLE');
  });
});
