// Runs the statements of one batch in order, yielding results as SQL Server sends them: row sets,
// DONE counts, errors (statement- or batch-aborting as SQL Server decides), PRINT/RAISERROR messages.

import { executeSecurityStatement } from '../security/security-statements.js';
import { checkDatabaseAccess } from '../security/context.js';
import type { Expression, Select, Statement } from '@ferry/tsql';
import { parseBatch, TsqlSyntaxError } from '@ferry/tsql';
import type { SqlType, StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, toText, type Value } from '../types/convert.js';
import type { Module } from '../storage/objects.js';
import {
  createIndex,
  createModule,
  createTable,
  alterTable,
  drop,
  findTable,
  schemaOf,
  selectInto,
} from './ddl.js';
import { executeDelete, executeInsert, executeUpdate, truncate } from './dml.js';
import { compileExpr, compoundAssignment, isTrue } from './expressions.js';
import { assignVariable, compileQuery, type QueryPlan } from './query.js';
import { FOR_CHUNK } from './for-clause.js';
import { Scope, type EvalCtx, type Row } from './scope.js';
import type { CaughtError, SessionState } from './session-state.js';
import { resolveDataType } from './data-type.js';
import { alterSequence, createSequence } from './sequences.js';
import { runSystemProcedure, isSystemProcedure } from './system-procedures.js';
import { fireTriggers, type Changes } from './triggers.js';
import { captureChanges, recordCapturedDdl } from './change-data-capture.js';
import { outputRows } from './output-clause.js';
import { executeMerge } from './merge.js';
import { formatOnly, runsAsUsual } from './format-only.js';
import { executeBulkInsert } from './bulk-insert.js';
import { declareTableVariable } from './table-variables.js';
import { bindTableParameter, declareTableTypeVariable, tableTypeOf } from './table-valued-parameters.js';
import { runAtomicBlock } from './atomic-block.js';
import { unqualifiedSchema } from './table-source.js';
import { filegroupTypeOf } from '../storage/data-spaces.js';
import { ddlEventOf, extendedPropertyEvent, fireDdlTriggers, type DdlEvent } from './ddl-triggers.js';
import { refuseLedgerTruncate } from './ledger.js';
import { runStorageStatement } from './storage-statements.js';
import { alterIndex } from './alter-index.js';
import { closeCursor, deallocateCursor, declareCursor, fetchCursor, openCursor } from './cursors.js';
import type { DateFormat } from '../types/temporal.js';
import {
  beginTransaction,
  commitJournal,
  commitTransaction,
  journalCatalog,
  journalRows,
  rollbackAll,
  rollbackTransaction,
  saveTransaction,
  undoTo,
} from './transactions.js';

/**
 * Arithmetic errors (overflow, divide by zero, domain): with ANSI_WARNINGS ON they end the statement,
 * with it OFF (and ARITHABORT ON, as clients set it) the batch, rolling back the transaction.
 */
const ARITHMETIC = new Set([8115, 220, 232, 8134, 3623]);

/**
 * Name resolution errors (deferred to execution): they end the batch, procedure or dynamic SQL they
 * occur in, the caller goes on, and an open transaction stays open.
 */
const SCOPE_LEVEL = new Set([208, 207, 209, 4104, 2812]);

/**
 * Errors that, caught by TRY with XACT_ABORT OFF, leave the transaction committable (XACT_STATE() 1):
 * EXEC of a procedure that does not exist (2812) changes nothing.
 */
const COMMITTABLE_IN_TRY = new Set([2812]);

/** Statements whose inner statements are each atomic on their own. */
const CONTAINERS = new Set(['Block', 'If', 'While', 'TryCatch', 'Execute', 'ExecuteString']);

/** Errors after which SQL Server continues with the next statement of the batch. */
const STATEMENT_LEVEL = new Set([
  ...ARITHMETIC,
  4860, // BULK INSERT: the file does not exist
  4832, // BULK INSERT: unexpected end of file
  4863, // BULK INSERT: truncation
  4864, // BULK INSERT: conversion error
  4879, // BULK INSERT: invalid CSV field
  266,
  2627,
  2601,
  547,
  515,
  2628,
  8152,
  50000,
  544,
  8101,
  273,
  271,
  1505,
  3701,
  2714,
  15135,
  15151, // DROP LOGIN/USER/ROLE of a principal that does not exist
]);

class ControlFlow {
  constructor(readonly kind: 'break' | 'continue' | 'return') {}
}

export class BatchAbort extends Error {}

/**
 * Runs a statement list, each statement atomic: a batch or module body, or (`block`) the statements of
 * BEGIN...END, IF, WHILE or TRY/CATCH, which pass RETURN/BREAK/CONTINUE (and scope-ending errors) on.
 */
