// DML triggers: AFTER triggers run once per statement after its rows changed, INSTEAD OF triggers
// run in place of the statement; both see the `inserted` and `deleted` pseudo-tables. A ROLLBACK in a
// trigger ends the transaction and the batch (3609); any other error in a trigger aborts the batch.

import type { FunctionCall, Statement } from '@ferry/tsql';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Module, Table } from '../storage/objects.js';
import type { SourcePlan } from './query.js';
import type { CompileCtx, Compiled, Row } from './scope.js';
import type { SessionState } from './session-state.js';

export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE';

/** What a DML statement did (or, with an INSTEAD OF trigger, would have done) to one table. */
export interface Changes {
  count: number;
  db: Database;
  table: Table;
  event: TriggerEvent;
  /** Filled only when a trigger will read them. */
  inserted: Row[];
  deleted: Row[];
  /** Column ids of an UPDATE's SET list. */
  setColumns?: number[];
  /** The INSTEAD OF trigger that replaces the statement (the statement changed nothing). */
  insteadOf?: Module;
}

/** The enabled triggers of a table (or view) for one event and timing, in creation order. */
export function triggersFor(
  db: Database,
  parent: { objectId: number; generated?: unknown },
  event: TriggerEvent,
  insteadOf: boolean,
): Module[] {
  if (parent.generated) return [];
  return db
    .childrenOf(parent.objectId)
    .filter((o): o is Module => o.type === 'TR')
    .filter((t) => !t.isDisabled && !!t.isInsteadOf === insteadOf && !!t.triggerEvents?.includes(event));
}

/**
 * The INSTEAD OF trigger a statement on `table` runs in its place, if any. None while an INSTEAD OF
 * trigger of that table runs: the trigger's own DML on its table "is processed as if the table had no
 * INSTEAD OF trigger" (SQL Server's CREATE TRIGGER documentation).
 */
export function insteadOfTrigger(
  db: Database,
  table: Table,
  event: TriggerEvent,
  session: SessionState,
): Module | undefined {
  if (session.triggerTables.some((f) => f.insteadOf && f.table.objectId === table.objectId)) return undefined;
  return triggersFor(db, table, event, true)[0];
}

/** Runs the triggers a statement's changes fire (its INSTEAD OF trigger, else its AFTER triggers). */
export function* fireTriggers(
  changes: Changes,
  session: SessionState,
  run: (body: readonly Statement[], session: SessionState) => Iterable<StatementResult>,
): Generator<StatementResult> {
  const triggers = changes.insteadOf
    ? [changes.insteadOf]
    : triggersFor(changes.db, changes.table, changes.event, false);
  const firing = session.triggerTables;
  for (const trigger of triggers) {
    // RECURSIVE_TRIGGERS is OFF (SQL Server's default): a trigger does not fire itself directly.
    if (firing.length && firing[firing.length - 1].trigger === trigger.name) continue;
    if (firing.length >= 32)
      throw new SqlError(
        217,
        'Maximum stored procedure, function, trigger, or view nesting level exceeded (limit 32).',
        16,
        1,
      );
    if (!trigger.body)
      throw new SqlError(
        40517,
        `Trigger '${trigger.name}' could not be parsed by the SQL Server emulator, so it cannot fire.`,
        16,
      );
    // A trigger runs inside the statement's transaction: @@TRANCOUNT is 1 even in autocommit mode.
    const implicit = session.trancount === 0;
    if (implicit) session.trancount = 1;
    const saved = new Map(session.variables);
    // SCOPE_IDENTITY() is per scope: what the trigger inserts does not change the statement's.
    const scopeIdentity = session.scopeIdentity;
    // SET options changed inside a trigger revert when it returns, as for procedures.
    const options = {
      nocount: session.nocount,
      rowcountLimit: session.rowcountLimit,
      dateformat: session.dateformat,
      ansiNulls: session.ansiNulls,
      quotedIdentifier: session.quotedIdentifier,
    };
    session.variables.clear();
    const updated = new Set(
      changes.event === 'INSERT' ? changes.table.columns.map((c) => c.columnId) : (changes.setColumns ?? []),
    );
    session.triggerTables.push({
      trigger: trigger.name,
      insteadOf: !!changes.insteadOf,
      table: changes.table,
      inserted: changes.inserted,
      deleted: changes.deleted,
      updated,
    });
    session.catchers++;
    session.modules.push(trigger);
    try {
      yield* run(trigger.body, session);
    } finally {
      session.catchers--;
      session.modules.pop();
      session.triggerTables.pop();
      session.clearVariables();
      for (const [k, v] of saved) session.variables.set(k, v);
      Object.assign(session, options);
      session.scopeIdentity = scopeIdentity;
      if (implicit && !session.rolledBackInTrigger) session.trancount = 0;
    }
    if (session.rolledBackInTrigger) {
      session.rolledBackInTrigger = false;
      throw new SqlError(3609, 'The transaction ended in the trigger. The batch has been aborted.', 16, 1);
    }
  }
}

/** UPDATE(column) and COLUMNS_UPDATED() inside a trigger; undefined elsewhere (they are then unknown functions). */
export function compileTriggerFunction(call: FunctionCall, cc: CompileCtx): Compiled | undefined {
  const firing = cc.session.triggerTables[cc.session.triggerTables.length - 1];
  const name = call.name.name.name.toLowerCase();
  if (!firing || (name !== 'update' && name !== 'columns_updated')) return undefined;
  const columns = firing.table.columns;
  if (name === 'columns_updated') {
    // One bit per column id, lowest column first in the first byte.
    const bytes = Buffer.alloc(Math.ceil(columns.length / 8));
    for (const c of columns)
      if (firing.updated.has(c.columnId)) bytes[(c.columnId - 1) >> 3] |= 1 << ((c.columnId - 1) & 7);
    return { type: { name: 'varbinary', length: 8000 }, nullable: false, eval: () => bytes };
  }
  const arg = call.args[0];
  if (call.args.length !== 1 || arg.kind !== 'ColumnRef')
    throw new SqlError(174, 'The update function requires 1 argument(s).', 15);
  const column = columns.find((c) => c.name.toLowerCase() === arg.column.name.toLowerCase());
  if (!column) throw new SqlError(207, `Invalid column name '${arg.column.name}'.`, 16);
  const set = firing.updated.has(column.columnId);
  return { type: { name: 'bit' }, nullable: false, eval: () => set };
}

/** `inserted` / `deleted` inside a trigger body, as a FROM source; undefined elsewhere. */
export function triggerTableSource(
  session: SessionState,
  name: string,
  alias: string,
): SourcePlan | undefined {
  const current = session.triggerTables[session.triggerTables.length - 1];
  const which = name.toLowerCase();
  if (!current || (which !== 'inserted' && which !== 'deleted')) return undefined;
  return {
    bindings: current.table.columns.map((c) => ({
      qualifier: alias,
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      identity: !!c.identity,
      computed: !!c.computed,
    })),
    // Read when the statement runs (not when it was compiled): the rows of the firing in progress.
    rows: (ctx) => {
      const firing = ctx.session.triggerTables[ctx.session.triggerTables.length - 1];
      return which === 'inserted' ? firing.inserted : firing.deleted;
    },
  };
}
