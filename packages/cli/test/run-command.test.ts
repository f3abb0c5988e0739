import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ferry, generatorConfig, project, startFerry, type FerryResult } from './ferry-harness.js';

// A target refusing ids that are multiples of 100 under the reject policy, as PostgreSQL refuses a NUL in text.
const rejectingConfig = `import { z } from 'zod';
import { defineMigration, defineTargetPlugin } from '@ferry/core';
import { collectingTarget, generator } from '@ferry/core/testing';
const picky = defineTargetPlugin({
  name: 'picky',
  configSchema: z.object({}),
  create: () => {
    const t = collectingTarget();
    return {
      ...t,
      async write(table, batches, options) {
        let rejected = 0;
        async function* kept() {
          for await (const b of batches) {
            const rows = [];
            for (const [i, row] of b.rows.entries()) {
              if (Number(row[0]) % 100 !== 0) rows.push(row);
              else {
                rejected++;
                await options.onReject?.({ table: 'dbo.t', rowNumber: i + 1, key: { id: row[0] }, column: 'id', code: 'TEST', reason: 'id is a multiple of 100', row });
              }
            }
            yield { rows, bytes: b.bytes };
          }
        }
        return { ...(await t.write(table, kept(), options)), rejected };
      },
    };
  },
});
export default defineMigration({
  source: generator({ tables: [{ name: 'T', rows: 250 }] }),
  target: picky({}),
  load: { onError: 'reject' },
});
`;

describe('ferry run (generator -> memory)', () => {
  let dir: string;
  let plain: FerryResult,
    json: FerryResult,
    dryRun: FerryResult,
    jsonConfig: FerryResult,
    rejecting: FerryResult;
  beforeAll(async () => {
    dir = project({
      'migration.config.ts': generatorConfig({ extra: "tables: { 'dbo.Orders': { ranges: 2 } }," }),
      'rejecting.config.ts': rejectingConfig,
      'by-name.json': JSON.stringify({
        source: { plugin: 'generator', tables: [{ name: 'J', rows: 100 }] },
        target: { plugin: 'memory' },
      }),
    });
    [plain, json, dryRun, jsonConfig, rejecting] = await Promise.all([
      ferry(dir, ['run', '--reports', 'out/plain']),
      ferry(dir, ['--json', 'run', '--reports', 'out/json', '--parallelism', '1']),
      ferry(dir, ['run', '--dry-run', '--reports', 'out/dry']),
      ferry(dir, ['--config', 'by-name.json', 'run', '--reports', 'out/by-name']),
      ferry(dir, ['--config', 'rejecting.config.ts', 'run', '--reports', 'out/rejects']),
    ]);
  });

  it('writes the rows the target rejects under the reject policy to rejected-rows.ndjson, with key and reason', () => {
    expect(rejecting.stdout).toMatch(/^data: dbo\.t done: 248 rows, /m);
    expect(rejecting.stdout).toMatch(/^warning: dbo\.t: 2 rows rejected under the reject policy$/m);
    const file = join(dir, 'out/rejects/rejected-rows.ndjson');
    expect(rejecting.stdout).toContain(`rejected rows: 2, with their key and reason, in ${file}`);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.table, l.key.id, l.column, l.code, l.reason])).toEqual([
      ['dbo.t', 100, 'id', 'TEST', 'id is a multiple of 100'],
      ['dbo.t', 200, 'id', 'TEST', 'id is a multiple of 100'],
    ]);
    // The target holds 2 rows fewer than the source: validation says so, and the exit code is 3.
    expect(rejecting.code).toBe(3);
    expect(rejecting.stderr).toContain('validation: 1 tables differ');
  });

  it('runs a JSON config that names its endpoints by string (built-in test plugins)', () => {
    expect(jsonConfig.code).toBe(0);
    expect(jsonConfig.stdout).toMatch(
      /^validate: dbo\.j match by checksum \(source 100 rows, target 100 rows\)/m,
    );
  });

  it('moves the rows and prints plain progress lines, the summary table and where the reports are', () => {
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    const out = plain.stdout;
    expect(out).toContain('introspect: ok');
    expect(out).toMatch(/^data: dbo\.orders \[range 1\] done: 2,500 rows/m);
    expect(out).toMatch(/^data: dbo\.customers done: 300 rows/m);
    expect(out).toMatch(/^validate: dbo\.orders match by checksum \(source 5,000 rows, target 5,000 rows\)/m);
    expect(out).toMatch(/^table\s+rows\s+bytes\s+time\s+rows\/s\s+errors\s+validation$/m);
    expect(out).toMatch(/^dbo\.orders\s+5,000\s/m);
    expect(out).toMatch(/^Total\s+5,300\s.*\sdone$/m);
    expect(out).not.toContain('\u001b['); // no escape sequences when not a TTY
    const reportPath = join(dir, 'out/plain/run-report.json');
    expect(out).toContain(join(dir, 'out/plain/run-report.html'));
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report).toMatchObject({ kind: 'run', state: 'done', totals: { rows: 5300 } });
    expect(existsSync(join(dir, 'out/plain/run-report.md'))).toBe(true);
  });

  it('--json emits one parseable event per line, nothing else on stdout', () => {
    expect(json.code).toBe(0);
    const events = json.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const phases = events.filter((e) => e.type === 'phase-end').map((e) => `${e.phase}:${e.status}`);
    expect(phases).toEqual([
      'introspect:ok',
      'plan:ok',
      'pre-data:ok',
      'data:ok',
      'post-data:ok',
      'validate:ok',
    ]);
    const taskEnds = events.filter((e) => e.type === 'task-end');
    expect(taskEnds.map((e) => [e.task, e.status, e.rows])).toEqual([
      ['dbo.orders#0', 'done', 2500],
      ['dbo.orders#1', 'done', 2500],
      ['dbo.customers', 'done', 300],
    ]);
    expect(
      events.filter((e) => e.type === 'validation').map((e) => [e.result.table, e.result.match]),
    ).toEqual([
      ['dbo.customers', true],
      ['dbo.orders', true],
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      state: 'done',
      match: true,
      report: { totals: { rows: 5300 } },
    });
  });

  it('--dry-run lists the steps and tasks and executes nothing', () => {
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('data: skipped');
    expect(dryRun.stdout).toContain('dry run: 3 tasks not run');
    expect(dryRun.stdout).toContain('dry run: nothing was executed');
    expect(dryRun.stdout).not.toMatch(/^data: .* done:/m);
    expect(existsSync(join(dir, 'out/dry'))).toBe(false);
  });
});

