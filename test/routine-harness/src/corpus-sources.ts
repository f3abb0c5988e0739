// The corpus databases the harness migrates: Northwind and pubs (single scripts), then every database
// the emulator's corpus measurement loads (wwi-dw, adventure-works-dw, futon-manufacturing, features).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DATABASES, corpusDir, type CorpusDatabase } from '@ferry/mssql-emulator';
import type { EmulatorOptions } from '@ferry/mssql-emulator';

/**
 * A harness database; `dir` is where its scripts are (default: the corpus folder), `variables` the
 * sqlcmd variables its scripts need (they win over the scripts' `:setvar`, as sqlcmd's `-v` does).
 */
export type HarnessDatabase = CorpusDatabase & { dir?: string; variables?: Record<string, string> };

export const HARNESS_DATABASES: HarnessDatabase[] = [
  { name: 'northwind', database: 'Northwind', scripts: ['northwind-azure.sql'], startDatabase: 'Northwind' },
  { name: 'pubs', database: 'pubs', scripts: ['pubs.sql'], startDatabase: 'master' },
  ...CORPUS_DATABASES,
];

/**
 * The project's own fixture of line-of-business T-SQL idioms (`idioms/*.sql`), run like a corpus
 * database but not part of the corpus: `harness:corpus idioms`, and `test/idioms.test.ts`.
 */
export const IDIOMS_DATABASE: HarnessDatabase = {
  name: 'idioms',
  database: 'Idioms',
  dir: join(import.meta.dirname, '../idioms'),
  scripts: readdirSync(join(import.meta.dirname, '../idioms'))
    .filter((f) => f.endsWith('.sql'))
    .sort(),
  startDatabase: 'master',
};

export function harnessDatabase(name: string): HarnessDatabase {
  const found = [...HARNESS_DATABASES, IDIOMS_DATABASE].find((d) => d.name === name);
  if (!found)
    throw new Error(
      `unknown corpus database "${name}"; known: ${[...HARNESS_DATABASES, IDIOMS_DATABASE].map((d) => d.name).join(', ')}`,
    );
  return found;
}

/** startEmulator options that load `entry` batch by batch past errors (the refused batches are reported). */
export function emulatorOptions(entry: HarnessDatabase, dir = entry.dir ?? corpusDir()): EmulatorOptions {
  return {
    scripts: (entry.scripts ?? []).map((f) => join(dir, f)),
    projects: entry.project
      ? [{ dir: join(dir, entry.project), database: entry.database, postDeploy: entry.postDeploy }]
      : [],
    ...(entry.variables ? { variables: entry.variables } : {}),
    continueOnError: true,
    database: entry.startDatabase,
  };
}
