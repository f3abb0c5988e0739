// sys.index_columns: key columns (key_ordinal 1..n) and included columns (key_ordinal 0) of each index,
// every column of a clustered columnstore index (key_ordinal 0), and those of indexed views' indexes;
// the partitioning column of an index on a partition scheme has partition_ordinal 1 (a row of its own,
// key_ordinal 0 and not included, when it is not one of the index's columns, as for a heap).
import type { Table } from '../storage/objects.js';
import { viewIndexes } from './sys-indexes.js';
import { BIT, INT, TINYINT, type CatalogView } from './view.js';

export const sysIndexColumns: CatalogView = {
  name: 'sys.index_columns',
  columns: [
    ['object_id', INT],
    ['index_id', INT],
    ['index_column_id', INT],
    ['column_id', INT],
    ['key_ordinal', TINYINT],
    ['partition_ordinal', TINYINT],
    ['is_descending_key', BIT, true],
    ['is_included_column', BIT, true],
    ['column_store_order_ordinal', TINYINT],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      if (o.type !== 'U' && o.type !== 'TT') continue;
      const table = o as Table;
      for (const i of table.indexes) {
        const partitionColumn = (i.placement ?? table.storage?.placement)?.partitionColumnId;
        let key = 0;
        let n = 0;
        // A clustered columnstore index holds every column of the table, each listed (not as a key).
        const columns =
          i.type === 5 && !i.columns.length
            ? table.columns.map((c) => ({ columnId: c.columnId, included: false, descending: false }))
            : i.columns;
        for (const c of columns)
          yield [
            o.objectId,
            i.indexId,
            ++n,
            c.columnId,
            c.included || i.type === 5 ? 0 : ++key,
            c.columnId === partitionColumn ? 1 : 0,
            c.descending,
            c.included,
            0,
          ];
        if (partitionColumn !== undefined && !columns.some((c) => c.columnId === partitionColumn))
          yield [o.objectId, i.indexId, ++n, partitionColumn, 0, 1, false, false, 0];
      }
    }
    for (const [v, i] of viewIndexes(db)) {
      let key = 0;
      let n = 0;
      for (const c of i.columns)
        yield [
          v.objectId,
          i.indexId,
          ++n,
          c.columnId,
          c.included ? 0 : ++key,
          0,
          c.descending,
          c.included,
          0,
        ];
    }
  },
};
