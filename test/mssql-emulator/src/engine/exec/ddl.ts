// DDL: CREATE/ALTER TABLE with every constraint form, CREATE INDEX, DROP, modules kept as text,
// user types, schemas, sequences, synonyms. Constraint definitions are stored normalised.

import { findAll, parseBatch } from '@ferry/tsql';
import { alterMask, parseMask } from '../security/masking.js';
import { checkNotInPolicy } from '../security/row-security.js';
import type {
  AlterTable,
  ColumnDef,
  CreateIndex,
  CreateView,
  CreateTable,
  Drop,
  ForeignKeyConstraint,
  Identifier,
  ObjectName,
  QuerySpec,
  Select,
  Statement,
  StorageClause,
  ParameterDef,
  TableConstraint,
  TableElements,
} from '@ferry/tsql';
import { SqlError, invalidObject } from '../errors.js';
import type { Database } from '../storage/database.js';
import type {
  CheckConstraint,
  Column,
  DefaultConstraint,
  EdgeConstraintObject,
  ForeignKey,
  Index,
  KeyConstraint,
  Module,
  ModuleParameter,
  ReferentialAction,
  Table,
  UserType,
} from '../storage/objects.js';
import { definitionText } from './definition-text.js';
import { resolveDataType } from './data-type.js';
import { compileExpr } from './expressions.js';
import { Scope } from './scope.js';
import { refuseNextValueFor } from './sequences.js';
import {
  addPeriod,
  dropPeriod,
  historyTableName,
  markPeriodColumns,
  setSystemVersioning,
} from './temporal-tables.js';
import type { SessionState } from './session-state.js';
import { checkExistingRows, fillAddedColumn } from './dml.js';
import { compileQuery } from './query.js';
import type { EvalCtx } from './scope.js';
import { journalCatalog } from './transactions.js';
import { systemType } from '../types/system-types.js';
import { bucketCountOf, checkUniquePartitioning, placementOf, tableStorageOf } from './storage-ddl.js';
import { tableTypeOf } from './table-valued-parameters.js';
import { addGraphUniqueIndex, findColumn, graphColumns } from './graph-tables.js';
import { checkViewIndex, viewToIndex, dropViewIndex } from './view-indexes.js';
import { createLedgerObjects, dropLedgerTable, refuseLedgerVersioningChange } from './ledger.js';
import { addEdgeConstraint } from './edge-constraints.js';
import { xmlCollectionIdOf } from './xml-fulltext-ddl.js';
import { addInlineIndex, checkMemoryOptimized, createXmlIndex } from './table-indexes.js';

export function schemaOf(session: SessionState, name: ObjectName): { db: Database; schemaId: number } {
  const db = session.objectDatabase(name.name.name, name.database?.name);
  return { db, schemaId: schemaIdOf(db, name.schema?.name ?? 'dbo') };
}

/** A schema's id by name, 2760 when there is no such schema. */
function schemaIdOf(db: Database, schemaName: string): number {
  const schema = db.schema(schemaName);
  if (!schema)
    throw new SqlError(
      2760,
      `The specified schema name "${schemaName}" either does not exist or you do not have permission to use it.`,
      16,
    );
  return schema.schemaId;
}

/** The object a name finds, if any (no error for a missing schema). */
function lookupTable(session: SessionState, name: ObjectName) {
  const db = session.objectDatabase(name.name.name, name.database?.name);
  const schemaId = db.schema(name.schema?.name ?? 'dbo')?.schemaId ?? -1;
  return db.findObject(schemaId, session.objectName(name.name.name));
}

/** A table by name; a missing schema is a missing object (208), as SQL Server reports it for DML. */
export function findTable(session: SessionState, name: ObjectName): { db: Database; table: Table } {
  const db = session.objectDatabase(name.name.name, name.database?.name);
  const schemaId = db.schema(name.schema?.name ?? 'dbo')?.schemaId ?? -1;
  const obj = db.findObject(schemaId, session.objectName(name.name.name));
  if (!obj || obj.type !== 'U')
    throw invalidObject(
      [name.database, name.schema, name.name].flatMap((p) => (p ? [p.name] : [])).join('.'),
    );
  return { db, table: obj as Table };
}

function ensureFree(db: Database, schemaId: number, name: string): void {
  if (db.findObject(schemaId, name))
    throw new SqlError(2714, `There is already an object named '${name}' in the database.`, 16, 6);
}

/** SQL Server's generated constraint names: PK__jobs__<16 hex>, DF__employee__job_id__<8 hex>... */
function systemName(prefix: string, table: string, column: string | undefined, id: number): string {
  if (prefix === 'PK' || prefix === 'UQ')
    return `${prefix}__${table.slice(0, 8)}__${id.toString(16).toUpperCase().padStart(16, '0')}`;
  // Table name cut to 9 characters, column name to what is left of 14 (DF__publisher__count__, DF__employee__job_id__).
  const t = table.slice(0, 9);
  const c = column ? column.slice(0, Math.max(0, 14 - t.length)) : undefined;
  return `${prefix}__${t}__${c !== undefined ? c + '__' : ''}${id.toString(16).toUpperCase().padStart(8, '0')}`;
}

