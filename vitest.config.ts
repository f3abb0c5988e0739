import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace. Tests sit beside the code they test
// (packages/*/test, test/*/test, examples/*/test).
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One embedded PostgreSQL for the whole run; tests get its URL from getTestPostgres() (@ferry/test-harness/vitest).
    globalSetup: ['test/harness/src/vitest-global-setup.ts'],
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
