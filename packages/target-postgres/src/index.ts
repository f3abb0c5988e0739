// @ferry/target-postgres public API.
export { postgres, PostgresTarget } from './postgres-target.js';
export { postgresConfigSchema, type PostgresOptions, type PostgresConfig } from './postgres-config.js';
export {
  mapLogicalType,
  mapColumnType,
  defaultTypeMapOptions,
  type TypeMapping,
  type TypeMapOptions,
} from './types.js';
export { quoteIdent, maxIdentifierBytes, postgresCapabilities } from './ddl/identifiers.js';
export type { FkEnforcement } from './prep/foreign-key-suspension.js';
export {
  convertModule,
  convertExpression,
  convertUserType,
  convertModel,
  assessModel,
  namesFromModel,
  type ConvertedModule,
  type ModuleSource,
  type ModuleAssessment,
  type NameResolver,
} from './plpgsql/index.js';
