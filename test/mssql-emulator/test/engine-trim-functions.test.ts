import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { run } from './engine-helpers.js';

// LTRIM/RTRIM/TRIM return varchar/nvarchar (Microsoft's docs, "Return types"): trimming a char(n)
// value gives a value without its padding (RTRIM(sys.objects.type) is 'V', not 'V ').
describe('trim functions', () => {
  let s: EngineSession;
  beforeAll(async () => {
    s = (await createEngine({})).openSession({ user: 'sa', database: 'master' });
  });

  it('return a varying type: the padding of a char(n) or nchar(n) argument is gone', async () => {
    const r = await run(
      s,
      `SELECT RTRIM(CAST('V ' AS char(4))) + '|' AS r, LTRIM(CAST(N' x' AS nchar(4))) + N'|' AS l,
              TRIM(CAST(' y' AS char(5))) + '|' AS t, RTRIM(CAST('V ' AS char(4))) AS v`,
    );
    expect(r.errors).toEqual([]);
    expect(r.sets[0]!.rows).toEqual([['V|', 'x  |', 'y|', 'V']]);
    expect(r.sets[0]!.columns.map((c) => c.type.name)).toEqual(['varchar', 'nvarchar', 'varchar', 'varchar']);
  });
});
