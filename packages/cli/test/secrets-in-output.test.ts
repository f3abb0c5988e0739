import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ferry, project, type FerryResult } from './ferry-harness.js';

// Nothing listens on port 1: every run below fails to connect, the way a wrong host does.
const sqlPassword = 'Sql-Pw-7d1e9!';
const pgPassword = 'Pg-Pw-0b3c5';
const configs = {
  'mssql-to-postgres.config.ts': `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';
export default defineMigration({
  source: mssql({ connectionString: process.env.MSSQL_URL }),
  target: postgres({ url: process.env.DATABASE_URL, schema: 'app' }),
});
`,
  'generator-to-postgres.config.ts': `import { defineMigration } from '@ferry/core';
import { generator } from '@ferry/core/testing';
import { postgres } from '@ferry/target-postgres';
export default defineMigration({
  source: generator({ tables: [{ schema: 'dbo', name: 'T', rows: 10 }] }),
  target: postgres({ host: '127.0.0.1', port: 1, user: 'ferry', password: '${pgPassword}', database: 'db' }),
});
`,
  'bad-options.config.ts': `import { defineMigration } from '@ferry/core';
import { generator } from '@ferry/core/testing';
import { postgres } from '@ferry/target-postgres';
export default defineMigration({
  source: generator({ tables: [{ schema: 'dbo', name: 'T', rows: 10 }] }),
  target: postgres({ url: 'postgres://ferry:${pgPassword}@127.0.0.1:1/db', ssl: 'postgres://ferry:${pgPassword}@127.0.0.1:1/db' } as never),
});
`,
};
const env = {
  MSSQL_URL: `Server=127.0.0.1,1;Database=Shop;User Id=sa;Password=${sqlPassword};Encrypt=false;Connect Timeout=5`,
  DATABASE_URL: `postgres://ferry:${pgPassword}@127.0.0.1:1/db`,
};

describe('secrets in the config', () => {
  let dir: string;
  let results: Record<string, FerryResult>;
  beforeAll(async () => {
    dir = project(configs);
    const runs = {
      mssqlRun: ['--verbose', '-c', 'mssql-to-postgres.config.ts', 'run', '--reports', 'r1'],
      mssqlJson: ['--json', '--verbose', '-c', 'mssql-to-postgres.config.ts', 'validate'],
      postgresRun: ['--verbose', '-c', 'generator-to-postgres.config.ts', 'run', '--reports', 'r2'],
      badOptions: ['--verbose', '-c', 'bad-options.config.ts', 'plan'],
    };
    const entries = await Promise.all(
      Object.entries(runs).map(async ([k, args]) => [k, await ferry(dir, args, env)] as const),
    );
    results = Object.fromEntries(entries);
  });

  it('fail with the documented exit codes', () => {
    expect(results.mssqlRun.code).toBe(1);
    expect(results.mssqlRun.stderr).toMatch(/^error: .*127\.0\.0\.1/m);
    expect(results.mssqlJson.code).toBe(1);
    expect(results.postgresRun.code).toBe(1);
    expect(results.badOptions.code).toBe(2);
    expect(results.badOptions.stderr).toMatch(/^ {2}- target\.options\.ssl: /m);
  });

  it('never appear in stdout, stderr (with stacks) or the reports', () => {
    const reports = ['r1', 'r2']
      .map((d) => join(dir, d))
      .filter((d) => existsSync(d))
      .flatMap((d) => readdirSync(d).map((f) => readFileSync(join(d, f), 'utf8')));
    expect(reports.length).toBeGreaterThan(0);
    const everything = [...Object.values(results).flatMap((r) => [r.stdout, r.stderr]), ...reports].join(
      '\n',
    );
    expect(everything.length).toBeGreaterThan(500);
    expect(everything).not.toContain(sqlPassword);
    expect(everything).not.toContain(pgPassword);
  });
});
