// Runs the real `ferry` bin (node packages/cli/bin/ferry.js) in temporary project folders that have
// the workspace's @ferry packages installed, as a user's project would.

import { afterAll } from 'vitest';
import { project as newProject } from '@ferry/test-harness/ferry-bin';

export {
  ferry,
  ferryBin,
  startFerry,
  type FerryResult,
  type RunningFerry,
} from '@ferry/test-harness/ferry-bin';

const projects: Array<{ remove(): void }> = [];
// Each test file removes its project folders.
afterAll(() => {
  for (const p of projects.splice(0)) p.remove();
});

/** A temporary project folder holding `files`, removed after the test file. */
export function project(files: Record<string, string> = {}): string {
  const p = newProject(files);
  projects.push(p);
  return p.dir;
}

/** A config moving generated tables into the in-memory test target. */
export function generatorConfig(options: { failAt?: number; extra?: string } = {}): string {
  return `import { defineMigration } from '@ferry/core';
import { generator, memory } from '@ferry/core/testing';

export default defineMigration({
  source: generator({
    tables: [
      { schema: 'dbo', name: 'Orders', rows: 5000${options.failAt === undefined ? '' : `, failAt: ${options.failAt}`} },
      { schema: 'dbo', name: 'Customers', rows: 300 },
    ],
  }),
  target: memory({}),
  ${options.extra ?? ''}
});
`;
}
