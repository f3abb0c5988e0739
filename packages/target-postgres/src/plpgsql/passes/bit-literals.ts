// bit -> boolean: a 0/1 literal compared with (or assigned to) a boolean becomes false/true, as
// PostgreSQL has no implicit integer <-> boolean comparison.

import type { Expression } from '@ferry/tsql';
import type { ConversionContext } from '../conversion-context.js';
import { typeOf } from './infer-type.js';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';

/** `false`/`true` when `literal` is a 0/1 number and `other` is a boolean, else undefined. */
export function bitLiteral(
  literal: Expression,
  other: Expression,
  ctx: ConversionContext,
): PgExpression | undefined {
  if (literal.kind !== 'NumberLiteral' || typeOf(other, ctx) !== 'boolean') return undefined;
  return pg.bool(Number(literal.text) !== 0);
}
