// A malformed connection string or URL (a reserved character left unencoded in a password) is
// never echoed by the `ferry` command, in text, --json or --verbose output: the error names the
// setting and the position only, and exits 2.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry, project, type FerryResult, type Project } from '@ferry/test-harness/ferry-bin';

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ connectionString: process.env.MSSQL_URL }),
  target: postgres({ url: process.env.DATABASE_URL }),
});
`;

// The two shapes that printed passwords: an unencoded "/" in a URL, an unbraced ";" in an ADO string.
const pgPassword = 'Pg9s/Secret+Hunter2';
const msPassword = 'MsS3cret;Hunter2x';
const cases = {
  'target URL with "/" in the password': {
    MSSQL_URL: 'Server=127.0.0.1,1;User ID=sa;Password={unused-pw};Encrypt=False',
    DATABASE_URL: `postgres://postgres:${pgPassword}@127.0.0.1:1/db`,
  },
  'source connection string with an unbraced ";"': {
    MSSQL_URL: `Server=127.0.0.1,1;User ID=sa;Password=${msPassword};Encrypt=False`,
    DATABASE_URL: 'postgres://postgres:unused@127.0.0.1:1/db',
  },
};
const modes = [['plan'], ['run', '--json', '--verbose']];

describe('secrets: malformed connection settings are never echoed', () => {
  let dir: Project;
  const results: [string, FerryResult][] = [];
  beforeAll(async () => {
    dir = project({ 'migration.config.ts': config });
    for (const [name, env] of Object.entries(cases))
      for (const args of modes)
        results.push([`${name}, ferry ${args.join(' ')}`, await ferry(dir.dir, args, env)]);
  });
  afterAll(() => dir?.remove());

  it('every run exits 2 and names the setting', () => {
    for (const [name, r] of results) {
      expect(r.code, name).toBe(2);
      expect(r.stdout + r.stderr, name).toMatch(/target\.url|source\.connectionString/);
    }
  });

  it('no piece of either password appears in any output', () => {
    const pieces = [pgPassword, msPassword, 'Pg9s', 'Secret+Hunter2', 'MsS3cret', 'Hunter2x', 'Hunter2'];
    for (const [name, r] of results)
      for (const piece of pieces) expect(r.stdout + r.stderr, `${piece} in ${name}`).not.toContain(piece);
  });
});
