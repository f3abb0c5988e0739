// sys.table_types: user-defined table types with the object that holds their columns.
import { BIT, INT, type CatalogView } from './view.js';
import { TYPE_COLUMNS, typeRows } from './sys-types.js';

export const sysTableTypes: CatalogView = {
  name: 'sys.table_types',
  columns: [...TYPE_COLUMNS, ['type_table_object_id', INT], ['is_memory_optimized', BIT, true]],
  *rows(db) {
    for (const r of typeRows(db)) {
      if (r[14] !== true) continue;
      const ut = db.userTypes.find((u) => u.userTypeId === r[2])!;
      yield [...r, ut.tableObjectId ?? 0, !!ut.isMemoryOptimized];
    }
  },
};
