// INSERT (VALUES, SELECT, DEFAULT VALUES), UPDATE, DELETE and TRUNCATE on stored tables, with
// identity, defaults, computed columns, NOT NULL, PRIMARY KEY/UNIQUE, CHECK and FOREIGN KEY checks.

import { blockCheck, rowFilter as securityFilter } from '../security/row-security.js';
import type {
  Delete,
  Expression,
  Identifier,
  Insert,
  ObjectName,
  Update,
  UpdateAssignment,
} from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { checkTableUsable } from './alter-index.js';
import { checkEdgeRow, deleteNodeEdges } from './edge-constraints.js';
import { lookupObject } from './table-source.js';
import {
  fillLedgerOnInsert,
  refuseAppendOnlyChange,
  refuseLedgerColumnUpdate,
  refuseLedgerHistoryChange,
  versionLedgerDelete,
  versionLedgerUpdate,
} from './ledger.js';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type {
  CheckConstraint,
  Column,
  DefaultConstraint,
  ForeignKey,
  Index,
  Module,
  Table,
} from '../storage/objects.js';
import { convert, toText, type Value } from '../types/convert.js';
import { isCharType } from '../types/sql-type.js';
import { compareValues, valueKey } from './compare.js';
import { compileExpr, compoundAssignment, isTrue } from './expressions.js';
import { compileSequentialIdDefault } from './functions.js';
import { compileQuery, compileTop, compileWith, type QueryPlan } from './query.js';
import { Scope, type Compiled, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';
import { findTable } from './ddl.js';
import { journalRows } from './transactions.js';
import {
  fillPeriodOnInsert,
  refuseHistoryChange,
  refusePeriodUpdate,
  versionDeletedRows,
  versionUpdatedRows,
} from './temporal-tables.js';
import { tableVariable } from './table-variables.js';
import { fromMatcher, fromTarget } from './update-from.js';
import { fillEdgeEnds, fillGraphIds, findColumn, refuseGraphIdColumn } from './graph-tables.js';
import { insteadOfTrigger, triggersFor, type Changes, type TriggerEvent } from './triggers.js';
import { isCaptured } from './change-data-capture.js';
import { checkTypedXml } from './xml-fulltext-ddl.js';
import { equalitySeek } from './table-seek.js';

/** Per unique index: the keys present (built on first use, maintained on insert). */
const keySets = new WeakMap<Index, Map<string, number>>();

function keyOf(table: Table, index: Index, row: Row): string | undefined {
  const parts: string[] = [];
  for (const ic of index.columns) {
    if (ic.included) continue;
    const i = table.columns.findIndex((c) => c.columnId === ic.columnId);
    const v = row[i];
    parts.push(valueKey(v, table.columns[i].type));
  }
  return parts.join('\u0001');
}

function keySet(table: Table, index: Index): Map<string, number> {
  let set = keySets.get(index);
  if (!set) {
    set = new Map();
    for (const r of table.rows) {
      const k = keyOf(table, index, r)!;
      set.set(k, (set.get(k) ?? 0) + 1);
    }
    keySets.set(index, set);
  }
  return set;
}

/** Drops the cached key sets of a table whose rows were replaced (they are rebuilt on next use). */
export function forgetKeys(table: Table): void {
  for (const i of table.indexes) keySets.delete(i);
}

function schemaTable(db: Database, t: Table) {
  return `${db.schemaById(t.schemaId)!.name}.${t.name}`;
}

function keyText(table: Table, index: Index, row: Row): string {
  return index.columns
    .filter((c) => !c.included)
    .map((ic) => {
      const i = table.columns.findIndex((c) => c.columnId === ic.columnId);
      const v = row[i];
      return v === null ? '<NULL>' : toText(v, table.columns[i].type);
    })
    .join(', ');
}

function checkUnique(db: Database, table: Table, index: Index, row: Row): void {
  if (keySet(table, index).has(keyOf(table, index, row)!)) throw duplicateKey(db, table, index, row);
}

/** 2627 (a PRIMARY KEY or UNIQUE constraint's index) or 2601 (a unique index) for `row`'s key. */
function duplicateKey(db: Database, table: Table, index: Index, row: Row): SqlError {
  const owner = [...db.objects.values()].find(
    (o) =>
      (o.type === 'PK' || o.type === 'UQ') &&
      o.parentId === table.objectId &&
      (o as { indexId: number }).indexId === index.indexId,
  );
  if (owner)
    return new SqlError(
      2627,
      `Violation of ${owner.type === 'PK' ? 'PRIMARY KEY' : 'UNIQUE KEY'} constraint '${owner.name}'. Cannot insert duplicate key in object '${schemaTable(db, table)}'. The duplicate key value is (${keyText(table, index, row)}).`,
      14,
    );
  return new SqlError(
    2601,
    `Cannot insert duplicate key row in object '${schemaTable(db, table)}' with unique index '${index.name}'. The duplicate key value is (${keyText(table, index, row)}).`,
    14,
  );
}

/**
 * Fills a column just added to a table that has rows, as SQL Server does: identity values in row
 * order; the default when the column is NOT NULL or its default says WITH VALUES; otherwise NULL.
 */
export function fillAddedColumn(
  table: Table,
  db: Database,
  index: number,
  withValues: boolean,
  session: SessionState,
): void {
  const col = table.columns[index]!;
  const id = col.identity;
  if (id) {
    for (const row of table.rows) {
      id.last = id.last === null ? id.seed : id.last + id.increment;
      row[index] = convert(id.last, { name: 'bigint' }, col.type);
    }
    return;
  }
  if (!col.defaultObjectId || (col.nullable && !withValues)) return;
  const d = db.objects.get(col.defaultObjectId) as DefaultConstraint;
  const e = compiledFor(d, undefined, d.expr, session);
  const ctx: EvalCtx = { session, outer: [] };
  for (const row of table.rows) row[index] = convertForColumn(e.eval([], ctx), e.type, col, table, session);
}

/** Compiled CHECK, DEFAULT and computed-column expressions, per constraint or column (compiled once). */
const compiledExprs = new WeakMap<object, Compiled>();

function compiledFor(
  owner: object,
  table: Table | undefined,
  expr: Expression,
  session: SessionState,
): Compiled {
  let e = compiledExprs.get(owner);
  if (!e) {
    const scope = new Scope(
      table ? table.columns.map((x) => ({ name: x.name, type: x.type, nullable: x.nullable })) : [],
    );
    e = (table ? undefined : compileSequentialIdDefault(expr)) ?? compileExpr(expr, { scope, session });
    compiledExprs.set(owner, e);
  }
  return e;
}

function checkConstraintHolds(
  db: Database,
  table: Table,
  c: CheckConstraint,
  row: Row,
  session: SessionState,
  verb: string,
): void {
  const e = compiledFor(c, table, c.expr, session);
  if (e.eval(row, { session, outer: [] }) === false) {
    const col = c.columnId ? `, column '${table.columns.find((x) => x.columnId === c.columnId)?.name}'` : '';
    throw new SqlError(
      547,
      `The ${verb} statement conflicted with the CHECK constraint "${c.name}". The conflict occurred in database "${db.name}", table "${schemaTable(db, table)}"${col}.`,
      16,
      0,
    );
  }
}

function checkForeignKey(db: Database, table: Table, fk: ForeignKey, row: Row, verb: string): void {
  const vals = fk.columns.map((p) => row[table.columns.findIndex((c) => c.columnId === p.parent)]);
  if (vals.some((v) => v === null)) return;
  const ref = db.table(fk.referencedId)!;
  const index = ref.indexes.find(
    (i) =>
      i.isUnique &&
      i.columns.filter((c) => !c.included).length === fk.columns.length &&
      fk.columns.every((fc) => i.columns.some((c) => c.columnId === fc.referenced)),
  );
  let found = false;
  if (index) {
    const refRow: Row = new Array(ref.columns.length).fill(null);
    fk.columns.forEach((p, i) => {
      const ri = ref.columns.findIndex((c) => c.columnId === p.referenced);
      const pc = table.columns.find((c) => c.columnId === p.parent)!;
      refRow[ri] =
        isCharType(pc.type) && isCharType(ref.columns[ri].type)
          ? vals[i]
          : convert(vals[i], pc.type, ref.columns[ri].type);
    });
    const key = keyOf(ref, index, refRow)!;
    // A row may reference itself (a self-referencing key: its own id as its parent or editor).
    found = keySet(ref, index).has(key) || (ref === table && keyOf(ref, index, row) === key);
  }
  if (!found) {
    const first = ref.columns.find((c) => c.columnId === fk.columns[0].referenced)!;
    throw new SqlError(
      547,
      `The ${verb} statement conflicted with the FOREIGN KEY constraint "${fk.name}". The conflict occurred in database "${db.name}", table "${schemaTable(db, ref)}", column '${first.name}'.`,
      16,
      0,
    );
  }
}

/** Validates existing rows against a constraint being added (WITH CHECK) or a unique index. */
export function checkExistingRows(
  table: Table,
  c: Index | CheckConstraint | ForeignKey,
  db: Database,
  session?: SessionState,
): void {
  if ('indexId' in c && 'columns' in c && 'isUnique' in c) {
    const seen = new Set<string>();
    for (const r of table.rows) {
      const k = keyOf(table, c, r)!;
      if (seen.has(k))
        throw new SqlError(
          1505,
          `The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name '${schemaTable(db, table)}' and the index name '${c.name}'. The duplicate key value is (${keyText(table, c, r)}).`,
          16,
        );
      seen.add(k);
    }
    return;
  }
  if (c.type === 'C') {
    if (session) for (const r of table.rows) checkConstraintHolds(db, table, c, r, session, 'ALTER TABLE');
    return;
  }
  for (const r of table.rows) checkForeignKey(db, table, c as ForeignKey, r, 'ALTER TABLE');
}

/** The value a SET col = x / col += x (-=, *=, /=, %=, &=, |=, ^=) gives the column: x, col + x... */
export function assignedValue(s: UpdateAssignment): Expression {
  return typeof s.target === 'string' ? s.expr : compoundAssignment(s.target, s.op, s.expr);
}

/**
 * The table a DML statement changes. A view is a target only through its INSTEAD OF trigger for the
 * statement: it then stands as a table with the view's columns and rows, which the trigger receives.
 */
function findTarget(
  session: SessionState,
  name: ObjectName | string,
  event: TriggerEvent,
): { db: Database; table: Table } {
  if (typeof name === 'string') return tableVariable(session, name);
  const { db, obj } = lookupObject(session, {
    name: name.name.name,
    schema: name.schema?.name,
    database: name.database?.name,
  });
  if (obj?.type !== 'V') {
    const found = findTable(session, name);
    checkTableUsable(found.db, found.table);
    refuseHistoryChange(found.db, found.table, event);
    refuseLedgerHistoryChange(found.table, event);
    return found;
  }
  const view = obj as Module;
  if (!triggersFor(db, view, event, true).length)
    throw new SqlError(
      40517,
      `${event} on view '${view.name}' is not supported by the SQL Server emulator (only through an INSTEAD OF ${event} trigger).`,
      16,
    );
  const saved = session.db;
  session.db = db;
  try {
    const plan = compileQuery(view.query!, session);
    const ctx: EvalCtx = { session, outer: [] };
    const columns: Column[] = plan.columns.map((c, i) => ({
      columnId: i + 1,
      name: c.name,
      type: c.type,
      userTypeId: 0,
      nullable: c.nullable,
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
    }));
    return {
      db,
      table: {
        ...view,
        type: 'U',
        columns,
        rows: [...plan.rows(ctx)].map((r) => r.slice(0, columns.length)),
        indexes: [],
      },
    };
  } finally {
    session.db = saved;
  }
}

export interface InsertPlan {
  table: Table;
  db: Database;
  targets: Column[];
  /** With an INSTEAD OF INSERT trigger: the rows the statement would insert, collected, not stored. */
  instead?: Row[];
  insteadOf?: Module;
  /** The statement constraint errors name (MERGE inserts say MERGE). */
  verb?: string;
  /** Row-level security: the AFTER INSERT block predicates (null: none), found at the first row. */
  blockInsert?: ((row: Row, ctx: EvalCtx) => void) | null;
  /** BULK INSERT without CHECK_CONSTRAINTS: CHECK and FOREIGN KEY constraints are not checked. */
  skipChecks?: boolean;
  /** An INSERT statement's rows checked against a self-referencing key at its end (they may reference each other). */
  selfReferences?: [ForeignKey, Row][];
}

export type TypedValue = { v: Value; t: import('../../engine-api.js').SqlType };

/** The target and the columns an INSERT fills, checked as SQL Server checks them. */
export function prepareInsert(
  target: ObjectName | string,
  columns: readonly Identifier[] | undefined,
  session: SessionState,
): InsertPlan {
  const { db, table } = findTarget(session, target, 'INSERT');
  if (table.generated)
    throw new SqlError(40517, `Generated table '${table.name}' is read-only in the SQL Server emulator.`, 16);
  const identityInsert = session.identityInsert === table;
  const targets = columns
    ? columns.map((c) => {
        const col = findColumn(table, c.name);
        if (!col) throw new SqlError(207, `Invalid column name '${c.name}'.`, 16);
        refuseGraphIdColumn(col);
        return col;
      })
    : table.columns.filter(
        (c) =>
          !c.computed &&
          !c.hidden &&
          !c.graph &&
          c.type.name !== 'timestamp' &&
          !(c.identity && !identityInsert),
      );
  for (const t of targets) {
    if (t.computed)
      throw new SqlError(
        271,
        `The column "${t.name}" cannot be modified because it is either a computed column or is the result of a UNION operator.`,
        16,
      );
    if (t.type.name === 'timestamp')
      throw new SqlError(
        273,
        'Cannot insert an explicit value into a timestamp column. Use INSERT with a column list to exclude the timestamp column, or insert a DEFAULT into the timestamp column.',
        16,
      );
    if (t.identity && !identityInsert)
      throw new SqlError(
        544,
        `Cannot insert explicit value for identity column in table '${table.name}' when IDENTITY_INSERT is set to OFF.`,
        16,
      );
  }
  if (identityInsert && table.columns.some((c) => c.identity) && !columns)
    throw new SqlError(
      8101,
      `An explicit value for the identity column in table '${table.name}' can only be specified when a column list is used and IDENTITY_INSERT is ON.`,
      16,
    );
  const insteadOf = insteadOfTrigger(db, table, 'INSERT', session);
  return { table, db, targets, ...(insteadOf ? { instead: [], insteadOf } : {}) };
}

/** OUTPUT ... INTO: rows stored in a table or table variable, without firing triggers (it may not have any). */
export function insertRows(
  target: ObjectName | string,
  columns: readonly Identifier[] | undefined,
  rows: TypedValue[][],
  session: SessionState,
  ctx: EvalCtx,
): void {
  const plan = prepareInsert(target, columns, session);
  if (triggersFor(plan.db, plan.table, 'INSERT', false).length || plan.insteadOf)
    throw new SqlError(
      331,
      `The target table '${plan.table.name}' of the OUTPUT INTO clause cannot have any enabled triggers.`,
      16,
      1,
    );
  journalRows(session, plan.table);
  for (const r of rows) {
    if (r.length !== plan.targets.length)
      throw new SqlError(
        213,
        'Column name or number of supplied values does not match table definition.',
        16,
        1,
      );
    insertRow(plan, r, session, ctx);
  }
}

/** INSERT/UPDATE/DELETE TOP (n): at most n rows, any n of them as in SQL Server (here the first found). */
function rowLimit(stmt: Insert | Update | Delete, session: SessionState, ctx: EvalCtx): number {
  return stmt.top ? compileTop(stmt.top, { scope: new Scope([]), session })(ctx) : Infinity;
}

/** `execRows`: for INSERT ... EXEC, the result sets the procedure returned. */
export function executeInsert(
  stmt: Insert,
  session: SessionState,
  ctx: EvalCtx,
  execRows?: { types: SqlType[]; rows: Row[] }[],
): Changes {
  refuseCteTarget(stmt);
  const limit = rowLimit(stmt, session, ctx);
  const ctes = compileWith(stmt.with, session);
  const plan: InsertPlan = { ...prepareInsert(stmt.target, stmt.columns, session), selfReferences: [] };
  const { db, table, targets, insteadOf } = plan;
  journalRows(session, table);
  const before = table.rows.length;
  const empty = new Scope([]);
  let count = 0;
  const src = stmt.source;
  if (src.kind === 'Values') {
    const rows = src.rows.map((r) => {
      if (r.length !== targets.length)
        throw new SqlError(
          r.length > targets.length ? 110 : 109,
          r.length > targets.length
            ? 'There are fewer columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.'
            : 'There are more columns in the INSERT statement than values specified in the VALUES clause. The number of values in the VALUES clause must match the number of columns specified in the INSERT statement.',
          15,
        );
      return r.map((e) =>
        e.kind === 'DefaultValue' ? undefined : compileExpr(e, { scope: empty, session, ctes }),
      );
    });
    for (const r of rows.slice(0, limit)) {
      // One source row per VALUES row: NEXT VALUE FOR gives its references there one value.
      const source: Row = [];
      insertRow(
        plan,
        r.map((c) => (c ? { v: c.eval(source, ctx), t: c.type } : undefined)),
        session,
        ctx,
      );
      count++;
    }
  } else if (src.kind === 'DefaultValues') {
    insertRow({ ...plan, targets: [] }, [], session, ctx);
    count = 1;
  } else if (src.kind === 'Select') {
    const q = compileQuery(src, session, undefined, ctes);
    if (q.columns.length !== targets.length)
      throw new SqlError(
        120,
        'The select list for the INSERT statement contains fewer items than the insert list. The number of SELECT values must match the number of INSERT columns.',
        15,
      );
    const all = [...q.rows(ctx)].slice(0, limit);
    for (const r of all) {
      insertRow(
        plan,
        r.map((v, i) => ({ v, t: q.columns[i].type })),
        session,
        ctx,
      );
      count++;
    }
  } else
    for (const set of execRows ?? []) {
      if (set.types.length !== targets.length)
        throw new SqlError(
          213,
          'Column name or number of supplied values does not match table definition.',
          16,
        );
      for (const r of set.rows) {
        if (count >= limit) break;
        insertRow(
          plan,
          r.map((v, i) => ({ v, t: set.types[i] })),
          session,
          ctx,
        );
        count++;
      }
    }
  for (const [fk, row] of plan.selfReferences!) checkForeignKey(db, table, fk, row, 'INSERT');
  if (plan.instead)
    return { count, db, table, event: 'INSERT', inserted: plan.instead, deleted: [], insteadOf };
  const fires = triggersFor(db, table, 'INSERT', false).length > 0 || !!stmt.output || isCaptured(db, table);
  return { count, db, table, event: 'INSERT', inserted: fires ? table.rows.slice(before) : [], deleted: [] };
}

export function insertRow(
  plan: InsertPlan,
  values: (TypedValue | undefined)[],
  session: SessionState,
  ctx: EvalCtx,
): void {
  const { table, db } = plan;
  const row: Row = new Array(table.columns.length).fill(null);
  const given = new Set<number>();
  plan.targets.forEach((col, i) => {
    const i2 = table.columns.indexOf(col);
    const val = values[i];
    if (val === undefined) return;
    given.add(i2);
    row[i2] = convertForColumn(val.v, val.t, col, table, session);
  });
  // INSTEAD OF INSERT: `inserted` holds the given values and defaults; identity, rowversion and computed columns stay NULL.
  const instead = plan.instead !== undefined;
  let identityValue: bigint | null = null;
  table.columns.forEach((col, i) => {
    if (col.computed || given.has(i)) return;
    if (instead && (col.identity || col.type.name === 'timestamp')) return;
    if (col.type.name === 'timestamp') {
      db.dbts += 1n;
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(db.dbts);
      row[i] = b;
      return;
    }
    if (col.identity) {
      const id = col.identity;
      identityValue = id.last === null ? id.seed : id.last + id.increment;
      row[i] = convert(identityValue, { name: 'bigint' }, col.type);
      return;
    }
    if (col.defaultObjectId) {
      const d = db.objects.get(col.defaultObjectId) as DefaultConstraint;
      const e = compiledFor(d, undefined, d.expr, session);
      row[i] = convertForColumn(e.eval([], ctx), e.type, col, table, session);
    }
  });
  fillPeriodOnInsert(table, row, given, db, session);
  fillLedgerOnInsert(db, table, row, given, session);
  fillGraphIds(db, table, row);
  if (plan.instead) {
    plan.instead.push(row);
    return;
  }
  // Computed columns (evaluated on insert; non-deterministic ones are not allowed to be persisted anyway).
  table.columns.forEach((col, i) => {
    if (!col.computed) return;
    row[i] = compiledFor(col.computed, table, col.computed.expr, session).eval(row, ctx);
  });
  table.columns.forEach((col, i) => {
    if (row[i] === null && !col.nullable && !col.computed)
      throw new SqlError(
        515,
        `Cannot insert the value NULL into column '${col.name}', table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'; column does not allow nulls. INSERT fails.`,
        16,
        2,
      );
  });
  for (const o of plan.skipChecks ? [] : db.childrenOf(table.objectId)) {
    if (o.type === 'C' && !(o as CheckConstraint).isDisabled)
      checkConstraintHolds(db, table, o as CheckConstraint, row, session, plan.verb ?? 'INSERT');
    if (o.type === 'F' && !(o as ForeignKey).isDisabled) {
      if (plan.selfReferences && (o as ForeignKey).referencedId === table.objectId)
        plan.selfReferences.push([o as ForeignKey, row]);
      else checkForeignKey(db, table, o as ForeignKey, row, plan.verb ?? 'INSERT');
    }
  }
  if (table.graph?.kind === 'EDGE' && !plan.skipChecks) checkEdgeRow(db, table, row, plan.verb ?? 'INSERT');
  if (plan.blockInsert === undefined)
    plan.blockInsert = blockCheck(session, db, table, 'AFTER INSERT') ?? null;
  plan.blockInsert?.(row, ctx);
  for (const index of table.indexes)
    if (index.isUnique && !index.isDisabled) checkUnique(db, table, index, row);
  for (const index of table.indexes)
    if (index.isUnique && !index.isDisabled) {
      const set = keySet(table, index);
      const k = keyOf(table, index, row)!;
      set.set(k, (set.get(k) ?? 0) + 1);
    }
  table.rows.push(row);
  // Identity: generated values advance it; explicit values under IDENTITY_INSERT raise it past the max.
  const idCol = table.columns.find((c) => c.identity);
  if (idCol?.identity) {
    const v = row[table.columns.indexOf(idCol)];
    const n = v === null ? null : BigInt(convert(v, idCol.type, { name: 'bigint' }) as bigint);
    if (identityValue !== null) idCol.identity.last = identityValue;
    else if (n !== null) {
      const id = idCol.identity;
      if (id.last === null || (id.increment > 0n ? n > id.last : n < id.last)) id.last = n;
    }
    if (n !== null) {
      session.identity = n;
      session.scopeIdentity = n;
    }
  }
}

export function convertForColumn(
  v: Value,
  from: import('../../engine-api.js').SqlType,
  col: Column,
  table: Table,
  session: SessionState,
): Value {
  if (v === null) return null;
  if (col.xmlCollectionId !== undefined)
    return checkTypedXml(convert(v, from, col.type, 0, session), col.xmlCollectionId, session.db);
  const to = col.type;
  if (
    isCharType(to) &&
    isCharType(from) &&
    typeof v === 'string' &&
    to.length !== -1 &&
    to.length !== undefined
  ) {
    const trimmed = v.replace(/ +$/, '');
    if (trimmed.length > to.length)
      throw new SqlError(
        2628,
        `String or binary data would be truncated in table '${session.db.name}.${session.db.schemaById(table.schemaId)!.name}.${table.name}', column '${col.name}'. Truncated value: '${v.slice(0, to.length)}'.`,
        16,
      );
  }
  if (
    Buffer.isBuffer(v) &&
    (to.name === 'binary' || to.name === 'varbinary') &&
    to.length !== -1 &&
    v.length > (to.length ?? 1)
  )
    throw new SqlError(
      2628,
      `String or binary data would be truncated in table '${session.db.name}.${session.db.schemaById(table.schemaId)!.name}.${table.name}', column '${col.name}'.`,
      16,
    );
  return convert(v, from, to, 0, session);
}

/** The WHERE of an UPDATE or DELETE without FROM: a row test, and the rows to test (an equality seek narrows them). */
function rowFilter(
  table: Table,
  where: Expression | undefined,
  session: SessionState,
  alias: string,
  ctes?: Map<string, QueryPlan>,
): { keep: (r: Row, ctx: EvalCtx) => boolean; candidates: (ctx: EvalCtx) => Iterable<Row> } {
  const all = () => table.rows;
  if (!where) return { keep: () => true, candidates: all };
  const bindings = table.columns.map((c) => ({
    qualifier: alias,
    name: c.name,
    type: c.type,
    nullable: c.nullable,
  }));
  const e = compileExpr(where, { scope: new Scope(bindings), session, ctes });
  const seek = equalitySeek(where, table, bindings, { scope: new Scope([]), session, ctes }, undefined);
  return { keep: (r, ctx) => isTrue(e.eval(r, ctx)), candidates: seek?.rows ?? all };
}

/** INSERT/UPDATE/DELETE of a common table expression (changing its base table) is not supported. */
function refuseCteTarget(stmt: Insert | Update | Delete): void {
  const target = typeof stmt.target === 'string' || stmt.target.schema ? undefined : stmt.target.name.name;
  if (target && stmt.with?.some((c) => c.name.name.toLowerCase() === target.toLowerCase()))
    throw new SqlError(
      40517,
      `${stmt.kind.toUpperCase()} of a common table expression ('${target}') is not supported by the SQL Server emulator.`,
      16,
    );
}

export function executeDelete(stmt: Delete, session: SessionState, ctx: EvalCtx): Changes {
  refuseCteTarget(stmt);
  const limit = rowLimit(stmt, session, ctx);
  const ctes = compileWith(stmt.with, session);
  const from = stmt.from.length ? fromTarget(stmt.target, stmt.from) : undefined;
  const { db, table } = findTarget(session, from?.name ?? stmt.target, 'DELETE');
  refuseAppendOnlyChange(db, table, 3);
  let keep: (r: Row, ctx: EvalCtx) => boolean;
  let candidates: (ctx: EvalCtx) => Iterable<Row> = () => table.rows;
  if (from) {
    const one: Expression = { kind: 'NumberLiteral', text: '1', numberKind: 'integer', pos: stmt.pos };
    const m = fromMatcher(from, table, stmt.where, [one], session, stmt.pos, ctes);
    keep = (r, c) => m.match(r, c) !== undefined;
  } else ({ keep, candidates } = rowFilter(table, stmt.where, session, table.name.toLowerCase(), ctes));
  const visible = securityFilter(session, db, table);
  const deleted: Row[] = [];
  for (const r of candidates(ctx)) {
    if (deleted.length >= limit) break;
    if ((!visible || visible(r, ctx)) && keep(r, ctx)) deleted.push(r);
  }
  const blockDelete = blockCheck(session, db, table, 'BEFORE DELETE');
  if (blockDelete) for (const r of deleted) blockDelete(r, ctx);
  const insteadOf = insteadOfTrigger(db, table, 'DELETE', session);
  if (insteadOf)
    return { count: deleted.length, db, table, event: 'DELETE', inserted: [], deleted, insteadOf };
  removeRows(db, table, deleted, session, 'DELETE');
  return { count: deleted.length, db, table, event: 'DELETE', inserted: [], deleted };
}

/** Removes rows no FOREIGN KEY still references (547 otherwise). */
export function removeRows(
  db: Database,
  table: Table,
  deleted: Row[],
  session: SessionState,
  verb: string,
): void {
  const referencing = [...db.objects.values()].filter(
    (o) =>
      o.type === 'F' && (o as ForeignKey).referencedId === table.objectId && !(o as ForeignKey).isDisabled,
  );
  const gone = new Set(deleted);
  for (const fk of referencing as ForeignKey[]) {
    const child = db.table(fk.parentId)!;
    // A self-referencing table: rows deleted by this statement no longer reference anything.
    const children = child === table ? child.rows.filter((cr) => !gone.has(cr)) : child.rows;
    for (const r of deleted) {
      const used = children.some((cr) =>
        fk.columns.every((p) => {
          const a = cr[child.columns.findIndex((c) => c.columnId === p.parent)];
          const ri = table.columns.findIndex((c) => c.columnId === p.referenced);
          return (
            a !== null &&
            r[ri] !== null &&
            compareValues(
              convert(a, child.columns.find((c) => c.columnId === p.parent)!.type, table.columns[ri].type),
              r[ri],
              table.columns[ri].type,
            ) === 0
          );
        }),
      );
      if (used)
        throw new SqlError(
          547,
          `The ${verb} statement conflicted with the REFERENCE constraint "${fk.name}". The conflict occurred in database "${db.name}", table "${schemaTable(db, child)}", column '${child.columns.find((c) => c.columnId === fk.columns[0].parent)!.name}'.`,
          16,
          0,
        );
    }
  }
  deleteNodeEdges(db, table, deleted, session, (edge, rows) => removeRows(db, edge, rows, session, verb));
  versionDeletedRows(db, table, deleted, session);
  versionLedgerDelete(db, table, deleted, session);
  journalRows(session, table);
  table.rows = table.rows.filter((r) => !gone.has(r));
  forgetKeys(table);
}

export function executeUpdate(stmt: Update, session: SessionState, ctx: EvalCtx): Changes {
  refuseCteTarget(stmt);
  const limit = rowLimit(stmt, session, ctx);
  const ctes = compileWith(stmt.with, session);
  const from = stmt.from.length ? fromTarget(stmt.target, stmt.from) : undefined;
  const { db, table } = findTarget(session, from?.name ?? stmt.target, 'UPDATE');
  refuseAppendOnlyChange(db, table);
  const alias = from?.alias ?? table.name.toLowerCase();
  const scope = new Scope(
    table.columns.map((c) => ({ qualifier: alias, name: c.name, type: c.type, nullable: c.nullable })),
  );
  const sets = stmt.set.map((s) => {
    if (typeof s.target === 'string')
      throw new SqlError(40517, 'UPDATE SET of variables is not supported by the SQL Server emulator.', 16);
    const i = table.columns.findIndex(
      (c) => c.name.toLowerCase() === (s.target as { column: { name: string } }).column.name.toLowerCase(),
    );
    if (i < 0)
      throw new SqlError(
        207,
        `Invalid column name '${(s.target as { column: { name: string } }).column.name}'.`,
        16,
      );
    const col = table.columns[i];
    if (col.identity) throw new SqlError(8102, `Cannot update identity column '${col.name}'.`, 16);
    refuseGraphIdColumn(col);
    refusePeriodUpdate(table, col, db);
    refuseLedgerColumnUpdate(table, col, db);
    if (col.computed)
      throw new SqlError(
        271,
        `The column "${col.name}" cannot be modified because it is either a computed column or is the result of a UNION operator.`,
        16,
      );
    return { i, col, expr: assignedValue(s) };
  });
  // The SET values of a row (all computed from the row before the update), or undefined when it is not updated.
  let values: (r: Row, ctx: EvalCtx) => Value[] | undefined;
  let types: import('../../engine-api.js').SqlType[];
  let candidates: (ctx: EvalCtx) => Iterable<Row> = () => table.rows;
  if (from) {
    const m = fromMatcher(
      from,
      table,
      stmt.where,
      sets.map((s) => s.expr),
      session,
      stmt.pos,
      ctes,
    );
    types = m.columns.map((c) => c.type);
    values = m.match;
  } else {
    const filter = rowFilter(table, stmt.where, session, alias, ctes);
    const es = sets.map((s) => compileExpr(s.expr, { scope, session, ctes }));
    types = es.map((e) => e.type);
    values = (r, ctx) => (filter.keep(r, ctx) ? es.map((e) => e.eval(r, ctx)) : undefined);
    candidates = filter.candidates;
  }
  const computed = computedColumns(table, session);
  const updated: [Row, Row][] = [];
  // INSTEAD OF UPDATE: the new rows go to the trigger unchecked; the table is not changed.
  const insteadOf = insteadOfTrigger(db, table, 'UPDATE', session);
  const visible = securityFilter(session, db, table);
  const blockBefore = blockCheck(session, db, table, 'BEFORE UPDATE');
  const blockAfter = blockCheck(session, db, table, 'AFTER UPDATE');
  for (const r of candidates(ctx)) {
    if (updated.length >= limit) break;
    if (visible && !visible(r, ctx)) continue;
    const v = values(r, ctx);
    if (!v) continue;
    blockBefore?.(r, ctx);
    const n = [...r];
    sets.forEach((s, k) => (n[s.i] = convertForColumn(v[k], types[k], s.col, table, session)));
    blockAfter?.(n, ctx);
    finishUpdatedRow(db, table, n, computed, session, ctx, insteadOf ? undefined : 'UPDATE');
    updated.push([r, n]);
  }
  const changes = (fires: boolean): Changes => ({
    count: updated.length,
    db,
    table,
    event: 'UPDATE',
    inserted: fires ? updated.map(([, n]) => n) : [],
    deleted: fires ? updated.map(([o]) => o) : [],
    setColumns: sets.map((s) => s.col.columnId),
    ...(insteadOf ? { insteadOf } : {}),
  });
  if (insteadOf) return changes(true);
  replaceRows(db, table, updated, session);
  return changes(
    triggersFor(db, table, 'UPDATE', false).length > 0 || !!stmt.output || isCaptured(db, table),
  );
}

/** The compiled computed columns of a table (undefined for the others). */
export function computedColumns(table: Table, session: SessionState): (Compiled | undefined)[] {
  const scope = new Scope(table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })));
  return table.columns.map((c) =>
    c.computed ? compileExpr(c.computed.expr, { scope, session }) : undefined,
  );
}

