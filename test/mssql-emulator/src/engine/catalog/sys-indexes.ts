// sys.indexes: heaps (index_id 0), clustered (1) and nonclustered (2+) indexes of tables.
import type { Table } from '../storage/objects.js';
import { BIT, INT, SYSNAME, TINYINT, NVARCHAR_MAX, nvarchar, type CatalogView } from './view.js';

const TYPE_DESC = ['HEAP', 'CLUSTERED', 'NONCLUSTERED'];

export const sysIndexes: CatalogView = {
  name: 'sys.indexes',
  columns: [
    ['object_id', INT],
    ['name', SYSNAME, true],
    ['index_id', INT],
    ['type', TINYINT],
    ['type_desc', nvarchar(60), true],
    ['is_unique', BIT, true],
    ['data_space_id', INT, true],
    ['ignore_dup_key', BIT, true],
    ['is_primary_key', BIT, true],
    ['is_unique_constraint', BIT, true],
    ['fill_factor', TINYINT],
    ['is_padded', BIT, true],
    ['is_disabled', BIT, true],
    ['is_hypothetical', BIT, true],
    ['is_ignored_in_optimization', BIT, true],
    ['allow_row_locks', BIT, true],
    ['allow_page_locks', BIT, true],
    ['has_filter', BIT, true],
    ['filter_definition', NVARCHAR_MAX, true],
    ['auto_created', BIT, true],
    ['optimize_for_sequential_key', BIT, true],
  ],
  *rows(db) {
    for (const o of db.objects.values()) {
      if (o.type !== 'U' && o.type !== 'TT') continue;
      for (const i of (o as Table).indexes)
        yield [
          o.objectId,
          i.name,
          i.indexId,
          i.type,
          TYPE_DESC[i.type],
          i.isUnique,
          1,
          false,
          i.isPrimaryKey,
          i.isUniqueConstraint,
          0,
          false,
          i.isDisabled,
          false,
          false,
          true,
          true,
          i.filter !== undefined,
          i.filter ?? null,
          false,
          false,
        ];
    }
  },
};
