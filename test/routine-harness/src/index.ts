// @ferry/routine-harness: routines and views run on the SQL Server emulator and, converted, on PostgreSQL; results compared.
export { runHarness, type DatabaseOutcome, type HarnessOptions, type ObjectOutcome } from './run-harness.js';
export {
  HARNESS_DATABASES,
  IDIOMS_DATABASE,
  harnessDatabase,
  type HarnessDatabase,
} from './corpus-sources.js';
export {
  figures,
  formatFigures,
  formatTable,
  summary,
  type Figures,
  type HarnessSummary,
} from './harness-report.js';
