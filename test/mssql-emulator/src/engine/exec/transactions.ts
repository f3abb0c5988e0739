// Transactions and statement atomicity: an undo journal (row arrays and catalog states) that a
// failed statement, ROLLBACK [TRANSACTION | savepoint] or a batch abort replays backwards.

import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Table } from '../storage/objects.js';
import { restoreState, takeServerState, type DatabaseState } from './catalog-snapshot.js';
import { commitCaptured, type CapturedChanges } from './change-data-capture.js';
import { forgetKeys } from './dml.js';
import type { SessionState } from './session-state.js';

/** One undoable change. Row arrays are only appended to in place; every other change replaces the array. */
export type Undo =
  | { kind: 'rows'; table: Table; rows: Table['rows']; length: number }
  /** Every database's catalog before DDL in a transaction changed it. */
  | { kind: 'catalog'; states: DatabaseState[] }
  /** Changes to a captured table (change data capture): they reach its change table at commit. */
  | { kind: 'capture'; changes: CapturedChanges };

/** Records a table's rows before a statement changes them (identity values are not journaled: SQL Server keeps them). */
export function journalRows(session: SessionState, table: Table): void {
  // Table variables stay writable in a doomed transaction (they are not undone by it).
  if (session.doomed && !table.tableVariable) throw uncommittable();
  session.journal.push({ kind: 'rows', table, rows: table.rows, length: table.rows.length });
}

/**
 * Records the catalog before DDL changes it inside a transaction. One state serves the DDL that
 * follows it until a savepoint is taken (a rollback to that savepoint needs the state at it).
 */
export function journalCatalog(session: SessionState): void {
  if (session.trancount === 0) return;
  const last = session.catalogJournaled;
  if (last && session.journal[last.at] === last.entry && !session.savepoints.some((s) => s.at > last.at))
    return;
  const entry: Undo = { kind: 'catalog', states: takeServerState(session.server) };
  session.catalogJournaled = { entry, at: session.journal.length };
  session.journal.push(entry);
}

/** Undoes the journal back to `mark` (a statement's start or a savepoint); a transaction's rollback leaves table variables alone. */
export function undoTo(session: SessionState, mark: number, transaction = false): void {
  const j = session.journal;
  while (j.length > mark) {
    const e = j.pop()!;
    if (e.kind === 'rows') {
      if (transaction && e.table.tableVariable) continue;
      e.rows.length = e.length;
      e.table.rows = e.rows;
      forgetKeys(e.table);
    } else if (e.kind === 'catalog') {
      for (const state of e.states) {
        restoreState(state, (id) => session.tempTables.has(id));
        for (const o of state.db.objects.values())
          if (o.type === 'U' || o.type === 'TT') forgetKeys(o as Table);
      }
      session.server.catalogVersion++;
    }
  }
}

export function* beginTransaction(session: SessionState, name?: string): Generator<StatementResult> {
  if (name && name.length > 32)
    throw new SqlError(
      103,
      `The identifier that starts with '${name.slice(0, 32)}' is too long. Maximum length is 32.`,
      15,
    );
  session.trancount++;
  if (session.trancount > 1) return;
  session.transactionName = name?.toLowerCase();
  session.transactionId = session.server.nextTransactionId++;
  yield { kind: 'envchange-transaction', change: 'begin', descriptor: session.transactionId };
}

const uncommittable = () =>
  new SqlError(
    3930,
    'The current transaction cannot be committed and cannot support operations that write to the log file. Roll back the transaction.',
    16,
    1,
  );

export function* commitTransaction(session: SessionState): Generator<StatementResult> {
  if (session.trancount === 0)
    throw new SqlError(3902, 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.', 16, 1);
  if (session.doomed) throw uncommittable();
  session.trancount--;
  if (session.trancount > 0) return;
  const id = endTransaction(session);
  yield { kind: 'envchange-transaction', change: 'commit', descriptor: id };
}

export function saveTransaction(session: SessionState, name: string): void {
  if (session.trancount === 0)
    throw new SqlError(628, 'Cannot issue SAVE TRANSACTION when there is no active transaction.', 16, 1);
  session.savepoints.push({ name: name.toLowerCase(), at: session.journal.length });
}

/** ROLLBACK [TRANSACTION [name]]: to a savepoint when `name` names one, else the whole transaction. */
export function* rollbackTransaction(session: SessionState, name?: string): Generator<StatementResult> {
  if (session.trancount === 0)
    throw new SqlError(
      3903,
      'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.',
      16,
      1,
    );
  const key = name?.toLowerCase();
  if (key !== undefined && key !== session.transactionName) {
    const i = session.savepoints.map((s) => s.name).lastIndexOf(key);
    if (i < 0)
      throw new SqlError(
        6401,
        `Cannot roll back ${name}. No transaction or savepoint of that name was found.`,
        16,
        1,
      );
    const at = session.savepoints[i].at;
    undoTo(session, at, true);
    session.savepoints.length = i + 1;
    return;
  }
  yield* rollbackAll(session);
}

/** A doomed transaction left open when a batch ends is rolled back with error 3998, as SQL Server does. */
export function* endOfBatch(session: SessionState): Generator<StatementResult> {
  if (!session.doomed || session.trancount === 0) return;
  yield* rollbackAll(session);
  yield {
    kind: 'error',
    error: {
      number: 3998,
      state: 1,
      class: 16,
      message:
        'Uncommittable transaction is detected at the end of the batch. The transaction is rolled back.',
      lineNumber: 1,
    },
  };
}

/** Rolls back the whole transaction (ROLLBACK, a batch-aborting error, XACT_ABORT, a trigger's ROLLBACK). */
export function* rollbackAll(session: SessionState): Generator<StatementResult> {
  if (session.trancount === 0) return;
  undoTo(session, 0, true);
  session.trancount = 0;
  const id = endTransaction(session);
  // A trigger's implicit transaction (autocommit) was never announced to the client: nothing to end there.
  if (id !== 0n) yield { kind: 'envchange-transaction', change: 'rollback', descriptor: id };
}

/**
 * The end of a transaction or of an autocommit statement: what the journal still holds is committed
 * (captured changes go to their change tables under a new LSN), and the journal starts over.
 */
export function commitJournal(session: SessionState): void {
  const captured = session.journal.flatMap((e) => (e.kind === 'capture' ? [e.changes] : []));
  if (captured.length) commitCaptured(captured, session);
  session.journal.length = 0;
}

/** Clears the transaction's bookkeeping; returns the descriptor it had (0n for none). */
function endTransaction(session: SessionState): bigint {
  const id = session.transactionId;
  commitJournal(session);
  session.savepoints.length = 0;
  session.transactionName = undefined;
  session.transactionId = 0n;
  session.doomed = false;
  return id;
}
