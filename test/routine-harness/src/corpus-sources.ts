// The corpus databases the harness migrates: Northwind and pubs (single scripts), then every database
// the emulator's corpus measurement loads (wwi-dw, adventure-works-dw, futon-manufacturing, features).

import { join } from 'node:path';
import { CORPUS_DATABASES, corpusDir, type CorpusDatabase } from '@ferry/mssql-emulator';
import type { EmulatorOptions } from '@ferry/mssql-emulator';

export const HARNESS_DATABASES: CorpusDatabase[] = [
  { name: 'northwind', database: 'Northwind', scripts: ['northwind-azure.sql'], startDatabase: 'Northwind' },
  { name: 'pubs', database: 'pubs', scripts: ['pubs.sql'], startDatabase: 'master' },
  ...CORPUS_DATABASES,
];

export function harnessDatabase(name: string): CorpusDatabase {
  const found = HARNESS_DATABASES.find((d) => d.name === name);
  if (!found)
    throw new Error(
      `unknown corpus database "${name}"; known: ${HARNESS_DATABASES.map((d) => d.name).join(', ')}`,
    );
  return found;
}

/** startEmulator options that load `entry` batch by batch past errors (the refused batches are reported). */
export function emulatorOptions(entry: CorpusDatabase, dir = corpusDir()): EmulatorOptions {
  return {
    scripts: (entry.scripts ?? []).map((f) => join(dir, f)),
    projects: entry.project
      ? [{ dir: join(dir, entry.project), database: entry.database, postDeploy: entry.postDeploy }]
      : [],
    continueOnError: true,
    database: entry.startDatabase,
  };
}
