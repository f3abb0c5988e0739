// sys.key_constraints: PRIMARY KEY and UNIQUE constraints with the index that enforces them.
import type { KeyConstraint } from '../storage/objects.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, type CatalogView } from './view.js';

export const sysKeyConstraints: CatalogView = {
  name: 'sys.key_constraints',
  columns: [
    ...OBJECT_COLUMNS,
    ['unique_index_id', INT, true],
    ['is_system_named', BIT],
    ['is_enforced', BIT, true],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'PK' || o.type === 'UQ') {
        const k = o as KeyConstraint;
        yield [...objectValues(k), k.indexId, k.isSystemNamed, true];
      }
  },
};
