// Renders a run or assessment report as ONE self-contained HTML page: inline CSS, no external
// assets (the assessment page has one inline script); every text is redacted, then HTML-escaped.

import { redact } from '../secrets.js';
import { severityRank, type ActionItem } from './action-item.js';
import type { AssessmentReport } from './assessment-report.js';
import { formatBytes, formatCount, formatDuration, formatRate } from './format-figures.js';
import { firstRowText, phasesText, totalsText, validationText, type Report } from './render-report.js';
import { failedObjectText, type RunReport } from './run-report.js';
import { phaseBarSvg, timelineSvg } from './render-timeline.js';
import { assessmentBody, assessmentCss } from './render-assessment.js';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Redacts then escapes a text for the page. */
const h = (v: string | number) => escapeHtml(redact(String(v)));

const css = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}.warn{color:#9a6700}
.meta{color:#57606a}code,pre{font:12px ui-monospace,monospace;background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}
pre{padding:.5rem;white-space:pre-wrap}
.sev-critical,.sev-high{color:#cf222e;font-weight:600}.sev-medium{color:#9a6700}.sev-low{color:#57606a}
`;

export function renderHtml(report: Report): string {
  const body = report.kind === 'run' ? runBody(report) : assessmentPage(report);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(report.title)}</title>
<style>${css}${report.kind === 'assessment' ? assessmentCss : ''}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function stateClass(ok: boolean): string {
  return ok ? 'ok' : 'bad';
}

function runBody(r: RunReport): string {
  const rows = r.tables
    .map((t) => {
      const v = validationText(t);
      const vClass = !t.validation ? '' : stateClass(t.validation.match);
      return `<tr><td>${h(t.table)}</td><td class="${stateClass(t.state === 'done')}">${h(t.state)}</td><td class="n">${formatCount(t.rows)}</td><td class="n">${formatBytes(t.bytes)}</td><td class="n">${formatDuration(t.seconds)}</td><td class="n">${formatRate(t.rowsPerSec)}</td><td class="n">${t.mbPerSec.toFixed(1)}</td><td class="${vClass}">${h(v)}</td><td class="n">${t.rejected}</td><td class="n">${t.fixed}</td></tr>`;
    })
    .join('\n');
  const notes = [
    ...r.warnings.map((w) => `<li class="warn">${h(w)}</li>`),
    ...r.tables.flatMap((t) => [
      ...t.errors.map((e) => `<li class="bad">${h(t.table)}: ${h(e)}</li>`),
      ...(t.validation?.mismatches ?? []).map((m) => `<li class="bad">mismatch: ${h(m)}</li>`),
      ...(t.validation?.note ? [`<li class="warn">${h(t.table)}: ${h(t.validation.note)}</li>`] : []),
      ...t.warnings.map((w) => `<li class="warn">${h(t.table)}: ${h(w)}</li>`),
    ]),
  ];
  const fixes = r.tables.flatMap((t) =>
    (t.columnFixes ?? []).map(
      (f) =>
        `<tr><td>${h(t.table)}</td><td>${h(f.column)}</td><td><code>${h(f.rule)}</code></td><td class="n">${formatCount(f.count)}</td><td>${h(firstRowText(f))}</td></tr>`,
    ),
  );
  return `<h1>${h(r.title)}</h1>
<p class="meta">State: <span class="${stateClass(r.state === 'done')}">${h(r.state)}</span> &middot; ${h(r.source)} &rarr; ${h(r.target)}<br>
Started ${h(r.startedAt)}, finished ${h(r.finishedAt)} (${formatDuration(r.totals.seconds)}) &middot;
${h(totalsText(r))}${r.phases.length ? `<br>\nPhases: ${h(phasesText(r))}` : ''}</p>
${phaseBarSvg(r.phases, h)}
<h2>Tables</h2>
<table>
<thead><tr><th>Table</th><th>State</th><th class="n">Rows</th><th class="n">Bytes</th><th class="n">Time</th><th class="n">Rows/s</th><th class="n">MB/s</th><th>Validation</th><th class="n">Rejected</th><th class="n">Fixed</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${fixes.length ? `<h2>Values changed by rule</h2>\n<p class="meta">Per column: values the fix policy fixed, and END_OF_TIME (SQL Server's end of time, mapped under every policy).</p>\n<table>\n<thead><tr><th>Table</th><th>Column</th><th>Rule</th><th class="n">Values</th><th>First row</th></tr></thead>\n<tbody>\n${fixes.join('\n')}\n</tbody>\n</table>` : ''}
${r.timeline?.length ? `<h2>Timeline</h2>\n<p class="meta">Each data task from its start to its end (green done, red failed, amber interrupted), with its rows/s.</p>\n${timelineSvg(r.timeline, h)}` : ''}
${notes.length ? `<h2>Errors and warnings</h2>\n<ul>\n${notes.join('\n')}\n</ul>` : ''}
${r.failedObjects.length ? `<h2>Objects not created</h2>\n<ul>\n${r.failedObjects.map((f) => `<li class="bad">${h(failedObjectText(f))}</li>`).join('\n')}\n</ul>` : ''}
${r.actionItems.length ? `<h2>Action items</h2>\n${actionItemsTable(r.actionItems)}` : ''}`;
}

/** The assessment page, then every action item (those of no single object too). */
function assessmentPage(r: AssessmentReport): string {
  return `${assessmentBody(r, h)}
<h2>Action items</h2>
${actionItemsTable(r.actionItems)}`;
}

/** Action items, most severe first (stable within a severity). */
function actionItemsTable(items: readonly ActionItem[]): string {
  const rows = [...items]
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
    .map((a) => {
      const where = a.line
        ? ` <span class="meta">line ${a.line}${a.column ? `:${a.column}` : ''}</span>`
        : '';
      const snippet = a.snippet ? `<pre>${h(a.snippet)}</pre>` : '';
      const suggestion = a.suggestion ? `<br><em>Suggestion:</em> ${h(a.suggestion)}` : '';
      return `<tr><td class="sev-${a.severity}">${a.severity}</td><td><code>${h(a.code)}</code></td><td>${h(a.object)}${where}</td><td>${h(a.message)}${suggestion}${snippet}</td></tr>`;
    })
    .join('\n');
  return `<table>
<thead><tr><th>Severity</th><th>Code</th><th>Object</th><th>Message</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}
