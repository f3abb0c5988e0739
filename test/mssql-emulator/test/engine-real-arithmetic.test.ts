import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { rows } from './engine-helpers.js';

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
