// sys.default_constraints: DEFAULT definitions as SQL Server stores them, e.g. ((0)), (getdate()).
import type { DefaultConstraint } from '../storage/objects.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, NVARCHAR_MAX, type CatalogView } from './view.js';

export const sysDefaultConstraints: CatalogView = {
  name: 'sys.default_constraints',
  columns: [
    ...OBJECT_COLUMNS,
    ['parent_column_id', INT],
    ['definition', NVARCHAR_MAX, true],
    ['is_system_named', BIT],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'D') {
        const d = o as DefaultConstraint;
        yield [...objectValues(d), d.columnId, d.definition, d.isSystemNamed];
      }
  },
};