export function createTable(stmt: CreateTable, session: SessionState): void {
  const { db, schemaId } = schemaOf(session, stmt.name);
  const name = session.objectName(stmt.name.name.name);
  if (db.findObject(schemaId, name))
    throw new SqlError(
      2714,
      `There is already an object named '${stmt.name.name.name}' in the database.`,
      16,
      6,
    );
  const table = buildTable(db, schemaId, name, stmt, session, stmt.storage, stmt.graph);
  if (name !== stmt.name.name.name) session.tempTables.add(table.objectId);
}

/** Adds a table with its columns and constraints (CREATE TABLE, table variables). */
export function buildTable(
  db: Database,
  schemaId: number,
  name: string,
  stmt: TableElements,
  session: SessionState,
  storage?: StorageClause,
  graph?: 'NODE' | 'EDGE',
): Table {
  const table: Table = { ...db.newObject(name, schemaId, 'U'), columns: [], rows: [], indexes: [] };
  if (graph) {
    table.graph = { kind: graph, nextId: 0n };
    table.columns.push(...graphColumns(graph));
  }
  db.add(table);
  try {
    addColumns(db, table, stmt.columns, session);
    markPeriodColumns(table, stmt.columns);
    if (storage) table.storage = tableStorageOf(db, table, storage);
    for (const c of stmt.columns)
      for (const k of c.constraints) addConstraint(db, table, k, session, c.name.name, true);
    for (const c of stmt.columns)
      if (c.default) addConstraint(db, table, { ...c.default, column: c.name }, session, c.name.name, true);
    for (const k of stmt.constraints) addConstraint(db, table, k, session, undefined, true);
    if (graph) addGraphUniqueIndex(table);
    for (const i of stmt.indexes) addInlineIndex(db, table, i);
    if (!table.indexes.some((i) => i.indexId === 1)) table.indexes.unshift(heap());
    checkMemoryOptimized(table);
    if (stmt.period) addPeriod(table, stmt.period);
    const versioning = storage?.with.find((o) => o.name.toUpperCase() === 'SYSTEM_VERSIONING');
    // An updatable ledger table is declared WITH (SYSTEM_VERSIONING = ON, LEDGER = ON) and needs no
    // period: its ledger history (not kept by the emulator) is not a temporal history.
    if (versioning && table.storage?.ledgerType !== 2)
      setSystemVersioning(db, table, versioning.value, session);
    const named = versioning && historyTableName(versioning.value);
    createLedgerObjects(
      db,
      table,
      (text) => {
        createModule(parseBatch(text)[0] as CreateView, session);
        return db.findObject(table.schemaId, `${table.name}_Ledger`)!.objectId;
      },
      named ? { schemaId: schemaIdOf(db, named.schema ?? 'dbo'), name: named.name } : undefined,
    );
  } catch (e) {
    db.remove(table.objectId);
    throw e;
  }
  return table;
}

/** The index entry (id 0) of a table without a clustered index. */
export const heap = (): Index => ({
  indexId: 0,
  name: null,
  type: 0,
  isUnique: false,
  isPrimaryKey: false,
  isUniqueConstraint: false,
  columns: [],
  isDisabled: false,
});

/** CREATE TABLE's columns: computed columns are typed once every column exists (they may refer to later ones). */
function addColumns(db: Database, table: Table, defs: readonly ColumnDef[], session: SessionState): void {
  const computed: Column[] = [];
  for (const c of defs) {
    if (!c.computed) addColumn(db, table, c, session);
    else {
      checkUniqueColumnName(table, c);
      computed.push(addComputedColumn(table, c, table.columns.length + 1));
    }
  }
  for (const column of computed) compileComputedColumn(table, column, session);
}

/** A computed column in its place, typed later by compileComputedColumn. */
function addComputedColumn(table: Table, c: ColumnDef, columnId: number): Column {
  const column: Column = {
    columnId,
    name: c.name.name,
    type: { name: 'sql_variant' },
    userTypeId: 98,
    nullable: true,
    computed: {
      definition: definitionText(c.computed!.expr),
      expr: c.computed!.expr,
      persisted: c.computed!.persisted,
    },
    defaultObjectId: 0,
    isRowGuidCol: c.rowGuidCol,
    isSparse: c.sparse,
  };
  table.columns.push(column);
  return column;
}

/** Types a computed column from its expression; another computed column in it is error 1759. */
function compileComputedColumn(table: Table, column: Column, session: SessionState): void {
  const expr = column.computed!.expr;
  for (const ref of findAll(expr, 'ColumnRef')) {
    const other = table.columns.find(
      (x) => x !== column && x.computed && x.name.toLowerCase() === ref.column.name.toLowerCase(),
    );
    if (other)
      throw new SqlError(
        1759,
        `Computed column '${other.name}' in table '${table.name}' is not allowed to be used in another computed-column definition.`,
        16,
      );
  }
  const scope = new Scope(table.columns.map((x) => ({ name: x.name, type: x.type, nullable: x.nullable })));
  refuseNextValueFor(expr);
  const compiled = compileExpr(expr, { scope, session });
  column.type = compiled.type;
  column.userTypeId = userTypeIdOf(compiled.type.name);
}