export function* runStatements(
  statements: readonly Statement[],
  session: SessionState,
  block = false,
): Generator<StatementResult> {
  const ctx: EvalCtx = { session, outer: [] };
  for (const s of statements) {
    const mark = session.journal.length;
    const changesCatalog = mayChangeCatalog(s);
    if (changesCatalog) session.server.catalogVersion++;
    try {
      yield* runStatement(s, session, ctx);
    } catch (e) {
      if (e instanceof ControlFlow) {
        if (block) throw e;
        if (e.kind === 'return') return;
        continue;
      }
      if (!(e instanceof SqlError)) throw e;
      // The failed statement leaves nothing behind (statement atomicity); the statements inside a
      // block, IF, WHILE, TRY or procedure are each their own unit and were undone where they failed.
      if (!CONTAINERS.has(s.kind)) undoTo(session, Math.min(mark, session.journal.length));
      session.error = e.number;
      if (!lineOf.has(e)) lineOf.set(e, { line: s.pos?.line ?? 1, ...inModule(session) });
      const abort =
        session.xactAbort ||
        abortsBatch.has(e) ||
        !STATEMENT_LEVEL.has(e.number) ||
        (ARITHMETIC.has(e.number) && !session.ansiWarnings);
      // Inside TRY or a trigger body the error goes to the enclosing handler; an error that would
      // abort the batch leaves the transaction uncommittable there.
      if (session.catchers > 0) {
        const keeps = session.xactAbort ? false : keepsTransaction.has(e) || COMMITTABLE_IN_TRY.has(e.number);
        if (abort && session.trancount > 0 && !keeps) session.doomed = true;
        throw e;
      }
      yield { kind: 'error', error: errorInfo(e) };
      if (SCOPE_LEVEL.has(e.number) && !session.xactAbort) {
        if (block) throw new ControlFlow('return');
        return;
      }
      if (abort) {
        // Batch-aborting errors (and any error under XACT_ABORT ON) roll back the open transaction;
        // THROW aborts the batch but leaves the transaction to XACT_ABORT.
        if (!keepsTransaction.has(e) || session.xactAbort) yield* rollbackAll(session);
        throw new BatchAbort(e.message);
      }
    } finally {
      if (changesCatalog) session.server.catalogVersion++;
      // In autocommit mode each statement commits when it ends (a trigger's statements run with
      // @@TRANCOUNT 1; a function's run inside the statement that called it).
      if (session.trancount === 0 && !session.functionResult) commitJournal(session);
    }
  }
}

/** Statements that change neither the catalog nor a setting compiled plans depend on (their inner statements count themselves). */
const PLAN_NEUTRAL = new Set<Statement['kind']>([
  'Insert',
  'Update',
  'Delete',
  'Merge',
  'Truncate',
  'BulkInsert',
  'Declare',
  'SetVariable',
  'MutateVariable',
  'Block',
  'If',
  'While',
  'Break',
  'Continue',
  'TryCatch',
  'Return',
  'Goto',
  'Label',
  'WaitFor',
  'Raiserror',
  'Throw',
  'Print',
  'Execute',
  'ExecuteString',
  'BeginTransaction',
  'CommitTransaction',
  'SaveTransaction',
  'OpenCursor',
  'FetchCursor',
  'CloseCursor',
  'DeallocateCursor',
]);

/** Whether compiled plans may be stale after `s` runs (SELECT INTO creates a table). */
function mayChangeCatalog(s: Statement): boolean {
  if (s.kind === 'Select') return s.query.kind === 'QuerySpec' && !!s.query.into;
  return !PLAN_NEUTRAL.has(s.kind);
}

/**
 * Runs dynamic SQL; its text is the batch text EVENTDATA() quotes while it runs. A USE inside it
 * lasts until it ends: the caller gets its database back, as SQL Server restores it.
 */
export function* runDynamic(text: string, session: SessionState): Generator<StatementResult> {
  const batchText = session.batchText;
  const db = session.db;
  session.batchText = text;
  try {
    yield* runStatements(parseDynamic(text, session), session);
  } finally {
    session.batchText = batchText;
    if (session.db !== db) {
      session.db = db;
      yield { kind: 'envchange-database', database: db.name };
    }
  }
}

/** Parses dynamic SQL (EXEC ('...'), sp_executesql); a syntax error is an error of the statement that runs it. */
export function parseDynamic(text: string, session: SessionState): Statement[] {
  try {
    return checkBatchStart([...parseBatch(text, { quotedIdentifier: session.quotedIdentifier })]);
  } catch (e) {
    if (e instanceof TsqlSyntaxError) throw new SqlError(e.number, e.message, 15, 1);
    throw e;
  }
}

/** Statements that must begin their batch (error 111 otherwise, before anything in it runs). */
const BATCH_FIRST: Partial<Record<Statement['kind'], string>> = {
  CreateView: 'VIEW',
  CreateProcedure: 'PROCEDURE',
  CreateFunction: 'FUNCTION',
  CreateTrigger: 'TRIGGER',
  CreateDdlTrigger: 'TRIGGER',
  CreateSchema: 'SCHEMA',
};

/** A batch's statements, refused with 111 when a CREATE VIEW/PROCEDURE/... is not the first of them. */
export function checkBatchStart(statements: Statement[]): Statement[] {
  statements.forEach((s, i) => {
    const what = BATCH_FIRST[s.kind];
    if (i === 0 || !what) return;
    const verb = 'alter' in s && s.alter ? 'ALTER' : 'CREATE';
    const e = new SqlError(111, `'${verb} ${what}' must be the first statement in a query batch.`, 15);
    lineOf.set(e, { line: s.pos.line });
    throw e;
  });
  return statements;
}

/** Errors that abort the batch whatever their number (a trigger's failure, 3609, THROW). */
const abortsBatch = new WeakSet<SqlError>();

/**
 * Captures each change for change data capture, then fires its DML triggers; an error in a trigger
 * (or its ROLLBACK: 3609) ends the batch.
 */
function* fireTriggersEndingBatchOnError(
  changes: readonly Changes[],
  session: SessionState,
): Generator<StatementResult> {
  for (const c of changes) captureChanges(c, session);
  try {
    for (const c of changes)
      for (const r of fireTriggers(c, session, runStatements)) {
        // RAISERROR in a trigger fired inside TRY goes to CATCH as the triggering statement's error,
        // so that the statement is undone (its trigger did not finish) before CATCH runs.
        if (r.kind === 'error' && session.tryBlocks > 0) throw raisedInTrigger(r.error);
        yield r;
      }
  } catch (e) {
    if (e instanceof SqlError) abortsBatch.add(e);
    throw e;
  }
}
/** A trigger's RAISERROR as an error raised where the trigger raised it (line and trigger name kept). */
function raisedInTrigger(info: ReturnType<typeof errorInfo>): SqlError {
  const e = new SqlError(info.number, info.message, info.class, info.state);
  lineOf.set(e, { line: info.lineNumber, ...(info.procName ? { procName: info.procName } : {}) });
  return e;
}
/** Batch-aborting errors that leave an open transaction alone unless XACT_ABORT is ON (THROW). */
const keepsTransaction = new WeakSet<SqlError>();
/** Where an error was raised: its statement's line and module (set where it was first caught). */
const lineOf = new WeakMap<SqlError, { line: number; procName?: string }>();

