// ORDER BY items and OVER (...) windows, lowered for queries, aggregates and window functions.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { PgOrderItem, PgWindow } from '../pg/ast.js';
import { lowerExpression } from './lower-expression.js';
import { Diagnostics, lowered, type Lowered } from './lowered.js';

/** SQL Server sorts NULLs first ascending and last descending; PostgreSQL does the opposite by default. */
export function lowerOrderItem(o: S.OrderByItem, g: Generator): Lowered<PgOrderItem> {
  const { node: expr, diagnostics } = lowerExpression(o.expr, g);
  return lowered(
    o.direction === 'DESC'
      ? { expr, direction: 'DESC', nulls: 'LAST' }
      : { expr, ...(o.direction ? { direction: o.direction } : {}), nulls: 'FIRST' },
    diagnostics,
  );
}

export function lowerWindow(w: S.WindowSpec, g: Generator): Lowered<PgWindow> {
  const d = new Diagnostics();
  const bound = (b: S.FrameBound) => ({
    type: b.type,
    ...(b.offset ? { offset: d.take(lowerExpression(b.offset, g)) } : {}),
  });
  return d.result({
    partitionBy: d.takeAll(w.partitionBy.map((p) => lowerExpression(p, g))),
    orderBy: d.takeAll(w.orderBy.map((o) => lowerOrderItem(o, g))),
    ...(w.frame
      ? {
          frame: {
            unit: w.frame.unit,
            start: bound(w.frame.start),
            ...(w.frame.end ? { end: bound(w.frame.end) } : {}),
          },
        }
      : {}),
  });
}
