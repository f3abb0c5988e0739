// @ferry/test-harness: a real embedded PostgreSQL for tests and the demo.
// Vitest-only helpers (getTestPostgres) live on the `@ferry/test-harness/vitest` subpath.
export {
  startPostgres,
  freePort,
  sweepStaleDataDirs,
  type StartPostgresOptions,
  type RunningPostgres,
} from './start-postgres.js';
export { createTestDatabase, type TestDatabase } from './create-test-database.js';
