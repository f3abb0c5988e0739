import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { rows, run } from './engine-helpers.js';

// Arithmetic with a real is computed in real: the operand of lower precedence (int, decimal, money)
// is converted to real first (Microsoft's docs, "Data type precedence"), and each operation rounds to
// single precision. Northwind's Order Details Extended depends on it: 17.45 * 14 (money 244.3) times
// 0.95 (real) is 232.0850067 in single precision, so CONVERT(money, .../100) * 100 is 232.09.
describe('real arithmetic', () => {
  let s: EngineSession;
  beforeAll(async () => {
    s = (await createEngine({})).openSession({ user: 'sa', database: 'master' });
  });

  it('converts a money or decimal operand to real before the operation', async () => {
    expect(
      await rows(
        s,
        `SELECT CONVERT(money, CAST(17.45 AS money) * 14 * (1 - CAST(0.05 AS real)) / 100) * 100,
                CAST(CAST(244.3 AS money) * CAST(0.95 AS real) AS float),
                CAST(CAST(244.3 AS decimal(10,1)) * CAST(0.95 AS real) AS float)`,
      ),
    ).toEqual([
      [
        '232.0900',
        Math.fround(Math.fround(244.3) * Math.fround(0.95)),
        Math.fround(Math.fround(244.3) * Math.fround(0.95)),
      ],
    ]);
  });
});

describe('float math functions', () => {
  let s: EngineSession;
  beforeAll(async () => {
    s = (await createEngine({})).openSession({ user: 'sa', database: 'master' });
  });

  it('computes SIN, COS, TAN, COT, ASIN, ACOS, ATAN, ATN2, EXP, LOG, LOG10 and PI in float; NULL gives NULL', async () => {
    const [row] = await rows(
      s,
      `SELECT SIN(PI() / 2), COS(0), TAN(0), COT(PI() / 4), ASIN(1), ACOS(1), ATAN(1), ATN2(1, 1),
              EXP(0), LOG(EXP(2)), LOG(8, 2), LOG10(1000), SIN(NULL)`,
    );
    const near = (x: unknown, y: number) => Math.abs((x as number) - y) < 1e-12;
    const want = [1, 1, 0, 1, Math.PI / 2, 0, Math.PI / 4, Math.PI / 4, 1, 2, 3, 3];
    expect(want.every((w, i) => near(row[i], w))).toBe(true);
    expect(row[12]).toBeNull();
  });

  it('raises 3623 for a result outside the reals', async () => {
    for (const q of ['SELECT ASIN(2)', 'SELECT LOG(0)', 'SELECT LOG(-1)', 'SELECT LOG(10, 0)'])
      expect((await run(s, q)).errors[0]?.number, q).toBe(3623);
  });

  it('converts arguments to float as SQL Server does: 8114 for text that is no number, 206 for a date', async () => {
    expect(await rows(s, `SELECT SIN('0'), LOG(CAST(8 AS decimal(5, 2)), '2')`)).toEqual([[0, 3]]);
    expect((await run(s, `SELECT SIN('abc')`)).errors[0]).toEqual({
      number: 8114,
      message: 'Error converting data type varchar to float.',
    });
    expect((await run(s, `SELECT SIN(CAST('2024-01-01' AS date))`)).errors[0]).toEqual({
      number: 206,
      message: 'Operand type clash: date is incompatible with float',
    });
  });
});