/** Completes an updated row: computed columns, then (unless `verb` is undefined: INSTEAD OF) NOT NULL, CHECK and FOREIGN KEY. */
export function finishUpdatedRow(
  db: Database,
  table: Table,
  n: Row,
  computed: (Compiled | undefined)[],
  session: SessionState,
  ctx: EvalCtx,
  verb: string | undefined,
): void {
  table.columns.forEach((col, i) => {
    if (computed[i]) n[i] = computed[i]!.eval(n, ctx);
    if (n[i] === null && !col.nullable && !col.computed && verb)
      throw new SqlError(
        515,
        `Cannot insert the value NULL into column '${col.name}', table '${db.name}.${db.schemaById(table.schemaId)!.name}.${table.name}'; column does not allow nulls. UPDATE fails.`,
        16,
        2,
      );
  });
  if (verb)
    for (const o of db.childrenOf(table.objectId)) {
      if (o.type === 'C' && !(o as CheckConstraint).isDisabled)
        checkConstraintHolds(db, table, o as CheckConstraint, n, session, verb);
      if (o.type === 'F' && !(o as ForeignKey).isDisabled)
        checkForeignKey(db, table, o as ForeignKey, n, verb);
    }
  fillEdgeEnds(db, table, n);
  if (verb && table.graph?.kind === 'EDGE') checkEdgeRow(db, table, n, verb);
}

