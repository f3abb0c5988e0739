// Validates a raw config object against the migration schema; every problem becomes one
// `path: message` line of a single ConfigError. Reads `dmsTableMappings` given as a file path.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { formatIssues } from './format-issues.js';
import { migrationSchema, type MigrationConfig } from './migration-schema.js';

export interface ParseConfigOptions {
  /** Directory relative paths in the config are resolved against (default: process.cwd()). */
  configDir?: string;
  /** Config file, for messages. */
  filepath?: string;
}

/** Replaces a `dmsTableMappings` path by the JSON it names. */
function readDmsFile(raw: unknown, configDir: string): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const file = (raw as { dmsTableMappings?: unknown }).dmsTableMappings;
  if (typeof file !== 'string') return raw;
  const full = path.resolve(configDir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new ConfigError(`dmsTableMappings: cannot read ${full}: ${(e as Error).message}`);
  }
  try {
    return { ...raw, dmsTableMappings: JSON.parse(text) };
  } catch (e) {
    throw new ConfigError(`dmsTableMappings: ${full} is not valid JSON: ${(e as Error).message}`);
  }
}

export function parseConfig(raw: unknown, options: ParseConfigOptions = {}): MigrationConfig {
  const input = readDmsFile(raw, options.configDir ?? process.cwd());
  const result = migrationSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const where = options.filepath ? ` in ${options.filepath}` : '';
  throw new ConfigError(`Invalid migration config${where}`, formatIssues(result.error.issues), {
    where: options.filepath,
  });
}
