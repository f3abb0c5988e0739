// sys.index_columns: key columns (key_ordinal 1..n) and included columns (key_ordinal 0) of each index.
import type { Table } from '../storage/objects.js';
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
      for (const i of (o as Table).indexes) {
        let key = 0;
        let n = 0;
        for (const c of i.columns)
          yield [
            o.objectId,
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
    }
  },
};
