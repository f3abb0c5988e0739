// sp_rename: renames an object (a table, view, routine, constraint...), a column ('COLUMN') or an index
// ('INDEX') of the current database, with SQL Server's caution (15477) and refusals (15225, 15248,
// 15249, 15335, 15223). Renaming a PRIMARY KEY or UNIQUE constraint renames its index and the other
// way round, as SQL Server does; a renamed column is renamed in the table's computed columns and
// CHECK constraints too (SQL Server keeps those by column id). Module definitions keep the old
// names, as sys.sql_modules does on SQL Server. A table or column a schema-bound view reads is not
// renamed (15336). DATABASE, USERDATATYPE and STATISTICS are not supported yet.

import { findAll, splitObjectName, type Expression, type Identifier } from '@ferry/tsql';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { CheckConstraint, DbObject, Index, KeyConstraint, Module, Table } from '../storage/objects.js';
import { definitionText } from './definition-text.js';
import type { SessionState } from './session-state.js';

export interface RenameRequest {
  objname: string | null;
  newname: string | null;
  objtype: string | null;
}

/** Runs sp_rename: the caution message, then return status 0 (errors are thrown as SqlError). */
export function* renameObject(req: RenameRequest, session: SessionState): Generator<StatementResult> {
  if (req.objname === null) throw nullParameter('objname');
  if (req.newname === null) throw nullParameter('newname');
  const type = req.objtype?.trim().toUpperCase() ?? null;
  const target = { name: req.objname, newName: req.newname, type, session };
  switch (type) {
    case null:
      if (!renameAsObject(target, false) && !renameAsColumn(target, false) && !renameAsIndex(target, false))
        throw notFound(target);
      break;
    case 'OBJECT':
      renameAsObject(target, true);
      break;
    case 'COLUMN':
      renameAsColumn(target, true);
      break;
    case 'INDEX':
      renameAsIndex(target, true);
      break;
    case 'DATABASE':
    case 'USERDATATYPE':
    case 'STATISTICS':
      throw new SqlError(
        40517,
        `sp_rename with @objtype '${type}' is not supported by the SQL Server emulator.`,
        16,
      );
    default:
      throw new SqlError(15249, `Error: Explicit @objtype '${req.objtype}' is unrecognized.`, 11);
  }
  yield {
    kind: 'info',
    info: {
      number: 15477,
      state: 1,
      class: 10,
      message: 'Caution: Changing any part of an object name could break scripts and stored procedures.',
      lineNumber: 1,
      procName: 'sp_rename',
    },
  };
  yield { kind: 'return-status', status: 0 };
}

interface Target {
  name: string;
  newName: string;
  type: string | null;
  session: SessionState;
}

const nullParameter = (name: string) =>
  new SqlError(15223, `Error: The input parameter '${name}' is not allowed to be null.`, 11);

const notFound = (t: Target) =>
  new SqlError(
    15225,
    `No item by the name of '${t.name}' could be found in the current database '${t.session.db.name}', given that @itemtype was input as '${t.type ?? '(null)'}'.`,
    11,
  );

const ambiguous = (type: string) =>
  new SqlError(
    15248,
    `Either the parameter @objname is ambiguous or the claimed @objtype (${type}) is wrong.`,
    11,
  );

const duplicate = (name: string, kind: string) =>
  new SqlError(
    15335,
    `Error: The new name '${name}' is already in use as a ${kind} name and would cause a duplicate that is not permitted.`,
    11,
  );

/** The database of `[db.][schema.]name`: tempdb for #temporary tables, else the current one (none for another). */
function databaseOf(t: Target, parts: string[]): Database | undefined {
  if (
    parts.length > 3 ||
    (parts.length === 3 && parts[0] && parts[0].toLowerCase() !== t.session.db.name.toLowerCase())
  )
    return undefined;
  return t.session.objectDatabase(parts[parts.length - 1]);
}

/** The schema-scoped object named by `parts` (`[schema.]name`). */
function findNamed(t: Target, db: Database, parts: string[]): DbObject | undefined {
  const name = parts[parts.length - 1];
  const schemaName = parts.length >= 2 && parts[parts.length - 2] ? parts[parts.length - 2] : 'dbo';
  const schema = db.schema(schemaName);
  return schema ? db.findObject(schema.schemaId, t.session.objectName(name)) : undefined;
}

/** `[db.][schema.]object`: renames the object (a key constraint's index too). */
function renameAsObject(t: Target, explicit: boolean): boolean {
  const parts = splitObjectName(t.name);
  const db = databaseOf(t, parts);
  const obj = db && findNamed(t, db, parts.slice(-2));
  if (!db || !obj) {
    if (explicit) throw ambiguous('OBJECT');
    return false;
  }
  if (db.findObject(obj.schemaId, t.newName)) throw duplicate(t.newName, 'object');
  refuseSchemaBound(t, db, obj);
  obj.name = t.newName;
  if (obj.type === 'PK' || obj.type === 'UQ') {
    const index = db.table(obj.parentId)?.indexes.find((i) => i.indexId === (obj as KeyConstraint).indexId);
    if (index) index.name = t.newName;
  }
  db.objectsVersion++;
  return true;
}

