// `+` on strings -> `||`. Both yield NULL when an operand is NULL (T-SQL with CONCAT_NULL_YIELDS_NULL
// ON, PostgreSQL's text || text is strict), so no NULL handling is added; CONCAT() is kept as concat().

import type { BinaryOp } from '@ferry/tsql';
import type { ConversionContext } from '../conversion-context.js';
import { typeOf } from './infer-type.js';
import { isText } from '../../pg/pg-type.js';

/** Whether this `+` concatenates: one operand is known to be a string. */
export function isStringConcat(e: BinaryOp, ctx: ConversionContext): boolean {
  return e.op === '+' && (isText(typeOf(e.left, ctx)) || isText(typeOf(e.right, ctx)));
}
