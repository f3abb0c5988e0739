import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { toSnakeCase } from '@ferry/core';
import { getTestPostgres } from '@ferry/test-harness/vitest';
import { runtimeName } from '../../src/plpgsql/passes/dynamic-sql.js';
import { pg as ast } from '../../src/pg/ast.js';
import { printExpression } from '../../src/pg/print-expression.js';

// Dynamic SQL built at run time puts the names it receives in after the naming strategy, computed by
// PostgreSQL: the same names as the strategy gives the objects at conversion time.
describe('dynamic SQL: names received at run time', () => {
  it('snake_case on PostgreSQL equals the strategy', async () => {
    const names = [
      'OrderID',
      'Order Details',
      'HTMLPage',
      'City Key',
      'Stock Item Key',
      'x1Y',
      '__a__b',
      'Ünï Cödé',
      '$$',
    ];
    const client = new pg.Client({ connectionString: getTestPostgres().url });
    await client.connect();
    try {
      const list = names.map((n) => printExpression(runtimeName('snake_case', ast.string(n))!)).join(', ');
      const { rows } = await client.query({
        text: `SELECT ${list}`,
        rowMode: 'array',
      });
      expect(rows[0]).toEqual(names.map(toSnakeCase));
    } finally {
      await client.end();
    }
  });

  it('lowercase and preserve; an unknown strategy is not converted', () => {
    const name = ast.name('p_t');
    expect(printExpression(runtimeName('lowercase', name)!)).toBe('lower(p_t)');
    expect(runtimeName('preserve', name)).toBe(name);
    expect(runtimeName(undefined, name)).toBeUndefined();
  });
});
