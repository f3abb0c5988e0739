// Table expressions in PostgreSQL DDL: a default fitted to its column's type (0/1 -> false/true on a
// boolean, the clock as the column's date/time kind), and whether a generated column's expression is
// immutable, as PostgreSQL requires. Both work on the PostgreSQL tree.

import type { LogicalType } from '@ferry/core';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { someNode } from '../../pg/walk.js';

type Kind = LogicalType['kind'];

const dateTimeKinds = new Set<Kind>(['date', 'time', 'timestamp', 'timestamptz']);

/** A number literal, signed or not: its value. */
function numberValue(e: PgExpression): number | undefined {
  if (e.kind === 'Number') return Number(e.text);
  if (e.kind === 'Unary' && (e.op === '-' || e.op === '+') && e.operand.kind === 'Number')
    return Number(e.operand.text) * (e.op === '-' ? -1 : 1);
  return undefined;
}

/** now(), now() AT TIME ZONE ..., LOCALTIMESTAMP: the clock, as GETDATE() and its kin lower. */
function isClock(e: PgExpression): boolean {
  if (e.kind === 'Keyword') return e.word === 'LOCALTIMESTAMP';
  if (e.kind === 'Call') return 'builtin' in e.fn && e.fn.builtin === 'now' && e.args.length === 0;
  return e.kind === 'AtTimeZone' && isClock(e.expr);
}

/**
 * The default of a column of kind `kind`: a bit's 0/1 as false/true (PostgreSQL has no integer to
 * boolean assignment), the local clock as CURRENT_DATE / LOCALTIME on date / time columns; undefined
 * when the clock would go into a column that is not a date or time (SQL Server converts, PostgreSQL
 * refuses). A default calling a user function is set after the routines (postDataSteps).
 */
export function columnDefault(e: PgExpression, kind: Kind): PgExpression | undefined {
  const n = numberValue(e);
  if (kind === 'bool' && n !== undefined) return pg.bool(n !== 0);
  if (e.kind === 'Unary' && e.op === '+' && e.operand.kind === 'Number') return e.operand;
  if (!isClock(e)) return e;
  if (!dateTimeKinds.has(kind)) return undefined;
  if (e.kind !== 'Keyword') return e;
  return kind === 'date' ? pg.keyword('CURRENT_DATE') : kind === 'time' ? pg.keyword('LOCALTIME') : e;
}

/** Functions whose result depends on the clock, randomness or locale settings. */
const notImmutableFunctions = new Set([
  'now',
  'random',
  'gen_random_uuid',
  'to_char',
  'to_timestamp',
  'clock_timestamp',
  // stable: their result goes through type output functions (settings may change it)
  'to_json',
  'pg_input_is_valid',
]);

/** Whether PostgreSQL accepts the expression in a generated column (no clock, randomness or locale). */
export function isImmutable(e: PgExpression): boolean {
  return !someNode(
    e,
    (node) =>
      (node.kind === 'Keyword' && ['LOCALTIMESTAMP', 'LOCALTIME', 'CURRENT_DATE'].includes(node.word)) ||
      (node.kind === 'Call' && 'builtin' in node.fn && notImmutableFunctions.has(node.fn.builtin)),
  );
}
