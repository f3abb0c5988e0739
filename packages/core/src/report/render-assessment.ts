// The assessment as a page to work in (AWS SCT's project view): the figures of the terminal summary,
// an object tree by schema and kind with a status badge per object, filters (severity, kind, schema,
// action-item code), and per object its source and converted SQL side by side with each action item
// marked at its line. Self-contained: inline CSS and one inline script (filters and selection) that
// reads only the page's data-* attributes. Texts are escaped by the caller's `h`.

import { severityRank, type ActionItem, type Severity } from './action-item.js';
import type { AssessedObject, ConvertedFile } from './assessed-objects.js';
import type { AssessmentReport } from './assessment-report.js';
import type { ObjectStatus } from '../run/verify-schema.js';

type Escape = (text: string | number) => string;

const severities = Object.keys(severityRank) as Severity[];

/** `2 critical, 5 high, 1 low`: the action items by severity, most severe first, as the terminal says it. */
export function actionItemCountsText(items: readonly ActionItem[]): string {
  return severities
    .map((s) => [s, items.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

export const assessmentCss = `
.counts{font-size:1rem}.filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
.workspace{display:grid;grid-template-columns:18rem 1fr;gap:1rem;align-items:start}
.tree{position:sticky;top:0;max-height:90vh;overflow:auto;border:1px solid #d0d7de;border-radius:6px;padding:.4rem}
.tree ul{list-style:none;margin:0;padding-left:.8rem}.tree summary{cursor:pointer;font-weight:600}
.tree li a{display:block;padding:.1rem .2rem;color:inherit;text-decoration:none;border-radius:4px}
.tree li a:hover,.tree li.selected a{background:#ddf4ff}
.badge{display:inline-block;font-size:11px;padding:0 .4rem;border-radius:1rem;color:#fff;margin-right:.3rem}
.badge-applies,.badge-converted{background:#1a7f37}.badge-applies-with-action-items,.badge-with-warnings{background:#9a6700}
.badge-fails,.badge-manual{background:#cf222e}.badge-not-converted{background:#57606a}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}.panes h4{margin:.4rem 0}
.code{font:12px ui-monospace,monospace;background:#f6f8fa;border-radius:4px;padding:.3rem 0;overflow-x:auto}
.line{display:flex;white-space:pre-wrap;word-break:break-all}.ln{flex:0 0 3rem;text-align:right;padding-right:.6rem;color:#8c959f;user-select:none}
.line.mark{background:#fff8c5}.line.mark.sev-critical,.line.mark.sev-high{background:#ffebe9;color:inherit;font-weight:400}
.note{margin:0 0 .2rem 3.6rem;padding:.2rem .4rem;border-left:3px solid #bf8700;background:#fff;font:12px system-ui,sans-serif;white-space:normal}
.worst{font-size:11px;margin-left:.3rem}.object{border-top:1px solid #d0d7de;padding-top:.4rem}.hidden{display:none}
`;

const statusText: Record<ObjectStatus | AssessedObject['category'], string> = {
  applies: 'applies',
  'applies-with-action-items': 'applies with action items',
  fails: 'fails',
  'not-converted': 'not converted',
  converted: 'converted',
  'with-warnings': 'with warnings',
  manual: 'needs you',
};

function badge(o: AssessedObject): string {
  const status = o.verified ?? o.category;
  return `<span class="badge badge-${status}" data-status="${status}">${statusText[status]}</span>`;
}

export function assessmentBody(r: AssessmentReport, h: Escape): string {
  return `<h1>${h(r.title)}</h1>
<p class="meta">Source: ${h(r.source)} &middot; created ${h(r.createdAt)}</p>
${summary(r, h)}
<h2>Objects</h2>
${r.objectDetails ? workspace(r, r.objectDetails, h) : '<p class="meta">This assessment was written by an earlier Ferry, without its objects one by one: run <code>ferry assess</code> again.</p>'}
<h2>Action items by code</h2>
<table>
<thead><tr><th>Severity</th><th>Code</th><th class="n">Count</th><th>Objects</th></tr></thead>
<tbody>
${r.actionItemGroups.map((g) => `<tr><td class="sev-${g.severity}">${g.severity}</td><td><code>${h(g.code)}</code></td><td class="n">${g.count}</td><td>${h(g.objects.join(', '))}</td></tr>`).join('\n')}
</tbody>
</table>`;
}

/** Filters, the tree and the objects' sections, and the script that works them. */
function workspace(r: AssessmentReport, details: readonly AssessedObject[], h: Escape): string {
  return `${filters(r, details, h)}
<div class="workspace">
<nav class="tree" aria-label="objects by schema and kind">
${tree(details, r.actionItems, h)}
</nav>
<div class="detail">
${details.map((o, i) => objectSection(o, i, r.actionItems, h)).join('\n')}
</div>
</div>
<script>${script}</script>`;
}

/** The figures `ferry assess` prints, in its words. */
function summary(r: AssessmentReport, h: Escape): string {
  const found = r.objects.reduce((n, o) => n + o.found, 0);
  const v = r.verification;
  const applies = v?.objects.filter(
    (o) => o.status === 'applies' || o.status === 'applies-with-action-items',
  ).length;
  const lines = [
    `converted automatically: <strong>${r.convertedPercent}%</strong> of ${found} objects`,
    ...(v
      ? [
          `applies in PostgreSQL: ${applies} of ${v.objects.length} objects (${r.verifiedPercent ?? 100}%), verified on ${h(v.on)} in a transaction that was rolled back`,
        ]
      : []),
    ...(r.actionItems.length ? [`action items: ${actionItemCountsText(r.actionItems)}`] : []),
  ];
  const byType = r.objects
    .map(
      (o) =>
        `<tr><td>${h(o.type)}</td><td class="n">${o.found}</td><td class="n">${o.converted}</td><td class="n">${o.withWarnings}</td><td class="n">${o.manual}</td></tr>`,
    )
    .join('\n');
  const byKind = v
    ? `<table class="verification">
<thead><tr><th>Object kind</th><th class="n">Objects</th><th class="n">Applies</th><th class="n">With action items</th><th class="n">Fails</th><th class="n">Not converted</th></tr></thead>
<tbody>
${v.byKind.map((k) => `<tr><td>${h(k.kind)}</td><td class="n">${k.objects}</td><td class="n">${k.applies}</td><td class="n">${k.withActionItems}</td><td class="n">${k.fails}</td><td class="n">${k.notConverted}</td></tr>`).join('\n')}
</tbody>
</table>`
    : '';
  return `<p class="counts">${lines.map((l) => `<span>${l}</span>`).join('<br>\n')}</p>
<table class="by-type">
<thead><tr><th>Type</th><th class="n">Found</th><th class="n">Converted</th><th class="n">With warnings</th><th class="n">Needs you</th></tr></thead>
<tbody>
${byType}
</tbody>
</table>
${byKind}`;
}

function options(id: string, label: string, values: readonly string[], h: Escape): string {
  return `<label>${label} <select id="${id}"><option value="">all</option>${values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('')}</select></label>`;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function filters(r: AssessmentReport, o: readonly AssessedObject[], h: Escape): string {
  return `<div class="filters">
${options('filter-severity', 'Severity', [...severities, 'none'], h)}
${options('filter-kind', 'Kind', sorted(o.map((x) => x.kind)), h)}
${options('filter-schema', 'Schema', sorted(o.map((x) => x.schema)), h)}
${options('filter-code', 'Action item', sorted(r.actionItems.map((a) => a.code)), h)}
<span class="meta" id="shown">${o.length} of ${o.length} objects</span>
</div>`;
}

/** Space-separated values for a data-* attribute that the script matches a word of. */
const words = (values: Iterable<string>) => ` ${sorted(values).join(' ')} `;

function objectAttributes(o: AssessedObject, items: readonly ActionItem[], h: Escape): string {
  const mine = o.actionItems.map((i) => items[i]!);
  const sev = mine.length ? mine.map((a) => a.severity) : ['none'];
  return `data-kind="${h(o.kind)}" data-schema="${h(o.schema)}" data-severity="${h(words(sev))}" data-code="${h(words(mine.map((a) => a.code)))}"`;
}

function tree(details: readonly AssessedObject[], items: readonly ActionItem[], h: Escape): string {
  const bySchema = new Map<string, Map<string, number[]>>();
  details.forEach((o, i) => {
    const kinds = bySchema.get(o.schema) ?? new Map<string, number[]>();
    kinds.set(o.kind, [...(kinds.get(o.kind) ?? []), i]);
    bySchema.set(o.schema, kinds);
  });
  return sorted(bySchema.keys())
    .map((schema) => {
      const kinds = bySchema.get(schema)!;
      const groups = sorted(kinds.keys()).map((kind) => {
        const leaves = kinds
          .get(kind)!
          .map((i) => {
            const o = details[i]!;
            const worst = o.actionItems
              .map((n) => items[n]!.severity)
              .sort((a, b) => severityRank[a] - severityRank[b])[0];
            const mark = worst
              ? ` <span class="worst sev-${worst}" title="its most severe action item">${worst}</span>`
              : '';
            return `<li class="leaf" data-ref="object-${i}" data-name="${h(o.name)}"><a href="#object-${i}">${badge(o)}${h(o.name.startsWith(`${o.schema}.`) ? o.name.slice(o.schema.length + 1) : o.name)}${mark}</a></li>`;
          })
          .join('\n');
        return `<li class="group"><details open><summary>${h(kind)} <span class="meta count"></span></summary><ul>\n${leaves}\n</ul></details></li>`;
      });
      return `<details open class="group"><summary>${h(schema || '(database)')} <span class="meta count"></span></summary><ul>\n${groups.join('\n')}\n</ul></details>`;
    })
    .join('\n');
}

function objectSection(o: AssessedObject, i: number, all: readonly ActionItem[], h: Escape): string {
  const items = o.actionItems.map((n) => all[n]!);
  const files = o.files.length
    ? `<p>Editable files (<code>ferry convert</code>): ${o.files.map((f) => `<code class="file">${h(f.file)}</code>${f.status ? ` <span class="meta">${statusText[f.status]}${f.error ? `: ${h(f.error)}` : ''}</span>` : ''}`).join(', ')}</p>`
    : `<p class="meta">No converted file: nothing is created for it.</p>`;
  const list = items.length
    ? `<ul class="items">${items.map((a) => `<li><span class="sev-${a.severity}">${a.severity}</span> <code>${h(a.code)}</code>${a.line ? ` <span class="meta">line ${a.line}</span>` : ''}: ${h(a.message)}${a.suggestion ? `<br><em>Suggestion:</em> ${h(a.suggestion)}` : ''}</li>`).join('\n')}</ul>`
    : '';
  const target = o.target ? ` &rarr; ${h(o.target)}` : '';
  return `<section class="object" id="object-${i}" ${objectAttributes(o, all, h)}>
<h3>${badge(o)}${h(o.kind)} ${h(o.name)}${target}</h3>
${files}
${list}
<div class="panes">
<div><h4>Source</h4>${codeBlock(o.source, sourceMarks(o.source, items), h, 'source')}</div>
<div><h4>Converted SQL</h4>${codeBlock(o.files.map((f) => f.sql).join('\n'), convertedMarks(o.files, items), h, 'converted')}</div>
</div>
</section>`;
}

/** Line (0-based) -> the action items marked there. */
type Marks = Map<number, ActionItem[]>;

const mark = (marks: Marks, line: number, a: ActionItem) => marks.set(line, [...(marks.get(line) ?? []), a]);

/**
 * An item's line in the source text: the line holding its snippet nearest to its reported line
 * (module lines may be counted from a script's start), else its reported line when in the text.
 */
function sourceMarks(source: string, items: readonly ActionItem[]): Marks {
  const lines = source.split('\n');
  const marks: Marks = new Map();
  for (const a of items) {
    if (!a.line) continue;
    const want = a.line - 1;
    const candidates = a.snippet ? lines.flatMap((l, i) => (l.trim() === a.snippet ? [i] : [])) : [];
    const at = candidates.length
      ? candidates.reduce((best, i) => (Math.abs(i - want) < Math.abs(best - want) ? i : best))
      : want < lines.length
        ? want
        : undefined;
    if (at !== undefined) mark(marks, at, a);
  }
  return marks;
}

/**
 * The converted text carries each item as a comment: at its place (`/* ferry: CODE ...`) when the
 * converter put one there, else in the file's header (`-- ACTION <severity> CODE: ...`). Each item is
 * marked once, at the first such line no other item of its code took.
 */
function convertedMarks(files: readonly ConvertedFile[], items: readonly ActionItem[]): Marks {
  const lines = files
    .map((f) => f.sql)
    .join('\n')
    .split('\n');
  const marks: Marks = new Map();
  const taken = new Set<number>();
  for (const a of items) {
    const free = (test: (line: string) => boolean) =>
      lines.findIndex((line, i) => !taken.has(i) && test(line));
    let at = free((l) => l.includes(`/* ferry: ${a.code} `));
    if (at < 0) at = free((l) => l.startsWith(`-- ACTION ${a.severity} ${a.code}:`));
    if (at < 0) continue;
    taken.add(at);
    mark(marks, at, a);
  }
  return marks;
}

function codeBlock(text: string, marks: Marks, h: Escape, side: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const rows = lines.map((line, i) => {
    const here = marks.get(i);
    if (!here) return `<div class="line"><span class="ln">${i + 1}</span><span>${h(line)}</span></div>`;
    const worst = here.reduce((w, a) => (severityRank[a.severity] < severityRank[w.severity] ? a : w));
    const notes = here
      .map(
        (a) =>
          `<div class="note"><span class="sev-${a.severity}">${a.severity}</span> <code>${h(a.code)}</code>: ${h(a.message)}${a.suggestion ? `<br><em>Suggestion:</em> ${h(a.suggestion)}` : ''}</div>`,
      )
      .join('');
    return `<div class="line mark sev-${worst.severity}" data-code="${h(words(here.map((a) => a.code)))}"><span class="ln">${i + 1}</span><span>${h(line)}</span></div>${notes}`;
  });
  return `<div class="code ${side}">${rows.join('\n')}</div>`;
}

/**
 * Filters hide the tree's leaves (and empty groups) whose object does not match; a click on a leaf,
 * or the address's #object-N, shows that object alone (all are shown without the script).
 */
const script = `
(() => {
  const $ = (s) => document.querySelector(s);
  const sections = [...document.querySelectorAll('section.object')];
  const leaves = [...document.querySelectorAll('.tree li.leaf')];
  const select = (id) => {
    const chosen = sections.find((s) => s.id === id && !s.dataset.filtered) ?? sections.find((s) => !s.dataset.filtered);
    for (const s of sections) s.classList.toggle('hidden', s !== chosen);
    for (const l of leaves) l.classList.toggle('selected', !!chosen && l.dataset.ref === chosen.id);
  };
  const apply = () => {
    const want = { severity: $('#filter-severity').value, kind: $('#filter-kind').value, schema: $('#filter-schema').value, code: $('#filter-code').value };
    let shown = 0;
    for (const s of sections) {
      const d = s.dataset;
      const ok = (!want.severity || d.severity.includes(' ' + want.severity + ' ')) && (!want.kind || d.kind === want.kind)
        && (!want.schema || d.schema === want.schema) && (!want.code || d.code.includes(' ' + want.code + ' '));
      if (ok) { delete d.filtered; shown++; } else d.filtered = '1';
    }
    for (const l of leaves) l.classList.toggle('hidden', !!document.getElementById(l.dataset.ref).dataset.filtered);
    for (const g of [...document.querySelectorAll('.tree .group')].reverse()) {
      const n = g.querySelectorAll('li.leaf:not(.hidden)').length;
      g.classList.toggle('hidden', n === 0);
      const count = g.querySelector('.count');
      if (count) count.textContent = '(' + n + ')';
    }
    $('#shown').textContent = shown + ' of ' + sections.length + ' objects';
    select(location.hash.slice(1));
  };
  for (const id of ['#filter-severity', '#filter-kind', '#filter-schema', '#filter-code']) $(id).addEventListener('change', apply);
  addEventListener('hashchange', () => select(location.hash.slice(1)));
  apply();
})();
`;
