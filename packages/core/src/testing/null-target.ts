// In-test targets that discard rows: `nullTarget` as fast as possible, `slowTarget` sleeping
// before each batch (a slow consumer for backpressure tests). Both count what they consumed.

import { testTargetCapabilities } from './test-capabilities.js';
import { NotSupportedError } from '../errors.js';
import { qualifiedName } from '../model/schema-model.js';
import type { TargetEndpoint } from '../plugins/endpoint.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface NullTargetOptions {
  /** Sleep this long before consuming each batch. */
  delayMs?: number;
}

export interface NullTarget extends TargetEndpoint {
  /** Rows consumed so far over all writes (counted once a batch is fully processed). */
  readonly consumed: number;
  /** Bytes (batch estimates) consumed so far. */
  readonly consumedBytes: number;
}

export function nullTarget(options: NullTargetOptions = {}): NullTarget {
  const written = new Map<string, number>();
  let consumed = 0;
  let consumedBytes = 0;
  return {
    name: options.delayMs ? 'slow' : 'null',
    capabilities: testTargetCapabilities,
    get consumed() {
      return consumed;
    },
    get consumedBytes() {
      return consumedBytes;
    },
    async plan() {
      return { steps: [], actionItems: [] };
    },
    async apply() {},
    async write(table, batches, writeOptions) {
      let rows = 0;
      let bytes = 0;
      for await (const batch of batches) {
        if (options.delayMs) await sleep(options.delayMs, undefined, { signal: writeOptions.signal });
        rows += batch.rows.length;
        bytes += batch.bytes;
        consumed += batch.rows.length;
        consumedBytes += batch.bytes;
        writeOptions.onProgress?.(rows, bytes);
      }
      const name = qualifiedName(table);
      written.set(name, (written.get(name) ?? 0) + rows);
      return { rows, bytes };
    },
    async count(table, range) {
      if (range && (range.lower || range.upper))
        throw new NotSupportedError('counting a key range on the null target');
      return written.get(qualifiedName(table)) ?? 0;
    },
    async close() {},
  };
}

export function slowTarget(options: { delayMs: number }): NullTarget {
  return nullTarget(options);
}
