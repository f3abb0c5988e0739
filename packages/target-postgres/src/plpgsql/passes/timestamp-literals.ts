// A date-time string with 7 fractional digits compared with a timestamp column or variable: PostgreSQL
// rounds the 7th digit (so SQL Server's end of time, '9999-12-31 23:59:59.9999999', becomes year 10000),
// while the load truncates it (END_OF_TIME under every policy, SUB_MICROSECOND under `fix`). The literal
// is truncated the same way, so `ValidTo = '99991231 23:59:59.9999999'` finds the rows it found.

import type { Expression } from '@ferry/tsql';
import type { ConversionContext } from '../conversion-context.js';
import { typeOf } from './infer-type.js';
import { pg, type PgExpression } from '../../pg/ast.js';
import { isNamed } from '../../pg/pg-type.js';

/** hh:mm:ss.ffffff followed by more digits. */
const beyondMicroseconds = /(\d{1,2}:\d{2}:\d{2}\.\d{6})\d+/;

/** The literal with its fraction cut to microseconds, when `other` is a timestamp; else undefined. */
export function timestampLiteral(
  literal: Expression,
  other: Expression,
  ctx: ConversionContext,
): PgExpression | undefined {
  if (literal.kind !== 'StringLiteral' || !beyondMicroseconds.test(literal.value)) return undefined;
  const type = typeOf(other, ctx);
  if (!isNamed(type, 'timestamp') && !isNamed(type, 'timestamptz')) return undefined;
  return pg.string(literal.value.replace(beyondMicroseconds, '$1'));
}
