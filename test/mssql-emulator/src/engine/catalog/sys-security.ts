// Security catalog views: sys.server_principals, sys.sql_logins, sys.database_principals,
// sys.database_role_members, sys.database_permissions, sys.security_policies,
// sys.security_predicates and sys.masked_columns.

import type { Login } from '../storage/server.js';
import type { SecurityPolicy } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import { permissionTypeCode } from '../security/security-statements.js';
import { COLUMN_COLUMNS, columnValues, tableColumns } from './sys-columns.js';
import { OBJECT_COLUMNS, objectValues } from './object-columns.js';
import {
  BIT,
  DATETIME,
  INT,
  NVARCHAR_MAX,
  SYSNAME,
  TINYINT,
  char,
  nvarchar,
  type CatalogView,
  type ColumnSpec,
} from './view.js';

const VARBINARY = (length: number) => ({ name: 'varbinary', length });

const SERVER_ROLES: [number, string][] = [
  [2, 'public'],
  [3, 'sysadmin'],
  [4, 'securityadmin'],
  [5, 'serveradmin'],
  [6, 'setupadmin'],
  [7, 'processadmin'],
  [8, 'diskadmin'],
  [9, 'dbcreator'],
  [10, 'bulkadmin'],
];

const SERVER_PRINCIPAL_COLUMNS: ColumnSpec[] = [
  ['name', SYSNAME],
  ['principal_id', INT],
  ['sid', VARBINARY(85), true],
  ['type', char(1)],
  ['type_desc', nvarchar(60), true],
  ['is_disabled', BIT, true],
  ['create_date', DATETIME],
  ['modify_date', DATETIME],
  ['default_database_name', SYSNAME, true],
  ['default_language_name', SYSNAME, true],
  ['credential_id', INT, true],
  ['owning_principal_id', INT, true],
  ['is_fixed_role', BIT],
];

/** A login's sid: sa's is 0x01, the others' 16 bytes ending in the principal id. */
export const sid = (id: number) => {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(id, 12);
  return id === 1 ? Buffer.from([1]) : b;
};

function loginValues(l: Login): Value[] {
  return [
    l.user,
    l.principalId!,
    sid(l.principalId!),
    'S',
    'SQL_LOGIN',
    !!l.disabled,
    l.createDate!,
    l.modifyDate!,
    l.defaultDatabase ?? 'master',
    'us_english',
    null,
    null,
    false,
  ];
}

export const sysServerPrincipals: CatalogView = {
  name: 'sys.server_principals',
  columns: SERVER_PRINCIPAL_COLUMNS,
  *rows(db, session) {
    for (const l of session.server.logins) yield loginValues(l);
    for (const [id, name] of SERVER_ROLES)
      yield [
        name,
        id,
        Buffer.from([id]),
        'R',
        'SERVER_ROLE',
        false,
        db.createDate,
        db.createDate,
        null,
        null,
        null,
        1,
        id !== 2,
      ];
  },
};

export const sysSqlLogins: CatalogView = {
  name: 'sys.sql_logins',
  columns: [
    ...SERVER_PRINCIPAL_COLUMNS,
    ['is_policy_checked', BIT, true],
    ['is_expiration_checked', BIT, true],
    ['password_hash', VARBINARY(256), true],
  ],
  *rows(_db, session) {
    for (const l of session.server.logins) yield [...loginValues(l), l.checkPolicy ?? true, false, null];
  },
};

export const sysDatabasePrincipals: CatalogView = {
  name: 'sys.database_principals',
  columns: [
    ['name', SYSNAME],
    ['principal_id', INT],
    ['type', char(1)],
    ['type_desc', nvarchar(60), true],
    ['default_schema_name', SYSNAME, true],
    ['create_date', DATETIME],
    ['modify_date', DATETIME],
    ['owning_principal_id', INT, true],
    ['sid', VARBINARY(85), true],
    ['is_fixed_role', BIT],
    ['authentication_type', INT],
    ['authentication_type_desc', nvarchar(60), true],
    ['default_language_name', SYSNAME, true],
    ['default_language_lcid', INT, true],
    ['allow_encrypted_value_modifications', BIT],
  ],
  *rows(db) {
    for (const p of db.security.principals) {
      const user = p.type === 'S';
      const authenticated = p.loginId !== undefined;
      yield [
        p.name,
        p.principalId,
        p.type,
        user ? 'SQL_USER' : 'DATABASE_ROLE',
        user && p.principalId !== 3 && p.principalId !== 4 ? (p.defaultSchema ?? 'dbo') : null,
        p.createDate,
        p.modifyDate,
        user ? null : (p.ownerId ?? 1),
        p.loginId !== undefined ? sid(p.loginId) : p.withoutLogin ? sid(0x1000000 + p.principalId) : null,
        p.fixedRole,
        authenticated ? 1 : 0,
        authenticated ? 'INSTANCE' : 'NONE',
        null,
        null,
        false,
      ];
    }
  },
};

