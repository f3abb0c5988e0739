import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ferry, generatorConfig, project } from './ferry-harness.js';

describe('ferry convert --out dir, then ferry apply dir', () => {
  it('writes one .sql file per plan step in apply order, refuses to overwrite them, and applies them in name order', async () => {
    const dir = project({ 'migration.config.ts': generatorConfig() });
    const convert = await ferry(dir, ['convert', '--out', 'schema']);
    expect(convert.stderr).toBe('');
    expect(convert.code).toBe(0);
    const files = readdirSync(join(dir, 'schema')).sort();
    expect(files).toEqual([
      '001-pre-data-schema-dbo.sql',
      '002-pre-data-table-dbo.customers.sql',
      '003-pre-data-table-dbo.orders.sql',
      '004-post-data-primary-key-dbo.customers.sql',
      '005-post-data-primary-key-dbo.orders.sql',
    ]);
    const orders = readFileSync(join(dir, 'schema', files[2]), 'utf8');
    expect(orders).toMatch(
      /^-- pre-data table dbo\.orders\nDROP TABLE IF EXISTS dbo\.orders;\nCREATE TABLE dbo\.orders \(id int32 NOT NULL, /,
    );
    expect(convert.stdout).toContain('wrote 5 .sql files');

    const [again, apply] = await Promise.all([
      ferry(dir, ['convert', '--out', 'schema']),
      ferry(dir, ['--json', 'apply', 'schema']),
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds .sql files');
    expect(apply.code).toBe(0);
    const events = apply.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'step').map((e) => [e.phase, e.object, e.status])).toEqual(
      files.map((f) => [f.includes('post-data') ? 'post-data' : 'pre-data', f, 'done']),
    );
  });
});