function checkUniqueColumnName(table: Table, c: ColumnDef): void {
  if (table.columns.some((x) => x.name.toLowerCase() === c.name.name.toLowerCase()))
    throw new SqlError(
      2705,
      `Column names in each table must be unique. Column name '${c.name.name}' in table '${table.name}' is specified more than once.`,
      16,
    );
}

function addColumn(db: Database, table: Table, c: ColumnDef, session: SessionState): void {
  checkUniqueColumnName(table, c);
  const columnId = Math.max(0, ...table.columns.map((x) => x.columnId)) + 1;
  if (c.computed) {
    compileComputedColumn(table, addComputedColumn(table, c, columnId), session);
    return;
  }
  const resolved = resolveDataType(c.dataType!, db);
  const isPk = c.constraints.some((k) => k.kind === 'PrimaryKey');
  const nullable =
    resolved.type.name === 'timestamp'
      ? false
      : (c.nullable ?? (isPk || c.identity ? false : resolved.userType ? resolved.userType.nullable : true));
  if (isPk && c.nullable === true)
    throw new SqlError(
      8111,
      `Cannot define PRIMARY KEY constraint on nullable column in table '${table.name}'.`,
      16,
    );
  let type = resolved.type;
  if (c.collation && type.collation) type = { ...type, collation: c.collation };
  const xmlCollectionId = xmlCollectionIdOf(db, c.dataType!);
  const col: Column = {
    columnId,
    name: c.name.name,
    type,
    userTypeId: resolved.userTypeId,
    nullable,
    defaultObjectId: 0,
    isRowGuidCol: c.rowGuidCol,
    isSparse: c.sparse,
    ...(c.mask !== undefined ? { mask: (parseMask(c.mask, c.name.name, type), c.mask) } : {}),
    ...(xmlCollectionId !== undefined
      ? { xmlCollectionId, xmlDocument: c.dataType!.xmlSchema!.document }
      : {}),
  };
  if (c.identity) {
    if (table.columns.some((x) => x.identity))
      throw new SqlError(
        2744,
        `Multiple identity columns specified for table '${table.name}'. Only one identity column per table is allowed.`,
        16,
      );
    if (!['int', 'bigint', 'smallint', 'tinyint', 'decimal', 'numeric'].includes(type.name))
      throw new SqlError(
        2749,
        `Identity column '${c.name.name}' must be of data type int, bigint, smallint, tinyint, or decimal or numeric with a scale of 0, and constrained to be nonnullable.`,
        16,
      );
    col.identity = { seed: BigInt(c.identity.seed), increment: BigInt(c.identity.increment), last: null };
  }
  table.columns.push(col);
}

const userTypeIdOf = (name: string) =>
  ({
    int: 56,
    bigint: 127,
    smallint: 52,
    tinyint: 48,
    bit: 104,
    decimal: 106,
    numeric: 108,
    money: 60,
    float: 62,
    real: 59,
    datetime: 61,
    varchar: 167,
    nvarchar: 231,
    char: 175,
    nchar: 239,
    date: 40,
    datetime2: 42,
    datetimeoffset: 43,
    time: 41,
    uniqueidentifier: 36,
    varbinary: 165,
    binary: 173,
    smallmoney: 122,
    smalldatetime: 58,
    sql_variant: 98,
  })[name] ?? 0;

function columnByName(table: Table, name: Identifier | string): Column {
  const c = findColumn(table, typeof name === 'string' ? name : name.name);
  if (!c)
    throw new SqlError(
      1911,
      `Column name '${typeof name === 'string' ? name : name.name}' does not exist in the target table or view.`,
      16,
    );
  return c;
}

const ACTION: Record<string, ReferentialAction> = {
  'NO ACTION': 'NO_ACTION',
  CASCADE: 'CASCADE',
  'SET NULL': 'SET_NULL',
  'SET DEFAULT': 'SET_DEFAULT',
};

