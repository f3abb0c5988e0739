// sys.objects: every schema-scoped object (tables, views, modules, constraints, sequences, synonyms).
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import type { CatalogView } from './view.js';

export const sysObjects: CatalogView = {
  name: 'sys.objects',
  columns: OBJECT_COLUMNS,
  *rows(db) {
    for (const o of db.objects.values()) yield objectValues(o);
  },
};
