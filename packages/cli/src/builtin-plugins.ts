// The endpoints a config may name by string (JSON/YAML configs): the two built-in endpoints, imported
// only when a config names them (core never imports endpoints), and the in-repo test endpoints.

import { NotSupportedError, type AnyPlugin, type PluginRegistry } from '@ferry/core';
import { generator, memory, nullEndpoint } from '@ferry/core/testing';

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
  generator,
  memory,
  null: nullEndpoint,
};
