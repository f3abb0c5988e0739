// sys.computed_columns: computed columns with their normalised definition and persistence.
import { COLUMN_COLUMNS, columnValues, tableColumns } from './sys-columns.js';
import { BIT, NVARCHAR_MAX, type CatalogView } from './view.js';

export const sysComputedColumns: CatalogView = {
  name: 'sys.computed_columns',
  columns: [
    ...COLUMN_COLUMNS,
    ['definition', NVARCHAR_MAX, true],
    ['uses_database_collation', BIT, true],
    ['is_persisted', BIT],
  ],
  *rows(db) {
    for (const [t, c] of tableColumns(db))
      if (c.computed) yield [...columnValues(t, c), c.computed.definition, true, c.computed.persisted];
  },
};
