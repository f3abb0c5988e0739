import { describe, expect, it } from 'vitest';
import { BoundedQueue, QueueClosedError } from '../src/pipeline/bounded-queue.js';
import type { Batch } from '../src/pipeline/batch.js';

const batch = (rows: number, bytes = rows * 10): Batch => ({
  rows: Array.from({ length: rows }, (_, i) => [i]),
  bytes,
});
const tick = () => new Promise((r) => setImmediate(r));

async function drain(queue: BoundedQueue): Promise<number[]> {
  const sizes: number[] = [];
  for await (const b of queue) sizes.push(b.rows.length);
  return sizes;
}

describe('BoundedQueue', () => {
  it('delivers batches in order and ends after close', async () => {
    const q = new BoundedQueue({ maxRows: 100, maxBytes: 10_000 });
    await q.push(batch(1));
    await q.push(batch(2));
    await q.push(batch(3));
    q.close();
    expect(await drain(q)).toEqual([1, 2, 3]);
  });

  it('makes the producer wait while the row bound is reached', async () => {
    const q = new BoundedQueue({ maxRows: 10, maxBytes: 1_000_000 });
    await q.push(batch(6));
    let pushed = false;
    const pending = q.push(batch(6)).then(() => (pushed = true));
    await tick();
    expect(pushed).toBe(false);
    expect(q.size.rows).toBe(6);
    const it = q[Symbol.asyncIterator]();
    await it.next(); // consumer takes the first batch: room for the second
    await pending;
    expect(pushed).toBe(true);
    expect(q.size.rows).toBe(6);
  });

  it('makes the producer wait while the byte bound is reached', async () => {
    const q = new BoundedQueue({ maxRows: 1_000, maxBytes: 100 });
    await q.push(batch(1, 60));
    let pushed = false;
    void q.push(batch(1, 60)).then(() => (pushed = true));
    await tick();
    expect(pushed).toBe(false);
    expect(q.size.bytes).toBe(60);
  });

  it('lets a batch larger than the bounds pass alone', async () => {
    const q = new BoundedQueue({ maxRows: 10, maxBytes: 100 });
    await q.push(batch(50, 5_000));
    expect(q.size).toEqual({ rows: 50, bytes: 5_000 });
    let pushed = false;
    void q.push(batch(1, 1)).then(() => (pushed = true));
    await tick();
    expect(pushed).toBe(false);
  });

  it('ends the consumer with the producer error, dropping held batches', async () => {
    const q = new BoundedQueue({ maxRows: 100, maxBytes: 10_000 });
    await q.push(batch(1));
    q.fail(new Error('source broke'));
    expect(q.size.rows).toBe(0);
    await expect(drain(q)).rejects.toThrow('source broke');
  });

  it('rejects a waiting producer when the consumer fails the queue', async () => {
    const q = new BoundedQueue({ maxRows: 1, maxBytes: 10_000 });
    await q.push(batch(1));
    const waiting = q.push(batch(1));
    q.fail(new Error('target broke'));
    await expect(waiting).rejects.toThrow('target broke');
  });

  it('rejects the producer once the consumer stopped reading early', async () => {
    const q = new BoundedQueue({ maxRows: 1, maxBytes: 10_000 });
    await q.push(batch(1));
    for await (const _ of q) break;
    await expect(q.push(batch(1))).rejects.toBeInstanceOf(QueueClosedError);
  });

  it('fails both sides when its abort signal fires', async () => {
    const ac = new AbortController();
    const q = new BoundedQueue({ maxRows: 1, maxBytes: 10_000 }, ac.signal);
    await q.push(batch(1));
    const waiting = q.push(batch(1));
    ac.abort(new Error('Ctrl-C'));
    await expect(waiting).rejects.toThrow('Ctrl-C');
    await expect(drain(q)).rejects.toThrow('Ctrl-C');
  });

  it('refuses a push after close', async () => {
    const q = new BoundedQueue({ maxRows: 10, maxBytes: 100 });
    q.close();
    await expect(q.push(batch(1))).rejects.toBeInstanceOf(QueueClosedError);
  });
});