export const sysDatabaseRoleMembers: CatalogView = {
  name: 'sys.database_role_members',
  columns: [
    ['role_principal_id', INT],
    ['member_principal_id', INT],
  ],
  *rows(db) {
    for (const m of db.security.roleMembers) yield [m.roleId, m.memberId];
  },
};

const CLASS_DESC: Record<number, string> = { 0: 'DATABASE', 1: 'OBJECT_OR_COLUMN', 3: 'SCHEMA' };
const STATE_DESC: Record<string, string> = { G: 'GRANT', D: 'DENY', W: 'GRANT_WITH_GRANT_OPTION' };

export const sysDatabasePermissions: CatalogView = {
  name: 'sys.database_permissions',
  columns: [
    ['class', TINYINT],
    ['class_desc', nvarchar(60), true],
    ['major_id', INT],
    ['minor_id', INT],
    ['grantee_principal_id', INT],
    ['grantor_principal_id', INT],
    ['type', char(4)],
    ['permission_name', nvarchar(128), true],
    ['state', char(1)],
    ['state_desc', nvarchar(60), true],
  ],
  *rows(db) {
    for (const p of db.security.permissions)
      yield [
        p.class,
        CLASS_DESC[p.class],
        p.majorId,
        p.minorId,
        p.granteeId,
        p.grantorId,
        permissionTypeCode(p.permission).padEnd(4, ' '),
        p.permission,
        p.state,
        STATE_DESC[p.state],
      ];
  },
};

const policies = (db: Parameters<CatalogView['rows']>[0]) =>
  [...db.objects.values()].filter((o): o is SecurityPolicy => o.type === 'SP');

export const sysSecurityPolicies: CatalogView = {
  name: 'sys.security_policies',
  columns: [
    ...OBJECT_COLUMNS,
    ['is_enabled', BIT],
    ['is_not_for_replication', BIT],
    ['uses_database_collation', BIT, true],
    ['is_schema_bound', BIT],
  ],
  *rows(db) {
    for (const p of policies(db))
      yield [...objectValues(p), p.enabled, p.notForReplication, true, p.schemaBound];
  },
};

const OPERATIONS = ['AFTER INSERT', 'AFTER UPDATE', 'BEFORE UPDATE', 'BEFORE DELETE'];

export const sysSecurityPredicates: CatalogView = {
  name: 'sys.security_predicates',
  columns: [
    ['object_id', INT],
    ['security_predicate_id', INT],
    ['target_object_id', INT],
    ['predicate_definition', NVARCHAR_MAX, true],
    ['predicate_type', INT],
    ['predicate_type_desc', nvarchar(60), true],
    ['operation', INT, true],
    ['operation_desc', nvarchar(60), true],
  ],
  *rows(db) {
    for (const p of policies(db))
      for (const q of p.predicates)
        yield [
          p.objectId,
          q.predicateId,
          q.targetId,
          q.definition,
          q.type === 'FILTER' ? 0 : 1,
          `${q.type}_PREDICATE`,
          q.operation ? OPERATIONS.indexOf(q.operation) + 1 : null,
          q.operation?.replace(' ', '_') ?? null,
        ];
  },
};

export const sysMaskedColumns: CatalogView = {
  name: 'sys.masked_columns',
  columns: [...COLUMN_COLUMNS, ['masking_function', nvarchar(4000), true]],
  *rows(db) {
    for (const [t, c] of tableColumns(db)) if (c.mask !== undefined) yield [...columnValues(t, c), c.mask];
  },
};