/** The procedure or trigger running, as messages name it (SQL Server's "Procedure x, Line n"). */
const inModule = (session: SessionState) => {
  const name = session.modules[session.modules.length - 1]?.name;
  return name === undefined ? {} : { procName: name };
};

export function errorInfo(e: SqlError) {
  const where = lineOf.get(e);
  return {
    number: e.number,
    state: e.state,
    class: e.severity,
    message: e.message,
    lineNumber: where?.line ?? 1,
    ...(where?.procName ? { procName: where.procName } : {}),
  };
}

const done = (session: SessionState, count?: number): StatementResult =>
  count === undefined || session.nocount ? { kind: 'done' } : { kind: 'done', rowCount: count };

/** DDL, undone by a rollback: the catalog is journaled before it runs inside a transaction. */
const DDL = new Set<string>([
  'CreateTable',
  'AlterTable',
  'EnableTrigger',
  'CreateIndex',
  'AlterIndex',
  'Drop',
  'CreateView',
  'CreateProcedure',
  'CreateFunction',
  'CreateTrigger',
  'CreateDdlTrigger',
  'CreatePartitionFunction',
  'CreatePartitionScheme',
  'CreateXmlSchemaCollection',
  'AlterXmlSchemaCollection',
  'CreateType',
  'CreateSchema',
  'CreateSequence',
  'AlterSequence',
  'CreateSynonym',
  'CreateUser',
  'CreateRole',
  'AlterRole',
  'DropPrincipal',
  'Permission',
  'SecurityPolicy',
  'DropSecurityPolicy',
  'AlterAuthorization',
]);
/** Statements SQL Server refuses inside a user transaction: the error number and the statement's name. */
const NOT_IN_TRANSACTION: Record<string, [number, string]> = {
  CreateDatabase: [226, 'CREATE DATABASE'],
  AlterDatabase: [226, 'ALTER DATABASE'],
  AlterDatabaseFiles: [226, 'ALTER DATABASE'],
  CreateFulltextCatalog: [574, 'CREATE FULLTEXT CATALOG'],
  CreateFulltextIndex: [574, 'CREATE FULLTEXT INDEX'],
};
/** System procedures that change the catalog (sp_rename, sp_addextendedproperty...). */
const CATALOG_PROCEDURE = /^sp_(rename|add|drop|update|change|settriggerorder|cdc_(en|dis)able)/i;

/** Journals the catalog before DDL in a transaction; refuses what cannot run in one. */
function beforeDdl(s: Statement, session: SessionState): void {
  if (session.trancount === 0) return;
  const refused = NOT_IN_TRANSACTION[s.kind];
  if (refused)
    throw new SqlError(
      refused[0],
      refused[0] === 226
        ? `${refused[1]} statement not allowed within multi-statement transaction.`
        : `${refused[1]} statement cannot be used inside a user transaction.`,
      16,
    );
  const ddl =
    DDL.has(s.kind) ||
    (s.kind === 'Execute' &&
      typeof s.procedure !== 'string' &&
      CATALOG_PROCEDURE.test(s.procedure.name.name));
  if (ddl) journalCatalog(session);
}

