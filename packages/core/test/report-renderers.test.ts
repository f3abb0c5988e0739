import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunReport, type RunReport } from '../src/report/run-report.js';
import { buildAssessmentReport } from '../src/report/assessment-report.js';
import { renderJson, renderMarkdown } from '../src/report/render-report.js';
import { renderHtml } from '../src/report/render-html.js';
import { renderRunSummary } from '../src/report/render-summary.js';
import { writeReports } from '../src/report/write-reports.js';
import { emptyModel } from '../src/model/schema-model.js';
import type { TaskProgress } from '../src/pipeline/scheduler.js';

const progress = (
  taskId: string,
  table: string,
  rows: number,
  seconds: number,
  state: TaskProgress['state'] = 'done',
  error?: string,
): TaskProgress => ({
  taskId,
  table,
  state,
  rows,
  bytes: rows * 100,
  seconds,
  rowsPerSec: rows / seconds,
  error,
});

function sampleReport(): RunReport {
  return buildRunReport({
    startedAt: new Date('2026-01-01T10:00:00Z'),
    finishedAt: new Date('2026-01-01T10:00:10Z'),
    source: 'mssql Server=tcp:db,1433;User ID=sa;Password=Sup3rS3cret!;Database=Northwind',
    target: 'postgres://ferry:pg-p4ss@localhost:5432/northwind',
    state: 'failed',
    tasks: [
      progress('app.orders#0', 'app.orders', 600, 4),
      progress('app.orders#1', 'app.orders', 400, 5),
      progress(
        'app.<script>alert(1)</script>',
        'app.<script>alert(1)</script>',
        10,
        1,
        'failed',
        'value "x" & <y> rejected',
      ),
    ],
    validations: [
      {
        table: 'app.orders',
        source: 'dbo.Orders',
        method: 'checksum',
        match: false,
        ranges: [],
        mismatches: [
          'app.orders (from dbo.Orders), range 1 (OrderID >= 10500): 400 source rows, 399 target rows',
        ],
      },
    ],
    policy: { 'app.orders': { rejected: 2, fixed: 5, warnings: ['5 NUL bytes stripped from text'] } },
    actionItems: [
      {
        code: 'TSQL_CURSOR',
        severity: 'high',
        object: 'procedure dbo.P',
        message: 'cursor loop needs review',
        snippet: 'DECLARE c CURSOR FOR SELECT 1 WHERE a < b',
      },
    ],
    warnings: ['FK enforcement disabled with session_replication_role'],
  });
}

describe('buildRunReport', () => {
  it('adds up the ranges of a table and keeps the worst state', () => {
    const r = sampleReport();
    const orders = r.tables.find((t) => t.table === 'app.orders')!;
    expect(orders).toMatchObject({
      state: 'done',
      tasks: 2,
      rows: 1_000,
      bytes: 100_000,
      seconds: 5,
      rowsPerSec: 200,
      rejected: 2,
      fixed: 5,
    });
    expect(orders.validation?.match).toBe(false);
    // The mismatch of a table the policies changed says so, with the numbers.
    expect(orders.validation?.note).toBe(
      '2 rows left out by the reject policy and 5 values changed by the fix policy during the load, so the table differs from its source there',
    );
    expect(r.tables.find((t) => t.table.includes('script'))).toMatchObject({
      state: 'failed',
      errors: ['value "x" & <y> rejected'],
    });
    // The failed range's 10 rows were rolled back: not counted, but said.
    expect(r.tables.find((t) => t.table.includes('script'))).toMatchObject({
      rows: 0,
      rolledBack: 10,
      warnings: ['10 rows sent by unfinished ranges were rolled back'],
    });
    expect(r.totals).toMatchObject({ rows: 1_000, seconds: 10, dataSeconds: 0, rowsPerSec: 100 });
  });

  it('measures total throughput over the data phase, and keeps every phase time', () => {
    const r = buildRunReport({
      startedAt: new Date(0),
      finishedAt: new Date(40_000),
      source: 's',
      target: 't',
      state: 'done',
      tasks: [progress('a#0', 'app.a', 6_000, 6)],
      phases: [
        { phase: 'plan', status: 'ok', seconds: 2 },
        { phase: 'data', status: 'ok', seconds: 6 },
        { phase: 'validate', status: 'ok', seconds: 30 },
      ],
    });
    expect(r.totals).toMatchObject({ rows: 6_000, seconds: 40, dataSeconds: 6, rowsPerSec: 1_000 });
    const summary = renderRunSummary(r);
    expect(summary).toMatch(/^Total +6,000 .* 6\.00s +1,000 /m);
    expect(summary).toMatch(/^Whole run 40\.0s: plan 2\.00s, data 6\.00s, validate 30\.0s$/m);
    expect(renderMarkdown(r)).toContain('- Phases: plan 2.00s, data 6.00s, validate 30.0s');
    expect(renderHtml(r)).toContain('6,000 rows, 586 kB, 1,000 rows/s, 0.1 MB/s in the data phase (6.00s)');
  });
});

