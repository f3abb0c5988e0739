// Backpressure proof: a slow target keeps the reader's in-flight rows under the configured
// bound, and the heap stays flat while 5 million generated rows pass.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { transfer } from '../src/pipeline/transfer.js';
import { generatorSource, identityMapping, nullTarget, slowTarget } from '../src/testing/index.js';

/**
 * In flight = rows the source produced that the target has not finished. Bound: the queue's rows,
 * plus one batch the reader holds while waiting to push, plus one batch the target is processing.
 */
const inFlightBound = (queueRows: number, batchRows: number) => queueRows + 2 * batchRows;

describe('backpressure', () => {
  it('keeps the rows in flight under the bound while a slow target consumes', async () => {
    const batchRows = 100;
    const queueRows = 400;
    const target = slowTarget({ delayMs: 2 });
    let maxInFlight = 0;
    const source = generatorSource({
      tables: [{ schema: 'dbo', name: 'T', rows: 20_000 }],
      onBatch: (produced) => (maxInFlight = Math.max(maxInFlight, produced - target.consumed)),
    });
    const { model } = await source.introspect();
    const result = await transfer({
      source,
      target,
      mapping: identityMapping(model.tables[0]),
      batchRows,
      batchBytes: 1 << 30,
      queue: { maxRows: queueRows },
    });
    expect(result.rows).toBe(20_000);
    expect(maxInFlight).toBeLessThanOrEqual(inFlightBound(queueRows, batchRows));
    // The reader really ran ahead until the queue was full (so the bound was exercised).
    expect(maxInFlight).toBeGreaterThanOrEqual(queueRows);
  });

  it('keeps the bytes in flight under the queue byte bound when rows are not limiting', async () => {
    const target = slowTarget({ delayMs: 2 });
    let maxInFlightBytes = 0;
    const source = generatorSource({
      tables: [{ schema: 'dbo', name: 'T', rows: 5_000 }],
      onBatch: (_rows, bytes) => (maxInFlightBytes = Math.max(maxInFlightBytes, bytes - target.consumedBytes)),
    });
    const { model } = await source.introspect();
    const batchBytes = 6_000; // a batch ends once it reaches this size: at most one row more
    const queueBytes = 3 * batchBytes;
    const maxRowBytes = 200; // mixed rows are ~100-150 bytes
    await transfer({
      source,
      target,
      mapping: identityMapping(model.tables[0]),
      batchRows: 1_000_000,
      batchBytes,
      queue: { maxRows: 1_000_000, maxBytes: queueBytes },
    });
    expect(maxInFlightBytes).toBeLessThanOrEqual(queueBytes + 2 * (batchBytes + maxRowBytes));
    expect(maxInFlightBytes).toBeGreaterThanOrEqual(queueBytes - batchBytes);
  });

  it('keeps the heap flat while 5 million rows pass', { timeout: 60_000 }, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const rows = 5_000_000;
    const batchRows = 500;
    const queueRows = 2_000;
    const target = nullTarget();
    const heap: number[] = [];
    let maxInFlight = 0;
    let nextSample = 500_000;
    const source = generatorSource({
      tables: [{ schema: 'dbo', name: 'Big', rows }],
      onBatch: (produced) => {
        maxInFlight = Math.max(maxInFlight, produced - target.consumed);
        if (produced >= nextSample) {
          nextSample += 500_000;
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
      },
    });
    const { model } = await source.introspect();
    const result = await transfer({
      source,
      target,
      mapping: identityMapping(model.tables[0]),
      batchRows,
      batchBytes: 1 << 30,
      queue: { maxRows: queueRows },
    });
    expect(result.rows).toBe(rows);
    expect(heap).toHaveLength(10);
    const baseline = heap[0]; // after warm-up (first 500k rows)
    const growthMB = (Math.max(...heap) - baseline) / (1024 * 1024);
    console.log(`heap after warm-up ${(baseline / 1048576).toFixed(1)} MB, max growth ${growthMB.toFixed(1)} MB over ${rows} rows`);
    expect(growthMB).toBeLessThan(32);
    expect(maxInFlight).toBeLessThanOrEqual(inFlightBound(queueRows, batchRows));
  });
});
