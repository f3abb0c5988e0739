// sys.columns: columns of user tables, table types and views; max_length in bytes (-1 for max).
import type { Column, Module, Table } from '../storage/objects.js';
import type { SessionState } from '../exec/session-state.js';
import type { Database } from '../storage/database.js';
import { compileQuery } from '../exec/query.js';
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
  ['graph_type', INT, true],
  ['graph_type_desc', nvarchar(60), true],
];

/** sys.columns.graph_type of the graph columns (SQL Graph architecture: 1..8). */
const GRAPH_TYPE: Record<string, [number, string]> = {
  graph_id: [1, 'GRAPH_ID'],
  $node_id: [2, 'GRAPH_ID_COMPUTED'],
  $edge_id: [2, 'GRAPH_ID_COMPUTED'],
  from_id: [3, 'GRAPH_FROM_ID'],
  from_obj_id: [4, 'GRAPH_FROM_OBJ_ID'],
  $from_id: [5, 'GRAPH_FROM_ID_COMPUTED'],
  to_id: [6, 'GRAPH_TO_ID'],
  to_obj_id: [7, 'GRAPH_TO_OBJ_ID'],
  $to_id: [8, 'GRAPH_TO_ID_COMPUTED'],
};

/** generated_always_type of period and ledger columns. */
const GENERATED: Record<string, [number, string]> = {
  'ROW START': [1, 'AS_ROW_START'],
  'ROW END': [2, 'AS_ROW_END'],
  ledger_start_transaction_id: [5, 'AS_TRANSACTION_ID_START'],
  ledger_end_transaction_id: [6, 'AS_TRANSACTION_ID_END'],
  ledger_start_sequence_number: [7, 'AS_SEQUENCE_NUMBER_START'],
  ledger_end_sequence_number: [8, 'AS_SEQUENCE_NUMBER_END'],
};

const PADDED = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary']);

export function columnValues(t: Table, c: Column): Value[] {
  const sys = systemType(c.type.name)!;
  return [
    t.objectId,
    c.name,
    c.columnId,
    sys.systemTypeId,
    c.userTypeId,
    maxLengthOf(c.type),
    precisionOf(c.type),
    scaleOf(c.type),
    c.type.collation ?? null,
    c.nullable,
    PADDED.has(c.type.name),
    c.isRowGuidCol,
    !!c.identity,
    !!c.computed,
    false,
    false,
    false,
    false,
    false,
    !!c.xmlDocument,
    c.xmlCollectionId ?? 0,
    c.defaultObjectId,
    0,
    c.isSparse,
    false,
    ...(GENERATED[c.generatedAlways ?? c.ledger ?? ''] ?? [0, 'NOT_APPLICABLE']),
    !!c.hidden,
    c.mask !== undefined,
    ...(c.graph ? GRAPH_TYPE[c.graph] : [null, null]),
  ];
}

export function* tableColumns(db: import('../storage/database.js').Database): Iterable<[Table, Column]> {
  for (const o of db.objects.values())
    if (o.type === 'U' || o.type === 'TT') for (const c of (o as Table).columns) yield [o as Table, c];
}

/** Columns of a view as its SELECT types them (none when the view cannot be compiled). */
function viewColumns(view: Module, session: SessionState): Column[] {
  if (!view.query) return [];
  const saved = session.db;
  try {
    return compileQuery(view.query, session).columns.map((c, i) => ({
      columnId: i + 1,
      name: c.name,
      type: c.type,
      userTypeId: systemType(c.type.name)?.userTypeId ?? 0,
      nullable: c.nullable,
      identity: undefined,
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
    }));
  } catch {
    return [];
  } finally {
    session.db = saved;
  }
}

/** The columns of a view of `db`, as its SELECT types them (none when it cannot be compiled). */
export function viewColumnsIn(db: Database, view: Module, session: SessionState): Column[] {
  const saved = session.db;
  session.db = db;
  try {
    return viewColumns(view, session);
  } finally {
    session.db = saved;
  }
}

/** The columns of every view of `db`, as their SELECTs type them. */
export function* allViewColumns(db: Database, session: SessionState): Iterable<[Module, Column]> {
  for (const o of db.objects.values()) {
    if (o.type !== 'V') continue;
    for (const c of viewColumnsIn(db, o as Module, session)) yield [o as Module, c];
  }
}

export const sysColumns: CatalogView = {
  name: 'sys.columns',
  columns: COLUMN_COLUMNS,
  *rows(db, session) {
    for (const [t, c] of tableColumns(db)) yield columnValues(t, c);
    for (const [v, c] of allViewColumns(db, session)) yield columnValues(v as unknown as Table, c);
  },
};