describe('buildRunReport of a resumed run', () => {
  // Issue 17: an empty --resume (every range finished by the interrupted run) printed "3,206,094,144 rows/s":
  // the earlier run's rows divided by this run's near-zero data phase.
  const earlier = (taskId: string, rows: number): TaskProgress => ({
    ...progress(taskId, 'app.a', rows, 0),
    bytes: 0,
    rowsPerSec: 0,
    loadedEarlier: true,
  });

  it('gives no rate when nothing was left to load, and says so', () => {
    const r = buildRunReport({
      startedAt: new Date(0),
      finishedAt: new Date(900),
      source: 's',
      target: 't',
      state: 'done',
      tasks: [earlier('a#0', 1_000_000), earlier('a#1', 603_047_072)],
      phases: [{ phase: 'data', status: 'ok', seconds: 0.0005 }],
    });
    expect(r.totals).toMatchObject({ rows: 604_047_072, rowsLoadedEarlier: 604_047_072, rowsPerSec: 0 });
    expect(r.tables[0]).toMatchObject({ rows: 604_047_072, rowsPerSec: 0 });
    const summary = renderRunSummary(r);
    expect(summary).not.toMatch(/\d{7,} *$/m);
    expect(summary).toMatch(/^app\.a +604,047,072 .* 0\.00s +- +0 /m);
    expect(summary).toMatch(/^Total +604,047,072 .* +- +0 +done$/m);
    const total = '604,047,072 rows, all loaded by the interrupted run: nothing left to load';
    expect(renderMarkdown(r)).toContain(`- Total: ${total}`);
    expect(renderHtml(r)).toContain(total);
  });

  it('measures the rate over the rows this run loaded, not those of the interrupted run', () => {
    const r = buildRunReport({
      startedAt: new Date(0),
      finishedAt: new Date(3_000),
      source: 's',
      target: 't',
      state: 'done',
      tasks: [earlier('a#0', 9_000), progress('a#1', 'app.a', 1_000, 2)],
      phases: [{ phase: 'data', status: 'ok', seconds: 2 }],
    });
    expect(r.totals).toMatchObject({ rows: 10_000, rowsLoadedEarlier: 9_000, rowsPerSec: 500 });
    expect(r.tables[0]).toMatchObject({ rows: 10_000, rowsPerSec: 500 });
    expect(renderMarkdown(r)).toContain(
      '- Total: 10,000 rows (9,000 loaded by the interrupted run), 97.7 kB, 500 rows/s',
    );
  });

  it('gives no rate over a near-zero time', () => {
    const r = buildRunReport({
      startedAt: new Date(0),
      finishedAt: new Date(1),
      source: 's',
      target: 't',
      state: 'done',
      tasks: [progress('a#0', 'app.a', 3, 0.0001)],
      phases: [{ phase: 'data', status: 'ok', seconds: 0.0001 }],
    });
    expect(r.totals.rowsPerSec).toBe(0);
    expect(r.tables[0].rowsPerSec).toBe(0);
    expect(renderRunSummary(r)).toMatch(/^Total +3 .* +- +0 +done$/m);
  });
});

/** The report of a finished run of `tasks`. */
const doneRun = (tasks: TaskProgress[]) =>
  buildRunReport({
    startedAt: new Date(0),
    finishedAt: new Date(1_000),
    source: 's',
    target: 't',
    state: 'done',
    tasks,
  });

