// `ferry init`: writes a commented migration.config.ts; never overwrites one without --force.

import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ExitCode, FerryError } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { initConfigFileName, initConfigTemplate } from '../init-template.js';

export async function initCommand(ctx: CommandContext, opts: { force?: boolean }): Promise<ExitCode> {
  const path = resolve(ctx.cwd, ctx.options.config ?? initConfigFileName);
  if (existsSync(path) && !opts.force) {
    throw new FerryError(`${relative(ctx.cwd, path) || path} already exists`, {
      where: path,
      hint: 'use --force to overwrite it',
      exitCode: ExitCode.usage,
      code: 'INIT_EXISTS',
    });
  }
  writeFileSync(path, initConfigTemplate());
  ctx.out.event({ type: 'config-written', path });
  ctx.out.line(`wrote ${path}`);
  ctx.out.line('next: set MSSQL_URL and DATABASE_URL, then run `ferry assess` and `ferry plan`');
  return ExitCode.ok;
}
