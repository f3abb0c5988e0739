// `ferry init`: writes a commented migration.config.ts; never overwrites one without --force.
// `ferry init --plugin <name> [--kind source|target]`: writes the endpoint plugin package
// ferry-plugin-<name> into a folder of that name.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ExitCode, FerryError } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { initConfigFileName, initConfigTemplate } from '../init-template.js';
import { pluginNamePattern, pluginTemplate, type PluginKind } from '../plugin-template.js';
import { version } from '../version.js';

export async function initCommand(
  ctx: CommandContext,
  opts: { force?: boolean; plugin?: string; kind?: PluginKind },
): Promise<ExitCode> {
  if (opts.plugin !== undefined) return initPlugin(ctx, opts.plugin, opts.kind ?? 'target', opts.force);
  const path = resolve(ctx.cwd, ctx.options.config ?? initConfigFileName);
  refuseExisting(ctx, path, opts.force);
  writeFileSync(path, initConfigTemplate());
  ctx.out.event({ type: 'config-written', path });
  ctx.out.line(`wrote ${path}`);
  ctx.out.line('next: set MSSQL_URL and DATABASE_URL, then run `ferry assess` and `ferry plan`');
  return ExitCode.ok;
}

function refuseExisting(ctx: CommandContext, path: string, force: boolean | undefined): void {
  if (existsSync(path) && !force) {
    throw new FerryError(`${relative(ctx.cwd, path) || path} already exists`, {
      where: path,
      hint: 'use --force to overwrite it',
      exitCode: ExitCode.usage,
      code: 'INIT_EXISTS',
    });
  }
}

function initPlugin(
  ctx: CommandContext,
  name: string,
  kind: PluginKind,
  force: boolean | undefined,
): ExitCode {
  if (!pluginNamePattern.test(name)) {
    throw new FerryError(`plugin name ${JSON.stringify(name)} is not allowed`, {
      where: '--plugin',
      hint: 'use lower-case letters, digits and dashes, starting with a letter (e.g. --plugin my-store)',
      exitCode: ExitCode.usage,
      code: 'INIT_PLUGIN_NAME',
    });
  }
  const { packageName, files } = pluginTemplate(name, kind, version);
  const dir = resolve(ctx.cwd, packageName);
  refuseExisting(ctx, dir, force);
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  ctx.out.event({ type: 'plugin-written', path: dir, files: Object.keys(files) });
  ctx.out.line(`wrote ${dir} (${kind} endpoint plugin ${packageName})`);
  ctx.out.line(`next: cd ${packageName} && npm install && npm test, then replace the bodies in src/index.ts`);
  return ExitCode.ok;
}
