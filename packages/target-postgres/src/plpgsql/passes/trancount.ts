// @@TRANCOUNT tested against 0 (`IF @@TRANCOUNT > 0 ROLLBACK` in a CATCH block, `IF @@TRANCOUNT = 0
// BEGIN TRANSACTION`): PL/pgSQL always runs inside a transaction (the statement's, the CALL's or the
// caller's), so the test is a constant. In a trigger that is SQL Server's answer too (a trigger runs in
// its statement's transaction); in a procedure or function SQL Server's depends on BEGIN TRANSACTION
// (dropped) and on the caller, so a low item says so. Any other use of @@TRANCOUNT stays a high item
// (system-variables.ts): PostgreSQL has no count of nested transactions.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { pg, type PgExpression } from '../../pg/ast.js';
import { lowered, noted, type Lowered } from '../lowered.js';

const isTrancount = (e: S.Expression) => e.kind === 'Variable' && e.name.toLowerCase() === '@@trancount';

/** `@@TRANCOUNT op n` -> whether it holds while a transaction is open; undefined when it depends on the count. */
function openTransactionTest(op: S.BinaryOperator, n: number): boolean | undefined {
  // (the count is 1 or more)
  switch (op) {
    case '>':
    case '<>':
    case '!=':
      return n === 0 ? true : undefined;
    case '>=':
    case '!<':
      return n === 0 || n === 1 ? true : undefined;
    case '=':
    case '<=':
    case '!>':
      return n === 0 ? false : undefined;
    case '<':
      return n === 0 || n === 1 ? false : undefined;
    default:
      return undefined;
  }
}

const mirrored: Partial<Record<S.BinaryOperator, S.BinaryOperator>> = {
  '>': '<',
  '<': '>',
  '>=': '<=',
  '<=': '>=',
  '!<': '!>',
  '!>': '!<',
};

/** `@@TRANCOUNT > 0`, `0 < @@TRANCOUNT`, `@@TRANCOUNT = 0` ... in a routine body -> TRUE / FALSE. */
export function trancountTest(e: S.BinaryOp, g: Generator): Lowered<PgExpression> | undefined {
  const body = g.routineBody();
  if (!body) return undefined;
  const [op, n] = isTrancount(e.left)
    ? [e.op, e.right]
    : isTrancount(e.right)
      ? [mirrored[e.op] ?? e.op, e.left]
      : [undefined, undefined];
  if (!op || n?.kind !== 'NumberLiteral') return undefined;
  const value = openTransactionTest(op, Number(n.text));
  if (value === undefined) return undefined;
  const test = pg.bool(value);
  if (body.routine === 'trigger') return lowered(test);
  return noted(
    test,
    'TSQL_TRANCOUNT',
    'low',
    e.pos,
    `@@TRANCOUNT ${op} ${n.text} is ${value ? 'TRUE' : 'FALSE'}: PL/pgSQL always runs in a transaction (the CALL's or its caller's), whether or not SQL Server's count would be 0 here (BEGIN TRANSACTION is not kept)`,
    'check the transaction handling: a procedure may COMMIT/ROLLBACK only when CALLed outside a transaction block',
  );
}
