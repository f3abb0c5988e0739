// WITH EXECUTE AS of a procedure or function: OWNER (and SELF, its creator) runs with the owner's
// privileges, which is PostgreSQL's SECURITY DEFINER; CALLER is the default. PostgreSQL refuses
// COMMIT/ROLLBACK in a SECURITY DEFINER procedure, and has no EXECUTE AS 'user': action items.

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import { quoteLiteral } from '../../ddl/identifiers.js';
import { diagnostic, lowered, type Lowered } from '../lowered.js';

/** Whether the routine runs as its owner: SECURITY DEFINER, with the action item that says so or why not. */
export function securityDefiner(s: S.CreateProcedure | S.CreateFunction): Lowered<boolean> {
  const as = s.executeAs;
  if (!as || ('principal' in as && as.principal === 'CALLER')) return lowered(false);
  const who = 'principal' in as ? as.principal : quoteLiteral(as.user);
  if (!('principal' in as) || !['OWNER', 'SELF'].includes(as.principal))
    return lowered(false, [
      diagnostic(
        'TSQL_EXECUTE_AS',
        'high',
        s.pos,
        `EXECUTE AS ${who} is not converted: a PostgreSQL routine runs as its caller or (SECURITY DEFINER) as its owner`,
        'make that user the owner and add SECURITY DEFINER, or grant the caller what the routine needs',
      ),
    ]);
  const body = s.body ?? [];
  if (findAll(body, 'CommitTransaction').length || findAll(body, 'RollbackTransaction').length)
    return lowered(false, [
      diagnostic(
        'TSQL_EXECUTE_AS',
        'medium',
        s.pos,
        `EXECUTE AS ${who} is not converted: PostgreSQL refuses COMMIT/ROLLBACK in a SECURITY DEFINER procedure, and this one ends transactions`,
        'grant the callers what the procedure needs, or move the transaction control to the caller and add SECURITY DEFINER',
      ),
    ]);
  return lowered(true, [
    diagnostic(
      'TSQL_EXECUTE_AS',
      'low',
      s.pos,
      `EXECUTE AS ${who} -> SECURITY DEFINER: the routine runs with its owner's privileges`,
      'check the owner after the migration, and consider SET search_path on the routine',
    ),
  ]);
}
