// vitest globalSetup: one embedded PostgreSQL for the whole test run; tests read it with getTestPostgres().

import type { TestProject } from 'vitest/node';
import { startPostgres } from './start-postgres.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  if (process.env.FERRY_HARNESS_VERBOSE)
    console.log(`[harness] embedded PostgreSQL on port ${server.port} started in ${server.startupMs} ms`);
  project.provide('ferryPostgres', {
    url: server.url,
    port: server.port,
    user: server.user,
    password: server.password,
    startupMs: server.startupMs,
  });
  return () => server.stop();
}
