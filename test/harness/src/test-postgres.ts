// Inside a vitest test file: the run's embedded PostgreSQL, started once by the global setup.

import { inject } from 'vitest';

export interface TestPostgres {
  /** Superuser URL of database `postgres`; use createTestDatabase(url) for an isolated database. */
  url: string;
  port: number;
  user: string;
  password: string;
  startupMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ferryPostgres: TestPostgres;
  }
}

export function getTestPostgres(): TestPostgres {
  const server = inject('ferryPostgres');
  if (!server) {
    throw new Error(
      'no embedded PostgreSQL: run tests through the root vitest.config.ts (its globalSetup starts one)',
    );
  }
  return server;
}
