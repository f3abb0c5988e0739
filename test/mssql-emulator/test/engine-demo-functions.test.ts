import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import { rows, run } from './engine-helpers.js';

// The string and CASE typing the demo database script (examples/demo/demo.sql) relies on.
describe('engine: string functions keep the type of their input, CASE keeps xml', async () => {
  const engine = await createEngine({ database: 'Demo' });
  const session = engine.openSession({ user: 'sa', database: 'Demo' });

  it('REPLICATE of a varchar is varchar: its bytes are one per character once cast to varbinary', async () => {
    expect(
      await rows(session, 'SELECT CAST(REPLICATE(CAST(CHAR(5) AS varchar(max)), 4) AS varbinary(max))'),
    ).toEqual([[Buffer.from([5, 5, 5, 5])]]);
    expect(await rows(session, "SELECT CAST(REPLICATE(N'é', 2) AS varbinary(max))")).toEqual([
      [Buffer.from('éé', 'utf16le')],
    ]);
  });

  it('REPLICATE of a non-max string stops at 8,000 bytes; of a max string it does not', async () => {
    expect(
      await rows(
        session,
        "SELECT LEN(REPLICATE('ab', 5000)), LEN(REPLICATE(N'ab', 5000)), LEN(REPLICATE(CAST('ab' AS varchar(max)), 5000))",
      ),
    ).toEqual([[8000, 4000, 10000]]);
  });

  it('RIGHT and LEFT of a varchar are varchar', async () => {
    expect(
      await rows(
        session,
        "SELECT CAST(RIGHT('000' + 'AB', 3) AS varbinary(10)), CAST(LEFT('xyz', 2) AS varbinary(10))",
      ),
    ).toEqual([[Buffer.from('0AB', 'latin1'), Buffer.from('xy', 'latin1')]]);
  });

  it('a CASE whose branches are xml or NULL returns the whole xml value', async () => {
    const r = await run(session, `SELECT CASE WHEN 1 = 1 THEN CAST(N'<spec id="4"/>' AS xml) ELSE NULL END`);
    expect(r.sets[0].columns[0].type.name).toBe('xml');
    // SQL Server writes a stored empty element as `<spec id="4" />`.
    expect(r.sets[0].rows).toEqual([['<spec id="4" />']]);
  });
});

describe('engine: integer conversions of generated values', async () => {
  const engine = await createEngine({ database: 'Demo' });
  const session = engine.openSession({ user: 'sa', database: 'Demo' });

  it('stores in-range integers into tinyint/smallint/int columns and names the overflow', async () => {
    await rows(session, 'CREATE TABLE dbo.Ints (t tinyint, s smallint, i int); SELECT 1');
    await run(
      session,
      'INSERT INTO dbo.Ints SELECT value % 256, value - 32769, value * 1000 FROM GENERATE_SERIES(1, 3)',
    );
    expect(await rows(session, 'SELECT t, s, i FROM dbo.Ints ORDER BY i')).toEqual([
      [1, -32768, 1000],
      [2, -32767, 2000],
      [3, -32766, 3000],
    ]);
    const overflow = await run(
      session,
      'INSERT INTO dbo.Ints (t) SELECT value + 254 FROM GENERATE_SERIES(1, 2)',
    );
    expect(overflow.errors[0].message).toContain('tinyint');
  });
});
