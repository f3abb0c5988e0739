// The system variables pass on its own: a T-SQL variable in, the PostgreSQL tree and its diagnostics out.

import { describe, expect, it } from 'vitest';
import { parseExpression, type Variable } from '@ferry/tsql';
import { pg } from '../../src/pg/ast.js';
import { ConversionContext } from '../../src/plpgsql/conversion-context.js';
import { Generator } from '../../src/plpgsql/generator.js';
import { namesFromModel } from '../../src/plpgsql/name-resolver.js';
import { systemVariable } from '../../src/plpgsql/passes/system-variables.js';
import { model } from '../fixtures.js';

const g = new Generator(new ConversionContext(namesFromModel(model([])), 'test'));
const lower = (tsql: string) => systemVariable(parseExpression(tsql) as Variable, g);

describe('system variables', () => {
  it('a local variable is its PL/pgSQL name, with no diagnostic', () => {
    expect(lower('@OrderID')).toEqual({ node: pg.name('p_orderid'), diagnostics: [] });
  });
  it('@@FETCH_STATUS -> FOUND as 0 / -1', () => {
    expect(lower('@@FETCH_STATUS').node).toEqual(
      pg.paren(pg.caseWhen(pg.keyword('FOUND'), pg.number(0), pg.number(-1))),
    );
  });
  it('@@IDENTITY -> lastval(), marked with a medium diagnostic', () => {
    const { node, diagnostics } = lower('@@IDENTITY');
    expect(node).toMatchObject({ kind: 'Note', code: 'TSQL_IDENTITY_VALUE', expr: pg.call('lastval') });
    expect(diagnostics).toMatchObject([
      { code: 'TSQL_IDENTITY_VALUE', severity: 'medium', pos: { line: 1, column: 1 } },
    ]);
  });
  it('@@ROWCOUNT outside a routine body is 0 with a high diagnostic', () => {
    expect(lower('@@ROWCOUNT').diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['TSQL_ROWCOUNT', 'high'],
    ]);
  });
  it('an unknown @@ variable is NULL with a diagnostic naming it', () => {
    const { node, diagnostics } = lower('@@LANGUAGE');
    expect(node).toMatchObject({ kind: 'Note', expr: pg.null() });
    expect(diagnostics[0]!.message).toBe('@@LANGUAGE has no PostgreSQL equivalent');
  });
});
