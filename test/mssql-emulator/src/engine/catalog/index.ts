// The catalog: sys.* views (and the legacy/INFORMATION_SCHEMA ones) by lower-case qualified name.
import type { CatalogView } from './view.js';
import { sysObjects } from './sys-objects.js';
import { sysSchemas } from './sys-schemas.js';
import { sysPeriods, sysTables } from './sys-tables.js';
import { sysColumns } from './sys-columns.js';
import { sysTypes } from './sys-types.js';
import { sysTableTypes } from './sys-table-types.js';
import { sysIdentityColumns } from './sys-identity-columns.js';
import { sysComputedColumns } from './sys-computed-columns.js';
import { sysDefaultConstraints } from './sys-default-constraints.js';
import { sysCheckConstraints } from './sys-check-constraints.js';
import { sysKeyConstraints } from './sys-key-constraints.js';
import { sysForeignKeys } from './sys-foreign-keys.js';
import { sysForeignKeyColumns } from './sys-foreign-key-columns.js';
import { sysHashIndexes, sysIndexes, sysXmlIndexes } from './sys-indexes.js';
import {
  sysDataSpaces,
  sysDatabaseFiles,
  sysDestinationDataSpaces,
  sysFilegroups,
  sysPartitionFunctions,
  sysPartitionParameters,
  sysPartitionRangeValues,
  sysPartitionSchemes,
} from './sys-data-spaces.js';
import {
  sysFulltextCatalogs,
  sysFulltextIndexColumns,
  sysFulltextIndexes,
  sysXmlSchemaCollections,
} from './sys-xml-fulltext.js';
import { sysIndexColumns } from './sys-index-columns.js';
import { sysPartitions } from './sys-partitions.js';
import {
  sysParameters,
  sysProcedures,
  sysSqlModules,
  sysTriggerEvents,
  sysTriggers,
  sysViews,
} from './sys-modules.js';
import { sysSequences, sysSynonyms } from './sys-sequences.js';
import { sysDatabaseLedgerDigestLocations, sysDatabaseLedgerTransactions } from './sys-ledger.js';
import { sysConfigurations } from './sys-configurations.js';
import { sysEdgeConstraintClauses, sysEdgeConstraints } from './sys-edge-constraints.js';
import { sysExtendedProperties } from './sys-extended-properties.js';
import { sysDatabases, sysdatabases } from './sys-databases.js';
import { sysobjects } from './sysobjects.js';
import { sysindexes } from './sysindexes.js';
import { syscomments } from './syscomments.js';
import {
  sysDatabasePermissions,
  sysDatabasePrincipals,
  sysDatabaseRoleMembers,
  sysMaskedColumns,
  sysSecurityPolicies,
  sysSecurityPredicates,
  sysServerPrincipals,
  sysSqlLogins,
} from './sys-security.js';
import {
  informationSchemaKeyColumnUsage,
  informationSchemaReferentialConstraints,
  informationSchemaRoutines,
  informationSchemaTableConstraints,
  informationSchemaTables,
  informationSchemaViews,
} from './information-schema.js';
import { informationSchemaColumns } from './information-schema-columns.js';
import {
  sysDatabaseAuditSpecifications,
  sysServerAuditSpecifications,
  sysServerAudits,
} from './sys-audits.js';
import { sysSyslanguages } from './sys-languages.js';

export type { CatalogView } from './view.js';

const VIEWS: CatalogView[] = [
  sysObjects,
  sysSchemas,
  sysTables,
  sysPeriods,
  sysColumns,
  sysTypes,
  sysTableTypes,
  sysIdentityColumns,
  sysComputedColumns,
  sysDefaultConstraints,
  sysCheckConstraints,
  sysKeyConstraints,
  sysForeignKeys,
  sysForeignKeyColumns,
  sysIndexes,
  sysHashIndexes,
  sysXmlIndexes,
  sysIndexColumns,
  sysDataSpaces,
  sysFilegroups,
  sysPartitionSchemes,
  sysDestinationDataSpaces,
  sysPartitionFunctions,
  sysPartitionRangeValues,
  sysPartitionParameters,
  sysDatabaseFiles,
  sysXmlSchemaCollections,
  sysFulltextCatalogs,
  sysFulltextIndexes,
  sysFulltextIndexColumns,
  sysPartitions,
  sysSqlModules,
  sysViews,
  sysProcedures,
  sysTriggers,
  sysTriggerEvents,
  sysParameters,
  sysSequences,
  sysDatabaseLedgerTransactions,
  sysDatabaseLedgerDigestLocations,
  sysConfigurations,
  sysEdgeConstraints,
  sysEdgeConstraintClauses,
  sysSynonyms,
  sysExtendedProperties,
  sysDatabases,
  sysdatabases,
  sysobjects,
  sysindexes,
  syscomments,
  sysServerPrincipals,
  sysSqlLogins,
  sysDatabasePrincipals,
  sysDatabaseRoleMembers,
  sysDatabasePermissions,
  sysSecurityPolicies,
  sysSecurityPredicates,
  sysMaskedColumns,
  sysServerAudits,
  sysServerAuditSpecifications,
  sysDatabaseAuditSpecifications,
  sysSyslanguages,
  informationSchemaTables,
  informationSchemaColumns,
  informationSchemaTableConstraints,
  informationSchemaKeyColumnUsage,
  informationSchemaReferentialConstraints,
  informationSchemaViews,
  informationSchemaRoutines,
];

const byName = new Map(VIEWS.map((v) => [v.name, v]));

/**
 * Finds a catalog view: `sys.x`, `information_schema.x`, or a legacy compatibility view such as
 * `sysobjects` (as `sys.sysobjects`, `dbo.sysobjects` or unqualified).
 */
export function catalogView(schema: string | undefined, name: string): CatalogView | undefined {
  const n = name.toLowerCase();
  const s = schema?.toLowerCase();
  if (s === 'sys') return byName.get(`sys.${n}`) ?? byName.get(`dbo.${n}`);
  if (s === 'information_schema') return byName.get(`${s}.${n}`);
  if (n.startsWith('sys') && (s === undefined || s === 'dbo')) return byName.get(`dbo.${n}`);
  return undefined;
}
