// Indexes on views (indexed views): SQL Server's rules for creating them. The view must be WITH
// SCHEMABINDING and its first index unique clustered; the emulator keeps the indexes for the catalog
// (sys.indexes, sys.index_columns) but does not materialize the view's rows.
import type { CreateIndex } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import { viewColumnsIn } from '../catalog/sys-columns.js';
import type { Database } from '../storage/database.js';
import type { Column, Index, Module } from '../storage/objects.js';
import type { SessionState } from './session-state.js';

/** Refuses an index SQL Server refuses on this view: 1939, 1941, 1940 (checked in SQL Server's order). */
export function checkViewIndex(stmt: CreateIndex, view: Module): void {
  const name = view.name;
  if (!view.schemaBound)
    throw new SqlError(
      1939,
      `Cannot create index on view '${name}' because the view is not schema bound.`,
      16,
    );
  if (stmt.xml || stmt.columnstore)
    throw new SqlError(
      40517,
      `${stmt.xml ? 'XML' : 'Columnstore'} indexes on views are not supported by the SQL Server emulator.`,
      16,
    );
  if (stmt.clustered === true && !stmt.unique)
    throw new SqlError(
      1941,
      `Cannot create nonunique clustered index on view '${name}' because only unique clustered indexes are allowed. Consider creating unique nonclustered index instead.`,
      16,
    );
  const hasClustered = (view.indexes ?? []).some((i) => i.indexId === 1);
  if (stmt.clustered !== true && !hasClustered)
    throw new SqlError(
      1940,
      `Cannot create index on view '${name}'. It does not have a unique clustered index.`,
      16,
    );
}

/** The indexed view named by CREATE INDEX ... ON, if the name is a view's, with its columns as its SELECT types them. */
export function viewToIndex(
  session: SessionState,
  name: CreateIndex['table'],
): { db: Database; view: Module & { indexes: Index[] }; columns: Column[] } | undefined {
  const db = session.objectDatabase(name.name.name, name.database?.name);
  const schemaId = db.schema(name.schema?.name ?? 'dbo')?.schemaId ?? -1;
  const obj = db.findObject(schemaId, session.objectName(name.name.name));
  if (obj?.type !== 'V') return undefined;
  const view = obj as Module;
  view.indexes ??= [];
  return { db, view: view as Module & { indexes: Index[] }, columns: viewColumnsIn(db, view, session) };
}

/**
 * DROP INDEX on an indexed view: true when `name` is a view (its index dropped; dropping the clustered
 * index drops the others too, as SQL Server does), false when it is not a view. 3701 when the view
 * has no such index (unless IF EXISTS).
 */
export function dropViewIndex(
  session: SessionState,
  name: CreateIndex['table'],
  indexName: string,
  ifExists: boolean,
): boolean {
  const found = viewToIndex(session, name);
  if (!found) return false;
  const { view } = found;
  const index = view.indexes.find((i) => i.name?.toLowerCase() === indexName.toLowerCase());
  if (!index) {
    if (ifExists) return true;
    throw new SqlError(
      3701,
      `Cannot drop the index '${view.name}.${indexName}', because it does not exist or you do not have permission.`,
      11,
    );
  }
  view.indexes = index.indexId === 1 ? [] : view.indexes.filter((i) => i !== index);
  found.db.objectsVersion++;
  return true;
}
