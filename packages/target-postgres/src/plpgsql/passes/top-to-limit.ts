// TOP n -> LIMIT n; TOP n WITH TIES -> FETCH FIRST (n) ROWS WITH TIES; TOP n PERCENT -> a LIMIT computed
// from the row count (ceiling, as SQL Server rounds up); SET ROWCOUNT n -> LIMIT n.

import type { Top } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression, type PgLimit, type PgSelect } from '../../pg/ast.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, lowered, type Lowered } from '../lowered.js';

/** `(SELECT ceil(count(*) * (n) / 100.0) FROM (rows) AS top_percent)`: n percent of the rows, rounded up. */
export function percentOfRows(n: PgExpression, rows: PgSelect): PgExpression {
  const count: PgExpression = { kind: 'Call', fn: { builtin: 'count' }, args: [], star: true };
  const ceil = pg.call('ceil', pg.binary('/', pg.binary('*', count, pg.paren(n)), pg.number('100.0')));
  const from = { kind: 'SubqueryFrom', query: rows, alias: 'top_percent' } as const;
  return { kind: 'Subquery', query: pg.select(pg.selectCore([ceil], [from])) };
}

/** The clause that ends the query; `countQuery` is the query's FROM ... WHERE the PERCENT form counts over. */
export function topToLimit(
  top: Top | undefined,
  g: Generator,
  countQuery: () => Lowered<PgSelect>,
): Lowered<PgLimit | undefined> {
  if (!top) return lowered(g.ctx.rowcount ? { withTies: false, count: g.ctx.rowcount } : undefined);
  const d = new Diagnostics();
  const n = d.take(lowerExpression(top.expr, g));
  if (top.percent) return d.result({ withTies: top.withTies, count: percentOfRows(n, d.take(countQuery())) });
  return d.result({ withTies: top.withTies, count: top.withTies ? pg.paren(n) : n });
}
