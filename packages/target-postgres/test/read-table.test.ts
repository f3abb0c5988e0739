import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRange, Row, Table } from '@ferry/core';
import { FerryError, lobDigest } from '@ferry/core';
import { batchesOf, col, collect, model, newTarget, table, type TestTarget } from './fixtures.js';

const items: Table = table(
  'v',
  'line items',
  [
    col('order_id', { kind: 'int32' }, { nullable: false }),
    col('line', { kind: 'int16' }, { nullable: false }),
    col('sku', { kind: 'text', length: 10, unicode: false, fixed: false }),
  ],
  { primaryKey: { name: 'pk_line_items', columns: ['order_id', 'line'] } },
);
const rows: Row[] = [];
for (let o = 1; o <= 50; o++) for (let l = 1; l <= 4; l++) rows.push([o, l, `sku-${o}-${l}`]);

describe('validation reads: counts and rows per key range', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
    await t.migrate(model([items]));
    await t.target.write(items, batchesOf(rows, 64), { columns: ['order_id', 'line', 'sku'] });
  });
  afterAll(() => t.close());

  const range = (index: number, lower?: Row, upper?: Row): KeyRange => ({
    index,
    key: ['order_id', 'line'],
    lower,
    upper,
  });

  it('counts the whole table and each range of a composite key (lower inclusive, upper exclusive)', async () => {
    expect(await t.target.count(items)).toBe(200);
    expect(await t.target.count(items, range(0, undefined, [10, 3]))).toBe(9 * 4 + 2);
    expect(await t.target.count(items, range(1, [10, 3], [40, 1]))).toBe(2 + 29 * 4);
    expect(await t.target.count(items, range(2, [40, 1]))).toBe(11 * 4);
  });

  it('reads a range back in canonical values, in batches of the asked size', async () => {
    const batches: number[] = [];
    const back: Row[] = [];
    for await (const b of t.target.read!(items, {
      columns: ['sku', 'order_id'],
      range: range(1, [49, 4], [50, 2]),
      batchRows: 1,
      batchBytes: 1 << 20,
    })) {
      batches.push(b.rows.length);
      back.push(...b.rows);
    }
    expect(batches).toEqual([1, 1]);
    expect(back.sort()).toEqual([
      ['sku-49-4', 49],
      ['sku-50-1', 50],
    ]);
  });

  it('names the table and column when a range key is not a target column', async () => {
    const bad: KeyRange = { index: 0, key: ['OrderID'], lower: [1] };
    const err = await t.target.count(items, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FerryError);
    expect((err as Error).message).toBe('key column OrderID of range 0 is not a column of v.line items');
  });

  it('a reader that stops early does not break the endpoint', async () => {
    for await (const b of t.target.read!(items, { columns: ['sku'], batchRows: 10, batchBytes: 1 << 20 })) {
      expect(b.rows).toHaveLength(10);
      break;
    }
    expect(
      (await collect(t.target.read!(items, { columns: ['sku'], batchRows: 1000, batchBytes: 1 << 20 })))
        .length,
    ).toBe(200);
  });
});

describe('validation reads of LOB columns', () => {
  const doc = { kind: 'text', length: 'max', unicode: true, fixed: false } as const;
  const blob = { kind: 'binary', length: 'max', fixed: false } as const;
  const lobs: Table = table('v', 'lobs', [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('doc', doc),
    col('blob', blob),
  ]);
  // 1 MB of text with tabs, newlines, backslashes and characters of 2, 3 and 4 UTF-8 bytes: many
  // COPY chunks, escapes and multi-byte characters across chunk boundaries.
  const bigText = 'a\tb\\c\nZoë ✓ 😀 '.repeat(60_000);
  const bigBlob = Buffer.from(Array.from({ length: 1 << 19 }, (_, i) => (i * 7) % 256));
  const lobRows: Row[] = [
    [1, bigText, bigBlob],
    [2, '', Buffer.alloc(0)],
    [3, null, null],
  ];
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
    await t.migrate(model([lobs]));
    await t.target.write(lobs, batchesOf(lobRows), { columns: ['id', 'doc', 'blob'] });
  });
  afterAll(() => t.close());
  const read = async (lobDigests: boolean) =>
    (
      await collect(
        t.target.read!(lobs, {
          columns: ['id', 'doc', 'blob'],
          batchRows: 10,
          batchBytes: 1 << 20,
          lobDigests,
        }),
      )
    ).sort((a, b) => Number(a[0]) - Number(b[0]));

  it('reads a multi-megabyte row back intact', async () => {
    const [first, ...rest] = await read(false);
    // Compared directly: a deep equality of megabyte values takes seconds.
    expect(first[0]).toBe(1);
    expect(first[1] === bigText).toBe(true);
    expect(bigBlob.equals(first[2] as Buffer)).toBe(true);
    expect(rest).toEqual(lobRows.slice(1));
  });

  it("sends the digests computed by PostgreSQL when asked, equal to core's lobDigest of the values", async () => {
    expect(t.target.readsLobDigests).toBe(true);
    expect(await read(true)).toEqual([
      [1, lobDigest(doc, bigText), lobDigest(blob, bigBlob)],
      [2, lobDigest(doc, ''), lobDigest(blob, Buffer.alloc(0))],
      [3, null, null],
    ]);
  });
});
