// The legacy sysindexes compatibility view, enough for `IF NOT EXISTS (SELECT name FROM sysindexes
// WHERE name = 'PK_X')` in old scripts: one row per index (heaps too) with its counts and status bits.
import { indexDataSpaceId, tableIndexes } from './sys-indexes.js';
import { BIGINT, INT, SMALLINT, SYSNAME, TINYINT, type CatalogView } from './view.js';

/** sysindexes.status bits: 2 unique, 16 clustered, 2048 primary key, 4096 unique constraint. */
const UNIQUE = 2;
const CLUSTERED = 16;
const PRIMARY_KEY = 2048;
const UNIQUE_CONSTRAINT = 4096;

export const sysindexes: CatalogView = {
  name: 'dbo.sysindexes',
  columns: [
    ['id', INT],
    ['status', INT, true],
    ['indid', SMALLINT, true],
    ['groupid', SMALLINT, true],
    ['rowcnt', BIGINT, true],
    ['rows', INT, true],
    ['keycnt', SMALLINT, true],
    ['OrigFillFactor', TINYINT, true],
    ['name', SYSNAME, true],
  ],
  *rows(db) {
    for (const [t, i] of tableIndexes(db)) {
      const status =
        (i.isUnique ? UNIQUE : 0) |
        (i.type === 1 || i.type === 5 ? CLUSTERED : 0) |
        (i.isPrimaryKey ? PRIMARY_KEY : 0) |
        (i.isUniqueConstraint ? UNIQUE_CONSTRAINT : 0);
      const rows = t.generated ? t.generated.rows : t.rows.length;
      yield [
        t.objectId,
        status,
        i.indexId,
        indexDataSpaceId(db, t, i),
        BigInt(rows),
        rows,
        i.columns.filter((c) => !c.included).length,
        0,
        i.name,
      ];
    }
  },
};
