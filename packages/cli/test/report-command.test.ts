import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ferry, generatorConfig, project, type FerryResult } from './ferry-harness.js';

describe('ferry assess and ferry report', () => {
  let dir: string;
  let assess: FerryResult, report: FerryResult, missing: FerryResult;
  beforeAll(async () => {
    dir = project({ 'migration.config.ts': generatorConfig() });
    const [a, run] = await Promise.all([ferry(dir, ['assess']), ferry(dir, ['run'])]);
    assess = a;
    expect(run.code).toBe(0);
    rmSync(join(dir, 'reports/run-report.html'));
    [report, missing] = await Promise.all([
      ferry(dir, ['report']),
      ferry(dir, ['report', '--reports', 'nowhere']),
    ]);
  });

  it('assess prints objects by type and the share converted, and writes assessment.html', () => {
    expect(assess.code).toBe(0);
    expect(assess.stdout).toMatch(/^object type\s+found\s+converted\s+with warnings\s+needs you$/m);
    expect(assess.stdout).toMatch(/^table\s+2\s+2\s+0\s+0$/m);
    expect(assess.stdout).toMatch(/^schema\s+1\s+1\s+0\s+0$/m);
    expect(assess.stdout).toContain('converted automatically: 100% of 3 objects');
    expect(existsSync(join(dir, 'reports/assessment.html'))).toBe(true);
  });

  it('report prints the last run summary and writes the report pages again', () => {
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^run of .*: done$/m);
    expect(report.stdout).toMatch(/^Total\s+5,300\s/m);
    expect(report.stdout).toContain('assessment of ');
    expect(readFileSync(join(dir, 'reports/run-report.html'), 'utf8')).toContain('dbo.orders');
  });

  it('report without a report exits 1 and says where it looked', () => {
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: no report in ${join(dir, 'nowhere')}`);
  });
});