/** The table or indexed view `[db.][schema.]table` of `table.item`, and the item's name. */
function parentOf(t: Target): { db: Database; parent: Table | Module; item: string } | undefined {
  const parts = splitObjectName(t.name);
  if (parts.length < 2) return undefined;
  const tableParts = parts.slice(0, -1);
  const db = databaseOf(t, tableParts);
  const parent = db && findNamed(t, db, tableParts.slice(-2));
  if (!db || !parent || (parent.type !== 'U' && parent.type !== 'V')) return undefined;
  return { db, parent: parent as Table | Module, item: parts[parts.length - 1] };
}

/** `[schema.]table.column`: renames the column, and it in computed columns and CHECK constraints. */
function renameAsColumn(t: Target, explicit: boolean): boolean {
  const found = parentOf(t);
  const table = found?.parent.type === 'U' ? (found.parent as Table) : undefined;
  const key = (n: string) => found!.db.nameKey(n);
  const column = table?.columns.find((c) => key(c.name) === key(found!.item));
  if (!found || !table || !column) {
    if (explicit) throw ambiguous('COLUMN');
    return false;
  }
  if (table.columns.some((c) => c !== column && key(c.name) === key(t.newName)))
    throw duplicate(t.newName, 'COLUMN');
  refuseSchemaBound(t, found.db, table);
  const rename = (e: Expression) => renameColumnRefs(e, column.name, t.newName, key);
  for (const c of table.columns)
    if (c.computed) {
      const expr = rename(c.computed.expr);
      c.computed = { ...c.computed, expr, definition: definitionText(expr) };
    }
  for (const o of found.db.childrenOf(table.objectId))
    if (o.type === 'C') {
      const check = o as CheckConstraint;
      check.expr = rename(check.expr);
      check.definition = definitionText(check.expr);
    }
  column.name = t.newName;
  found.db.objectsVersion++;
  return true;
}

/** `[schema.]table.index` (tables and indexed views): renames the index, and the key constraint it enforces. */
function renameAsIndex(t: Target, explicit: boolean): boolean {
  const found = parentOf(t);
  const indexes: Index[] = (found?.parent as Table | undefined)?.indexes ?? [];
  const key = (n: string | null) => (n === null ? null : found!.db.nameKey(n));
  const index = indexes.find((i) => key(i.name) === key(found!.item));
  if (!found || !index) {
    if (explicit) throw ambiguous('INDEX');
    return false;
  }
  if (indexes.some((i) => i !== index && key(i.name) === key(t.newName))) throw duplicate(t.newName, 'INDEX');
  const constraint = found.db
    .childrenOf(found.parent.objectId)
    .find((o) => (o.type === 'PK' || o.type === 'UQ') && (o as KeyConstraint).indexId === index.indexId);
  if (constraint && found.db.findObject(constraint.schemaId, t.newName)) throw duplicate(t.newName, 'object');
  index.name = t.newName;
  if (constraint) constraint.name = t.newName;
  found.db.objectsVersion++;
  return true;
}

/**
 * 15336 when a schema-bound view reads the object (SQL Server keeps such dependencies enforced): the
 * view's FROM names it, with its schema or in dbo.
 */
function refuseSchemaBound(t: Target, db: Database, obj: DbObject): void {
  const schema = db.schemaById(obj.schemaId)?.name ?? 'dbo';
  const key = (n: string) => db.nameKey(n);
  for (const o of db.objects.values()) {
    const view = o as Module;
    if (o.type !== 'V' || !view.schemaBound || !view.query) continue;
    const reads = findAll(view.query, 'TableRef').some(
      (r) => key(r.name.name.name) === key(obj.name) && key(r.name.schema?.name ?? 'dbo') === key(schema),
    );
    if (reads)
      throw new SqlError(
        15336,
        `Object '${t.name}' cannot be renamed because the object participates in enforced dependencies.`,
        16,
      );
  }
}

/** A copy of `e` whose references to column `from` (bare or qualified) name `to` instead. */
function renameColumnRefs(e: Expression, from: string, to: string, key: (n: string) => string): Expression {
  const copy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(copy);
    if (v === null || typeof v !== 'object') return v;
    const node = v as { kind?: string; column?: Identifier };
    if (node.kind === 'ColumnRef' && node.column && key(node.column.name) === key(from))
      return {
        ...node,
        column: { ...node.column, name: to, text: `[${to.replace(/]/g, ']]')}]`, quote: 'bracket' },
      };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'pos' ? x : copy(x)]));
  };
  return copy(e) as Expression;
}
