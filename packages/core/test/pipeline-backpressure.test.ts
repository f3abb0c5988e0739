// Backpressure proof: a slow target keeps the reader's in-flight rows under the configured
// bound, and the heap stays flat while 5 million generated rows pass.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { transfer } from '../src/pipeline/transfer.js';
import type { TargetEndpoint } from '../src/plugins/endpoint.js';
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
      onBatch: (_rows, bytes) =>
        (maxInFlightBytes = Math.max(maxInFlightBytes, bytes - target.consumedBytes)),
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
    // A consumer that gives the event loop a turn per batch: without backpressure the reader,
    // which runs on microtasks, races ahead and holds millions of rows (checked: with an
    // unbounded queue this test measures ~640 MB of heap growth and fails).
    let consumed = 0;
    const target: TargetEndpoint = {
      ...nullTarget(),
      async write(_table, batches) {
        for await (const batch of batches) {
          await new Promise((resolve) => setImmediate(resolve));
          consumed += batch.rows.length;
        }
        return { rows: consumed, bytes: 0 };
      },
    };
    const heap: number[] = [];
    let maxInFlight = 0;
    let nextSample = 500_000;
    // Light rows (int, text, decimal, bool, NULLs) keep this test fast; the benchmark uses mixed rows.
    const source = generatorSource({
      tables: [
        {
          schema: 'dbo',
          name: 'Big',
          rows,
          columns: [
            { name: 'id', type: { kind: 'int32' } },
            { name: 'name', type: { kind: 'text', length: 40, unicode: true, fixed: false } },
            { name: 'price', type: { kind: 'decimal', precision: 12, scale: 2 } },
            { name: 'active', type: { kind: 'bool' } },
          ],
          generate: (i) => [i + 1, i % 10 === 0 ? null : `name ${i}`, `${i}.25`, i % 2 === 0],
        },
      ],
      onBatch: (produced) => {
        maxInFlight = Math.max(maxInFlight, produced - consumed);
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
    console.log(
      `heap after warm-up ${(baseline / 1048576).toFixed(1)} MB, max growth ${growthMB.toFixed(1)} MB over ${rows} rows`,
    );
    expect(growthMB).toBeLessThan(32);
    expect(maxInFlight).toBeLessThanOrEqual(inFlightBound(queueRows, batchRows));
  });
});