/** Puts updated rows in place of the old ones after the unique checks (a new rows array, for the undo journal). */
export function replaceRows(db: Database, table: Table, updated: [Row, Row][], session: SessionState): void {
  versionUpdatedRows(db, table, updated, session);
  versionLedgerUpdate(db, table, updated, session);
  const replaced = new Map(updated);
  // Each unique index's key counts (kept from statement to statement) less the updated rows' old
  // keys plus their new ones: a new key already counted is a duplicate. The counts change only once
  // every index has passed.
  const changes: { counts: Map<string, number>; delta: Map<string, number> }[] = [];
  for (const index of table.indexes) {
    if (!index.isUnique || index.isDisabled) continue;
    const counts = keySet(table, index);
    const delta = new Map<string, number>();
    for (const [o] of updated) {
      const k = keyOf(table, index, o)!;
      delta.set(k, (delta.get(k) ?? 0) - 1);
    }
    for (const [, n] of updated) {
      const k = keyOf(table, index, n)!;
      const d = delta.get(k) ?? 0;
      if ((counts.get(k) ?? 0) + d > 0) throw duplicateKey(db, table, index, n);
      delta.set(k, d + 1);
    }
    changes.push({ counts, delta });
  }
  journalRows(session, table);
  table.rows = table.rows.map((r) => replaced.get(r) ?? r);
  for (const { counts, delta } of changes)
    for (const [k, d] of delta) {
      const n = (counts.get(k) ?? 0) + d;
      if (n > 0) counts.set(k, n);
      else counts.delete(k);
    }
}

export function truncate(table: Table, db: Database): void {
  if (
    [...db.objects.values()].some((o) => o.type === 'F' && (o as ForeignKey).referencedId === table.objectId)
  )
    throw new SqlError(
      4712,
      `Cannot truncate table '${schemaTable(db, table)}' because it is being referenced by a FOREIGN KEY constraint.`,
      16,
    );
  table.rows = [];
  forgetKeys(table);
  const id = table.columns.find((c) => c.identity)?.identity;
  if (id) id.last = null;
}