function* runStatement(s: Statement, session: SessionState, ctx: EvalCtx): Generator<StatementResult> {
  if (session.noexec && !(s.kind === 'SetOption' && s.options.includes('NOEXEC'))) return;
  session.error = 0;
  session.statementCount++;
  if (!runsAsUsual(s, session)) {
    yield* formatOnly(s, (select) => topLevelFor(select, compileQuery(select, session)).columns);
    return;
  }
  beforeDdl(s, session);
  switch (s.kind) {
    case 'Select': {
      if (s.query.kind === 'QuerySpec' && s.query.into) {
        const n = selectInto(s, session, ctx);
        session.rowcount = n;
        yield done(session, n);
        return;
      }
      const plan = topLevelFor(s, compileQuery(s, session));
      const assigning =
        s.query.kind === 'QuerySpec' && s.query.columns.some((c) => c.kind === 'SelectAssign');
      if (assigning) {
        let n = 0;
        for (const _ of plan.rows(ctx)) n++;
        session.rowcount = n;
        yield done(session, undefined);
        return;
      }
      let count = 0;
      let failure: SqlError | undefined;
      const rows = plan.rows(ctx);
      // SET ROWCOUNT limits the rows the statement returns (not those of its subqueries and views).
      const limit = session.rowcountLimit > 0 ? session.rowcountLimit : Infinity;
      // A plain iterator, not a generator: this wraps every row of every result set.
      const counted: Iterable<Row> = {
        [Symbol.iterator]() {
          // Opened at the first row: opening may already read (an inline function's rows), and fail.
          let it: Iterator<Row> | undefined;
          let finished = false;
          const end = (): IteratorResult<Row> => {
            if (!finished) {
              finished = true;
              it?.return?.();
            }
            return { done: true, value: undefined };
          };
          return {
            next(): IteratorResult<Row> {
              if (finished) return { done: true, value: undefined };
              try {
                it ??= rows[Symbol.iterator]();
                const step = it.next();
                if (step.done) return ((finished = true), step);
                if (count >= limit) return end();
                count++;
                return step;
              } catch (e) {
                finished = true;
                if (e instanceof SqlError) failure = e;
                else throw e;
                return { done: true, value: undefined };
              }
            },
            return: end,
          };
        },
      };
      yield {
        kind: 'rows',
        resultSet: { columns: plan.columns, rows: counted, ...(plan.source ? { source: plan.source } : {}) },
      };
      session.rowcount = count;
      if (failure) throw failure;
      yield done(session, count);
      return;
    }
    case 'Insert':
    case 'Update':
    case 'Delete': {
      // INSERT ... EXEC: the procedure runs first; its result sets become the rows, its messages still reach the client.
      let execRows: { types: SqlType[]; rows: Row[] }[] | undefined;
      if (s.kind === 'Insert' && s.source.kind === 'Execute') {
        if (session.inInsertExec) throw new SqlError(8164, 'An INSERT EXEC statement cannot be nested.', 16);
        execRows = [];
        session.inInsertExec = true;
        try {
          for (const r of runStatement(s.source, session, ctx))
            if (r.kind === 'rows')
              execRows.push({
                types: r.resultSet.columns.map((c) => c.type),
                rows: [...(r.resultSet.rows as Iterable<Row>)],
              });
            else yield r;
        } finally {
          session.inInsertExec = false;
        }
      }
      const changes =
        s.kind === 'Insert'
          ? executeInsert(s, session, ctx, execRows)
          : s.kind === 'Update'
            ? executeUpdate(s, session, ctx)
            : executeDelete(s, session, ctx);
      if (s.output && changes.insteadOf)
        throw new SqlError(
          40517,
          'OUTPUT on a table or view with an INSTEAD OF trigger is not supported by the SQL Server emulator.',
          16,
        );
      if (s.output) yield* outputRows(s.output, changes, session, ctx);
      yield* fireTriggersEndingBatchOnError([changes], session);
      session.rowcount = changes.count;
      yield done(session, changes.count);
      return;
    }
    case 'BulkInsert': {
      const changes = executeBulkInsert(s, session, ctx);
      if (changes.fire) yield* fireTriggersEndingBatchOnError([changes], session);
      else captureChanges(changes, session);
      session.rowcount = changes.count;
      yield done(session, changes.count);
      return;
    }
    case 'Merge': {
      const merged = executeMerge(s, session, ctx);
      if (merged.output) yield* merged.output();
      yield* fireTriggersEndingBatchOnError(merged.changes, session);
      session.rowcount = merged.count;
      yield done(session, merged.count);
      return;
    }
    case 'Truncate': {
      const { db, table } = findTable(session, s.table);
      refuseLedgerTruncate(db, table);
      journalRows(session, table);
      truncate(table, db);
      yield done(session);
      return;
    }
    case 'CreateTable':
      createTable(s, session);
      break;
    case 'AlterTable':
      alterTable(s, session);
      if (s.action.kind === 'add' || s.action.kind === 'drop')
        recordCapturedDdl(session, findTable(session, s.table).table);
      break;
    case 'AlterIndex':
      alterIndex(s, session);
      break;
    case 'CreateIndex':
      createIndex(s, session);
      break;
    case 'Drop':
      drop(s, session);
      break;
    case 'CreateView':
    case 'CreateProcedure':
    case 'CreateFunction':
    case 'CreateTrigger':
      createModule(s, session);
      break;
    case 'CreateType': {
      const { db, schemaId } = schemaOf(session, s.name);
      if (db.userType(schemaId, s.name.name.name))
        throw new SqlError(
          219,
          `The type '${s.name.name.name}' already exists, or you do not have permission to create it.`,
          16,
        );
      if (s.table) {
        const id = db.allocateUserTypeId();
        const obj = db.newObject(`TT_${s.name.name.name}_${id.toString(16).toUpperCase()}`, schemaId, 'TT');
        db.userTypes.push({
          userTypeId: id,
          name: s.name.name.name,
          schemaId,
          base: { name: 'sql_variant' },
          nullable: false,
          isTableType: true,
          tableObjectId: obj.objectId,
          isMemoryOptimized: s.storage?.with.some(
            (o) => o.name === 'MEMORY_OPTIMIZED' && o.value.toUpperCase() === 'ON',
          ),
        });
        db.add({ ...obj, type: 'TT', columns: [], rows: [], indexes: [] });
        const t = db.table(obj.objectId)!;
        for (const c of s.table.columns) {
          const r = resolveDataType(c.dataType!, db);
          t.columns.push({
            columnId: t.columns.length + 1,
            name: c.name.name,
            type: r.type,
            userTypeId: r.userTypeId,
            nullable: c.nullable ?? true,
            defaultObjectId: 0,
            isRowGuidCol: false,
            isSparse: false,
          });
        }
      } else {
        const r = resolveDataType(s.baseType!, db);
        db.userTypes.push({
          userTypeId: db.allocateUserTypeId(),
          name: s.name.name.name,
          schemaId,
          base: r.type,
          nullable: s.nullable ?? true,
          isTableType: false,
        });
      }
      break;
    }
    case 'CreateSchema':
      if (session.db.schema(s.name.name))
        throw new SqlError(2714, `There is already an object named '${s.name.name}' in the database.`, 16);
      {
        const owner = s.authorization && session.db.security.principal(s.authorization.name);
        if (s.authorization && !owner)
          throw new SqlError(
            15151,
            `Cannot find the user '${s.authorization.name}', because it does not exist or you do not have permission.`,
            16,
          );
        session.db.addSchema(s.name.name).principalId = owner ? owner.principalId : 1;
      }
      break;
    case 'CreateDatabase': {
      const created = session.server.createDatabase(s.name.name, s.collation);
      for (const fg of s.filegroups ?? [])
        created.dataSpaces.addFilegroup(fg.name, filegroupTypeOf(fg.contains));
      break;
    }
    case 'AlterDatabase': {
      const db = s.name ? session.database(s.name.name) : session.db;
      if (s.collation) db.collation = s.collation;
      for (const o of s.options) {
        const m = /^(ALLOW_SNAPSHOT_ISOLATION|READ_COMMITTED_SNAPSHOT)\s*=?\s*(ON|OFF)$/.exec(
          o.toUpperCase().trim(),
        );
        if (m?.[1] === 'ALLOW_SNAPSHOT_ISOLATION') db.allowSnapshotIsolation = m[2] === 'ON';
        if (m?.[1] === 'READ_COMMITTED_SNAPSHOT') db.readCommittedSnapshot = m[2] === 'ON';
      }
      break;
    }
    case 'Checkpoint':
    case 'UpdateStatistics':
      break;
    case 'CreateLogin':
    case 'AlterLogin':
    case 'CreateUser':
    case 'AlterAuthorization':
    case 'CreateRole':
    case 'AlterRole':
    case 'DropPrincipal':
    case 'Permission':
    case 'ExecuteAs':
    case 'Revert':
    case 'SecurityPolicy':
    case 'DropSecurityPolicy':
      executeSecurityStatement(s, session);
      break;
    case 'CreateSequence':
      createSequence(s, session);
      break;
    case 'AlterSequence':
      alterSequence(s, session);
      break;
    case 'CreatePartitionFunction':
    case 'CreatePartitionScheme':
    case 'AlterDatabaseFiles':
    case 'CreateXmlSchemaCollection':
    case 'AlterXmlSchemaCollection':
    case 'CreateFulltextCatalog':
    case 'CreateFulltextIndex':
    case 'CreateDdlTrigger':
    case 'EnableTrigger': {
      const message = runStorageStatement(s, session);
      if (message)
        yield { kind: 'info', info: { number: 7712, state: 1, class: 0, message, lineNumber: s.pos.line } };
      break;
    }
    case 'CreateSynonym': {
      const { db, schemaId } = schemaOf(session, s.name);
      const t = s.target;
      const base = [t.server, t.database, t.schema, t.name]
        .filter((x) => x)
        .map((x) => `[${x!.name}]`)
        .join('.');
      db.add({ ...db.newObject(s.name.name.name, schemaId, 'SN'), type: 'SN', baseObjectName: base });
      break;
    }
    case 'Declare':
      for (const v of s.variables) {
        // DECLARE is not executed as a statement in SQL Server: run again in a loop, it leaves the
        // variable as it is (its value, a table variable's rows); only its initializer runs again.
        const again = session.variables.get(v.name.toLowerCase())?.declaration === v;
        if (!again) {
          const tableType = v.table ? undefined : tableTypeOf(v.dataType!, session.db);
          if (v.table) declareTableVariable(session, v);
          else if (tableType) declareTableTypeVariable(session, v.name, tableType, session.db);
          else session.declare(v.name, resolveDataType(v.dataType!, session.db).type);
        }
        session.variable(v.name).declaration = v;
        if (v.init) {
          const e = compileExpr(v.init, { scope: new Scope([]), session });
          assignVariable(session, v.name, e.eval([], ctx), e.type);
        }
      }
      break;
    case 'SetVariable': {
      const e = compileExpr(compoundAssignment(s.variable, s.op, s.expr), { scope: new Scope([]), session });
      assignVariable(session, s.variable, e.eval([], ctx), e.type);
      break;
    }
    case 'MutateVariable':
      // the xml method modify() is refused when compiled
      compileExpr(s.call, { scope: new Scope([]), session });
      throw new SqlError(40517, 'SET @variable.method() is not supported by the SQL Server emulator.', 16);
    case 'SetOption':
      setOption(s, session, ctx);
      break;
    case 'SetIdentityInsert': {
      const { table } = findTable(session, s.table);
      if (!table.columns.some((c) => c.identity))
        throw new SqlError(
          8106,
          `Table '${table.name}' does not have the identity property. Cannot perform SET operation.`,
          16,
        );
      const current = session.identityInsert;
      if (s.on && current && current !== table)
        throw new SqlError(
          8107,
          `IDENTITY_INSERT is already ON for table '${session.db.name}.${session.db.schemaById(current.schemaId)?.name}.${current.name}'. Cannot perform SET operation for table '${table.name}'.`,
          16,
        );
      session.identityInsert = s.on ? table : current === table ? undefined : current;
      break;
    }
    case 'Block':
      if (s.atomic) yield* runAtomicBlock(s, session, runStatements);
      else yield* runStatements(s.statements, session, true);
      return;
    case 'If': {
      const c = compileExpr(s.condition, { scope: new Scope([]), session });
      if (isTrue(c.eval([], ctx))) yield* runStatements([s.then], session, true);
      else if (s.else) yield* runStatements([s.else], session, true);
      return;
    }
    case 'While': {
      const c = compileExpr(s.condition, { scope: new Scope([]), session });
      for (let guard = 0; isTrue(c.eval([], ctx)); guard++) {
        if (guard > 1_000_000)
          throw new SqlError(
            40517,
            'WHILE loop ran more than 1,000,000 times in the SQL Server emulator.',
            16,
          );
        try {
          yield* runStatements([s.body], session, true);
        } catch (e) {
          if (e instanceof ControlFlow && e.kind === 'break') break;
          if (e instanceof ControlFlow && e.kind === 'continue') continue;
          throw e;
        }
      }
      return;
    }
    case 'Break':
      throw new ControlFlow('break');
    case 'Continue':
      throw new ControlFlow('continue');
    case 'Return': {
      // A scalar function's value, or a procedure's return status (RETURN n; RETURN alone returns 0).
      const e = s.expr ? compileExpr(s.expr, { scope: new Scope([]), session }) : undefined;
      const result = session.functionResult;
      if (result) result.value = e ? convert(e.eval([], ctx), e.type, result.type, 0, session) : null;
      else
        session.returnStatus = e ? Number(convert(e.eval([], ctx), e.type, { name: 'int' }, 0, session)) : 0;
      throw new ControlFlow('return');
    }
    case 'WaitFor': {
      if (s.mode === 'TIME')
        throw new SqlError(
          40517,
          'WAITFOR TIME is not supported by the SQL Server emulator (WAITFOR DELAY is).',
          16,
        );
      const e = compileExpr(s.expr, { scope: new Scope([]), session });
      const v = e.eval([], ctx);
      const text = v === null ? '' : toText(v, e.type).trim();
      const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?$/.exec(text);
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59)
        throw new SqlError(148, `Incorrect time syntax in time string '${text}' used with WAITFOR.`, 15);
      // The session sleeps when this statement's DONE is pulled (the engine itself is synchronous).
      session.pendingWaitMs =
        ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 +
        Number((m[4] ?? '0').padEnd(3, '0'));
      yield done(session);
      return;
    }
    case 'Print': {
      const e = compileExpr(s.expr, { scope: new Scope([]), session });
      const v = e.eval([], ctx);
      yield {
        kind: 'info',
        info: {
          number: 0,
          state: 1,
          class: 0,
          message: v === null ? '' : toText(v, e.type),
          lineNumber: s.pos.line,
          ...inModule(session),
        },
      };
      return;
    }
    case 'Raiserror': {
      const ev = (x: Expression) => {
        const e = compileExpr(x, { scope: new Scope([]), session });
        return { v: e.eval([], ctx), t: e.type };
      };
      const msg = ev(s.message);
      const severity = Number(ev(s.severity).v);
      const state = Number(ev(s.state).v);
      const args = s.args.map(ev);
      let number = 50000;
      let text: string;
      if (typeof msg.v === 'number') {
        number = msg.v;
        text = `Error ${number}, severity ${severity}, state ${state} was raised, but no message with that error number was found in sys.messages.`;
      } else
        text = formatMessage(
          String(msg.v ?? ''),
          args.map((a) => a.v),
        );
      if (severity <= 10)
        yield {
          kind: 'info',
          info: {
            number,
            state,
            class: severity,
            message: text,
            lineNumber: s.pos.line,
            ...inModule(session),
          },
        };
      else {
        session.error = number;
        yield {
          kind: 'error',
          error: {
            number,
            state,
            class: severity,
            message: text,
            lineNumber: s.pos.line,
            ...inModule(session),
          },
        };
        if (severity >= 20) throw new BatchAbort(text);
      }
      return;
    }
    case 'Throw': {
      let e: SqlError;
      if (!s.number) {
        // THROW; raises the error the CATCH block handles again, as it was.
        const c = session.caught[session.caught.length - 1];
        if (!c)
          throw new SqlError(
            10704,
            'To rethrow an error, a THROW statement must be used inside a CATCH block.',
            15,
          );
        e = new SqlError(c.number, c.message, c.severity, c.state);
        lineOf.set(e, { line: c.line, ...(c.procName ? { procName: c.procName } : {}) });
      } else {
        const ev = (x: Expression) => compileExpr(x, { scope: new Scope([]), session }).eval([], ctx);
        e = new SqlError(Number(ev(s.number)), String(ev(s.message!)), 16, Number(ev(s.state!)));
      }
      abortsBatch.add(e);
      keepsTransaction.add(e);
      throw e;
    }
    case 'Execute': {
      if (typeof s.procedure === 'string')
        throw new SqlError(40517, 'EXEC @variable is not supported by the SQL Server emulator.', 16);
      const name = s.procedure.name.name;
      const args = s.args.map((a) => {
        const e = compileExpr(a.value, { scope: new Scope([]), session });
        return {
          name: a.name,
          value: e.eval([], ctx),
          type: e.type,
          output: a.output,
          variable: a.value.kind === 'Variable' ? a.value.name : undefined,
        };
      });
      if (isSystemProcedure(name)) {
        yield* runSystemProcedure(name, args, session);
        const event = extendedPropertyEvent(name, args);
        if (event && session.db.ddlTriggers.length) yield* fireDdl(s, session, event);
        return;
      }
      for (const r of executeProcedure(s.procedure, args, session)) {
        // EXEC @rc = proc: the variable receives the return status.
        if (r.kind === 'return-status' && s.returnVariable)
          assignVariable(session, s.returnVariable, r.status, { name: 'int' });
        yield r;
      }
      return;
    }
    case 'Use': {
      const db = session.database(s.database.name);
      checkDatabaseAccess(session, db);
      session.db = db;
      yield { kind: 'envchange-database', database: db.name };
      return;
    }
    case 'BeginTransaction':
      if (s.distributed)
        throw new SqlError(
          40517,
          'BEGIN DISTRIBUTED TRANSACTION is not supported by the SQL Server emulator.',
          16,
        );
      yield* beginTransaction(session, s.name);
      break;
    case 'CommitTransaction':
      yield* commitTransaction(session);
      break;
    case 'SaveTransaction':
      saveTransaction(session, s.name);
      break;
    case 'RollbackTransaction': {
      const inTrigger = session.triggerTables.length > 0;
      const whole = s.name === undefined || s.name.toLowerCase() === session.transactionName;
      yield* rollbackTransaction(session, s.name);
      if (inTrigger && whole) session.rolledBackInTrigger = true;
      break;
    }
    case 'ExecuteString': {
      // EXEC ('...'): dynamic SQL runs as a batch of its own, without the caller's variables.
      if (s.at)
        throw new SqlError(
          40517,
          'EXEC ... AT (linked servers) is not supported by the SQL Server emulator.',
          16,
        );
      const text = s.parts
        .map((p) => {
          const e = compileExpr(p, { scope: new Scope([]), session });
          const v = e.eval([], ctx);
          return v === null ? '' : toText(v, e.type);
        })
        .join('');
      const saved = new Map(session.variables);
      session.variables.clear();
      try {
        yield* runDynamic(text, session);
      } finally {
        session.clearVariables();
        for (const [k, v] of saved) session.variables.set(k, v);
      }
      return;
    }
    case 'DeclareCursor':
      declareCursor(s, session);
      break;
    case 'OpenCursor':
      openCursor(s.cursor, session, ctx);
      break;
    case 'FetchCursor':
      yield* fetchCursor(s, session, ctx);
      break;
    case 'CloseCursor':
      closeCursor(s.cursor, session);
      break;
    case 'DeallocateCursor':
      deallocateCursor(s, session);
      break;
    case 'TryCatch': {
      // The TRY block's results are held until it ends (row sets read at once, so that an error in
      // one is raised here): an error there discards what follows it and runs the CATCH block.
      const results: StatementResult[] = [];
      let caught: CaughtError | undefined;
      session.catchers++;
      session.tryBlocks++;
      try {
        for (const r of runStatements(s.try, session, true)) {
          if (r.kind === 'error') {
            // RAISERROR (severity 11-19) in TRY goes to CATCH.
            caught = {
              number: r.error.number,
              message: r.error.message,
              severity: r.error.class,
              state: r.error.state,
              line: r.error.lineNumber,
              procName: r.error.procName,
            };
            break;
          }
          if (r.kind === 'rows') {
            const rows: unknown[][] = [];
            const pending = { ...r, resultSet: { ...r.resultSet, rows } };
            results.push(pending);
            for (const row of r.resultSet.rows as Iterable<unknown[]>) rows.push(row);
          } else results.push(r);
        }
      } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        const info = errorInfo(e);
        caught = {
          number: e.number,
          message: e.message,
          severity: e.severity,
          state: e.state,
          line: info.lineNumber,
          procName: info.procName,
        };
      } finally {
        session.catchers--;
        session.tryBlocks--;
      }
      yield* results;
      if (!caught) return;
      session.caught.push(caught);
      try {
        yield* runStatements(s.catch, session, true);
      } finally {
        session.caught.pop();
      }
      return;
    }
    default:
      // The statement named as T-SQL writes it: DeclareCursor -> DECLARE CURSOR.
      throw new SqlError(
        40517,
        `The statement ${s.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()} is not supported by the SQL Server emulator.`,
        16,
      );
  }
  if (session.db.ddlTriggers.length) yield* fireDdl(s, session, ddlEventOf(s, session));
  yield done(session);
}

