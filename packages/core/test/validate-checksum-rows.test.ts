import { describe, expect, it } from 'vitest';
import { checksumRows } from '../src/validate/checksum-rows.js';
import { lobDigest } from '../src/validate/lob-digest.js';
import type { Batch, Row } from '../src/pipeline/batch.js';
import type { LogicalType } from '../src/model/logical-type.js';

const types: LogicalType[] = [
  { kind: 'int32' },
  { kind: 'text', length: 10, unicode: true, fixed: false },
  { kind: 'decimal', precision: 9, scale: 2 },
];

async function* batches(...groups: Row[][]): AsyncIterable<Batch> {
  for (const rows of groups) yield { rows, bytes: 0 };
}
const sum = (...groups: Row[][]) => checksumRows(batches(...groups), types);

describe('checksumRows', () => {
  const rows: Row[] = [
    [1, 'a', '1.00'],
    [2, 'b', '2.50'],
    [3, null, null],
  ];

  it('counts rows and does not depend on row order or batch boundaries', async () => {
    const a = await sum(rows);
    const b = await sum([rows[2]], [rows[0], rows[1]]);
    expect(a.count).toBe(3);
    expect(b).toEqual(a);
    expect(a.checksum).toMatch(/^[0-9a-f]{16}$/);
  });

  it('agrees when values differ only in canonical form (decimal trailing zeros)', async () => {
    expect(await sum([[1, 'a', '1.00']])).toEqual(await sum([[1, 'a', '1']]));
  });

  it('counts duplicate rows (a sum, not a xor)', async () => {
    const once = await sum([rows[0]]);
    const twice = await sum([rows[0], rows[0]]);
    const none = await sum([]);
    expect(twice.checksum).not.toBe(none.checksum);
    expect(twice.checksum).not.toBe(once.checksum);
  });

  it('tells NULL from the empty string and from the text NULL', async () => {
    const withNull = await sum([[1, null, '1']]);
    expect((await sum([[1, '', '1']])).checksum).not.toBe(withNull.checksum);
    expect((await sum([[1, 'N', '1']])).checksum).not.toBe(withNull.checksum);
  });

  it('does not confuse values moved across column boundaries', async () => {
    const t: LogicalType[] = [types[1], types[1]];
    const a = await checksumRows(batches([['ab', 'c']]), t);
    const b = await checksumRows(batches([['a', 'bc']]), t);
    expect(a.checksum).not.toBe(b.checksum);
  });

  it('changes when one value changes', async () => {
    const changed = rows.map((r) => [...r]);
    changed[1][2] = '2.51';
    expect((await sum(changed)).checksum).not.toBe((await sum(rows)).checksum);
  });

  it('tells apart many rows that differ in one character, in any column', async () => {
    const many: Row[] = Array.from({ length: 2_000 }, (_, i) => [i, `name ${i} Zoë 🚢`, `${i}.25`]);
    const base = await sum(many);
    const seen = new Set([base.checksum]);
    for (const [row, col] of [
      [0, 1],
      [999, 1],
      [1_999, 2],
      [500, 0],
    ] as const) {
      const changed = many.map((r) => [...r]);
      const v = changed[row][col];
      changed[row][col] = typeof v === 'number' ? v + 2_000 : String(v).replace(/.$/u, 'x');
      const c = await sum(changed);
      expect(c.count).toBe(2_000);
      expect(seen.has(c.checksum)).toBe(false);
      seen.add(c.checksum);
    }
  });

  it('adds up: the checksums of parts sum (mod 2^64) to the checksum of the whole', async () => {
    const many: Row[] = Array.from({ length: 3_000 }, (_, i) => [i, `n${i}`, `${i}.5`]);
    const parts = await Promise.all([0, 1, 2].map((k) => sum(many.slice(k * 1_000, (k + 1) * 1_000))));
    const total = parts.reduce((n, p) => (n + BigInt(`0x${p.checksum}`)) & ((1n << 64n) - 1n), 0n);
    expect(total.toString(16).padStart(16, '0')).toBe((await sum(many)).checksum);
  });

  it('takes LOB values already hashed by the reader as they are, when told so', async () => {
    const lobs: LogicalType[] = [{ kind: 'int32' }, { kind: 'binary', length: 'max', fixed: false }];
    const blob = Buffer.from('a large object');
    const read = await checksumRows(batches([[1, blob]]), lobs);
    const digested = await checksumRows(batches([[1, lobDigest(lobs[1], blob)]]), lobs, { lobDigests: true });
    expect(digested).toEqual(read);
    const changed = await checksumRows(batches([[1, Buffer.from('a large objecT')]]), lobs);
    expect(changed.checksum).not.toBe(read.checksum);
  });
});
