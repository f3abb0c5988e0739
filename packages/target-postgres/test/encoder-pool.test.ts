import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Row } from '@ferry/core';
import { batchEncoder, type EncoderSpec } from '../src/copy/batch-encoder.js';
import { EncoderPool } from '../src/copy/encoder-pool.js';
import { mapColumnType } from '../src/types.js';
import { col } from './fixtures.js';

const columns = [
  col('id', { kind: 'int64' }),
  col('name', { kind: 'text', length: 40, unicode: true, fixed: false }),
  col('amount', { kind: 'decimal', precision: 19, scale: 4 }),
  col('at', { kind: 'timestamp', precision: 7 }),
  col('blob', { kind: 'binary', length: 'max', fixed: false }),
  col('ok', { kind: 'bool' }),
];
const specOf = (format: 'text' | 'binary', policy: EncoderSpec['policy']): EncoderSpec => ({
  fields: columns.map((column, position) => ({ column, mapping: mapColumnType(column), position })),
  format,
  policy,
});
const rowsFrom = (start: number, n: number): Row[] =>
  Array.from({ length: n }, (_, k) => {
    const i = start + k;
    return [
      BigInt(i) * 1_000_000_007n,
      i % 97 === 0 ? `nul\u0000${i}` : `näme ${i} 😀\t`,
      `${i % 2 ? '-' : ''}${i}.${String(i % 10_000).padStart(4, '0')}`,
      `2024-02-29 12:34:56.${String(i % 10_000_000).padStart(7, '0')}`,
      i % 5 === 0 ? null : Buffer.from([i & 255, 0, 255, (i >> 8) & 255]),
      i % 3 === 0,
    ];
  });

let pool: EncoderPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('COPY encoder threads', () => {
  it.each(['text', 'binary'] as const)('encode %s batches byte for byte as the load thread does, with the same fixes and rejections', async (format) => {
    for (const policy of ['fix', 'reject'] as const) {
      pool = new EncoderPool(1);
      const remote = pool.open(specOf(format, policy))!;
      await remote.ready;
      const here = batchEncoder(specOf(format, policy));
      for (let b = 0; b < 4; b++) {
        const rows = rowsFrom(b * 250, 250);
        const [there, local] = [await remote.encode(rows), here(rows)];
        expect(Buffer.isBuffer(there.data)).toBe(true);
        expect(there.data.equals(local.data)).toBe(true);
        expect(there.failures).toEqual(local.failures);
        expect(there.fixes).toEqual(local.fixes);
        // the rows with a NUL in `name` and a 7th fraction digit in `at` are what the policy saw
        const problems = policy === 'fix' ? Object.values(there.fixes).reduce((a, n) => a + n, 0) : there.failures.length;
        expect(problems).toBeGreaterThan(0);
      }
      remote.close();
      await pool.close();
    }
  });

  it('answers the batches of several tables in order, spread over the threads', async () => {
    pool = new EncoderPool(2);
    const spec = specOf('binary', 'fix');
    const here = batchEncoder(spec);
    const remotes = [pool.open(spec)!, pool.open(spec)!, pool.open(spec)!];
    await Promise.all(remotes.map((r) => r.ready));
    const batches = Array.from({ length: 6 }, (_, b) => rowsFrom(b * 100, 100));
    const answers = await Promise.all(batches.flatMap((rows) => remotes.map((r) => r.encode(rows))));
    answers.forEach((a, k) => expect(a.data.equals(here(batches[Math.floor(k / remotes.length)]).data)).toBe(true));
  });

  it('fails pending and later batches with a clear error once the threads are gone, instead of hanging', async () => {
    pool = new EncoderPool(1);
    const remote = pool.open(specOf('binary', 'fail'))!;
    await remote.ready;
    const pending = expect(remote.encode(rowsFrom(0, 5000))).rejects.toMatchObject({
      code: 'TARGET_ENCODER_FAILED',
      message: expect.stringContaining('encoder pool was closed'),
    });
    await pool.close();
    await pending;
    await expect(remote.encode(rowsFrom(0, 1))).rejects.toMatchObject({ code: 'TARGET_ENCODER_FAILED' });
  });

  it('has no threads at size 0 (batches are then encoded in the load thread)', () => {
    expect(new EncoderPool(0).open(specOf('text', 'fail'))).toBeUndefined();
    expect(threadId).toBeGreaterThanOrEqual(0);
  });
});