describe('ferry run with a failing source', () => {
  let failed: FerryResult, verbose: FerryResult;
  beforeAll(async () => {
    const dir = project({ 'migration.config.ts': generatorConfig({ failAt: 1234 }) });
    [failed, verbose] = await Promise.all([ferry(dir, ['run']), ferry(dir, ['run', '--verbose'])]);
  });

  it('exits 1 with one clear message naming the table, and no stack', () => {
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error: dbo\.Orders -> dbo\.orders, whole table: .*row 1234/m);
    expect(failed.stderr).not.toMatch(/^\s+at /m);
    expect(failed.stdout).toMatch(/^data: dbo\.orders failed/m);
    expect(failed.stdout).toMatch(/^dbo\.orders\s+0\s.*\s1\s+failed$/m);
  });

  it('adds the stack with --verbose', () => {
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });
});

describe('ferry run interrupted by Ctrl-C (SIGINT)', () => {
  it('stops reading, marks the task interrupted, writes the report and exits 1 with a message', async () => {
    const dir = project({
      'migration.config.ts': `import { defineMigration } from '@ferry/core';
import { generator, nullEndpoint } from '@ferry/core/testing';
export default defineMigration({
  source: generator({ tables: [{ schema: 'dbo', name: 'Big', rows: 10000000 }] }),
  target: nullEndpoint({ delayMs: 20 }),
  load: { batchRows: 1000 },
});
`,
    });
    const running = startFerry(dir, ['run']);
    await running.waitForOutput(/^data: dbo\.big started$/m);
    running.child.kill('SIGINT');
    const result = await running.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('interrupted: stopping');
    expect(result.stderr).toContain('tasks in flight were rolled back and marked interrupted');
    expect(result.stdout).toMatch(/^data: dbo\.big interrupted: /m);
    expect(result.stdout).toMatch(/^data: interrupted in /m);
    expect(result.stdout).not.toContain('post-data: started');
    const report = JSON.parse(readFileSync(join(dir, 'reports/run-report.json'), 'utf8'));
    expect(report.state).toBe('interrupted');
    expect(report.tables[0]).toMatchObject({ table: 'dbo.big', state: 'interrupted' });
    expect(report.tables[0].rows).toBeLessThan(10_000_000);
  });
});

describe('ferry run with a config whose own endpoint throws a FerryError of @ferry/core', () => {
  // The config imports the @ferry/core the bin runs (one module graph): its error keeps its class,
  // code, where and hint, where another copy's would be wrapped as "introspect failed: ...".
  const config = `import { defineMigration, defineSourcePlugin, FerryError } from '@ferry/core';
import { generator, memory } from '@ferry/core/testing';
const locked = defineSourcePlugin({
  name: 'locked',
  configSchema: generator.configSchema,
  create: (options, context) => ({
    ...generator.create(options, context),
    async introspect() {
      throw new FerryError('the catalog is locked', { where: 'dbo.Orders', hint: 'unlock it', code: 'TEST_LOCKED', exitCode: 2 });
    },
  }),
});
export default defineMigration({ source: locked({ tables: [{ name: 'Orders', rows: 1 }] }), target: memory({}) });
`;
  let result: FerryResult;
  beforeAll(async () => {
    result = await ferry(project({ 'migration.config.ts': config }), ['run', '--no-color']);
  });

  it('prints it as is, with its where, hint and exit code', () => {
    expect(result.stderr).toContain('the catalog is locked');
    expect(result.stderr).not.toContain('introspect failed');
    expect(result.stderr).toContain('dbo.Orders');
    expect(result.stderr).toContain('hint: unlock it');
    expect(result.code).toBe(2);
  });
});

describe('ferry run with a CommonJS migration.config.js', () => {
  // require() of @ferry/core (an ES module package) from a CommonJS config, as a JS user may write it.
  const config = `const { defineMigration } = require('@ferry/core');
const { generator, memory } = require('@ferry/core/testing');
module.exports = defineMigration({ source: generator({ tables: [{ name: 'T', rows: 30 }] }), target: memory({}) });
`;
  it('loads it and moves the rows', async () => {
    const dir = project({ 'package.json': '{ "type": "commonjs" }', 'migration.config.js': config });
    const result = await ferry(dir, ['run', '--no-color']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/dbo\.t +30 /);
    expect(result.code).toBe(0);
  });
});
