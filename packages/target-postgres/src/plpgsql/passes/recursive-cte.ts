// Recursive CTEs: PostgreSQL types a recursive CTE's columns by its anchor (the non-recursive part)
// and refuses a recursive part whose column types unite to another type (`numeric(18,4)` in the
// anchor, `numeric` from a product in the recursive part). The anchor's columns with a length,
// precision or scale are cast to the unconstrained type that every recursive part's type unites with.

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import type { NameResolver, TargetColumn, TargetRelation } from '../name-resolver.js';
import { isText, pgTypeNamed, type PgType } from '../../pg/pg-type.js';

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

/** The unconstrained type of a type with a length, precision or scale. */
const unconstrainedNames: Record<string, string> = {
  numeric: 'numeric',
  decimal: 'numeric',
  timestamp: 'timestamp',
  time: 'time',
};

/** The type an anchor column of type `type` is cast to, when it has a length, precision or scale. */
function unconstrained(type: PgType | undefined): PgType | undefined {
  if (!type?.modifiers?.length || type.array) return undefined;
  if (isText(type)) return pgTypeNamed('text');
  const name = unconstrainedNames[type.name];
  return name === undefined ? undefined : pgTypeNamed(name);
}

/** An anchor column widened to its unconstrained type (the value unchanged), or undefined. */
export function widenAnchorColumn(value: PgExpression, type: PgType | undefined): PgExpression | undefined {
  const to = unconstrained(type);
  return to ? pg.cast(value, to) : undefined;
}

/**
 * A recursive CTE's columns as its anchor types them, for its recursive part (lowered before the CTE's
 * relation is known): `DATEADD(day, 1, d)` over an anchor's date column stays a date, as in SQL Server,
 * where PostgreSQL's date + interval is a timestamp the recursive CTE refuses; a hierarchyid column
 * read from the anchor's tables stays one (its methods convert). `typeOf` types an expression in the
 * scope of the anchor's FROM.
 */
export function anchorRelation(
  c: S.CommonTableExpression,
  names: NameResolver,
  typeOf: (e: S.Expression, from: readonly S.TableSource[]) => PgType | undefined,
): TargetRelation | undefined {
  const anchor = anchorQueries(c)[0];
  if (!anchor) return undefined;
  const columns = new Map<string, TargetColumn>();
  anchor.columns.forEach((item, i) => {
    if (item.kind !== 'SelectColumn') return;
    const source =
      c.columns?.[i]?.name ??
      item.alias?.name ??
      (item.expr.kind === 'ColumnRef' ? item.expr.column.name : undefined);
    const type = typeOf(item.expr, anchor.from);
    if (source && type) columns.set(source.toLowerCase(), { name: names.name(source), type });
  });
  return {
    schema: '',
    name: names.name(c.name.name),
    column: (sourceName) => columns.get(sourceName.toLowerCase()),
  };
}