describe('buildRunReport with error policies', () => {
  it('adds up rejected rows and fixed values reported by the tasks, and warns per fix code', () => {
    const r = doneRun([
      { ...progress('a#0', 'app.a', 10, 1), rejected: 1, fixes: { NUL_IN_TEXT: 2 } },
      { ...progress('a#1', 'app.a', 10, 1), rejected: 2, fixes: { NUL_IN_TEXT: 1, SUB_MICROSECOND: 1 } },
    ]);
    expect(r.tables[0]).toMatchObject({
      rejected: 3,
      fixed: 4,
      warnings: ['3 values fixed by policy: NUL_IN_TEXT', '1 value fixed by policy: SUB_MICROSECOND'],
    });
  });
});

describe('values changed by rule, per column', () => {
  const report = () =>
    doneRun([
      {
        ...progress('app.a#1', 'app.a', 10, 1),
        fixes: { NUL_IN_TEXT: 1 },
        columnFixes: [
          { column: 'label', rule: 'NUL_IN_TEXT', count: 1, firstRow: 2, firstKey: 'id=12' },
          { column: 'ends', rule: 'END_OF_TIME', count: 4, firstRow: 1, firstKey: 'id=11' },
        ],
      },
      {
        ...progress('app.a#0', 'app.a', 10, 1),
        fixes: { NUL_IN_TEXT: 2 },
        columnFixes: [{ column: 'label', rule: 'NUL_IN_TEXT', count: 2, firstRow: 5, firstKey: 'id=5' }],
      },
    ]);

  it('adds up the tasks per column and rule, the first row from the first range that had one', () => {
    expect(report().tables[0]).toMatchObject({
      fixed: 3,
      fixes: { NUL_IN_TEXT: 3 },
      columnFixes: [
        {
          column: 'ends',
          rule: 'END_OF_TIME',
          count: 4,
          firstRow: 1,
          firstKey: 'id=11',
          firstTask: 'app.a#1',
        },
        {
          column: 'label',
          rule: 'NUL_IN_TEXT',
          count: 3,
          firstRow: 5,
          firstKey: 'id=5',
          firstTask: 'app.a#0',
        },
      ],
    });
  });

  it('shows them in the Markdown, HTML and JSON reports and in the terminal summary', () => {
    const r = report();
    expect(renderMarkdown(r)).toContain('| app.a | label | NUL_IN_TEXT | 3 | row 5 of app.a#0, key id=5 |');
    expect(renderHtml(r)).toContain(
      '<tr><td>app.a</td><td>ends</td><td><code>END_OF_TIME</code></td><td class="n">4</td><td>row 1 of app.a#1, key id=11</td></tr>',
    );
    expect(JSON.parse(renderJson(r)).tables[0].columnFixes).toHaveLength(2);
    expect(renderRunSummary(r)).toContain(
      'app.a.label: 3 values changed by NUL_IN_TEXT (first: row 5 of app.a#0, key id=5)',
    );
  });
});

