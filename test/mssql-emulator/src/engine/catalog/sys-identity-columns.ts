// sys.identity_columns: identity columns with seed, increment and last value as sql_variant.
import { COLUMN_COLUMNS, columnValues, tableColumns } from './sys-columns.js';
import { BIT, VARIANT, type CatalogView } from './view.js';
import { convert } from '../types/convert.js';

export const sysIdentityColumns: CatalogView = {
  name: 'sys.identity_columns',
  columns: [
    ...COLUMN_COLUMNS,
    ['seed_value', VARIANT, true],
    ['increment_value', VARIANT, true],
    ['last_value', VARIANT, true],
    ['is_not_for_replication', BIT, true],
  ],
  *rows(db) {
    for (const [t, c] of tableColumns(db)) {
      if (!c.identity) continue;
      const v = (n: bigint | null) =>
        n === null ? null : convert(convert(n, { name: 'bigint' }, c.type), c.type, { name: 'sql_variant' });
      yield [...columnValues(t, c), v(c.identity.seed), v(c.identity.increment), v(c.identity.last), false];
    }
  },
};
