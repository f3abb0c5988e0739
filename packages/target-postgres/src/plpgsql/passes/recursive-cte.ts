// Recursive CTEs: PostgreSQL types a recursive CTE's columns by its anchor (the non-recursive part)
// and refuses a recursive part whose column types unite to another type (`numeric(18,4)` in the
// anchor, `numeric` from a product in the recursive part). The anchor's columns with a length,
// precision or scale are cast to the unconstrained type that every recursive part's type unites with.

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';

const refersTo = (q: S.QueryExpression, cte: string) =>
  findAll(q, 'TableRef').some((t) => !t.name.schema && t.name.name.name.toLowerCase() === cte);

/** Whether the CTE refers to itself. */
export function isRecursive(c: S.CommonTableExpression): boolean {
  return refersTo(c.query, c.name.name.toLowerCase());
}

/** The query blocks of a recursive CTE's UNION that do not refer to the CTE: its anchor. */
export function anchorQueries(c: S.CommonTableExpression): S.QuerySpec[] {
  const cte = c.name.name.toLowerCase();
  const anchors: S.QuerySpec[] = [];
  const visit = (q: S.QueryExpression): void => {
    if (q.kind === 'SetOperation') {
      visit(q.left);
      visit(q.right);
    } else if (q.kind === 'Select') visit(q.query);
    else if (!refersTo(q, cte)) anchors.push(q);
  };
  if (isRecursive(c)) visit(c.query.query);
  return anchors;
}

/** The type an anchor column of type `type` is cast to, when it has a length, precision or scale. */
function unconstrained(type: string | undefined): string | undefined {
  if (!type || !type.includes('(')) return undefined;
  if (/^(numeric|decimal)\(/.test(type)) return 'numeric';
  if (/^(varchar|character varying|char|character|bpchar)\(/.test(type)) return 'text';
  if (/^timestamp\(\d+\)$/.test(type)) return 'timestamp';
  if (/^time\(\d+\)$/.test(type)) return 'time';
  return undefined;
}

/** An anchor column widened to its unconstrained type (the value unchanged), or undefined. */
export function widenAnchorColumn(value: PgExpression, type: string | undefined): PgExpression | undefined {
  const to = unconstrained(type);
  return to ? pg.cast(value, to) : undefined;
}
