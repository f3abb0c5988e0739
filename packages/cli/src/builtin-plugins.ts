// The endpoints a config may name by string (JSON/YAML configs): the two built-in endpoints and the
// in-repo test endpoints, each imported only when a config names it (core never imports endpoints;
// the ferry process and each task worker thread load only the one they use).

import { NotSupportedError, type AnyPlugin, type PluginRegistry } from '@ferry/core';

async function exported(specifier: string, name: string): Promise<AnyPlugin> {
  const module: Record<string, unknown> = await import(specifier);
  const plugin = module[name] as AnyPlugin | undefined;
  if (!plugin || (plugin.kind !== 'source' && plugin.kind !== 'target')) {
    throw new NotSupportedError(`the built-in endpoint "${name}" (${specifier} does not provide it yet)`, {
      where: specifier,
      hint: 'use another endpoint plugin, or the test endpoints "generator" and "memory"',
    });
  }
  return plugin;
}

export const builtinPlugins: PluginRegistry = {
  mssql: () => exported('@ferry/source-mssql', 'mssql'),
  postgres: () => exported('@ferry/target-postgres', 'postgres'),
  generator: () => exported('@ferry/core/testing', 'generator'),
  memory: () => exported('@ferry/core/testing', 'memory'),
  null: () => exported('@ferry/core/testing', 'nullEndpoint'),
};
