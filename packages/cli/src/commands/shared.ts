// Small pieces several commands share: the reports folder, the action-item digest.

import { resolve } from 'node:path';
import {
  actionItemCountsText,
  failedObjectText,
  type ActionItem,
  type FailedObject,
  type Migration,
} from '@ferry/core';
import type { CommandContext } from '../main.js';

/** --reports wins over the config's `reports.dir` (relative to the config's folder). */
export function reportsDir(ctx: CommandContext, migration: Migration): string {
  return ctx.options.reports
    ? resolve(ctx.cwd, ctx.options.reports)
    : resolve(migration.cwd, migration.config.reports.dir);
}

/** Action items by severity (most severe first), one line each for critical/high ones (all of them with --verbose). */
export function printWarnings(ctx: CommandContext, items: readonly ActionItem[]): void {
  if (!items.length) return;
  ctx.out.line(`action items: ${actionItemCountsText(items)}`);
  for (const a of items) {
    if (ctx.options.verbose || a.severity === 'critical' || a.severity === 'high') {
      ctx.out.line(`  [${a.severity}] ${a.code} ${a.object}: ${a.message}`);
    }
  }
}

/** A text table: first column left-aligned, the others right-aligned. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The objects the target refused or that were skipped because of them, one line each, on stderr. */
export function printFailedObjects(ctx: CommandContext, failed: readonly FailedObject[]): void {
  if (!failed.length) return;
  const refused = failed.filter((f) => f.status === 'failed').length;
  ctx.out.note(
    `${refused} objects failed${refused < failed.length ? `, ${failed.length - refused} skipped because of them` : ''} (exit code 4):`,
  );
  for (const f of failed) ctx.out.note(`  ${failedObjectText(f)}`);
}
