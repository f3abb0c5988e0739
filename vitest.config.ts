import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace. Tests sit beside the code they test
// (packages/*/test, test/*/test, examples/*/test).
export default defineConfig({
  // Tests run the packages' TypeScript sources (the `@ferry/source` export condition), so that they
  // need no build; the `ferry` processes and task worker threads they start run the build (dist/),
  // which the global set-up brings up to date (`tsc -b`) first.
  resolve: { conditions: ['@ferry/source'] },
  ssr: { resolve: { conditions: ['@ferry/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The build first; then one embedded PostgreSQL for the whole run: tests get its URL from
    // getTestPostgres() (@ferry/test-harness/vitest).
    globalSetup: ['test/harness/src/vitest-build.ts', 'test/harness/src/vitest-global-setup.ts'],
    reporters: ['default'],
  },
});
