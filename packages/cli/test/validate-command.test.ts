import { describe, expect, it } from 'vitest';
import { ferry, generatorConfig, project } from './ferry-harness.js';

describe('ferry validate', () => {
  it('exits 3 and names every table whose rows differ (a fresh in-memory target holds none)', async () => {
    const dir = project({
      'migration.config.ts': generatorConfig({ extra: "tables: { 'dbo.Orders': { ranges: 2 } }," }),
    });
    const result = await ferry(dir, ['validate']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^validate: dbo\.orders MISMATCH by checksum \(source 5,000 rows, target 0 rows\)/m,
    );
    expect(result.stderr).toContain('validation: 2 of 2 tables differ:');
    expect(result.stderr).toMatch(
      /^ {2}dbo\.orders \(from dbo\.Orders\), range 0 \(id < 2501\): 2500 source rows, 0 target rows$/m,
    );
    expect(result.stderr).toMatch(
      /^ {2}dbo\.customers \(from dbo\.Customers\), whole table: 300 source rows, 0 target rows$/m,
    );
  });
});
