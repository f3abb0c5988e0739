// The built-in function pass on its own: a T-SQL call in, the PostgreSQL tree and its diagnostics out.

import { describe, expect, it } from 'vitest';
import { parseExpression, type FunctionCall } from '@ferry/tsql';
import { pg } from '../../src/pg/ast.js';
import { lowerFunctionCall } from '../../src/plpgsql/passes/builtin-functions.js';
import { passGenerator } from './pass-context.js';

const g = passGenerator();
const lower = (tsql: string) => lowerFunctionCall(parseExpression(tsql) as FunctionCall, g);
const codes = (tsql: string) => lower(tsql).diagnostics.map((d) => d.code);

describe('built-in functions', () => {
  it('CHOOSE -> a CASE without ELSE, with no diagnostic', () => {
    expect(lower("CHOOSE(2, 'a', 'b')")).toEqual({
      node: {
        kind: 'Case',
        operand: pg.number(2),
        whens: [
          { when: pg.number(1), then: pg.string('a') },
          { when: pg.number(2), then: pg.string('b') },
        ],
      },
      diagnostics: [],
    });
  });
  it('XACT_STATE() is 1, marked with a low diagnostic at the call', () => {
    const { node, diagnostics } = lower('XACT_STATE()');
    expect(node).toMatchObject({ kind: 'Note', code: 'TSQL_XACT_STATE', expr: pg.number(1) });
    expect(diagnostics).toMatchObject([{ code: 'TSQL_XACT_STATE', severity: 'low', pos: { line: 1 } }]);
  });
  it("an argument's diagnostics come before the call's own, in source order", () => {
    expect(codes('SOUNDEX(@@IDENTITY)')).toEqual(['TSQL_IDENTITY_VALUE', 'TSQL_FUNCTION']);
    expect(codes('COALESCE(@@ERROR, @@TRANCOUNT)')).toEqual(['TSQL_ERROR_VARIABLE', 'TSQL_TRANCOUNT']);
  });
  it("a window's expressions raise their diagnostics after the arguments'", () => {
    expect(codes('SUM(@@ERROR) OVER (PARTITION BY @@TRANCOUNT ORDER BY @@IDENTITY)')).toEqual([
      'TSQL_ERROR_VARIABLE',
      'TSQL_TRANCOUNT',
      'TSQL_IDENTITY_VALUE',
    ]);
  });
  it('ERROR_NUMBER() outside a CATCH block is NULL with a medium diagnostic', () => {
    expect(lower('ERROR_NUMBER()').diagnostics).toMatchObject([
      { code: 'TSQL_ERROR_FUNCTION', severity: 'medium' },
    ]);
  });
  it('ISJSON on PostgreSQL 15 tests the first character, with a diagnostic naming the version', () => {
    const old = passGenerator({ serverVersion: 15 });
    const { diagnostics } = lowerFunctionCall(parseExpression("ISJSON('{}')") as FunctionCall, old);
    expect(diagnostics).toMatchObject([{ code: 'TSQL_ISJSON' }]);
    expect(diagnostics[0]!.message).toContain('PostgreSQL 15');
  });
});
