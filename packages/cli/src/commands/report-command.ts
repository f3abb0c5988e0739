// `ferry report`: prints the summary of the last run report and writes its Markdown and HTML again.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ExitCode,
  FerryError,
  loadConfig,
  renderRunSummary,
  writeReports,
  type AssessmentReport,
  type RunReport,
} from '@ferry/core';
import type { CommandContext } from '../main.js';

export async function reportCommand(ctx: CommandContext): Promise<ExitCode> {
  const dir = await folder(ctx);
  const found = ['run-report.json', 'assessment.json'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  if (!found.length) {
    throw new FerryError(`no report in ${dir}`, {
      where: dir,
      hint: 'run `ferry run` or `ferry assess` first, or pass --reports <dir>',
      code: 'NO_REPORT',
    });
  }
  for (const file of found) {
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport | AssessmentReport;
    const files = await writeReports(dir, report);
    if (report.kind === 'run') {
      ctx.out.line(`run of ${report.startedAt}: ${report.state}`);
      ctx.out.line(renderRunSummary(report).trimEnd());
    } else {
      ctx.out.line(
        `assessment of ${report.createdAt}: ${report.convertedPercent}% converted automatically, ${report.actionItems.length} action items`,
      );
    }
    ctx.out.line(`reports: ${files.html}`);
    ctx.out.line();
    ctx.out.event({ type: 'report', report, reports: files });
  }
  return ExitCode.ok;
}

/** --reports, else the config's reports.dir, else ./reports. */
async function folder(ctx: CommandContext): Promise<string> {
  if (ctx.options.reports) return resolve(ctx.cwd, ctx.options.reports);
  try {
    const loaded = await loadConfig({ cwd: ctx.cwd, configPath: ctx.options.config });
    return resolve(loaded.configDir, loaded.config.reports.dir);
  } catch (error) {
    if (ctx.options.config) throw error;
    return resolve(ctx.cwd, 'reports');
  }
}
