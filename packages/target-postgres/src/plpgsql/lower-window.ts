// ORDER BY items and OVER (...) windows, lowered for queries, aggregates and window functions.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { PgOrderItem, PgWindow } from '../pg/ast.js';

/** SQL Server sorts NULLs first ascending and last descending; PostgreSQL does the opposite by default. */
export function lowerOrderItem(o: S.OrderByItem, g: Generator): PgOrderItem {
  const expr = g.lower(o.expr);
  return o.direction === 'DESC'
    ? { expr, direction: 'DESC', nulls: 'LAST' }
    : { expr, ...(o.direction ? { direction: o.direction } : {}), nulls: 'FIRST' };
}

export function lowerWindow(w: S.WindowSpec, g: Generator): PgWindow {
  const bound = (b: S.FrameBound) => ({ type: b.type, ...(b.offset ? { offset: g.lower(b.offset) } : {}) });
  return {
    partitionBy: w.partitionBy.map((p) => g.lower(p)),
    orderBy: w.orderBy.map((o) => lowerOrderItem(o, g)),
    ...(w.frame
      ? {
          frame: {
            unit: w.frame.unit,
            start: bound(w.frame.start),
            ...(w.frame.end ? { end: bound(w.frame.end) } : {}),
          },
        }
      : {}),
  };
}
