// @ferry/test-harness/vitest: helpers for test files run under the root vitest config.
export { getTestPostgres, type TestPostgres } from './test-postgres.js';
export { createTestDatabase, type TestDatabase } from './create-test-database.js';