export function addConstraint(
  db: Database,
  table: Table,
  k: TableConstraint,
  session: SessionState,
  column: string | undefined,
  check: boolean,
): void {
  const schemaId = table.schemaId;
  const named = (prefix: string, col?: string) => {
    const given = 'name' in k && k.name ? k.name.name : undefined;
    if (given) ensureFree(db, schemaId, given);
    return { name: given, system: !given, prefix, col };
  };
  switch (k.kind) {
    case 'PrimaryKey':
    case 'Unique': {
      const pk = k.kind === 'PrimaryKey';
      const n = named(pk ? 'PK' : 'UQ');
      if (pk && table.indexes.some((i) => i.isPrimaryKey))
        throw new SqlError(1779, `Table '${table.name}' already has a primary key defined on it.`, 16);
      const cols = k.columns.length
        ? k.columns.map((c) => ({ col: columnByName(table, c.name), desc: c.direction === 'DESC' }))
        : [{ col: columnByName(table, column!), desc: false }];
      if (pk)
        for (const c of cols) {
          if (c.col.nullable) {
            if (k.columns.length && c.col.nullable && !c.col.identity) {
              // ALTER TABLE ADD PRIMARY KEY on a nullable column is an error in SQL Server.
              throw new SqlError(
                8111,
                `Cannot define PRIMARY KEY constraint on nullable column in table '${table.name}'.`,
                16,
              );
            }
            c.col.nullable = false;
          }
        }
      const clustered = k.clustered ?? (pk && !table.indexes.some((i) => i.indexId === 1));
      const obj = db.newObject('', schemaId, pk ? 'PK' : 'UQ', table.objectId);
      const name = n.name ?? systemName(pk ? 'PK' : 'UQ', table.name, undefined, obj.objectId);
      const indexId = clustered ? 1 : Math.max(1, ...table.indexes.map((i) => i.indexId)) + 1;
      if (clustered && table.indexes.some((i) => i.indexId === 1))
        throw new SqlError(
          1902,
          `Cannot create more than one clustered index on table '${table.name}'. Drop the existing clustered index before creating another.`,
          16,
        );
      const placement = placementOf(db, table, k.storage);
      const bucketCount = k.hash ? bucketCountOf(k.storage.with) : undefined;
      const index: Index = {
        indexId,
        name,
        type: k.hash ? 7 : clustered ? 1 : 2,
        isUnique: true,
        isPrimaryKey: pk,
        isUniqueConstraint: !pk,
        columns: cols.map((c) => ({ columnId: c.col.columnId, descending: c.desc, included: false })),
        isDisabled: false,
        ...(placement ? { placement } : {}),
        ...(bucketCount ? { bucketCount } : {}),
      };
      checkUniquePartitioning(table, index);
      checkExistingRows(table, index, db);
      if (clustered) table.indexes = table.indexes.filter((i) => i.type !== 0);
      table.indexes.push(index);
      table.indexes.sort((a, b) => a.indexId - b.indexId);
      db.add<KeyConstraint>({ ...obj, name, type: pk ? 'PK' : 'UQ', indexId, isSystemNamed: n.system });
      return;
    }
    case 'ForeignKey':
      return addForeignKey(db, table, k, session, column, check);
    case 'EdgeConstraint':
      return addEdgeConstraint(db, table, k, named('EC').name, (n) => {
        const found = lookupTable(session, n);
        return found?.type === 'U' ? (found as Table) : undefined;
      });
    case 'Check': {
      const n = named('CK');
      const scope = new Scope(
        table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
      );
      refuseNextValueFor(k.expr);
      compileExpr(k.expr, { scope, session });
      const obj = db.newObject('', schemaId, 'C', table.objectId);
      const colId = column ? columnByName(table, column).columnId : 0;
      const name = n.name ?? systemName('CK', table.name, column, obj.objectId);
      const cc: CheckConstraint = {
        ...obj,
        name,
        type: 'C',
        columnId: colId,
        definition: definitionText(k.expr),
        expr: k.expr,
        isDisabled: false,
        isNotTrusted: !check,
        isSystemNamed: n.system,
      };
      if (check) checkExistingRows(table, cc, db);
      db.add(cc);
      return;
    }
    case 'DefaultConstraint': {
      const colName = k.column?.name ?? column;
      const col = columnByName(table, colName!);
      if (col.defaultObjectId) throw new SqlError(1781, `Column already has a DEFAULT bound to it.`, 16);
      const n = named('DF', col.name);
      const obj = db.newObject('', schemaId, 'D', table.objectId);
      const name = n.name ?? systemName('DF', table.name, col.name, obj.objectId);
      db.add<DefaultConstraint>({
        ...obj,
        name,
        type: 'D',
        columnId: col.columnId,
        definition: definitionText(k.expr),
        expr: k.expr,
        isSystemNamed: n.system,
      });
      col.defaultObjectId = obj.objectId;
      return;
    }
  }
}

function addForeignKey(
  db: Database,
  table: Table,
  k: ForeignKeyConstraint,
  session: SessionState,
  column: string | undefined,
  check: boolean,
): void {
  const given = k.name?.name;
  if (given) ensureFree(db, table.schemaId, given);
  const ref = findTable(session, k.refTable).table;
  const cols = k.columns.length
    ? k.columns.map((c) => columnByName(table, c))
    : [columnByName(table, column!)];
  let refCols: Column[];
  if (k.refColumns.length) refCols = k.refColumns.map((c) => columnByName(ref, c));
  else {
    const pk = ref.indexes.find((i) => i.isPrimaryKey);
    if (!pk)
      throw new SqlError(
        1773,
        `Foreign key '${given ?? 'FK'}' has implicit reference to object '${ref.name}' on which there is no primary key defined.`,
        16,
      );
    refCols = pk.columns.map((c) => ref.columns.find((x) => x.columnId === c.columnId)!);
  }
  if (refCols.length !== cols.length)
    throw new SqlError(
      8139,
      `Number of referencing columns in foreign key differs from number of referenced columns, table '${table.name}'.`,
      16,
    );
  const unique = ref.indexes.some(
    (i) =>
      i.isUnique &&
      i.columns.length === refCols.length &&
      refCols.every((c) => i.columns.some((ic) => ic.columnId === c.columnId)),
  );
  if (!unique)
    throw new SqlError(
      1776,
      `There are no primary or candidate keys in the referenced table '${db.schemaById(ref.schemaId)!.name}.${ref.name}' that match the referencing column list in the foreign key '${given ?? 'FK'}'.`,
      16,
    );
  const obj = db.newObject('', table.schemaId, 'F', table.objectId);
  const name = given ?? systemName('FK', table.name, cols[0].name, obj.objectId);
  const fk: ForeignKey = {
    ...obj,
    name,
    type: 'F',
    referencedId: ref.objectId,
    columns: cols.map((c, i) => ({ parent: c.columnId, referenced: refCols[i].columnId })),
    onDelete: ACTION[k.onDelete ?? 'NO ACTION'],
    onUpdate: ACTION[k.onUpdate ?? 'NO ACTION'],
    isDisabled: false,
    isNotTrusted: !check,
    notForReplication: k.notForReplication,
    isSystemNamed: !given,
  };
  if (check) checkExistingRows(table, fk, db);
  db.add(fk);
}

