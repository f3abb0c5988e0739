import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, defineMigration, defineSourcePlugin, ExitCode, parseConfig } from '../src/index.js';

const demo = defineSourcePlugin({
  name: 'demo',
  configSchema: z.object({ rows: z.number() }),
  create: () => {
    throw new Error('not used');
  },
});
const minimal = {
  source: { plugin: 'mssql', connectionString: 'Server=x' },
  target: { plugin: 'postgres', url: 'postgres://h/db' },
};

function issuesOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).exitCode).toBe(ExitCode.usage);
    return (e as ConfigError).issues;
  }
  throw new Error('expected the config to be rejected');
}

describe('migration config schema', () => {
  it('fills the documented defaults', () => {
    const c = parseConfig(minimal);
    expect(c.naming).toEqual({ strategy: 'snake_case', onCollision: 'suffix', reservedWords: 'quote' });
    expect(c.load).toEqual({
      mode: 'full-load',
      prep: 'drop-and-create',
      parallelism: 4,
      batchRows: 250,
      batchBytes: 1024 * 1024,
      queueBatches: 4,
      queueBytes: 4 * 1024 * 1024,
      onError: 'fail',
      fastPath: true,
      maxRejectedRows: 10_000,
      fkMode: 'auto',
      validateFks: 'immediate',
      retries: { attempts: 5, baseMs: 500, maxMs: 30_000 },
      onSourceChange: 'fail',
      allowRestrictedReads: false,
    });
    expect(c.validate).toEqual({ checksums: true });
    expect(c.reports).toEqual({ dir: 'reports' });
    expect(c.rules).toEqual([]);
    expect(c.select).toEqual([]);
  });

  it('normalises every endpoint form to { plugin, options }', () => {
    const c = parseConfig({
      source: demo({ rows: 3 }),
      target: { plugin: 'ferry-plugin-x', options: { url: 'u' } },
    });
    expect(c.source.plugin).toMatchObject({ kind: 'source', name: 'demo' });
    expect(c.source.options).toEqual({ rows: 3 });
    expect(c.target).toEqual({ plugin: 'ferry-plugin-x', options: { url: 'u' } });
    expect(parseConfig(minimal).source).toEqual({
      plugin: 'mssql',
      options: { connectionString: 'Server=x' },
    });
  });

  it('rejects keys beside a plugin object and its options, and a plugin that is neither name nor plugin', () => {
    expect(issuesOf({ source: { ...demo({ rows: 1 }), rows: 2 }, target: { plugin: '' } })).toEqual([
      'source.rows: unknown key (plugin options go in options), got 2',
      'target.plugin: expected a plugin name or a plugin made by defineSourcePlugin/defineTargetPlugin, got ""',
    ]);
  });

  it('takes naming as a strategy name or as { strategy, onCollision }', () => {
    expect(parseConfig({ ...minimal, naming: 'lowercase' }).naming).toEqual({
      strategy: 'lowercase',
      onCollision: 'suffix',
      reservedWords: 'quote',
    });
    expect(parseConfig({ ...minimal, naming: { onCollision: 'fail' } }).naming).toEqual({
      strategy: 'snake_case',
      onCollision: 'fail',
      reservedWords: 'quote',
    });
    expect(() => parseConfig({ ...minimal, naming: { onCollision: 'rename' } })).toThrow(/naming/);
    expect(parseConfig({ ...minimal, naming: { strategy: 'fold', reservedWords: 'rename' } }).naming).toEqual(
      {
        strategy: 'fold',
        onCollision: 'suffix',
        reservedWords: 'rename',
      },
    );
  });

  it('reads the load mode and key columns, naming the config path of a wrong one', () => {
    const c = parseConfig({
      ...minimal,
      load: { mode: 'full-load-and-cdc' },
      tables: { 'dbo.Notes': { keyColumns: ['Id'] } },
    });
    expect(c.load.mode).toBe('full-load-and-cdc');
    expect(c.tables['dbo.Notes']!.keyColumns).toEqual(['Id']);
    expect(issuesOf({ ...minimal, load: { mode: 'cdc' } })).toEqual([
      'load.mode: expected one of full-load|full-load-and-cdc|cdc-only, got "cdc"',
    ]);
    expect(issuesOf({ ...minimal, tables: { 'dbo.Notes': { keyColumns: [] } } })).toEqual([
      expect.stringMatching(/^tables\.dbo\.Notes\.keyColumns: /),
    ]);
  });

  it('keeps row transforms as functions', () => {
    const transform = (row: Record<string, unknown>) => ({ ...row, HomePhone: null });
    const c = parseConfig({ ...minimal, tables: { 'dbo.Employees': { exclude: ['Photo'], transform } } });
    expect(c.tables['dbo.Employees']!.transform).toBe(transform);
  });

  it('compiles select patterns into include and exclude rules', () => {
    const c = parseConfig({ ...minimal, select: ['dbo.%', '!dbo.sysdiagrams'] });
    expect(c.select).toEqual([
      { id: 'select[0]', action: 'include', match: { schema: 'dbo', table: '%' } },
      { id: 'select[1]', action: 'exclude', match: { schema: 'dbo', table: 'sysdiagrams' } },
    ]);
  });

  it('compiles typed rules, checking add-column constants against their type', () => {
    const c = parseConfig({
      ...minimal,
      rules: [
        { action: 'rename', target: 'table', match: 'dbo.Order Details', to: 'order_lines' },
        { action: 'add-column', match: 'dbo.%', column: 'migrated', type: { kind: 'int64' }, value: 42 },
      ],
    });
    expect(c.rules).toEqual([
      {
        id: 'rules[0]',
        action: 'rename',
        target: 'table',
        match: { schema: 'dbo', table: 'Order Details' },
        value: 'order_lines',
      },
      {
        id: 'rules[1]',
        action: 'add-column',
        match: { schema: 'dbo', table: '%' },
        column: 'migrated',
        type: { kind: 'int64' },
        value: 42n,
      },
    ]);
    expect(
      issuesOf({
        ...minimal,
        rules: [{ action: 'add-column', match: 'dbo.T', column: 'c', type: { kind: 'int16' }, value: 70000 }],
      }),
    ).toEqual(['rules[0].value: expected an integer in -32768..32767 for type int16, got 70000']);
  });

  it('lists every problem with its path and the value it got', () => {
    const issues = issuesOf({
      source: { plugin: 'mssql' },
      tables: { 'dbo.Orders': { prep: 'nothing', transform: 'x => x', ranges: 0 } },
      load: { parallelism: 'four', paralellism: 2 },
      naming: 'camelCase',
      rules: [
        { action: 'renam', target: 'table', match: 'dbo.T', to: 'x' },
        { action: 'remove-column', match: 'dbo.Orders' },
      ],
      select: ['Orders'],
    });
    expect(issues).toEqual([
      'target: required (expected object)',
      'select[0]: expected schema.table (% as wildcard), got "Orders"',
      'rules[0].action: expected one of include|exclude|rename|convert-lowercase|convert-uppercase|add-prefix|remove-prefix|add-suffix|remove-suffix|replace-prefix|replace-suffix|remove-column|add-column|change-data-type, got "renam"',
      'rules[1].match: expected schema.table.column (% as wildcard), got "dbo.Orders"',
      'naming: expected one of preserve|snake_case|lowercase|fold, got "camelCase"',
      'tables.dbo.Orders.prep: expected one of drop-and-create|truncate|do-nothing, got "nothing"',
      'tables.dbo.Orders.ranges: expected a number >= 1, got 0',
      'tables.dbo.Orders.transform: expected a function (row) => row | null, got "x => x"',
      'load.parallelism: expected number, got "four"',
      'load.paralellism: unknown key',
    ]);
  });

  it('reports DMS table-mapping problems by rule-id together with the other issues', () => {
    const issues = issuesOf({
      ...minimal,
      naming: 'x',
      dmsTableMappings: {
        rules: [
          {
            'rule-type': 'transformation',
            'rule-id': '7',
            'rule-name': 'full-name',
            'rule-action': 'add-column',
            'rule-target': 'column',
            'object-locator': { 'schema-name': 'dbo', 'table-name': 'Employees' },
            value: 'FULL_NAME',
            expression: "$FirstName||' '||$LastName LIKE 'x%'",
            'data-type': { type: 'string', length: 50 },
          },
        ],
      },
    });
    expect(issues).toEqual([
      `dmsTableMappings.rules[0]: rule-id 7: add-column expression "$FirstName||' '||$LastName LIKE 'x%'": unsupported syntax at LIKE`,
      'naming: expected one of preserve|snake_case|lowercase|fold, got "x"',
    ]);
  });

  it('never prints secrets it received', () => {
    const issues = issuesOf({
      source: { plugin: 3, password: 'hunter22' },
      target: { plugin: 'postgres' },
      tables: { 'dbo.T': { where: 7, ranges: 'postgres://me:s3cret@host/db' } },
    });
    expect(issues).toEqual([
      'source.plugin: expected a plugin name or a plugin made by defineSourcePlugin/defineTargetPlugin, got 3',
      'tables.dbo.T.where: expected string, got 7',
      'tables.dbo.T.ranges: expected number, got "postgres://me:***@host/db"',
    ]);
  });

  it('redacts a long value before shortening it', () => {
    const url = `postgres://migrator:${'x'.repeat(40)}@db.example.test:5432/northwind`;
    const [issue] = issuesOf({ ...minimal, load: { parallelism: url } });
    expect(issue).toBe(
      'load.parallelism: expected number, got "postgres://migrator:***@db.example.test:5432/northwind"',
    );
    const [long] = issuesOf({ ...minimal, load: { parallelism: 'y'.repeat(100) } });
    expect(long).toBe(`load.parallelism: expected number, got "${'y'.repeat(56)}..."`);
  });

  it('defineMigration returns its argument unchanged', () => {
    const def = { ...minimal, naming: 'preserve' as const };
    expect(defineMigration(def)).toBe(def);
  });
});
