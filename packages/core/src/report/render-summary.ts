// The end-of-run summary table for the terminal, pgloader style: one line per table, a total.

import { redact } from '../secrets.js';
import { formatBytes, formatCount, formatDuration, formatRate, plural } from './format-figures.js';
import { firstRowText, phasesText, validationText } from './render-report.js';
import type { RunReport } from './run-report.js';

export function renderRunSummary(report: RunReport): string {
  const header = ['table', 'rows', 'bytes', 'time', 'rows/s', 'errors', 'validation'];
  const lines = report.tables.map((t) => [
    t.table,
    formatCount(t.rows),
    formatBytes(t.bytes),
    formatDuration(t.seconds),
    formatRate(t.rowsPerSec),
    String(t.errors.length + t.rejected),
    t.state === 'done' ? validationText(t) : t.state,
  ]);
  const total = [
    'Total',
    formatCount(report.totals.rows),
    formatBytes(report.totals.bytes),
    formatDuration(report.totals.dataSeconds || report.totals.seconds),
    formatRate(report.totals.rowsPerSec),
    String(report.tables.reduce((n, t) => n + t.errors.length + t.rejected, 0)),
    report.state,
  ];
  const widths = header.map((_, i) => Math.max(...[header, ...lines, total].map((l) => l[i].length)));
  const fmt = (l: string[]) =>
    l
      .map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const phases = report.phases.length
    ? [`Whole run ${formatDuration(report.totals.seconds)}: ${phasesText(report)}`]
    : [];
  // What a match means when less than "the same rows" (a row transform, count only), said under the table.
  const notes = report.tables.flatMap((t) =>
    t.validation?.note ? [`${t.table}: ${t.validation.note}`] : [],
  );
  // Values a documented rule changed, per column: what a user checks before trusting the load.
  const fixes = report.tables.flatMap((t) =>
    (t.columnFixes ?? []).map(
      (f) =>
        `${t.table}.${f.column}: ${plural(f.count, 'value')} changed by ${f.rule}${f.firstRow === undefined ? '' : ` (first: ${firstRowText(f)})`}`,
    ),
  );
  return (
    redact(
      [fmt(header), rule, ...lines.map(fmt), rule, fmt(total), ...phases, ...notes, ...fixes].join('\n'),
    ) + '\n'
  );
}
