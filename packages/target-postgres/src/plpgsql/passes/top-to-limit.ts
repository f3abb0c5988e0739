// TOP n -> LIMIT n; TOP n WITH TIES -> FETCH FIRST n ROWS WITH TIES; TOP n PERCENT -> a LIMIT computed
// from the row count (ceiling, as SQL Server rounds up); SET ROWCOUNT n -> LIMIT n.

import type { Top } from '@ferry/tsql';
import type { Generator } from '../generator.js';

/** The clause that ends the query, given the rendered FROM ... part the PERCENT form counts over. */
export function limitClause(
  top: Top | undefined,
  g: Generator,
  countQuery: () => string,
): string | undefined {
  if (!top) return g.ctx.rowcount ? `LIMIT ${g.ctx.rowcount}` : undefined;
  const n = g.expr(top.expr);
  if (top.percent) {
    const rows = `(SELECT ceil(count(*) * (${n}) / 100.0) FROM (${countQuery()}) AS top_percent)`;
    return top.withTies ? `FETCH FIRST ${rows} ROWS WITH TIES` : `LIMIT ${rows}`;
  }
  return top.withTies ? `FETCH FIRST (${n}) ROWS WITH TIES` : `LIMIT ${n}`;
}
