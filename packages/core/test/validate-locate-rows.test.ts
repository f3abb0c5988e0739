import { describe, expect, it } from 'vitest';
import type { LogicalType } from '../src/model/logical-type.js';
import type { Batch, Row } from '../src/pipeline/batch.js';
import { valueRowHasher } from '../src/validate/checksum-rows.js';
import { locateRows, valueSide } from '../src/validate/locate-rows.js';

const types: LogicalType[] = [{ kind: 'int32' }, { kind: 'text', length: 40, unicode: true, fixed: false }];
const key = { names: ['id'], at: [0], types: [types[0]] };

/** A side reading `rows` in batches of 500, counting its reads. */
function side(rows: Row[]) {
  const counted = { reads: 0 };
  async function* read(): AsyncIterable<Batch> {
    counted.reads++;
    for (let i = 0; i < rows.length; i += 500) yield { rows: rows.slice(i, i + 500), bytes: 0 };
  }
  return { counted, side: valueSide(read, valueRowHasher(types), key) };
}

const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => [i, `row ${i}`]);

describe('naming the rows of a range that differ', () => {
  it('reads a small range once more, whole, and names its differing rows', async () => {
    const target = rows(5_000);
    target[123] = [123, 'changed'];
    target.splice(4_000, 1);
    const s = side(rows(5_000));
    const t = side(target);
    expect(await locateRows(s.side, t.side, 5_000)).toEqual([
      'id=123: values differ',
      'id=4000: missing on the target',
    ]);
    expect([s.counted.reads, t.counted.reads]).toEqual([1, 1]);
  });

  it('narrows a large range by key buckets (sums, then the rows of those that differ)', async () => {
    const target = rows(20_000);
    target[17_321] = [17_321, 'changed'];
    target.push([20_000, 'only here']);
    const s = side(rows(20_000));
    const t = side(target);
    expect(await locateRows(s.side, t.side, 20_001)).toEqual([
      'id=17321: values differ',
      'id=20000: only on the target',
    ]);
    expect([s.counted.reads, t.counted.reads]).toEqual([2, 2]);
  });

  it('names the rows of the first buckets that differ and counts the rest', async () => {
    const target = rows(20_000).map(([id]) => [id, 'changed']);
    const lines = await locateRows(side(rows(20_000)).side, side(target).side, 20_000);
    expect(lines).toHaveLength(21);
    expect(lines.slice(0, 20).every((l) => /^id=\d+: values differ$/.test(l))).toBe(true);
    expect(lines[20]).toMatch(/^not listed: \d+ more rows, the rows of 24 more key buckets that differ$/);
  });
});
