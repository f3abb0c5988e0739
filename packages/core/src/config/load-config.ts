// Finds and loads migration.config.ts|mts|js|mjs|json|yaml|yml (cosmiconfig, searching upward from
// cwd to the filesystem root; TS/JS compiled by esbuild and imported beside the file) and validates it.
// cosmiconfig and esbuild are loaded on first use: a task worker given the compiled config needs neither.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Loader } from 'cosmiconfig';
import { ConfigError } from '../errors.js';
import { redact } from '../secrets.js';
import type { MigrationConfig } from './migration-schema.js';
import { bundleModule, importFrom } from './import-module.js';
import { parseConfig } from './parse-config.js';

export const CONFIG_FILES = [
  'migration.config.ts',
  'migration.config.mts',
  'migration.config.js',
  'migration.config.mjs',
  'migration.config.json',
  'migration.config.yaml',
  'migration.config.yml',
];

export interface LoadConfigOptions {
  /** Where the upward search starts (default: process.cwd()). */
  cwd?: string;
  /** Explicit config file (`--config`), relative to cwd; no search. */
  configPath?: string;
}

export interface LoadedConfig {
  config: MigrationConfig;
  /** Absolute path of the config file. */
  filepath: string;
  /** Its directory: relative paths and plugin packages resolve from here. */
  configDir: string;
  /** A TS or JS config compiled into one ES module (see bundleModule), for loadCompiledConfig. */
  module?: string;
}

/** The default export of a compiled config module (a CommonJS config: its module.exports). */
async function importConfig(filepath: string, module: string): Promise<unknown> {
  const mod = await importFrom(path.dirname(filepath), module, filepath);
  return mod.default ?? mod;
}

/** A cosmiconfig for the file; a TS or JS config's compiled module is handed to `compiled`. */
async function explorer(compiled: (module: string) => void) {
  const { cosmiconfig } = await import('cosmiconfig');
  const loadModule: Loader = async (filepath) => {
    const module = await bundleModule(filepath);
    compiled(module);
    return importConfig(filepath, module);
  };
  return cosmiconfig('migration', {
    searchPlaces: CONFIG_FILES,
    searchStrategy: 'none',
    cache: false,
    loaders: { '.ts': loadModule, '.mts': loadModule, '.js': loadModule, '.mjs': loadModule },
  });
}

function loadFailure(filepath: string, error: unknown): ConfigError {
  if (error instanceof ConfigError) return error;
  const message = redact(error instanceof Error ? error.message : String(error));
  return new ConfigError(`Cannot load config ${filepath}: ${message}`, [], { where: filepath, cause: error });
}

/** Each directory from `start` up to the filesystem root. */
function* upward(start: string): Generator<string> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    yield dir;
    if (path.dirname(dir) === dir) return;
  }
}

/**
 * The config file `loadConfig` loads, without loading it: `configPath` (resolved against `cwd`), or
 * the first of CONFIG_FILES found from `cwd` up to the filesystem root; undefined when there is none.
 */
export function findConfigFile(options: LoadConfigOptions = {}): string | undefined {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  if (options.configPath) return path.resolve(cwd, options.configPath);
  for (const dir of upward(cwd)) {
    const file = CONFIG_FILES.map((name) => path.join(dir, name)).find((f) => existsSync(f));
    if (file) return file;
  }
  return undefined;
}

async function readConfig(filepath: string, compiled: (module: string) => void): Promise<unknown> {
  try {
    return (await (await explorer(compiled)).load(filepath))?.config ?? {};
  } catch (e) {
    throw loadFailure((e as { filepath?: string }).filepath ?? filepath, e);
  }
}

/** Validates the config file `filepath` read as `raw`. */
function parsed(raw: unknown, filepath: string, module?: string): LoadedConfig {
  const configDir = path.dirname(filepath);
  return {
    config: parseConfig(raw, { configDir, filepath }),
    filepath,
    configDir,
    ...(module === undefined ? {} : { module }),
  };
}

/**
 * Loads the config file `filepath` from its module as loadConfig compiled it (LoadedConfig.module):
 * as loadConfig would, without compiling it again (a task worker thread opening the migration).
 */
export async function loadCompiledConfig(filepath: string, module: string): Promise<LoadedConfig> {
  let raw: unknown;
  try {
    raw = await importConfig(filepath, module);
  } catch (e) {
    throw loadFailure(filepath, e);
  }
  return parsed(raw, filepath, module);
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const filepath = findConfigFile({ ...options, cwd });
  if (options.configPath && filepath && !existsSync(filepath)) {
    throw new ConfigError(`Config file not found: ${filepath}`, [], { where: filepath });
  }
  let module: string | undefined;
  const found = filepath && { raw: await readConfig(filepath, (m) => (module = m)), filepath };
  if (!found) {
    throw new ConfigError(
      `No migration config found: looked for ${CONFIG_FILES.join(', ')} in ${cwd} and every parent directory up to ${path.parse(cwd).root}`,
      [],
      { hint: 'run `ferry init` to write one, or pass --config <file>' },
    );
  }
  return parsed(found.raw, found.filepath, module);
}
