// Test helper: starts the SQL Server emulator with scripts/generated tables and opens an MssqlSource on it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@ferry/mssql-emulator';
import { MssqlSource } from '../src/mssql-source.js';
import { resolveMssqlSettings, type MssqlOptions } from '../src/mssql-config.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A script of the shared corpus (northwind-azure.sql, pubs.sql). */
export function corpusScript(file: string): string {
  return readFileSync(
    path.join(process.env.FERRY_CORPUS_DIR ?? path.join(repo, '../shared/corpus'), file),
    'utf8',
  );
}

export interface EmulatedSource {
  emulator: RunningEmulator;
  source: MssqlSource;
  close(): Promise<void>;
}

export async function startEmulatedSource(
  options: EmulatorOptions & { database?: string },
  sourceOptions: Partial<MssqlOptions> = {},
): Promise<EmulatedSource> {
  const emulator = await startEmulator(options);
  const c = emulator.config;
  const source = new MssqlSource(
    resolveMssqlSettings({
      host: c.server,
      port: c.port,
      user: c.user,
      password: c.password,
      database: c.database,
      encrypt: false,
      ...sourceOptions,
    }),
  );
  return {
    emulator,
    source,
    close: async () => {
      await source.close();
      await emulator.close();
    },
  };
}
