// A CTE's columns as a relation in scope: a reference to them (`restored.productid`) matches the
// CTE's column case-insensitively, as SQL Server does, and gets the name the CTE's query gave it
// (`product_id`), not the naming strategy's reading of the reference's own spelling.

import type * as S from '@ferry/tsql';
import type { PgQueryBody, PgSelect, PgSelectCore } from '../../pg/ast.js';
import type { PgType } from '../../pg/pg-type.js';
import { localName, type NameResolver, type TargetColumn, type TargetRelation } from '../name-resolver.js';
import { resultType } from './result-type.js';

function firstCore(q: PgQueryBody): PgSelectCore {
  return q.kind === 'SelectCore' ? q : firstCore(q.kind === 'SetOperation' ? q.left : q.body);
}

function firstSpec(q: S.QueryExpression): S.QuerySpec {
  return q.kind === 'QuerySpec' ? q : firstSpec(q.kind === 'SetOperation' ? q.left : q.query);
}

/**
 * The relation of a CTE whose query was lowered to `query`: source column name -> target name and type
 * (the lowered expression's, else `typeOf` of the source expression in its query's FROM: a column read
 * from a table keeps the column's type, hierarchyid's ltree say).
 */
export function cteRelation(
  c: S.CommonTableExpression,
  query: PgSelect,
  names: NameResolver,
  typeOf: (e: S.Expression, from: readonly S.TableSource[]) => PgType | undefined,
): TargetRelation {
  const core = firstCore(query.body);
  const spec = firstSpec(c.query.query);
  const items = spec.columns;
  const columns = new Map<string, TargetColumn>();
  core.columns.forEach((out, i) => {
    const item = items[i];
    const source = c.columns
      ? c.columns[i]?.name
      : item?.kind === 'SelectColumn'
        ? (item.alias?.name ?? (item.expr.kind === 'ColumnRef' ? item.expr.column.name : undefined))
        : undefined;
    const name = c.columns
      ? names.name(c.columns[i]!.name)
      : (out.alias ?? (out.expr.kind === 'Name' ? out.expr.parts[out.expr.parts.length - 1] : undefined));
    const type =
      resultType(out.expr) ?? (item?.kind === 'SelectColumn' ? typeOf(item.expr, spec.from) : undefined);
    if (source && name) columns.set(source.toLowerCase(), { name, type });
  });
  return {
    schema: '',
    name: localName(names, c.name.name),
    column: (sourceName) => columns.get(sourceName.toLowerCase()),
  };
}
