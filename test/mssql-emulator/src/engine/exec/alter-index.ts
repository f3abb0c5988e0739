// ALTER INDEX name|ALL ON table DISABLE|REBUILD|REORGANIZE|SET: a disabled index is not maintained
// and a unique one no longer enforced; a disabled clustered index makes the table unreadable (8655)
// until it is rebuilt; REBUILD enables again (checking uniqueness), as SQL Server does.

import type { AlterIndex } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { ForeignKey, Index, Module, Table } from '../storage/objects.js';
import { findTable } from './ddl.js';
import { checkExistingRows, forgetKeys } from './dml.js';
import type { SessionState } from './session-state.js';

const isClustered = (i: Index) => i.type === 1 || i.type === 5;

/** A table whose clustered index is disabled cannot be read or written (8655). */
export function checkTableUsable(db: Database, table: Table): void {
  const clustered = table.indexes.find((i) => isClustered(i) && i.isDisabled);
  if (clustered)
    throw new SqlError(
      8655,
      `The query processor is unable to produce a plan because the index '${clustered.name}' on table or view '${table.name}' is disabled.`,
      16,
    );
}

export function alterIndex(s: AlterIndex, session: SessionState): void {
  const db = session.objectDatabase(s.table.name.name, s.table.database?.name);
  const schemaId = db.schema(s.table.schema?.name ?? 'dbo')?.schemaId ?? -1;
  const obj = db.findObject(schemaId, session.objectName(s.table.name.name));
  const tableText = [s.table.schema?.name, s.table.name.name].filter(Boolean).join('.');
  if (!obj || (obj.type !== 'U' && obj.type !== 'V'))
    throw new SqlError(
      1088,
      `Cannot find the object "${tableText}" because it does not exist or you do not have permissions.`,
      16,
    );
  if (obj.type === 'V') return alterViewIndexes(s, db, obj as Module);
  const { table } = findTable(session, s.table);
  const indexes = table.indexes.filter((i) => i.type !== 0);
  const chosen = s.index === 'ALL' ? indexes : [named(indexes, s.index.name)];
  if (!chosen.length) return;
  if (table.storage?.memoryOptimized && s.action !== 'REBUILD')
    throw new SqlError(
      10794,
      "The operation 'ALTER INDEX' is not supported with memory optimized tables.",
      16,
    );
  for (const index of chosen) runAction(s, db, table, index);
}

/** The index called `name` (2727 when there is none). */
function named(indexes: Index[], name: string): Index {
  const index = indexes.find((i) => i.name?.toLowerCase() === name.toLowerCase());
  if (!index) throw new SqlError(2727, `Cannot find index '${name}'.`, 11);
  return index;
}

/**
 * ALTER INDEX on an indexed view's indexes (its rows are not materialized, so REBUILD and REORGANIZE
 * only enable or check): DISABLE of the clustered index disables all of them, as on a table.
 */
function alterViewIndexes(s: AlterIndex, db: Database, view: Module): void {
  const indexes = view.indexes ?? [];
  const chosen = s.index === 'ALL' ? indexes : [named(indexes, s.index.name)];
  for (const index of chosen)
    switch (s.action) {
      case 'DISABLE':
        index.isDisabled = true;
        if (isClustered(index)) for (const i of indexes) i.isDisabled = true;
        break;
      case 'REBUILD':
        index.isDisabled = false;
        break;
      case 'REORGANIZE':
      case 'SET':
        if (index.isDisabled) throw disabledIndex(index, db, view, 'view');
    }
}

/** 1973: REORGANIZE or SET on a disabled index. */
const disabledIndex = (index: Index, db: Database, owner: Table | Module, kind: 'table' | 'view') =>
  new SqlError(
    1973,
    `Cannot perform the specified operation on disabled index '${index.name}' on ${kind} '${db.schemaById(owner.schemaId)!.name}.${owner.name}'.`,
    16,
  );

function runAction(s: AlterIndex, db: Database, table: Table, index: Index): void {
  switch (s.action) {
    case 'DISABLE':
      return disable(db, table, index);
    case 'REBUILD':
      if (index.isDisabled) {
        if (index.isUnique) checkExistingRows(table, index, db);
        index.isDisabled = false;
        forgetKeys(table);
      }
      return;
    case 'REORGANIZE':
    case 'SET':
      if (index.isDisabled) throw disabledIndex(index, db, table, 'table');
  }
}

/**
 * Disabling a clustered index disables the table's other indexes and the foreign keys into and out
 * of it; disabling a unique index disables the foreign keys that reference its columns.
 */
function disable(db: Database, table: Table, index: Index): void {
  index.isDisabled = true;
  const fks = [...db.objects.values()].filter((o): o is ForeignKey => o.type === 'F') as ForeignKey[];
  if (isClustered(index)) {
    for (const i of table.indexes) if (i.type !== 0) i.isDisabled = true;
    for (const fk of fks)
      if (fk.parentId === table.objectId || fk.referencedId === table.objectId) fk.isDisabled = true;
  } else if (index.isUnique) {
    const keys = index.columns.filter((c) => !c.included).map((c) => c.columnId);
    for (const fk of fks)
      if (
        fk.referencedId === table.objectId &&
        fk.columns.length === keys.length &&
        fk.columns.every((c) => keys.includes(c.referenced))
      )
        fk.isDisabled = true;
  }
  forgetKeys(table);
}
