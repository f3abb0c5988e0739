import { describe, expect, it } from 'vitest';
import { parseBatch, parseExpression, tsqlExpression, tsqlStatement } from '../src/index.js';

describe('the model’s opaque trees, narrowed', () => {
  it('gives back a T-SQL expression and statement, also after the model went through JSON', () => {
    const expression = {
      source: '([qty]*[price])',
      dialect: 'tsql',
      tree: parseExpression('([qty]*[price])'),
    };
    const module = { dialect: 'tsql', tree: parseBatch('CREATE VIEW v AS SELECT 1 AS one')[0] };
    expect(tsqlExpression(expression)?.kind).toBe('BinaryOp');
    expect(tsqlStatement(module)?.kind).toBe('CreateView');
    const copy = JSON.parse(JSON.stringify({ expression, module })) as {
      expression: { dialect: string; tree?: unknown };
      module: { dialect: string; tree?: unknown };
    };
    expect(tsqlExpression(copy.expression)).toEqual(expression.tree);
    expect(tsqlStatement(copy.module)).toEqual(module.tree);
  });

  it('gives nothing for another dialect, no tree, or a tree that is not a syntax node', () => {
    const tree = parseExpression('1');
    expect(tsqlExpression({ dialect: 'postgres', tree })).toBeUndefined();
    expect(tsqlExpression({ dialect: 'tsql' })).toBeUndefined();
    expect(tsqlExpression({ dialect: 'tsql', tree: { kind: 'literal', value: '1' } })).toBeUndefined();
    expect(tsqlStatement({ dialect: 'tsql', tree: 'CREATE VIEW v AS SELECT 1' })).toBeUndefined();
  });
});
