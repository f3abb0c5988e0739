// sys.check_constraints: CHECK definitions normalised as SQL Server stores them, e.g. ([UnitPrice]>=(0)).
import type { CheckConstraint } from '../storage/objects.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import { BIT, INT, NVARCHAR_MAX, type CatalogView } from './view.js';

export const sysCheckConstraints: CatalogView = {
  name: 'sys.check_constraints',
  columns: [
    ...OBJECT_COLUMNS,
    ['is_disabled', BIT],
    ['is_not_for_replication', BIT],
    ['is_not_trusted', BIT],
    ['parent_column_id', INT],
    ['definition', NVARCHAR_MAX, true],
    ['uses_database_collation', BIT, true],
    ['is_system_named', BIT],
  ],
  *rows(db) {
    for (const o of db.objects.values())
      if (o.type === 'C') {
        const c = o as CheckConstraint;
        yield [
          ...objectValues(c),
          c.isDisabled,
          false,
          c.isNotTrusted,
          c.columnId,
          c.definition,
          true,
          c.isSystemNamed,
        ];
      }
  },
};