/** Fires the DDL triggers covering a statement; an error in one ends the batch, as in DML triggers. */
function* fireDdl(
  s: Statement,
  session: SessionState,
  event: DdlEvent | undefined,
): Generator<StatementResult> {
  try {
    yield* fireDdlTriggers(s, event, session, commandText(s, session), runStatements);
  } catch (e) {
    if (e instanceof SqlError) abortsBatch.add(e);
    throw e;
  }
}

/** The statement's text in the batch or dynamic SQL it came from (undefined inside modules). */
function commandText(s: Statement, session: SessionState): string | undefined {
  if (session.modules.length || session.batchText === undefined) return undefined;
  const lines = session.batchText.split('\n');
  const start = lines.slice(0, s.pos.line - 1).reduce((n, l) => n + l.length + 1, 0) + s.pos.column - 1;
  return session.batchText.slice(start).trim();
}

export function* executeProcedure(
  name: import('@ferry/tsql').ObjectName,
  args: {
    name?: string;
    value: Value;
    type: import('../../engine-api.js').SqlType;
    output: boolean;
    variable?: string;
  }[],
  session: SessionState,
  rpc = false,
): Generator<StatementResult> {
  const { db, schemaId: named } = schemaOf(session, name);
  const schemaId = name.schema
    ? named
    : (db.schema(unqualifiedSchema(session, db, name.name.name))?.schemaId ?? named);
  const proc = db.findObject(schemaId, name.name.name) as Module | undefined;
  if (!proc || proc.type !== 'P')
    throw new SqlError(2812, `Could not find stored procedure '${name.name.name}'.`, 16, 62);
  if (!proc.body)
    throw new SqlError(40517, `Procedure '${proc.name}' could not be parsed by the SQL Server emulator.`, 16);
  const saved = new Map(session.variables);
  // SET options changed inside a procedure revert when it returns.
  const options = {
    nocount: session.nocount,
    rowcountLimit: session.rowcountLimit,
    dateformat: session.dateformat,
    ansiNulls: session.ansiNulls,
    quotedIdentifier: session.quotedIdentifier,
    scopeIdentity: session.scopeIdentity,
  };
  session.variables.clear();
  session.modules.push(proc);
  const trancount = session.trancount;
  const tempTables = new Set(session.tempTables);
  const outputs: {
    param: string;
    variable?: string;
    type: import('../../engine-api.js').SqlType;
    value: Value;
  }[] = [];
  let status = 0;
  try {
    proc.parameters.forEach((p, i) => {
      const a =
        args.find((x) => x.name?.toLowerCase() === p.name.toLowerCase()) ??
        (args[i]?.name === undefined ? args[i] : undefined);
      if (a?.output && !p.isOutput)
        throw new SqlError(
          8162,
          `The formal parameter "${p.name}" was not declared as an OUTPUT parameter, but the actual parameter passed in requested output.`,
          16,
          2,
        );
      if (p.tableType !== undefined) return bindTableParameter(session, p, a, saved, session.db);
      if (!a && !p.hasDefault)
        throw new SqlError(
          201,
          `Procedure or function '${proc.name}' expects parameter '${p.name}', which was not supplied.`,
          16,
          4,
        );
      let value: Value = null;
      if (a) value = convert(a.value, a.type, p.type, 0, session);
      else if (p.default) {
        const d = compileExpr(p.default, { scope: new Scope([]), session });
        value = convert(d.eval([], { session, outer: [] }), d.type, p.type, 0, session);
      }
      session.declare(p.name, p.type, value);
    });
    session.returnStatus = 0;
    yield* runStatements(proc.body as Statement[], session);
    status = session.returnStatus;
    proc.parameters.forEach((p, i) => {
      const a =
        args.find((x) => x.name?.toLowerCase() === p.name.toLowerCase()) ??
        (args[i]?.name === undefined ? args[i] : undefined);
      if (a?.output && p.isOutput)
        outputs.push({
          param: p.name,
          variable: a.variable,
          type: p.type,
          value: session.variable(p.name).value,
        });
    });
  } finally {
    session.modules.pop();
    session.clearVariables();
    for (const [k, v] of saved) session.variables.set(k, v);
    Object.assign(session, options);
    // Temporary tables a procedure creates are dropped when it ends.
    for (const id of session.tempTables)
      if (!tempTables.has(id)) {
        session.database('tempdb').remove(id);
        session.tempTables.delete(id);
      }
  }
  if (session.trancount !== trancount) {
    const e = new SqlError(
      266,
      `Transaction count after EXECUTE indicates a mismatching number of BEGIN and COMMIT statements. Previous count = ${trancount}, current count = ${session.trancount}.`,
      16,
      2,
    );
    lineOf.set(e, { line: 0, procName: proc.name });
    throw e;
  }
  // OUTPUT arguments: the caller's variables receive the values, an RPC caller gets RETURNVALUEs.
  for (const o of outputs) {
    if (o.variable && session.variables.has(o.variable.toLowerCase())) {
      const v = session.variable(o.variable);
      v.value = convert(o.value, o.type, v.type, 0, session);
    }
    if (rpc) yield { kind: 'return-value', name: o.param, type: o.type, value: o.value };
  }
  yield { kind: 'return-status', status };
}