describe('report renderers', () => {
  it('renders one self-contained HTML page: inline CSS, no external assets or scripts, escaped text', () => {
    const html = renderHtml(sampleReport());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|\ssrc=|href=|url\(/i);
    expect(html).toContain('app.&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value &quot;x&quot; &amp; &lt;y&gt; rejected');
    expect(html).toContain('DECLARE c CURSOR FOR SELECT 1 WHERE a &lt; b');
    expect(html).toContain('range 1 (OrderID &gt;= 10500): 400 source rows, 399 target rows');
  });

  it('never prints a password, in any format', () => {
    const r = sampleReport();
    for (const text of [renderHtml(r), renderMarkdown(r), renderJson(r), renderRunSummary(r)]) {
      expect(text).not.toContain('Sup3rS3cret!');
      expect(text).not.toContain('pg-p4ss');
    }
    expect(renderJson(r)).toContain('postgres://ferry:***@localhost:5432/northwind');
  });

  it('renders Markdown with a table row per table and the mismatches', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain(
      '| Table | State | Rows | Bytes | Time | Rows/s | MB/s | Validation | Rejected | Fixed |',
    );
    expect(md).toContain('| app.orders | done | 1,000 | 97.7 kB | 5.00s | 200 | 0.0 | MISMATCH | 2 | 5 |');
    expect(md).toContain(
      '- mismatch: app.orders (from dbo.Orders), range 1 (OrderID >= 10500): 400 source rows, 399 target rows',
    );
    expect(md).toContain('**high** `TSQL_CURSOR` procedure dbo.P: cursor loop needs review');
  });

  it('renders JSON that parses back to the report (secrets masked)', () => {
    const r = sampleReport();
    const parsed = JSON.parse(renderJson(r)) as RunReport;
    expect(parsed.tables).toEqual(r.tables);
    expect(parsed.kind).toBe('run');
  });

  it('renders a terminal summary table with aligned columns and a total line', () => {
    const text = renderRunSummary(sampleReport());
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^table\s+rows\s+bytes\s+time\s+rows\/s\s+errors\s+validation$/);
    expect(lines).toContain(lines.find((l) => l.startsWith('app.orders'))!);
    expect(lines.find((l) => l.startsWith('app.orders'))).toMatch(
      /1,000\s+97\.7 kB\s+5\.00s\s+200\s+2\s+MISMATCH$/,
    );
    const total = lines.findIndex((l) => l.startsWith('Total'));
    expect(lines[total]).toMatch(/^Total\s+1,000\s+.*\s+failed$/);
    // every data line has the same width up to the validation column
    const at = lines[0].indexOf('validation');
    expect(
      lines
        .slice(0, total + 1)
        .filter((l) => !l.startsWith('-'))
        .every((l) => l.length >= at),
    ).toBe(true);
    // Under the table, what a table's validation means when it means less than "the same rows".
    expect(lines.slice(total + 1)).toEqual([
      'app.orders: 2 rows left out by the reject policy and 5 values changed by the fix policy during the load, so the table differs from its source there',
    ]);
  });

  it('writes JSON, Markdown and HTML files and returns their paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-report-'));
    try {
      const files = await writeReports(join(dir, 'reports'), sampleReport());
      expect(files.html).toBe(join(dir, 'reports', 'run-report.html'));
      expect(await readFile(files.html, 'utf8')).toContain('<title>Ferry run report</title>');
      expect(JSON.parse(await readFile(files.json, 'utf8')).kind).toBe('run');
      expect(await readFile(files.markdown, 'utf8')).toMatch(/^# Ferry run report/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('buildAssessmentReport', () => {
  it('counts objects by type as converted, with warnings or manual, and groups action items', () => {
    const model = emptyModel();
    const table = (name: string) => ({
      schema: 'dbo',
      name,
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    });
    model.tables = [table('A'), table('B'), table('C')];
    model.routines = [{ schema: 'dbo', name: 'P', kind: 'procedure', definition: '', dialect: 'tsql' }];
    const report = buildAssessmentReport({
      model,
      source: 'mssql',
      actionItems: [
        { code: 'TYPE_HIERARCHYID', severity: 'medium', object: 'dbo.B.node', message: 'kept as text' },
        { code: 'TSQL_CURSOR', severity: 'high', object: 'procedure dbo.P', message: 'cursor' },
        { code: 'TYPE_HIERARCHYID', severity: 'medium', object: 'dbo.C.path', message: 'kept as text' },
      ],
    });
    expect(report.objects).toEqual([
      { type: 'procedure', found: 1, converted: 0, withWarnings: 0, manual: 1 },
      { type: 'table', found: 3, converted: 1, withWarnings: 2, manual: 0 },
    ]);
    expect(report.convertedPercent).toBe(75);
    expect(report.actionItemGroups).toEqual([
      { code: 'TSQL_CURSOR', severity: 'high', count: 1, objects: ['procedure dbo.P'] },
      { code: 'TYPE_HIERARCHYID', severity: 'medium', count: 2, objects: ['dbo.B.node', 'dbo.C.path'] },
    ]);
    const html = renderHtml(report);
    expect(html).toContain(
      '<td>table</td><td class="n">3</td><td class="n">1</td><td class="n">2</td><td class="n">0</td>',
    );
    expect(renderMarkdown(report)).toContain('| high | TSQL_CURSOR | 1 | procedure dbo.P |');
    // The action item list of the HTML page starts with the most severe item; numeric headers align with their figures.
    const items = html.slice(html.lastIndexOf('<h2>Action items</h2>'));
    expect(items.indexOf('procedure dbo.P')).toBeLessThan(items.indexOf('dbo.B.node'));
    expect(html).toContain('<th class="n">Found</th>');
    // An assessment.json of an earlier Ferry (no objects one by one) still renders (`ferry report`).
    const { objectDetails: _, ...earlier } = report;
    expect(renderHtml(earlier)).toContain('written by an earlier Ferry');
  });
});
