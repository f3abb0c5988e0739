// A name compared with a SQL Server catalog view's name column (passes/system-catalog.ts
// catalogNameLiteral): a T-SQL comparison side in, the PostgreSQL node and its diagnostics out.

import { describe, expect, it } from 'vitest';
import { parseExpression, type BinaryOp } from '@ferry/tsql';
import { pg } from '../../src/pg/ast.js';
import { catalogNameLiteral } from '../../src/plpgsql/passes/system-catalog.js';
import { lowerExpression } from '../../src/plpgsql/lower-expression.js';
import { lowered } from '../../src/plpgsql/lowered.js';
import { passGenerator } from './pass-context.js';

const comparison = (tsql: string) => parseExpression(tsql) as BinaryOp;

describe('a name compared with a catalog name column', () => {
  it("a literal: the target's name of that object", () => {
    const g = passGenerator();
    const e = comparison("sys.tables.name = 'Orders'");
    expect(catalogNameLiteral(e.right, e.left, g)).toEqual(lowered(pg.string('orders')));
    const schema = comparison("SCHEMA_NAME(1) = 'dbo'");
    expect(catalogNameLiteral(schema.right, schema.left, g)).toEqual(lowered(pg.string('dbo')));
  });
  it('a local variable: its value after the naming strategy, when the routine runs', () => {
    const g = passGenerator({ naming: 'lowercase' });
    const e = comparison('sys.tables.name = @t');
    expect(catalogNameLiteral(e.right, e.left, g)).toEqual(lowered(pg.call('lower', pg.name('p_t'))));
  });
  it('declines a side compared with a column that is not a catalog name', () => {
    const plain = comparison("ship_name = 'Orders'");
    expect(catalogNameLiteral(plain.right, plain.left, passGenerator())).toBeUndefined();
  });
  it('the comparison: both sides lowered, the literal as the target names it', () => {
    const g = passGenerator({ naming: 'lowercase' });
    expect(lowerExpression(comparison("'Orders' = sys.tables.name"), g).node).toEqual(
      pg.binary('=', pg.string('orders'), pg.name('pg_catalog', 'pg_tables', 'tablename')),
    );
  });
});
