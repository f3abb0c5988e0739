// Renders a run or assessment report as JSON and as Markdown. Every text goes through redact().

import { redact } from '../secrets.js';
import type { AssessmentReport } from './assessment-report.js';
import { formatBytes, formatCount, formatDuration, formatRate } from './format-figures.js';
import type { ColumnFix } from '../pipeline/column-fixes.js';
import { failedObjectText, type RunReport, type TableRunReport } from './run-report.js';

export type Report = RunReport | AssessmentReport;

export function renderJson(report: Report): string {
  return redact(JSON.stringify(report, null, 2)) + '\n';
}

/** The validation cell of a table: `ok`, `MISMATCH`, `count ok` / `count MISMATCH`, or `-`. */
export function validationText(t: TableRunReport): string {
  if (!t.validation) return '-';
  const result = t.validation.match ? 'ok' : 'MISMATCH';
  return t.validation.method === 'count' ? `count ${result}` : result;
}

/**
 * `1,000 rows, 2.0 MB, 500 rows/s, 1.0 MB/s in the data phase (2.0 s)`; a resumed run says how many
 * rows the interrupted run loaded, and when it loaded them all, that nothing was left to load.
 */
export function totalsText(r: RunReport): string {
  const { rows, rowsLoadedEarlier: earlier } = r.totals;
  if (rows > 0 && earlier === rows)
    return `${formatCount(rows)} rows, all loaded by the interrupted run: nothing left to load`;
  const before = earlier > 0 ? ` (${formatCount(earlier)} loaded by the interrupted run)` : '';
  const over = r.totals.dataSeconds > 0 ? ` in the data phase (${formatDuration(r.totals.dataSeconds)})` : '';
  const mb = r.totals.mbPerSec > 0 ? `${r.totals.mbPerSec.toFixed(1)} MB/s` : '- MB/s';
  return `${formatCount(rows)} rows${before}, ${formatBytes(r.totals.bytes)}, ${formatRate(r.totals.rowsPerSec)} rows/s, ${mb}${over}`;
}

/** `plan 2.2 s, pre-data 0.1 s, data 6.0 s, ...`, with a status other than ok named. */
export function phasesText(r: RunReport): string {
  return r.phases
    .map((p) => `${p.phase} ${formatDuration(p.seconds)}${p.status === 'ok' ? '' : ` (${p.status})`}`)
    .join(', ');
}

/** `row 7 of gen.t#1, key id=7`, or `-` when the writer did not say. */
export function firstRowText(f: ColumnFix): string {
  if (f.firstRow === undefined) return '-';
  return `row ${f.firstRow}${f.firstTask ? ` of ${f.firstTask}` : ''}${f.firstKey ? `, key ${f.firstKey}` : ''}`;
}

const md = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: Report): string {
  const out = report.kind === 'run' ? runMarkdown(report) : assessmentMarkdown(report);
  return redact(out.join('\n')) + '\n';
}

function runMarkdown(r: RunReport): string[] {
  const out = [
    `# ${md(r.title)}`,
    '',
    `- State: **${r.state}**`,
    `- Source: ${md(r.source)}`,
    `- Target: ${md(r.target)}`,
    `- Started: ${r.startedAt}, finished: ${r.finishedAt} (${formatDuration(r.totals.seconds)})`,
    `- Total: ${totalsText(r)}`,
    ...(r.phases.length ? [`- Phases: ${phasesText(r)}`] : []),
    '',
    '## Tables',
    '',
    '| Table | State | Rows | Bytes | Time | Rows/s | MB/s | Validation | Rejected | Fixed |',
    '|---|---|---:|---:|---:|---:|---:|---|---:|---:|',
    ...r.tables.map(
      (t) =>
        `| ${md(t.table)} | ${t.state} | ${formatCount(t.rows)} | ${formatBytes(t.bytes)} | ${formatDuration(t.seconds)} | ${formatRate(t.rowsPerSec)} | ${t.mbPerSec.toFixed(1)} | ${validationText(t)} | ${t.rejected} | ${t.fixed} |`,
    ),
  ];
  const details = r.tables.flatMap((t) => [
    ...t.errors.map((e) => `- ${md(t.table)}: error: ${md(e)}`),
    ...(t.validation?.mismatches ?? []).map((m) => `- mismatch: ${md(m)}`),
    ...(t.validation?.note ? [`- ${md(t.table)}: ${md(t.validation.note)}`] : []),
    ...t.warnings.map((w) => `- ${md(t.table)}: ${md(w)}`),
  ]);
  const fixes = r.tables.flatMap((t) =>
    (t.columnFixes ?? []).map(
      (f) =>
        `| ${md(t.table)} | ${md(f.column)} | ${md(f.rule)} | ${formatCount(f.count)} | ${md(firstRowText(f))} |`,
    ),
  );
  if (fixes.length)
    out.push(
      '',
      '## Values changed by rule',
      '',
      "Per column: values the `fix` policy fixed, and END_OF_TIME (SQL Server's end of time, mapped under every policy).",
      '',
      '| Table | Column | Rule | Values | First row |',
      '|---|---|---|---:|---|',
      ...fixes,
    );
  const general = r.warnings.map((w) => `- ${md(w)}`);
  if (details.length || general.length) out.push('', '## Errors and warnings', '', ...general, ...details);
  if (r.failedObjects.length)
    out.push('', '## Objects not created', '', ...r.failedObjects.map((f) => `- ${md(failedObjectText(f))}`));
  if (r.actionItems.length) out.push('', '## Action items', '', ...actionItemsMarkdown(r.actionItems));
  return out;
}

function assessmentMarkdown(r: AssessmentReport): string[] {
  return [
    `# ${md(r.title)}`,
    '',
    `- Source: ${md(r.source)}`,
    `- Created: ${r.createdAt}`,
    `- Converted automatically: **${r.convertedPercent}%** of objects`,
    '',
    '## Objects',
    '',
    '| Type | Found | Converted | With warnings | Manual |',
    '|---|---:|---:|---:|---:|',
    ...r.objects.map(
      (o) => `| ${md(o.type)} | ${o.found} | ${o.converted} | ${o.withWarnings} | ${o.manual} |`,
    ),
    '',
    '## Action items by code',
    '',
    '| Severity | Code | Count | Objects |',
    '|---|---|---:|---|',
    ...r.actionItemGroups.map(
      (g) => `| ${g.severity} | ${md(g.code)} | ${g.count} | ${md(g.objects.join(', '))} |`,
    ),
    '',
    '## Action items',
    '',
    ...actionItemsMarkdown(r.actionItems),
  ];
}

function actionItemsMarkdown(items: AssessmentReport['actionItems']): string[] {
  return items.flatMap((a) => [
    `- **${a.severity}** \`${md(a.code)}\` ${md(a.object)}${a.line ? ` (line ${a.line}${a.column ? `, column ${a.column}` : ''})` : ''}: ${md(a.message)}`,
    ...(a.snippet ? [`  \`${md(a.snippet)}\``] : []),
    ...(a.suggestion ? [`  Suggestion: ${md(a.suggestion)}`] : []),
  ]);
}