export function alterTable(stmt: AlterTable, session: SessionState): void {
  const { db, table } = findTable(session, stmt.table);
  const a = stmt.action;
  switch (a.kind) {
    case 'mask':
      return alterMask(table, a.column.name, a.mask);
    case 'add':
      copyRows(table);
      for (const c of a.columns) {
        if (table.rows.length && c.nullable === false && !c.default && !c.identity)
          throw new SqlError(
            4901,
            `ALTER TABLE only allows columns to be added that can contain nulls, or have a DEFAULT definition specified, or the column being added is an identity or timestamp column, or alternatively if none of the previous conditions are satisfied the table must be empty to allow addition of this column. Column '${c.name.name}' cannot be added to non-empty table '${table.name}' because it does not satisfy these conditions.`,
            16,
          );
        addColumn(db, table, c, session);
        for (const row of table.rows) row.push(null);
        if (c.default) addConstraint(db, table, { ...c.default, column: c.name }, session, c.name.name, true);
        if (!c.computed)
          fillAddedColumn(table, db, table.columns.length - 1, c.default?.withValues === true, session);
        for (const k of c.constraints)
          addConstraint(db, table, k, session, c.name.name, a.withCheck !== false);
      }
      markPeriodColumns(table, a.columns);
      if (a.period) addPeriod(table, a.period, true);
      for (const k of a.constraints) addConstraint(db, table, k, session, undefined, a.withCheck !== false);
      touch(table);
      return;
    case 'constraint-check': {
      const all = a.constraints === 'ALL';
      const names = all ? [] : (a.constraints as readonly Identifier[]).map((n) => n.name.toLowerCase());
      for (const o of db.childrenOf(table.objectId)) {
        if (o.type !== 'F' && o.type !== 'C') continue;
        if (!all && !names.includes(o.name.toLowerCase())) continue;
        const c = o as ForeignKey | CheckConstraint;
        c.isDisabled = !a.enabled;
        if (!a.enabled) c.isNotTrusted = true;
        else if (a.withCheck) {
          checkExistingRows(table, c, db);
          c.isNotTrusted = false;
        }
      }
      if (!all)
        for (const n of names)
          if (
            !db
              .childrenOf(table.objectId)
              .some((o) => o.name.toLowerCase() === n && (o.type === 'F' || o.type === 'C'))
          )
            throw new SqlError(4917, `Constraint '${n}' does not exist.`, 16);
      return;
    }
    case 'trigger':
      for (const o of db.childrenOf(table.objectId))
        if (
          o.type === 'TR' &&
          (a.triggers === 'ALL' ||
            (a.triggers as readonly Identifier[]).some((t) => t.name.toLowerCase() === o.name.toLowerCase()))
        )
          (o as Module).isDisabled = !a.enabled;
      return;
    case 'drop':
      copyRows(table);
      if (a.period) dropPeriod(db, table);
      for (const item of a.items) {
        if (item.type === 'CONSTRAINT') {
          const o = db
            .childrenOf(table.objectId)
            .find(
              (x) =>
                x.name.toLowerCase() === item.name.name.toLowerCase() &&
                ['PK', 'UQ', 'F', 'C', 'D'].includes(x.type),
            );
          if (!o) {
            if (item.ifExists) continue;
            throw new SqlError(3728, `'${item.name.name}' is not a constraint.`, 16);
          }
          if (o.type === 'PK' || o.type === 'UQ')
            table.indexes = table.indexes.filter((i) => i.indexId !== (o as KeyConstraint).indexId);
          if (o.type === 'D')
            for (const c of table.columns) if (c.defaultObjectId === o.objectId) c.defaultObjectId = 0;
          if (!table.indexes.some((i) => i.indexId === 1) && !table.indexes.some((i) => i.type === 0))
            table.indexes.unshift(heap());
          db.remove(o.objectId);
        } else {
          const i = table.columns.findIndex((c) => c.name.toLowerCase() === item.name.name.toLowerCase());
          if (i < 0) {
            if (item.ifExists) continue;
            throw new SqlError(
              4924,
              `ALTER TABLE DROP COLUMN failed because column '${item.name.name}' does not exist in table '${table.name}'.`,
              16,
            );
          }
          table.columns.splice(i, 1);
          for (const row of table.rows) row.splice(i, 1);
        }
      }
      touch(table);
      return;
    case 'set':
      for (const o of a.options) {
        const name = o.name.toUpperCase();
        if (name === 'SYSTEM_VERSIONING') {
          refuseLedgerVersioningChange(table);
          setSystemVersioning(db, table, o.value, session);
        } else if (name !== 'LOCK_ESCALATION')
          throw new SqlError(
            40517,
            `ALTER TABLE SET (${o.name}) is not supported by the SQL Server emulator.`,
            16,
          );
      }
      return;
    default:
      throw new SqlError(40517, `ALTER TABLE ${a.kind} is not supported by the SQL Server emulator.`, 16);
  }
}

