// SQL Server Audit's catalog views: sys.server_audits, sys.server_audit_specifications and
// sys.database_audit_specifications, with the documented columns and no rows (the emulator has no
// audits: CREATE SERVER AUDIT is not supported), so scripts that test for an audit find none.
import { BIT, DATETIME, INT, SYSNAME, TINYINT, char, nvarchar, type CatalogView } from './view.js';

const GUID = { name: 'uniqueidentifier' };

export const sysServerAudits: CatalogView = {
  name: 'sys.server_audits',
  columns: [
    ['audit_id', INT, false],
    ['name', SYSNAME, false],
    ['audit_guid', GUID],
    ['create_date', DATETIME, false],
    ['modify_date', DATETIME, false],
    ['principal_id', INT],
    ['type', char(2), false],
    ['type_desc', nvarchar(60)],
    ['on_failure', TINYINT],
    ['on_failure_desc', nvarchar(60)],
    ['is_state_enabled', TINYINT],
    ['queue_delay', INT],
    ['predicate', nvarchar(3000)],
  ],
  rows: () => [],
};

/** The server and database audit specification views: the same columns but the id's name. */
const auditSpecifications = (name: string, idColumn: string): CatalogView => ({
  name,
  columns: [
    [idColumn, INT, false],
    ['name', SYSNAME, false],
    ['create_date', DATETIME, false],
    ['modify_date', DATETIME, false],
    ['audit_guid', GUID],
    ['is_state_enabled', BIT],
  ],
  rows: () => [],
});

export const sysServerAuditSpecifications = auditSpecifications(
  'sys.server_audit_specifications',
  'server_specification_id',
);

export const sysDatabaseAuditSpecifications = auditSpecifications(
  'sys.database_audit_specifications',
  'database_specification_id',
);
