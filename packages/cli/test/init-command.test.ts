import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@ferry/core';
import { ferry, project } from './ferry-harness.js';

describe('ferry init', () => {
  it('writes a commented SQL Server -> PostgreSQL config with secrets from environment variables, and never overwrites it without --force', async () => {
    const dir = project();
    const first = await ferry(dir, ['init']);
    expect(first.code).toBe(0);
    const path = join(dir, 'migration.config.ts');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('mssql({ connectionString: process.env.MSSQL_URL })');
    expect(text).toContain("postgres({ url: process.env.DATABASE_URL, schema: 'public' })");
    expect(text).toMatch(/^\s*\/\/ /m);

    writeFileSync(path, '// mine\n');
    const again = await ferry(dir, ['init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('migration.config.ts already exists');
    expect(again.stderr).toContain('--force');
    expect(readFileSync(path, 'utf8')).toBe('// mine\n');

    const forced = await ferry(dir, ['init', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);

    // The written config loads and validates, with the real mssql and postgres plugins.
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBe(path);
    expect(loaded.config.source.plugin).toMatchObject({ name: 'mssql', kind: 'source' });
    expect(loaded.config.target.plugin).toMatchObject({ name: 'postgres', kind: 'target' });
    expect(loaded.config.load).toMatchObject({ prep: 'drop-and-create', parallelism: 4, onError: 'fail' });
  });

  it('then `ferry plan --dry-run` with the in-repo test endpoints prints the plan of every phase', async () => {
    const dir = project();
    expect((await ferry(dir, ['init'])).code).toBe(0);
    const path = join(dir, 'migration.config.ts');
    const text = readFileSync(path, 'utf8')
      .replace(
        "import { mssql } from '@ferry/source-mssql';",
        "import { generator, memory } from '@ferry/core/testing';",
      )
      .replace("import { postgres } from '@ferry/target-postgres';\n", '')
      .replace(
        'mssql({ connectionString: process.env.MSSQL_URL })',
        "generator({ tables: [{ schema: 'dbo', name: 'OrderLines', rows: 1000 }, { schema: 'dbo', name: 'sysdiagrams', rows: 1 }] })",
      )
      .replace("postgres({ url: process.env.DATABASE_URL, schema: 'public' })", 'memory({})');
    writeFileSync(path, text);

    const plan = await ferry(dir, ['plan', '--dry-run']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('-- ==== pre-data: 2 steps ====');
    expect(plan.stdout).toContain('CREATE TABLE dbo.order_lines (');
    expect(plan.stdout).toContain('-- ==== data: 1 task ====');
    expect(plan.stdout).toContain('-- copy dbo.order_lines <- dbo.OrderLines, whole table, ~1000 rows');
    expect(plan.stdout).toContain('-- ==== post-data: 1 step ====');
    expect(plan.stdout).not.toContain('sysdiagrams'); // excluded by the template's select rule
  });
});

describe('a broken config', () => {
  it('prints every zod issue with its path and exits 2', async () => {
    const dir = project({
      'migration.config.ts': `import { defineMigration } from '@ferry/core';
import { generator, memory } from '@ferry/core/testing';
export default defineMigration({
  source: generator({ tables: [{ name: 'T', rows: 1 }] }),
  target: memory({}),
  naming: 'camelCase',
  load: { prep: 'nothing', parallelism: 0 },
  tables: { 'dbo.T': { ranges: -1 } },
} as never);
`,
    });
    const result = await ferry(dir, ['plan']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Invalid migration config');
    for (const path of ['naming', 'load.prep', 'load.parallelism', 'tables.dbo.T.ranges']) {
      expect(result.stderr).toMatch(new RegExp(`^  - ${path.replace(/\./g, '\\.')}: `, 'm'));
    }
    expect(result.stderr).toContain('"nothing"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('keeps the exit code, where and hint of an error a plugin loaded by the config throws', async () => {
    const dir = project({
      'migration.config.ts': `import { z } from 'zod';
import { ConfigError, defineMigration, defineTargetPlugin } from '@ferry/core';
import { generator } from '@ferry/core/testing';
const picky = defineTargetPlugin({
  name: 'picky',
  configSchema: z.object({}),
  create: () => {
    throw new ConfigError('target.options.database: database "shop" does not exist', [], { where: 'target.options.database', hint: 'create it first' });
  },
});
export default defineMigration({ source: generator({ tables: [{ name: 'T', rows: 1 }] }), target: picky({}) });
`,
    });
    const result = await ferry(dir, ['run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'config error: target.options.database: database "shop" does not exist\n  hint: create it first\n',
    );
  });
});
