// Per-connection state: current database, variables, SET options, @@IDENTITY/SCOPE_IDENTITY, @@ROWCOUNT.

import type { SqlType } from '../../engine-api.js';
import type { Value, ConvertContext } from '../types/convert.js';
import type { DateFormat } from '../types/temporal.js';
import type { Database } from '../storage/database.js';
import type { Server } from '../storage/server.js';
import type { Table } from '../storage/objects.js';
import { SqlError } from '../errors.js';
import type { Undo } from './transactions.js';
import type { Cursor } from './cursors.js';
import type { Impersonation } from '../security/context.js';

/** An error a CATCH block is handling (ERROR_NUMBER() and the others read it; THROW; raises it again). */
export interface CaughtError {
  number: number;
  message: string;
  severity: number;
  state: number;
  line: number;
  procName?: string;
}

/** The pseudo-tables of a firing trigger: rows with the columns of its table. */
export interface TriggerTables {
  /** The firing trigger's name. */
  trigger: string;
  /** An INSTEAD OF trigger of `table`: DML on the table inside it runs no INSTEAD OF trigger. */
  insteadOf?: boolean;
  table: Table;
  inserted: Value[][];
  deleted: Value[][];
  /** Column ids the statement set (UPDATE(), COLUMNS_UPDATED()): all for INSERT, the SET list for UPDATE. */
  updated: Set<number>;
}

export interface Variable {
  name: string;
  type: SqlType;
  value: Value;
  /** A table variable's table (in tempdb). */
  table?: Table;
  /** A LOCAL cursor of the scope (its lower-case name). */
  cursor?: string;
  /** The DECLARE that made it: run again (in a loop) it keeps the variable, value and rows. */
  declaration?: object;
}

export class SessionState implements ConvertContext {
  dateformat: DateFormat = 'mdy';
  nocount = false;
  /** SET FMTONLY ON: result sets are described, not produced, and nothing else runs (format-only.ts). */
  fmtOnly = false;
  quotedIdentifier = true;
  ansiNulls = true;
  rowcountLimit = 0;
  identity: bigint | null = null;
  scopeIdentity: bigint | null = null;
  rowcount = 0;
  /** Set while a statement with WITH XMLNAMESPACES compiles: prefix ('' for DEFAULT) -> URI for its xml methods. */
  xmlNamespaces?: Map<string, string>;
  /** The RETURN status of the procedure running. */
  returnStatus = 0;
  /** Set while a scalar function runs: its RETURN value. */
  functionResult?: { type: SqlType; value: Value };
  /** Set by WAITFOR DELAY: milliseconds the (asynchronous) session waits before running on. */
  pendingWaitMs = 0;
  /** True while an INSERT ... EXEC runs its procedure (they cannot nest: 8164). */
  inInsertExec = false;
  error = 0;
  /** @@TRANCOUNT; inside a trigger fired in autocommit mode it is 1 with transactionId 0n. */
  trancount = 0;
  /** The TDS transaction descriptor of the open explicit transaction (0n: none). */
  transactionId = 0n;
  /** Lower-case name given to the outermost BEGIN TRANSACTION. */
  transactionName?: string;
  /** Undo journal of the open transaction (or of the running statement in autocommit mode). */
  readonly journal: Undo[] = [];
  readonly savepoints: { name: string; at: number }[] = [];
  /** The journal's latest catalog state and where it is (DDL after it, before any savepoint, needs no other). */
  catalogJournaled?: { entry: Undo; at: number };
  xactAbort = false;
  /** SET NOEXEC ON: batches are parsed but their statements not run, until SET NOEXEC OFF. */
  noexec = false;
  /** The transaction can only be rolled back (an error in TRY under XACT_ABORT, or a batch-aborting one): XACT_STATE() = -1. */
  doomed = false;
  /** Errors being handled by CATCH blocks, innermost last. */
  readonly caught: CaughtError[] = [];
  ansiWarnings = true;
  /** Enclosing TRY blocks and trigger bodies: errors inside them propagate instead of being reported. */
  catchers = 0;
  /** Enclosing TRY blocks alone (a trigger's RAISERROR inside one ends the triggering statement). */
  tryBlocks = 0;
  /** Trigger bodies running: their `inserted`/`deleted` rows, innermost last. */
  readonly triggerTables: TriggerTables[] = [];
  /** DDL trigger bodies running: the EVENTDATA() xml of their event, innermost last. */
  readonly eventData: string[] = [];
  /** The text of the batch (or dynamic SQL) being run, for EVENTDATA()'s CommandText. */
  batchText?: string;
  /** Cursors by lower-case name (global to the connection unless LOCAL). */
  readonly cursors = new Map<string, Cursor>();
  /** @@FETCH_STATUS and @@CURSOR_ROWS. */
  fetchStatus = -1;
  cursorRows = 0;
  /** The procedures, functions and triggers running, innermost last (error messages name the innermost; @@PROCID is its id). */
  readonly modules: { readonly name: string; readonly objectId: number; readonly schemaId?: number }[] = [];
  /** Set when ROLLBACK TRANSACTION runs inside a trigger (error 3609 follows when the trigger ends). */
  rolledBackInTrigger = false;
  language = 'us_english';
  readonly variables = new Map<string, Variable>();
  /** The table SET IDENTITY_INSERT is ON for (one per session). */
  identityInsert?: Table;
  /** sp_prepare handles. */
  readonly prepared = new Map<number, { params: string; stmt: string }>();
  /** EXECUTE AS contexts, innermost last (REVERT pops one). */
  readonly impersonations: Impersonation[] = [];
  /** Above 0 while modules or security predicates run: object permissions are not checked (ownership chaining). */
  ownershipChain = 0;
  /** Statements started on this session (temporal tables take one time per statement or transaction). */
  statementCount = 0;
  /**
   * NEXT VALUE FOR per sequence (object id): the value the running statement drew last, for which
   * row, and the references that have read it; another reference reads the same value in that row.
   */
  readonly sequenceDraws = new Map<
    number,
    { statement: number; row: readonly unknown[]; value: bigint; readers: Set<object> }
  >();
  /** The time temporal period columns get, with the statement or transaction it belongs to. */
  periodTime?: { key: string; moment: import('../types/temporal.js').Moment };
  /** sp_set_session_context keys (lower-case) with their sql_variant values. */
  readonly sessionContext = new Map<string, { value: Value; type: SqlType; readOnly: boolean }>();

