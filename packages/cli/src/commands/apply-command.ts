// `ferry apply dir`: executes the .sql files of a folder on the target, in file name order. A file the
// target refuses is reported with its error and the rest are applied: exit 4 when any failed.

import { resolve } from 'node:path';
import { ExitCode, FerryError, StepApplier } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';
import { readSqlFiles } from '../sql-files.js';
import { printFailedObjects } from './shared.js';

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
    // Each file is one step named by its file; files carry no dependencies, so each is tried.
    const applier = new StepApplier(steps, {
      apply: (s) => migration.target.apply(s),
      target: migration.target.capabilities,
      fileOf: (s) => s.id,
    });
    try {
      for (const phase of ['pre-data', 'post-data'] as const)
        await applier.applyPhase(phase, { onEvent: renderer.onEvent });
    } finally {
      await renderer.finish();
    }
    const failed = applier.failures;
    const count = failed.length ? `${steps.length - failed.length} of ${steps.length}` : `${steps.length}`;
    ctx.out.line(`applied ${count} files from ${dir} to ${migration.target.name}`);
    printFailedObjects(ctx, failed);
    ctx.out.event({
      type: 'applied',
      dir,
      files: steps.map((s) => s.id),
      failed: failed.map((f) => f.file),
      failedObjects: failed,
    });
    return failed.length ? ExitCode.objectsFailed : ExitCode.ok;
  });
}
