// @ferry/source-mssql public API.
export { mssql, MssqlSource } from './mssql-source.js';
export {
  mssqlConfigSchema,
  resolveMssqlSettings,
  authenticationTypes,
  type MssqlOptions,
  type MssqlSettings,
  type AuthenticationType,
} from './mssql-config.js';
export { parseConnectionString, type ConnectionStringOptions } from './connection-string.js';
export { logicalType, nativeTypeFromCatalog, formatNativeType, type NativeType } from './types.js';
