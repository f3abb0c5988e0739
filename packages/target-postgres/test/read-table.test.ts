import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRange, Row, Table } from '@ferry/core';
import { FerryError } from '@ferry/core';
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
