import { describe, expect, it } from 'vitest';
import { BatchBuilder, estimateRowBytes } from '../src/pipeline/batch.js';

describe('BatchBuilder', () => {
  it('hands out a batch when it reaches batchRows, then starts a new one', () => {
    const b = new BatchBuilder({ batchRows: 2, batchBytes: 1 << 20 });
    expect(b.add([1])).toBeUndefined();
    const full = b.add([2]);
    expect(full).toEqual({ rows: [[1], [2]], bytes: estimateRowBytes([1]) + estimateRowBytes([2]) });
    expect(b.add([3])).toBeUndefined();
    expect(b.flush()).toEqual({ rows: [[3]], bytes: estimateRowBytes([3]) });
  });

  it('hands out a batch when its estimated bytes reach batchBytes', () => {
    const b = new BatchBuilder({ batchRows: 1_000, batchBytes: 20 });
    expect(b.add(['0123456789'])).toBeUndefined(); // 12 bytes
    expect(b.add(['0123456789'])?.rows).toHaveLength(2); // 24 >= 20
  });

  it('flushes nothing when no row is waiting', () => {
    const b = new BatchBuilder({ batchRows: 1, batchBytes: 1 << 20 });
    expect(b.flush()).toBeUndefined();
    b.add([1]);
    expect(b.flush()).toBeUndefined();
  });
});
