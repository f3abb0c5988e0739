// BEGIN ATOMIC of natively compiled procedures: the block is one transaction (a savepoint inside a
// caller's transaction); its first error rolls the block back and ends it.

import type { Block, Statement } from '@ferry/tsql';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { beginTransaction, commitTransaction, rollbackTransaction, saveTransaction } from './transactions.js';
import type { SessionState } from './session-state.js';

type RunStatements = (
  statements: readonly Statement[],
  session: SessionState,
  nested: boolean,
) => Generator<StatementResult>;

const SUPPORTED_OPTIONS = new Set([
  'TRANSACTION ISOLATION LEVEL',
  'LANGUAGE',
  'DATEFORMAT',
  'DATEFIRST',
  'DELAYED_DURABILITY',
]);

export function* runAtomicBlock(
  block: Block,
  session: SessionState,
  runStatements: RunStatements,
): Generator<StatementResult> {
  for (const o of block.atomic ?? [])
    if (!SUPPORTED_OPTIONS.has(o.name))
      throw new SqlError(
        40517,
        `BEGIN ATOMIC option ${o.name} is not supported by the SQL Server emulator.`,
        16,
      );
  const started = session.trancount === 0;
  const savepoint = `atomic block ${session.journal.length}`;
  if (started) yield* beginTransaction(session);
  else saveTransaction(session, savepoint);
  let failed = false;
  try {
    for (const r of runStatements(block.statements, session, true)) {
      yield r;
      if (r.kind === 'error' && r.error.class > 10) {
        failed = true;
        break;
      }
    }
  } catch (e) {
    if (session.trancount > 0) yield* rollbackTransaction(session, started ? undefined : savepoint);
    throw e;
  }
  if (failed) {
    if (session.trancount > 0) yield* rollbackTransaction(session, started ? undefined : savepoint);
    return;
  }
  if (started && session.trancount > 0) yield* commitTransaction(session);
}
