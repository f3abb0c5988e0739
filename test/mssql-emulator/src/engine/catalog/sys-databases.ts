// sys.databases and the legacy sysdatabases compatibility view.
import { sid } from './sys-security.js';
import { BIT, DATETIME, INT, SMALLINT, SYSNAME, TINYINT, nvarchar, type CatalogView } from './view.js';

const VARBINARY_85 = { name: 'varbinary', length: 85 };

export const sysDatabases: CatalogView = {
  name: 'sys.databases',
  columns: [
    ['name', SYSNAME],
    ['database_id', INT],
    ['source_database_id', INT, true],
    ['create_date', DATETIME],
    ['compatibility_level', TINYINT],
    ['collation_name', SYSNAME, true],
    ['user_access', TINYINT, true],
    ['user_access_desc', nvarchar(60), true],
    ['is_read_only', BIT, true],
    ['state', TINYINT, true],
    ['state_desc', nvarchar(60), true],
    ['snapshot_isolation_state', TINYINT, true],
    ['snapshot_isolation_state_desc', nvarchar(60), true],
    ['is_read_committed_snapshot_on', BIT, true],
    ['recovery_model', TINYINT, true],
    ['recovery_model_desc', nvarchar(60), true],
    ['owner_sid', VARBINARY_85, true],
    ['is_cdc_enabled', BIT],
  ],
  *rows(_db, session) {
    for (const d of session.server.databases)
      yield [
        d.name,
        d.databaseId,
        null,
        d.createDate,
        160,
        d.collation,
        0,
        'MULTI_USER',
        false,
        0,
        'ONLINE',
        d.allowSnapshotIsolation ? 1 : 0,
        d.allowSnapshotIsolation ? 'ON' : 'OFF',
        d.readCommittedSnapshot,
        3,
        'SIMPLE',
        sid(d.ownerLoginId),
        d.cdc !== undefined,
      ];
  },
};

export const sysdatabases: CatalogView = {
  name: 'dbo.sysdatabases',
  columns: [
    ['name', SYSNAME, true],
    ['dbid', SMALLINT, true],
    ['crdate', DATETIME],
    ['cmptlevel', TINYINT],
  ],
  *rows(_db, session) {
    for (const d of session.server.databases) yield [d.name, d.databaseId, d.createDate, 160];
  },
};
