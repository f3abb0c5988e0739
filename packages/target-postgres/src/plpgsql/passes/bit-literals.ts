// bit -> boolean: a 0/1 literal compared with (or written to) a boolean becomes false/true, as
// PostgreSQL has no implicit integer <-> boolean comparison or assignment.

import type { Expression } from '@ferry/tsql';
import type { ConversionContext } from '../conversion-context.js';
import { typeOf } from './infer-type.js';
import type { PgExpression, PgSelect } from '../../pg/ast.js';
import { resultType } from './result-type.js';
import { pg } from '../../pg/ast.js';
import { isInteger, isNamed, type PgType } from '../../pg/pg-type.js';

/** `false`/`true` when `literal` is a 0/1 number and `other` is a boolean, else undefined. */
export function bitLiteral(
  literal: Expression,
  other: Expression,
  ctx: ConversionContext,
): PgExpression | undefined {
  if (literal.kind !== 'NumberLiteral' || !isNamed(typeOf(other, ctx), 'boolean')) return undefined;
  return pg.bool(Number(literal.text) !== 0);
}

/**
 * A value written to a column of type `type` (INSERT, UPDATE SET): a bit column is boolean in
 * PostgreSQL, which has no implicit integer -> boolean cast, so 0/1 become false/true and another
 * integer expression `<> 0` (SQL Server converts any non-zero integer to 1).
 */
export function assignedValue(value: PgExpression, type: PgType | undefined): PgExpression {
  if (!isNamed(type, 'boolean')) return value;
  if (value.kind === 'Number') return pg.bool(Number(value.text) !== 0);
  return isInteger(resultType(value)) ? pg.binary('<>', pg.paren(value), pg.number(0)) : value;
}

/** A query whose rows are written to columns of `types` (INSERT ... SELECT): each column fitted. */
export function assignedQuery(query: PgSelect, types: readonly (PgType | undefined)[]): PgSelect {
  if (query.body.kind !== 'SelectCore' || query.body.columns.length !== types.length) return query;
  const columns = query.body.columns.map((c, i) => ({ ...c, expr: assignedValue(c.expr, types[i]) }));
  return { ...query, body: { ...query.body, columns } };
}
