// Opens a migration: resolves the source and target plugins of a validated config (plugin objects,
// built-in names, or ferry-plugin-* packages) and creates their endpoints.

import type { MigrationConfig } from '../config/migration-schema.js';
import { resolveEndpoint, type BuiltinPlugins } from '../config/resolve-plugin.js';
import { FerryError } from '../errors.js';
import type { EndpointRef, PluginContext } from '../plugins/define-plugin.js';
import type { SourceEndpoint, TargetEndpoint } from '../plugins/endpoint.js';
import { redact, registerSecret } from '../secrets.js';
import { errorText } from './run-phase.js';

/** Plugins a config may name by string: the plugin itself, or a loader imported on first use. */
export type PluginRegistry = BuiltinPlugins;

export interface OpenMigrationOptions {
  builtins?: PluginRegistry;
  /** Directory of the config file: relative paths and plugin packages resolve from here. */
  cwd: string;
  log?: (message: string) => void;
  /** Endpoint notices the user must see (PluginContext.notice); default: the log. */
  notice?: (message: string) => void;
  /** Where the config came from, so that worker threads can open the migration again. */
  origin?: MigrationOrigin;
  /** The most jobs the endpoints run at once (PluginContext.jobs); default the config's `load.parallelism`. */
  jobs?: number;
}

/**
 * How to open a migration again in another thread: its config file, loaded there as here, and the
 * module whose `builtinPlugins` export is the PluginRegistry of the endpoints it names by string.
 */
export interface MigrationOrigin {
  /** Absolute path of the config file. */
  configFile: string;
  /** URL of a module exporting `builtinPlugins` (a PluginRegistry). */
  builtinsModule?: string;
  /** The config compiled, once loaded (LoadedConfig.module): a thread then imports it without compiling it again. */
  module?: string;
}

export interface Migration {
  config: MigrationConfig;
  source: SourceEndpoint;
  target: TargetEndpoint;
  cwd: string;
  /** Absent for a config given as an object: data tasks then run on the calling thread. */
  origin?: MigrationOrigin;
  log: (message: string) => void;
  /** Closes both endpoints (errors while closing are logged, not thrown). */
  close(): Promise<void>;
}

export async function openMigration(
  config: MigrationConfig,
  options: OpenMigrationOptions,
): Promise<Migration> {
  const log = (message: string) => options.log?.(redact(message));
  const notice = (message: string) => (options.notice ?? options.log)?.(redact(message));
  const ctx: PluginContext = {
    log,
    notice,
    cwd: options.cwd,
    stateSchema: config.state.schema,
    jobs: options.jobs ?? config.load.parallelism,
  };
  const source = (await createEndpoint('source', config.source, options, ctx)) as SourceEndpoint;
  let target: TargetEndpoint;
  try {
    target = (await createEndpoint('target', config.target, options, ctx)) as TargetEndpoint;
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error;
  }
  return {
    config,
    source,
    target,
    cwd: options.cwd,
    ...(options.origin ? { origin: options.origin } : {}),
    log,
    async close() {
      for (const endpoint of [source, target]) {
        await endpoint
          .close()
          .catch((e: unknown) =>
            log(`closing ${endpoint.name}: ${e instanceof Error ? e.message : String(e)}`),
          );
      }
    },
  };
}

async function createEndpoint(
  kind: 'source' | 'target',
  ref: EndpointRef,
  options: OpenMigrationOptions,
  ctx: PluginContext,
): Promise<SourceEndpoint | TargetEndpoint> {
  registerSecrets(ref.options);
  // Only the built-in the endpoint names is loaded.
  const resolved = await resolveEndpoint(ref, kind, options.builtins ?? {}, { configDir: options.cwd });
  try {
    return await resolved.plugin.create(resolved.config as never, ctx);
  } catch (error) {
    if (error instanceof FerryError) throw error;
    throw new FerryError(
      `cannot create the ${kind} endpoint "${resolved.plugin.name}": ${errorText(error)}`,
      { where: kind, cause: error },
    );
  }
}

/** Registers option values that are secrets (passwords, tokens, connection strings) with redact(). */
function registerSecrets(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'string' && /pass|secret|token|pwd|credential|key/i.test(key)) registerSecret(value);
    else registerSecrets(value);
  }
}
