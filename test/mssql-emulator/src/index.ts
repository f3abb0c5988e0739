// @ferry/mssql-emulator: a SQL Server emulator speaking TDS 7.4, for tests, benchmarks and the demo.
export type * from './engine-api.js';
export {
  startEmulator,
  DEFAULT_USER,
  DEFAULT_PASSWORD,
  type EmulatorOptions,
  type RunningEmulator,
  type MssqlClientConfig,
} from './start-emulator.js';
export { formatLoadSummary, LoadError, type BatchFailure, type LoadSummary } from './loader/script-loader.js';
export type { ProjectSpec } from './loader/load-scripts.js';
export { SqlcmdScriptError } from '@ferry/tsql';
export { Faults, type FaultConfig, type RowFault } from './faults/faults.js';
export {
  defineGeneratedTable,
  type GeneratedTable,
  type GeneratedColumn,
  type GeneratedTableDefinition,
} from './generated/generated-table.js';
export { mixedTable, lobTable } from './generated/sample-tables.js';
export type { TlsOptions } from './server/emulator-server.js';
export { CORPUS_DATABASES, corpusDir, type CorpusDatabase } from './corpus/corpus-databases.js';
export { emulatesSystemProcedure } from './engine/exec/system-procedures.js';
