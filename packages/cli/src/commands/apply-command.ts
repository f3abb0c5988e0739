// `ferry apply dir`: executes the .sql files of a folder on the target, in file name order.

import { resolve } from 'node:path';
import { ExitCode, FerryError, applySteps } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';
import { readSqlFiles } from '../sql-files.js';

export async function applyCommand(ctx: CommandContext, dirArg: string): Promise<ExitCode> {
  const dir = resolve(ctx.cwd, dirArg);
  const steps = await readSqlFiles(dir);
  if (!steps.length) {
    throw new FerryError(`no .sql files in ${dir}`, {
      where: dir,
      hint: 'write them with `ferry convert --out <dir>`',
      exitCode: ExitCode.usage,
    });
  }
  return withMigration(ctx, async (migration) => {
    const renderer = createRenderer(ctx.out);
    for (const phase of ['pre-data', 'post-data'] as const) {
      await applySteps(
        migration.target,
        phase,
        steps.filter((s) => s.phase === phase),
        { onEvent: renderer.onEvent },
      );
    }
    await renderer.finish();
    ctx.out.line(`applied ${steps.length} files from ${dir} to ${migration.target.name}`);
    ctx.out.event({ type: 'applied', dir, files: steps.map((s) => s.id) });
    return ExitCode.ok;
  });
}