/** Gives the table rows of its own before DDL changes their shape: the rows a transaction journaled stay as they were. */
function copyRows(table: Table): void {
  table.rows = table.rows.map((r) => [...r]);
}

function touch(t: Table) {
  t.modifyDate = t.createDate > t.modifyDate ? t.createDate : t.modifyDate;
}

export function createIndex(stmt: CreateIndex, session: SessionState): void {
  const onView = viewToIndex(session, stmt.table);
  if (onView) checkViewIndex(stmt, onView.view);
  // An indexed view's index is kept like a table's, over the view's columns (its rows are not materialized).
  const { db, table } = onView
    ? { db: onView.db, table: { ...onView.view, columns: onView.columns } as unknown as Table }
    : findTable(session, stmt.table);
  const name = stmt.name.name;
  if (table.indexes.some((i) => i.name?.toLowerCase() === name.toLowerCase()))
    throw new SqlError(
      1913,
      `The operation failed because an index or statistics with name '${name}' already exists on table '${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
      16,
    );
  const clustered = stmt.clustered === true;
  if (stmt.xml) return createXmlIndex(stmt, db, table);
  if (clustered && table.indexes.some((i) => i.indexId === 1))
    throw new SqlError(
      1902,
      `Cannot create more than one clustered index on table '${db.schemaById(table.schemaId)!.name}.${table.name}'. Drop the existing clustered index '${table.indexes.find((i) => i.indexId === 1)!.name}' before creating another.`,
      16,
    );
  const index: Index = {
    indexId: clustered ? 1 : Math.max(1, ...table.indexes.map((i) => i.indexId)) + 1,
    name,
    type: clustered ? 1 : 2,
    isUnique: stmt.unique,
    isPrimaryKey: false,
    isUniqueConstraint: false,
    columns: [
      ...stmt.columns.map((c) => ({
        columnId: columnByName(table, c.name).columnId,
        descending: c.direction === 'DESC',
        included: false,
      })),
      ...stmt.include.map((c) => ({
        columnId: columnByName(table, c).columnId,
        descending: false,
        included: true,
      })),
    ],
    filter: stmt.where ? definitionText(stmt.where) : undefined,
    isDisabled: false,
  };
  const placement = placementOf(db, table, stmt.storage);
  if (placement) index.placement = placement;
  if (stmt.columnstore) index.type = clustered ? 5 : 6;
  if (index.type === 5) index.columns = [];
  if (onView) {
    onView.view.indexes.push(index);
    onView.view.indexes.sort((a, b) => a.indexId - b.indexId);
    return;
  }
  checkUniquePartitioning(table, index);
  if (index.isUnique) checkExistingRows(table, index, db);
  if (clustered) table.indexes = table.indexes.filter((i) => i.type !== 0);
  table.indexes.push(index);
  table.indexes.sort((a, b) => a.indexId - b.indexId);
}

const DROP_TYPES: Record<string, string[]> = {
  TABLE: ['U'],
  VIEW: ['V'],
  PROCEDURE: ['P'],
  FUNCTION: ['FN', 'IF', 'TF'],
  TRIGGER: ['TR'],
  SEQUENCE: ['SO'],
  SYNONYM: ['SN'],
};

export function drop(stmt: Drop, session: SessionState): void {
  for (const n of stmt.names) {
    if (stmt.objectType === 'DATABASE') {
      if (stmt.ifExists && !session.server.database(n.name.name)) continue;
      if (session.db.name.toLowerCase() === n.name.name.toLowerCase())
        throw new SqlError(3702, `Cannot drop database "${n.name.name}" because it is currently in use.`, 16);
      session.server.dropDatabase(n.name.name);
      continue;
    }
    if (stmt.objectType === 'INDEX') {
      // DROP INDEX ix ON [schema.]t, or the old form DROP INDEX [schema.]t.ix
      const tableName =
        stmt.onTable ?? ({ ...n, name: n.schema!, schema: n.database, database: n.server } as ObjectName);
      if (dropViewIndex(session, tableName, n.name.name, stmt.ifExists)) continue;
      const { table } = findTable(session, tableName);
      const idxName = stmt.onTable ? n.name.name : n.name.name;
      const i = table.indexes.findIndex(
        (x) => x.name?.toLowerCase() === idxName.toLowerCase() && !x.isPrimaryKey && !x.isUniqueConstraint,
      );
      if (i < 0) {
        if (stmt.ifExists) continue;
        throw new SqlError(
          3701,
          `Cannot drop the index '${table.name}.${idxName}', because it does not exist or you do not have permission.`,
          11,
        );
      }
      table.indexes.splice(i, 1);
      if (!table.indexes.some((x) => x.indexId === 1) && !table.indexes.some((x) => x.type === 0))
        table.indexes.unshift(heap());
      continue;
    }
    if (stmt.objectType === 'TYPE') {
      const { db, schemaId } = schemaOf(session, n);
      const ut = db.userType(schemaId, n.name.name);
      if (!ut) {
        if (stmt.ifExists) continue;
        throw new SqlError(
          218,
          `Cannot find the type '${n.name.name}', because it does not exist or you do not have permission.`,
          16,
        );
      }
      db.userTypes.splice(db.userTypes.indexOf(ut), 1);
      continue;
    }
    if (stmt.objectType === 'SCHEMA') {
      const db = session.db;
      const s = db.schema(n.name.name);
      if (!s) {
        if (stmt.ifExists) continue;
        throw new SqlError(
          3701,
          `Cannot drop the schema '${n.name.name}', because it does not exist or you do not have permission.`,
          11,
        );
      }
      db.schemas.splice(db.schemas.indexOf(s), 1);
      continue;
    }
    // DROP ... IF EXISTS of an object in a schema that does not exist: nothing to drop.
    if (
      stmt.ifExists &&
      !session.objectDatabase(n.name.name, n.database?.name).schema(n.schema?.name ?? 'dbo')
    )
      continue;
    const { db, schemaId } = schemaOf(session, n);
    const obj = db.findObject(schemaId, session.objectName(n.name.name));
    const types = DROP_TYPES[stmt.objectType];
    if (!obj || !types?.includes(obj.type)) {
      if (stmt.ifExists) continue;
      const what = stmt.objectType.toLowerCase();
      throw new SqlError(
        3701,
        `Cannot drop the ${what} '${n.name.name}', because it does not exist or you do not have permission.`,
        11,
      );
    }
    checkNotInPolicy(db, obj, stmt.objectType);
    if (obj.type === 'U') {
      const referencing = [...db.objects.values()].find(
        (o) =>
          o.type === 'F' && (o as ForeignKey).referencedId === obj.objectId && o.parentId !== obj.objectId,
      );
      if (referencing)
        throw new SqlError(
          3726,
          `Could not drop object '${db.schemaById(schemaId)!.name}.${obj.name}' because it is referenced by a FOREIGN KEY constraint.`,
          16,
        );
      const edge = [...db.objects.values()].some(
        (o) =>
          o.type === 'EC' &&
          o.parentId !== obj.objectId &&
          (o as EdgeConstraintObject).clauses.some(
            (c) => c.fromId === obj.objectId || c.toId === obj.objectId,
          ),
      );
      if (edge)
        throw new SqlError(
          13934,
          `Could not drop node table '${db.schemaById(schemaId)!.name}.${obj.name}' because it is referenced by an edge constraint.`,
          16,
        );
    }
    if (obj.type === 'U' && dropLedgerTable(db, obj as Table)) continue;
    db.remove(obj.objectId);
  }
}

/** SELECT ... INTO table: a new heap with the result's columns (names, types, nullability) and rows; returns the row count. */
export function selectInto(stmt: Select, session: SessionState, ctx: EvalCtx): number {
  const spec = stmt.query as QuerySpec;
  const target = spec.into!;
  const plan = compileQuery({ ...stmt, query: { ...spec, into: undefined } }, session);
  const { db, schemaId } = schemaOf(session, target);
  const name = session.objectName(target.name.name);
  if (db.findObject(schemaId, name))
    throw new SqlError(
      2714,
      `There is already an object named '${target.name.name}' in the database.`,
      16,
      6,
    );
  plan.columns.forEach((c) => {
    if (!c.name)
      throw new SqlError(
        1038,
        'An object or column name is missing or empty. For SELECT INTO statements, verify each column has a name. For other statements, look for empty alias names. Aliases defined as "" or [] are not allowed. Change the alias to a valid name.',
        15,
      );
  });
  const width = plan.columns.length;
  const rows = [...plan.rows(ctx)].map((r) => r.slice(0, width));
  journalCatalog(session);
  const table: Table = {
    ...db.newObject(name, schemaId, 'U'),
    columns: plan.columns.map((c, i) => ({
      columnId: i + 1,
      name: c.name,
      type: c.type,
      userTypeId: systemType(c.type.name)?.userTypeId ?? 0,
      nullable: c.nullable,
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
    })),
    rows,
    indexes: [heap()],
  };
  db.add(table);
  if (name !== target.name.name) session.tempTables.add(table.objectId);
  return rows.length;
}

/** Stores a view/procedure/function/trigger with its exact CREATE text. */
export function createModule(
  stmt: Extract<Statement, { kind: 'CreateView' | 'CreateProcedure' | 'CreateFunction' | 'CreateTrigger' }>,
  session: SessionState,
): void {
  // SQL Server parses the whole CREATE first: a body with a syntax error creates nothing. A body with
  // a construct only this parser cannot read yet is kept (its text, without a tree).
  const bodyError = stmt.bodyError;
  if (bodyError && !bodyError.unsupported) throw new SqlError(bodyError.number, bodyError.message, 15);
  const { db, schemaId } = schemaOf(session, stmt.name);
  const name = stmt.name.name.name;
  const existing = db.findObject(schemaId, name);
  if (stmt.alter && !existing) throw invalidObject(name);
  if (!stmt.alter && !stmt.orAlter) ensureFree(db, schemaId, name);
  let type: Module['type'];
  let parentId = 0;
  let params: ModuleParameter[] = [];
  if (stmt.kind === 'CreateFunction' && contains(stmt.body, 'WaitFor'))
    throw new SqlError(443, "Invalid use of a side-effecting operator 'WAITFOR' within a function.", 16);
  if (stmt.kind === 'CreateView') {
    type = 'V';
    if (stmt.body) bindView(stmt.body, db, session);
  } else if (stmt.kind === 'CreateProcedure') type = 'P';
  else if (stmt.kind === 'CreateTrigger') {
    type = 'TR';
    // DML triggers belong to a table, or to a view when INSTEAD OF.
    const on = schemaOf(session, stmt.table);
    const view = on.db.findObject(on.schemaId, stmt.table.name.name);
    if (view?.type === 'V' && stmt.timing === 'AFTER')
      throw new SqlError(
        8197,
        `The object '${[stmt.table.schema?.name, stmt.table.name.name].filter(Boolean).join('.')}' does not exist or is invalid for this operation.`,
        16,
        4,
      );
    parentId = view?.type === 'V' ? view.objectId : findTable(session, stmt.table).table.objectId;
  } else type = stmt.returns.kind === 'scalar' ? 'FN' : stmt.returns.kind === 'inline-table' ? 'IF' : 'TF';
  if (stmt.kind === 'CreateProcedure' || stmt.kind === 'CreateFunction')
    params = stmt.params.map((p) => {
      const tableType = tableTypeOf(p.dataType, db);
      if (tableType) return tableParameter(p, tableType);
      const r = resolveDataType(p.dataType, db);
      return {
        name: p.name,
        type: r.type,
        userTypeId: r.userTypeId,
        isOutput: p.output,
        hasDefault: p.default !== undefined,
        default: p.default,
      };
    });
  const base =
    existing && (stmt.alter || stmt.orAlter) ? { ...existing } : db.newObject(name, schemaId, type, parentId);
  const m: Module = {
    ...base,
    name,
    type,
    parentId,
    definition: stmt.text,
    parameters: params,
    triggerEvents: stmt.kind === 'CreateTrigger' ? [...stmt.events] : undefined,
    isInsteadOf: stmt.kind === 'CreateTrigger' ? stmt.timing === 'INSTEAD OF' : undefined,
    isDisabled: false,
    query: stmt.kind === 'CreateView' ? (stmt.body ?? undefined) : undefined,
    body:
      stmt.kind === 'CreateProcedure' || stmt.kind === 'CreateTrigger' || stmt.kind === 'CreateFunction'
        ? (stmt.body ?? undefined)
        : undefined,
    returnType:
      stmt.kind === 'CreateFunction' && stmt.returns.kind === 'scalar'
        ? resolveDataType(stmt.returns.type, db).type
        : undefined,
    returnsTable:
      stmt.kind === 'CreateFunction' && stmt.returns.kind === 'table-variable' ? stmt.returns : undefined,
    usesQuotedIdentifier: session.quotedIdentifier,
    usesAnsiNulls: session.ansiNulls,
    schemaBound: stmt.options.some((o) => o.toUpperCase() === 'SCHEMABINDING'),
    nativeCompilation: stmt.options.some((o) => o.toUpperCase() === 'NATIVE_COMPILATION'),
  };
  db.add(m);
}

/**
 * A view is bound when it is created (no deferred name resolution, unlike procedures): a missing
 * table or column fails CREATE VIEW with 208/207, as in SQL Server.
 */
function bindView(query: Select, db: Database, session: SessionState): void {
  const saved = session.db;
  session.db = db;
  try {
    compileQuery(query, session);
  } finally {
    session.db = saved;
  }
}

/** Whether a statement tree holds a node of the given kind. */
function contains(node: unknown, kind: string): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => contains(n, kind));
  if ((node as { kind?: string }).kind === kind) return true;
  return Object.values(node).some((v) => typeof v === 'object' && contains(v, kind));
}

/** `@p dbo.TableType READONLY`: READONLY is required (352). */
function tableParameter(p: ParameterDef, type: UserType): ModuleParameter {
  if (!p.readonly)
    throw new SqlError(
      352,
      `The table-valued parameter "${p.name}" must be declared with the READONLY option.`,
      15,
    );
  return {
    name: p.name,
    type: { name: 'table' },
    userTypeId: type.userTypeId,
    isOutput: false,
    hasDefault: false,
    tableType: type.userTypeId,
  };
}
