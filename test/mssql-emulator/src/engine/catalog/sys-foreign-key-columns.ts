// sys.foreign_key_columns: one row per column pair of each foreign key.
import type { ForeignKey } from '../storage/objects.js';
import { INT, type CatalogView } from './view.js';

export const sysForeignKeyColumns: CatalogView = {
  name: 'sys.foreign_key_columns',
  columns: [
    ['constraint_object_id', INT],
    ['constraint_column_id', INT],
    ['parent_object_id', INT],
    ['parent_column_id', INT],
    ['referenced_object_id', INT],
    ['referenced_column_id', INT],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'F') {
        const f = o as ForeignKey;
        let i = 1;
        for (const c of f.columns)
          yield [f.objectId, i++, f.parentId, c.parent, f.referencedId, c.referenced];
      }
  },
};
