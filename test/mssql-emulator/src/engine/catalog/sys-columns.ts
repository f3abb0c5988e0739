// sys.columns: columns of user tables and table types; max_length in bytes (-1 for max).
import type { Column, Table } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import { maxLengthOf, precisionOf, scaleOf } from '../types/sql-type.js';
import { systemType } from '../types/system-types.js';
import { BIT, INT, SMALLINT, SYSNAME, TINYINT, nvarchar, type CatalogView, type ColumnSpec } from './view.js';

export const COLUMN_COLUMNS: ColumnSpec[] = [
  ['object_id', INT],
  ['name', SYSNAME, true],
  ['column_id', INT],
  ['system_type_id', TINYINT],
  ['user_type_id', INT],
  ['max_length', SMALLINT],
  ['precision', TINYINT],
  ['scale', TINYINT],
  ['collation_name', SYSNAME, true],
  ['is_nullable', BIT, true],
  ['is_ansi_padded', BIT],
  ['is_rowguidcol', BIT],
  ['is_identity', BIT],
  ['is_computed', BIT],
  ['is_filestream', BIT],
  ['is_replicated', BIT, true],
  ['is_non_sql_subscribed', BIT, true],
  ['is_merge_published', BIT, true],
  ['is_dts_replicated', BIT, true],
  ['is_xml_document', BIT],
  ['xml_collection_id', INT],
  ['default_object_id', INT],
  ['rule_object_id', INT],
  ['is_sparse', BIT, true],
  ['is_column_set', BIT, true],
  ['generated_always_type', TINYINT, true],
  ['generated_always_type_desc', nvarchar(60), true],
  ['is_hidden', BIT, true],
  ['is_masked', BIT],
];

const PADDED = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary']);

export function columnValues(t: Table, c: Column): Value[] {
  const sys = systemType(c.type.name)!;
  return [
    t.objectId, c.name, c.columnId, sys.systemTypeId, c.userTypeId, maxLengthOf(c.type), precisionOf(c.type), scaleOf(c.type),
    c.type.collation ?? null, c.nullable, PADDED.has(c.type.name), c.isRowGuidCol, !!c.identity, !!c.computed, false,
    false, false, false, false, false, 0, c.defaultObjectId, 0, c.isSparse, false, 0, 'NOT_APPLICABLE', false, false,
  ];
}

export function* tableColumns(db: import('../storage/database.js').Database): Iterable<[Table, Column]> {
  for (const o of db.objects.values()) if (o.type === 'U' || o.type === 'TT') for (const c of (o as Table).columns) yield [o as Table, c];
}

export const sysColumns: CatalogView = {
  name: 'sys.columns',
  columns: COLUMN_COLUMNS,
  *rows(db) {
    for (const [t, c] of tableColumns(db)) yield columnValues(t, c);
  },
};
