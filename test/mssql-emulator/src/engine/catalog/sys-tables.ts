// sys.tables: user tables (type U) with the table-specific columns.
import type { Table } from '../storage/objects.js';
import { captureInstancesOf } from '../exec/change-data-capture.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { indexDataSpaceId } from './sys-indexes.js';
import { BIT, INT, TINYINT, nvarchar, type CatalogView } from './view.js';

const LEDGER_TYPE_DESC = [
  'NON_LEDGER_TABLE',
  'HISTORY_TABLE',
  'UPDATABLE_LEDGER_TABLE',
  'APPEND_ONLY_LEDGER_TABLE',
];

export const sysTables: CatalogView = {
  name: 'sys.tables',
  columns: [
    ...OBJECT_COLUMNS,
    ['lob_data_space_id', INT],
    ['filestream_data_space_id', INT, true],
    ['max_column_id_used', INT],
    ['lock_on_bulk_load', BIT],
    ['uses_ansi_nulls', BIT, true],
    ['is_replicated', BIT, true],
    ['has_replication_filter', BIT, true],
    ['is_merge_published', BIT, true],
    ['is_sync_tran_subscribed', BIT, true],
    ['has_unchecked_assembly_data', BIT],
    ['text_in_row_limit', INT, true],
    ['large_value_types_out_of_row', BIT, true],
    ['is_tracked_by_cdc', BIT, true],
    ['lock_escalation', TINYINT, true],
    ['lock_escalation_desc', nvarchar(60), true],
    ['is_filetable', BIT, true],
    ['is_memory_optimized', BIT, true],
    ['durability', TINYINT, true],
    ['durability_desc', nvarchar(60), true],
    ['temporal_type', TINYINT, true],
    ['temporal_type_desc', nvarchar(60), true],
    ['history_table_id', INT, true],
    ['is_remote_data_archive_enabled', BIT, true],
    ['is_external', BIT],
    ['ledger_type', TINYINT, true],
    ['ledger_type_desc', nvarchar(60), true],
    ['ledger_view_id', INT, true],
    ['is_dropped_ledger_table', BIT, true],
    ['is_node', BIT, true],
    ['is_edge', BIT, true],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      if (o.type !== 'U') continue;
      const t = o as Table;
      const lob = t.columns.some(
        (c) => ['text', 'ntext', 'image', 'xml'].includes(c.type.name) || c.type.length === -1,
      );
      const storage = t.storage ?? {};
      const memory = storage.memoryOptimized;
      yield [
        ...objectValues(t),
        lob ? (storage.lobDataSpaceId ?? indexDataSpaceId(db, t, t.indexes[0])) : 0,
        storage.filestreamDataSpaceId ?? null,
        Math.max(0, ...t.columns.map((c) => c.columnId)),
        false,
        true,
        false,
        false,
        false,
        false,
        false,
        0,
        false,
        captureInstancesOf(db, t).length > 0,
        0,
        'TABLE',
        false,
        !!memory,
        memory?.durability === 'SCHEMA_ONLY' ? 1 : 0,
        memory?.durability ?? 'SCHEMA_AND_DATA',
        t.temporal?.historyId ? 2 : t.temporal?.historyOf ? 1 : 0,
        t.temporal?.historyId
          ? 'SYSTEM_VERSIONED_TEMPORAL_TABLE'
          : t.temporal?.historyOf
            ? 'HISTORY_TABLE'
            : 'NON_TEMPORAL_TABLE',
        t.temporal?.historyId ?? null,
        false,
        false,
        storage.ledgerType ?? 0,
        LEDGER_TYPE_DESC[storage.ledgerType ?? 0],
        storage.ledgerViewId ?? null,
        storage.droppedLedger === true,
        t.graph?.kind === 'NODE',
        t.graph?.kind === 'EDGE',
      ];
    }
  },
};

/** sys.periods: the SYSTEM_TIME period of temporal tables. */
export const sysPeriods: CatalogView = {
  name: 'sys.periods',
  columns: [
    ['name', nvarchar(128)],
    ['period_type', TINYINT],
    ['period_type_desc', nvarchar(60)],
    ['object_id', INT],
    ['start_column_id', INT],
    ['end_column_id', INT],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      const t = o as Table;
      if (o.type === 'U' && t.temporal?.start)
        yield ['SYSTEM_TIME', 1, 'SYSTEM_TIME_PERIOD', t.objectId, t.temporal.start, t.temporal.end!];
    }
  },
};
