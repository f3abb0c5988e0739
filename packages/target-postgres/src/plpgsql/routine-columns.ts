// The columns a table-valued function returns at the source, by their source names: what `*` over
// its call expands to (FOR JSON over `SELECT * ... APPLY f(...)` names its properties after them).

import type * as S from '@ferry/tsql';

/** The query of an inline table-valued function (`RETURN (select)` or `RETURN select`), when it has one. */
export function inlineQuery(s: S.CreateFunction): S.Select | undefined {
  const ret = s.body?.[0];
  if (ret?.kind === 'Return' && ret.expr?.kind === 'Subquery') return ret.expr.query;
  return ret?.kind === 'Select' ? ret : undefined;
}

/** The first query block of a query expression (its columns name the result). */
export function firstBlock(q: S.QueryExpression): S.QuerySpec {
  return q.kind === 'QuerySpec' ? q : firstBlock(q.kind === 'SetOperation' ? q.left : q.query);
}

/** A table-valued function's column names; undefined for another statement, or a column without a name or a `*`. */
export function functionColumns(s: S.Statement): string[] | undefined {
  if (s.kind !== 'CreateFunction') return undefined;
  if (s.returns.kind === 'table-variable') return s.returns.columns.map((c) => c.name.name);
  const query = s.returns.kind === 'inline-table' ? inlineQuery(s) : undefined;
  if (!query) return undefined;
  const names = firstBlock(query.query).columns.map((c) =>
    c.kind !== 'SelectColumn'
      ? undefined
      : (c.alias?.name ?? (c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined)),
  );
  return names.every((n) => n !== undefined) ? names : undefined;
}
