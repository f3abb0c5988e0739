// System-versioned temporal tables: GENERATED ALWAYS AS ROW START/END columns, PERIOD FOR
// SYSTEM_TIME, SYSTEM_VERSIONING = ON (HISTORY_TABLE = ...) / OFF, the period values the server
// writes on INSERT/UPDATE, history rows on UPDATE/DELETE, and FOR SYSTEM_TIME queries.

import type { ColumnDef, Expression, Identifier, TableRef } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Column, Table } from '../storage/objects.js';
import { formatMoment, nowMoment, roundMoment } from '../types/temporal.js';
import { convert, type Value } from '../types/convert.js';
import { compareValues } from './compare.js';
import { heap } from './ddl.js';
import { compileExpr } from './expressions.js';
import { Scope, type CompileCtx, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';
import { journalRows } from './transactions.js';

type SystemTime = NonNullable<TableRef['systemTime']>;

/** Records GENERATED ALWAYS AS ROW START/END and HIDDEN on the columns just added. */
export function markPeriodColumns(table: Table, defs: readonly ColumnDef[]): void {
  for (const d of defs) {
    if (!d.generatedAlways) continue;
    const col = table.columns.find((c) => c.name.toLowerCase() === d.name.name.toLowerCase())!;
    if (col.type.name !== 'datetime2')
      throw new SqlError(
        13502,
        `Period column '${col.name}' in a system-versioned temporal table cannot be of a data type other than datetime2.`,
        16,
      );
    col.generatedAlways = d.generatedAlways;
    if (d.hidden) col.hidden = true;
  }
}

/**
 * PERIOD FOR SYSTEM_TIME (start, end): in CREATE TABLE both columns are GENERATED ALWAYS; ALTER TABLE
 * ADD PERIOD makes existing datetime2 columns the period's (`adopt`).
 */
export function addPeriod(table: Table, period: { start: Identifier; end: Identifier }, adopt = false): void {
  if (table.temporal?.start)
    throw new SqlError(
      13510,
      `Cannot define PERIOD FOR SYSTEM_TIME on table '${table.name}' since it is already defined.`,
      16,
    );
  const find = (id: Identifier, kind: Column['generatedAlways']) => {
    const col = table.columns.find((c) => c.name.toLowerCase() === id.name.toLowerCase());
    if (!col) throw new SqlError(207, `Invalid column name '${id.name}'.`, 16);
    if (adopt && !col.generatedAlways && col.type.name === 'datetime2') col.generatedAlways = kind;
    if (col.generatedAlways !== kind)
      throw new SqlError(
        13501,
        `Temporal generated always column '${col.name}' has invalid data type or is not defined as GENERATED ALWAYS AS ${kind}.`,
        16,
      );
    if (col.nullable)
      throw new SqlError(
        13587,
        `Period column '${col.name}' in table '${table.name}' cannot be nullable.`,
        16,
      );
    return col.columnId;
  };
  table.temporal = {
    ...table.temporal,
    start: find(period.start, 'ROW START'),
    end: find(period.end, 'ROW END'),
  };
}

/**
 * DROP PERIOD FOR SYSTEM_TIME: the period's columns stay as ordinary datetime2 columns that take
 * written values. SYSTEM_VERSIONING must be OFF first (13592), and the table must have the period (13593).
 */
export function dropPeriod(db: Database, table: Table): void {
  const { start, end, historyId } = table.temporal ?? {};
  const name = `${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}`;
  if (historyId !== undefined)
    throw new SqlError(
      13592,
      `Cannot drop SYSTEM_TIME period from table '${name}' when SYSTEM_VERSIONING is ON.`,
      16,
    );
  if (start === undefined)
    throw new SqlError(
      13593,
      `SYSTEM_TIME period cannot be dropped from table '${name}', because SYSTEM_TIME period does not exist.`,
      16,
    );
  for (const c of table.columns)
    if (c.columnId === start || c.columnId === end) {
      c.generatedAlways = undefined;
      c.hidden = undefined;
    }
  table.temporal = { ...table.temporal, start: undefined, end: undefined };
}

/** The text of `SYSTEM_VERSIONING = <value>`: ON [( HISTORY_TABLE = [s].[t] [, ...] )] or OFF. */
export function setSystemVersioning(db: Database, table: Table, value: string, session: SessionState): void {
  const words = value.trim();
  if (/^OFF$/i.test(words)) {
    const history = table.temporal?.historyId ? db.table(table.temporal.historyId) : undefined;
    if (history) history.temporal = undefined;
    if (table.temporal) table.temporal = { ...table.temporal, historyId: undefined };
    return;
  }
  if (!/^ON\b/i.test(words)) throw new SqlError(102, `Incorrect syntax near '${value}'.`, 15);
  if (!table.temporal?.start)
    throw new SqlError(
      13510,
      `Cannot set SYSTEM_VERSIONING to ON when SYSTEM_TIME period is not defined on table '${table.name}'.`,
      16,
    );
  const named = historyTableName(words);
  const history = named
    ? historyTable(db, table, named.schema ?? 'dbo', named.name, session)
    : historyTable(
        db,
        table,
        db.schemaById(table.schemaId)!.name,
        `MSSQL_TemporalHistoryFor_${table.objectId}`,
        session,
      );
  history.temporal = { historyOf: table.objectId };
  table.temporal = { ...table.temporal, historyId: history.objectId };
}

/** The `HISTORY_TABLE = [s].[t]` a `SYSTEM_VERSIONING = ON (...)` value names, if any. */
export function historyTableName(value: string): { schema?: string; name: string } | undefined {
  const named = /HISTORY_TABLE\s*=\s*((?:\[[^\]]+\]|[\w#@$]+)(?:\s*\.\s*(?:\[[^\]]+\]|[\w#@$]+))?)/i.exec(
    value,
  );
  if (!named) return undefined;
  const parts = named[1].split('.').map((p) => p.trim().replace(/^\[|\]$/g, ''));
  return { ...(parts.length > 1 ? { schema: parts[0] } : {}), name: parts[parts.length - 1] };
}

/** The named history table, created with the table's columns when it does not exist (13523 when its columns differ). */
function historyTable(
  db: Database,
  table: Table,
  schemaName: string,
  name: string,
  session: SessionState,
): Table {
  const schema = db.schema(schemaName);
  if (!schema)
    throw new SqlError(
      2760,
      `The specified schema name "${schemaName}" either does not exist or you do not have permission to use it.`,
      16,
    );
  const existing = db.findObject(schema.schemaId, session.objectName(name));
  if (existing) {
    const h = existing as Table;
    if (existing.type !== 'U' || h.columns.length !== table.columns.length)
      throw new SqlError(
        13523,
        `Setting SYSTEM_VERSIONING to ON failed because table '${table.name}' has ${table.columns.length} columns and table '${existing.name}' has ${h.columns?.length ?? 0} columns.`,
        16,
      );
    return h;
  }
  const history: Table = {
    ...db.newObject(name, schema.schemaId, 'U'),
    columns: table.columns.map((c) => ({
      columnId: c.columnId,
      name: c.name,
      type: c.type,
      userTypeId: c.userTypeId,
      nullable: c.nullable,
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
    })),
    rows: [],
    indexes: [heap()],
  };
  return db.add(history);
}

const MAX_END = '9999-12-31 23:59:59.9999999';

/**
 * The period columns' value now (UTC, at the column's scale: one time for a whole statement, or for
 * a whole explicit transaction as SQL Server takes its begin time), and the open end.
 */
function periodValue(col: Column, open: boolean, session: SessionState): string {
  const scale = col.type.scale ?? 7;
  if (open) return scale ? MAX_END.slice(0, 20 + scale) : MAX_END.slice(0, 19);
  const key = session.trancount > 0 ? `t${session.transactionId}` : `s${session.statementCount}`;
  if (session.periodTime?.key !== key) session.periodTime = { key, moment: nowMoment() };
  return formatMoment(roundMoment(session.periodTime.moment, 'datetime2', scale), 'datetime2', scale);
}

/** INSERT: the server's period values (13536 for an explicit value). */
export function fillPeriodOnInsert(
  table: Table,
  row: Row,
  given: Set<number>,
  db: Database,
  session: SessionState,
): void {
  if (!table.temporal?.start) return;
  table.columns.forEach((col, i) => {
    if (!col.generatedAlways) return;
    if (given.has(i))
      throw new SqlError(
        13536,
        `Cannot insert an explicit value into a GENERATED ALWAYS column in table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'. Use INSERT with a column list to exclude the GENERATED ALWAYS column, or insert a DEFAULT into GENERATED ALWAYS column.`,
        16,
      );
    row[i] = periodValue(col, col.generatedAlways === 'ROW END', session);
  });
}

/** UPDATE SET of a period column: 13537. */
export function refusePeriodUpdate(table: Table, col: Column, db: Database): void {
  if (col.generatedAlways && table.temporal?.start)
    throw new SqlError(
      13537,
      `Cannot update GENERATED ALWAYS columns in table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
      16,
    );
}

/** UPDATE: new rows start now; the old rows go to the history table, ending now. */
export function versionUpdatedRows(
  db: Database,
  table: Table,
  updated: [Row, Row][],
  session: SessionState,
): void {
  if (!table.temporal?.start) return;
  const startIndex = table.columns.findIndex((c) => c.columnId === table.temporal!.start);
  const now = periodValue(table.columns[startIndex], false, session);
  for (const [, n] of updated) n[startIndex] = now;
  archive(
    db,
    table,
    updated.map(([o]) => o),
    now,
    session,
  );
}

/** DELETE: the deleted rows go to the history table, ending now. */
export function versionDeletedRows(db: Database, table: Table, deleted: Row[], session: SessionState): void {
  if (!table.temporal?.historyId) return;
  const endCol = table.columns.find((c) => c.columnId === table.temporal!.end)!;
  archive(db, table, deleted, periodValue(endCol, false, session), session);
}

function archive(db: Database, table: Table, rows: Row[], now: string, session: SessionState): void {
  const history = table.temporal?.historyId ? db.table(table.temporal.historyId) : undefined;
  if (!history || !rows.length) return;
  const endIndex = table.columns.findIndex((c) => c.columnId === table.temporal!.end);
  journalRows(session, history);
  history.rows = [
    ...history.rows,
    ...rows.map((r) => {
      const copy = [...r];
      copy[endIndex] = now;
      return copy;
    }),
  ];
}

/** DML on a history table while versioning is ON: 13559/13560. */
export function refuseHistoryChange(db: Database, table: Table, verb: string): void {
  const of = table.temporal?.historyOf;
  if (!of) return;
  throw new SqlError(
    13559,
    `Cannot ${verb.toLowerCase()} rows in a temporal history table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
    16,
  );
}

/** FOR SYSTEM_TIME: the current and history rows whose period matches (13544 on other tables). */
export function systemTimeRows(
  db: Database,
  table: Table,
  spec: SystemTime,
  cc: CompileCtx,
): (ctx: EvalCtx) => Iterable<Row> {
  const history = table.temporal?.historyId ? db.table(table.temporal.historyId) : undefined;
  if (!history)
    throw new SqlError(
      13544,
      `Temporal FOR SYSTEM_TIME clause can only be used with system-versioned tables. '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}' is not a system-versioned table.`,
      16,
    );
  const si = table.columns.findIndex((c) => c.columnId === table.temporal!.start);
  const ei = table.columns.findIndex((c) => c.columnId === table.temporal!.end);
  const type = table.columns[si].type;
  const bound = (e: Expression | undefined) => {
    if (!e) return () => null;
    const c = compileExpr(e, { scope: new Scope([]), session: cc.session });
    return (ctx: EvalCtx) =>
      convert(c.eval([], ctx), c.type, { name: 'datetime2', scale: 7 }, 0, ctx.session);
  };
  const lo = bound(spec.start);
  const hi = bound(spec.end);
  const t7 = { name: 'datetime2', scale: 7 };
  const cmp = (a: Value, b: Value) => compareValues(convert(a, type, t7), b, t7);
  const keep = (r: Row, a: Value, b: Value): boolean => {
    const start = r[si];
    const end = r[ei];
    switch (spec.kind) {
      case 'ALL':
        return true;
      case 'AS OF':
        return cmp(start, a) <= 0 && cmp(end, a) > 0;
      case 'FROM':
        return cmp(start, b) < 0 && cmp(end, a) > 0;
      case 'BETWEEN':
        return cmp(start, b) <= 0 && cmp(end, a) > 0;
      case 'CONTAINED IN':
        return cmp(start, a) >= 0 && cmp(end, b) <= 0;
    }
  };
  return function* (ctx) {
    const a = lo(ctx);
    const b = hi(ctx);
    if (spec.kind !== 'ALL' && (a === null || (spec.kind !== 'AS OF' && b === null))) return;
    for (const r of table.rows) if (keep(r, a, b)) yield r;
    for (const r of history.rows) if (keep(r, a, b)) yield r;
  };
}