function formatMessage(fmt: string, args: Value[]): string {
  let i = 0;
  return fmt.replace(/%[-+ 0#]*\d*(?:\.\d+)?(?:h|l|I64)?([dsiuoxX%])/g, (_m, c: string) => {
    if (c === '%') return '%';
    const v = args[i++];
    return v === null || v === undefined ? '(null)' : String(v);
  });
}

function setOption(s: Extract<Statement, { kind: 'SetOption' }>, session: SessionState, ctx: EvalCtx): void {
  const value =
    typeof s.value === 'string'
      ? s.value
      : compileExpr(s.value, { scope: new Scope([]), session }).eval([], ctx);
  for (const o of s.options) {
    switch (o) {
      case 'NOCOUNT':
        session.nocount = value === 'ON';
        break;
      case 'FMTONLY':
        session.fmtOnly = value === 'ON';
        break;
      case 'QUOTED_IDENTIFIER':
        session.quotedIdentifier = value === 'ON';
        break;
      case 'ANSI_NULLS':
        session.ansiNulls = value === 'ON';
        break;
      case 'DATEFORMAT': {
        const f = String(value).toLowerCase();
        if (!['mdy', 'dmy', 'ymd', 'ydm', 'myd', 'dym'].includes(f))
          throw new SqlError(2741, `SET DATEFORMAT date order '${String(value)}' is invalid.`, 16);
        session.dateformat = f as DateFormat;
        break;
      }
      case 'ROWCOUNT':
        session.rowcountLimit = Number(value);
        break;
      case 'LANGUAGE':
        if (!/^(us_english|english)$/i.test(String(value)))
          throw new SqlError(
            40517,
            `SET LANGUAGE ${String(value)} is not supported by the SQL Server emulator.`,
            16,
          );
        break;
      case 'DATEFIRST':
        if (Number(value) !== 7)
          throw new SqlError(
            40517,
            'SET DATEFIRST other than 7 is not supported by the SQL Server emulator.',
            16,
          );
        break;
      case 'TRANSACTION ISOLATION LEVEL':
      case 'TEXTSIZE':
      case 'XACT_ABORT':
        session.xactAbort = value === 'ON';
        break;
      case 'ANSI_WARNINGS':
        session.ansiWarnings = value === 'ON';
        break;
      case 'ARITHABORT':
      case 'ANSI_PADDING':
      case 'ANSI_NULL_DFLT_ON':
      case 'ANSI_NULL_DFLT_OFF':
      case 'CONCAT_NULL_YIELDS_NULL':
      case 'NUMERIC_ROUNDABORT':
      case 'LOCK_TIMEOUT':
      case 'IMPLICIT_TRANSACTIONS':
      case 'CURSOR_CLOSE_ON_COMMIT':
      case 'DEADLOCK_PRIORITY':
      case 'ANSI_DEFAULTS':
      case 'STATISTICS IO':
      case 'STATISTICS TIME':
      case 'CONTEXT_INFO':
      case 'QUERY_GOVERNOR_COST_LIMIT':
      case 'NO_BROWSETABLE':
        break;
      case 'NOEXEC':
        session.noexec = value === 'ON';
        break;
      default:
        throw new SqlError(40517, `SET ${o} is not supported by the SQL Server emulator.`, 16);
    }
  }
}

/**
 * A top-level FOR XML/JSON result leaves in rows of 2033 characters (clients join them); FOR XML
 * without TYPE is typed ntext there, as SQL Server sends it.
 */
function topLevelFor(s: Select, plan: QueryPlan): QueryPlan {
  const column = plan.columns[0];
  if (!s.for || s.for.mode === 'BROWSE' || column.type.name === 'xml') return plan;
  return {
    columns: [s.for.mode === 'XML' ? { ...column, type: { name: 'ntext', length: -1 } } : column],
    rows: function* (ctx) {
      for (const [text] of plan.rows(ctx))
        for (let at = 0; at < (text as string).length; at += FOR_CHUNK)
          yield [(text as string).slice(at, at + FOR_CHUNK)];
    },
  };
}
