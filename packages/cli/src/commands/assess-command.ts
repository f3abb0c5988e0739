// `ferry assess`: what converts automatically and what needs a human, in the terminal and as
// assessment.{html,md,json} in the reports folder. Executes nothing.

import { ExitCode, assess, writeReports } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';
import { printWarnings, reportsDir, textTable } from './shared.js';

export async function assessCommand(ctx: CommandContext): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    const renderer = createRenderer(ctx.out);
    const { report, plan } = await assess(migration, { onEvent: renderer.onEvent });
    await renderer.finish();
    ctx.out.line();
    ctx.out.line(
      textTable(
        ['object type', 'found', 'converted', 'with warnings', 'needs you'],
        report.objects.map((o) => [
          o.type,
          String(o.found),
          String(o.converted),
          String(o.withWarnings),
          String(o.manual),
        ]),
      ),
    );
    ctx.out.line();
    ctx.out.line(
      `converted automatically: ${report.convertedPercent}% of ${report.objects.reduce((n, o) => n + o.found, 0)} objects`,
    );
    printWarnings(ctx, plan.actionItems);
    const files = await writeReports(reportsDir(ctx, migration), report);
    ctx.out.line(`reports: ${files.html}`);
    ctx.out.event({ type: 'assessment', report, reports: files });
    return ExitCode.ok;
  });
}
