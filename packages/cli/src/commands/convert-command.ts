// `ferry convert --out dir`: writes the converted schema as one editable .sql file per object
// (pre-data then post-data steps, in apply order). Executes nothing, and does not reach the target.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, FerryError, plan } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';
import { existingSqlFiles, writeSqlFiles } from '../sql-files.js';
import { printWarnings } from './shared.js';

export async function convertCommand(
  ctx: CommandContext,
  opts: { out: string; force?: boolean },
): Promise<ExitCode> {
  const dir = resolve(ctx.cwd, opts.out);
  if (existsSync(dir) && (await existingSqlFiles(dir)).length && !opts.force) {
    throw new FerryError(`${dir} already holds .sql files`, {
      where: dir,
      hint: 'choose an empty folder, or pass --force to write over them',
      exitCode: ExitCode.usage,
      code: 'CONVERT_OUT_NOT_EMPTY',
    });
  }
  return withMigration(ctx, async (migration) => {
    const renderer = createRenderer(ctx.out);
    const planned = await plan(migration, { onEvent: renderer.onEvent, offline: true });
    await renderer.finish();
    const steps = [...planned.plan.preData, ...planned.plan.postData];
    const files = await writeSqlFiles(dir, steps);
    ctx.out.line(
      `wrote ${files.length} .sql files to ${dir} (${planned.plan.preData.length} pre-data, ${planned.plan.postData.length} post-data)`,
    );
    printWarnings(ctx, planned.actionItems);
    ctx.out.line(
      'edit them if needed, then `ferry apply ' + opts.out + '` and `ferry run` with load.prep "do-nothing"',
    );
    ctx.out.event({ type: 'converted', dir, files });
    return ExitCode.ok;
  });
}