  constructor(
    readonly server: Server,
    public db: Database,
    readonly spid: number,
    readonly user: string,
    readonly appName = '',
  ) {}

  /** Ends a variable scope (batch, procedure, trigger): table variables' tables leave tempdb. */
  clearVariables(): void {
    const tempdb = this.server.database('tempdb')!;
    for (const v of this.variables.values()) {
      if (v.table) {
        tempdb.remove(v.table.objectId);
        this.tempTables.delete(v.table.objectId);
      }
      if (v.cursor) this.cursors.delete(v.cursor);
    }
    this.variables.clear();
  }

  declare(name: string, type: SqlType, value: Value = null): void {
    const key = name.toLowerCase();
    if (this.variables.has(key))
      throw new SqlError(
        134,
        `The variable name '${name}' has already been declared. Variable names must be unique within a query batch or stored procedure.`,
        15,
      );
    this.variables.set(key, { name, type, value });
  }

  variable(name: string): Variable {
    const v = this.variables.get(name.toLowerCase());
    if (!v) throw new SqlError(137, `Must declare the scalar variable "${name}".`, 15, 2);
    return v;
  }

  /** Object ids of this session's local temporary tables (#name, in tempdb; dropped when it ends). */
  readonly tempTables = new Set<number>();

  /**
   * The stored name of an object: a local temporary table #name lives in tempdb as #name padded with
   * underscores to 116 characters plus a 12-digit hex suffix of its session, as SQL Server names it.
   */
  objectName(name: string): string {
    if (!name.startsWith('#') || name.startsWith('##')) return name;
    return `${name}${'_'.repeat(Math.max(1, 116 - name.length))}${this.spid.toString(16).toUpperCase().padStart(12, '0')}`;
  }

  /** The database an object name lives in: tempdb for #temporary tables, else the named or current one. */
  objectDatabase(name: string, database?: string): Database {
    if (name.startsWith('#')) {
      if (name.startsWith('##'))
        throw new SqlError(
          40517,
          'Global temporary tables (##name) are not supported by the SQL Server emulator.',
          16,
        );
      return this.database('tempdb');
    }
    return this.database(database);
  }

  /** Database by name or the current one. */
  database(name?: string): Database {
    if (name === undefined) return this.db;
    const db = this.server.database(name);
    if (!db)
      throw new SqlError(
        911,
        `Database '${name}' does not exist. Make sure that the name is entered correctly.`,
        16,
      );
    return db;
  }
}
