// `ferry run [--resume] [--dry-run] [--parallelism n]`: the whole migration with a live task list,
// the summary table, the reports (and rejected rows); Ctrl-C interrupts cleanly.

import {
  ExitCode,
  renderCutoverReport,
  renderRunSummary,
  run,
  writeCutoverReport,
  writeReports,
  type CutoverReport,
  type TaskWorkers,
} from '@ferry/core';
import { join } from 'node:path';
import type { CommandContext } from '../main.js';
import { rejectFile } from '../reject-file.js';
import { interruptSignal, startWorkers, withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';
import { printFailedObjects, printWarnings, reportsDir } from './shared.js';

export interface RunCommandOptions {
  resume?: boolean;
  dryRun?: boolean;
  parallelism?: number;
}

export async function runCommand(ctx: CommandContext, opts: RunCommandOptions): Promise<ExitCode> {
  const workers = opts.dryRun ? undefined : startWorkers(ctx, opts.parallelism);
  try {
    return await runMigration(ctx, opts, workers);
  } finally {
    await workers?.close();
  }
}

async function runMigration(
  ctx: CommandContext,
  opts: RunCommandOptions,
  workers: TaskWorkers | undefined,
): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    // The workers started before the config was loaded import it as it was compiled here.
    workers?.warm(1, migration.origin);
    const renderer = createRenderer(ctx.out, { taskList: true });
    const interrupt = interruptSignal(ctx);
    const reportFolder = reportsDir(ctx, migration);
    const rejects = rejectFile(join(reportFolder, 'rejected-rows.ndjson'));
    let result;
    try {
      result = await run(migration, {
        dryRun: opts.dryRun,
        resume: opts.resume,
        parallelism: opts.parallelism,
        signal: interrupt.signal,
        force: interrupt.force,
        workers,
        onEvent: renderer.onEvent,
        onReject: (r, task) => rejects.write(r, task),
      });
    } finally {
      interrupt.dispose();
      await renderer.finish();
      await rejects.close();
    }
    ctx.out.line();
    if (result.dryRun) {
      ctx.out.line('dry run: nothing was executed. `ferry plan` prints every statement.');
      ctx.out.event({ type: 'result', state: result.state, dryRun: true });
      return result.error === undefined ? ExitCode.ok : ctx.out.error(result.error);
    }
    if (result.report.tables.length) ctx.out.line(renderRunSummary(result.report).trimEnd());
    printWarnings(ctx, result.plan?.actionItems ?? []);
    printFailedObjects(ctx, result.report.failedObjects);
    const files = await writeReports(reportFolder, result.report);
    ctx.out.line(`reports: ${files.html}`);
    ctx.out.line(`         ${files.markdown}`);
    ctx.out.line(`         ${files.json}`);
    const cutover = result.cutover && (await printCutoverReport(ctx, reportFolder, result.cutover));
    if (rejects.count)
      ctx.out.line(`rejected rows: ${rejects.count}, with their key and reason, in ${rejects.path}`);
    const rejected = rejects.count ? { rejectedRows: rejects.path } : {};
    ctx.out.event({
      type: 'result',
      state: result.state,
      match: result.match,
      report: result.report,
      reports: { ...files, ...rejected, ...(cutover ? { cutover } : {}) },
      ...(result.cutover ? { cutover: result.cutover } : {}),
    });
    if (result.error !== undefined) {
      if (result.state === 'interrupted') {
        ctx.out.note(
          'interrupted: tasks in flight were rolled back and marked interrupted; `ferry run --resume` loads the rest',
        );
        return ExitCode.failed;
      }
      return ctx.out.error(result.error);
    }
    if (!result.match) {
      ctx.out.note(
        `validation: ${result.validations.filter((v) => !v.match).length} tables differ between source and target (see the report)`,
      );
      return ExitCode.validationMismatch;
    }
    return result.report.failedObjects.length ? ExitCode.objectsFailed : ExitCode.ok;
  });
}

/** The cutover report, printed (10 lag samples, evenly spread) and written next to the run report. */
async function printCutoverReport(ctx: CommandContext, folder: string, report: CutoverReport) {
  const files = await writeCutoverReport(folder, report);
  ctx.out.line();
  ctx.out.line(renderCutoverReport(report, 10).trimEnd());
  ctx.out.line(`cutover report: ${files.markdown}`);
  ctx.out.line(`                ${files.json}`);
  return files;
}
