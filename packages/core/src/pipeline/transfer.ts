// Runs one data task: source.read -> per-batch mapping -> bounded queue -> target.write.
// The reader and the writer run concurrently; the queue between them provides backpressure.

import { qualifiedName } from '../model/schema-model.js';
import type {
  KeyRange,
  RejectedRow,
  SourceEndpoint,
  TaskCheckpoint,
  TargetEndpoint,
  WriteResult,
} from '../plugins/endpoint.js';
import { rowSelection, type TableMapping } from '../rules/table-mapping.js';
import { FerryError } from '../errors.js';
import { batchRowCount, type Batch } from './batch.js';
import type { ColumnFix } from './column-fixes.js';
import { BoundedQueue, QueueClosedError, type QueueBounds } from './bounded-queue.js';
import { formatRange } from './data-task.js';
import { InterruptedError } from './interrupted-error.js';
import { readPath } from './read-path.js';
import { createBatchMapper, targetColumns, userColumns } from './row-mapper.js';

export interface PipelineSettings {
  /** Rows per batch asked of the source. */
  batchRows: number;
  /** Bytes per batch asked of the source. */
  batchBytes: number;
  /** Queue bounds between reader and writer; default 4 batches (rows and bytes). */
  queue?: Partial<QueueBounds>;
  /** Tables the fast path can take take it (`load.fastPath`, default true); false forces the value path. */
  fastPath?: boolean;
}

export interface TransferOptions extends PipelineSettings {
  source: SourceEndpoint;
  target: TargetEndpoint;
  mapping: TableMapping;
  range?: KeyRange;
  signal?: AbortSignal;
  /** Called each time a batch is handed to the target, with running totals. */
  onProgress?: (rows: number, bytes: number) => void;
  /** Receives the rows the target refused under the `reject` policy (`mapping.onError`). */
  onReject?: (rejected: RejectedRow) => void | Promise<void>;
  /** Handed to `target.write`: the target records the task as finished in the load's transaction. */
  checkpoint?: TaskCheckpoint;
}

export interface TransferResult {
  /** Rows handed to the target (after a row transform dropped some). */
  rows: number;
  bytes: number;
  /** Rows read from the source. */
  rowsRead: number;
  seconds: number;
  /** Values the target fixed under the `fix` policy, by code. */
  fixes?: Record<string, number>;
  /** Values changed by a documented rule, per column and rule (WriteResult.columnFixes). */
  columnFixes?: ColumnFix[];
  /** Rows the target rejected under the `reject` policy. */
  rejected?: number;
}

/**
 * Defaults (also the config's `load.batchRows`/`batchBytes`): a row lives until the rest of its batch
 * has been read and decoded, and the driver allocates several KB per row while doing so; with 2,000-row
 * batches nearly every row outlived two young-generation GCs and was promoted to the old generation,
 * which V8 lets grow to ~4x the live heap. 250-row batches die young: `ferry run` on 1M mixed rows
 * peaked at 223 MB RSS instead of 316-350 MB, and moved the rows faster. 1 MiB batches (was 4 MiB)
 * do the same for LOB rows: 2,000 rows of 64 KB text + 64 KB bytes peaked at 267-305 MB, not 415 MB.
 */
export const defaultPipelineSettings = { batchRows: 250, batchBytes: 1024 * 1024 } as const;

/** Queue bounds a transfer uses for these settings. */
export function queueBounds(settings: PipelineSettings): QueueBounds {
  return {
    maxRows: settings.queue?.maxRows ?? settings.batchRows * 4,
    maxBytes: settings.queue?.maxBytes ?? settings.batchBytes * 4,
  };
}

/**
 * Moves the rows of one table (or key range). Resolves with the totals once the target has
 * committed them; rejects with a FerryError naming the table and range, or with an
 * InterruptedError when `signal` aborts (the writer's stream then ends with an error, so the
 * target commits nothing of this task).
 */
export async function transfer(options: TransferOptions): Promise<TransferResult> {
  const { source, target, mapping, range, signal } = options;
  const where = `${qualifiedName(mapping.source)} -> ${qualifiedName(mapping.target)}, ${formatRange(range)}`;
  if (signal?.aborted) throw new InterruptedError(where, signal.reason);

  const started = performance.now();
  // The fast path reads the target's columns in target order: its batches need no mapping.
  const fast = readPath(mapping, source, target, options.fastPath).kind === 'fast';
  const mapBatch = fast ? (batch: Batch) => batch : createBatchMapper(mapping);
  const internal = new AbortController();
  const queue = new BoundedQueue(queueBounds(options), internal.signal);
  let firstError: unknown;
  const failWith = (error: unknown) => {
    if (firstError === undefined) firstError = error;
    if (!internal.signal.aborted) internal.abort(error);
  };
  let written: WriteResult | undefined;
  // Once the target has committed, a late Ctrl-C no longer changes the outcome of this task.
  const onAbort = () => written === undefined && failWith(new InterruptedError(where, signal?.reason));
  signal?.addEventListener('abort', onAbort, { once: true });

  let rowsRead = 0;
  let rows = 0;
  let consumerGone: unknown;
  let bytes = 0;

  const reading = (async () => {
    const batches = source.read(mapping.source, {
      columns: fast ? mapping.columns.map((c) => c.source!) : mapping.readColumns,
      range,
      // One COPY takes rows split between batches; reject's COPY per batch needs whole rows.
      ...(fast
        ? { binaryRows: true, fixValues: mapping.onError === 'fix', splitRows: mapping.onError !== 'reject' }
        : {}),
      ...rowSelection(mapping),
      batchRows: options.batchRows,
      batchBytes: options.batchBytes,
      signal: internal.signal,
    });
    for await (const batch of batches) {
      if (internal.signal.aborted) throw internal.signal.reason;
      rowsRead += batchRowCount(batch);
      const mapped = mapBatch(batch);
      // (A batch that ends inside a row may hold no whole row.)
      if (batchRowCount(mapped) > 0 || mapped.binary?.partial) await queue.push(mapped);
    }
    queue.close();
  })().catch((error: unknown) => {
    // The writer stopped reading: its own error (settling after its rollback) says why, not this one.
    if (error instanceof QueueClosedError) consumerGone = error;
    else failWith(error);
  });

  async function* handOver(): AsyncIterable<Batch> {
    for await (const batch of queue) {
      rows += batchRowCount(batch);
      bytes += batch.bytes;
      options.onProgress?.(rows, bytes);
      yield batch;
    }
  }

  const checked = userColumns(mapping);
  const writing = Promise.resolve()
    .then(() =>
      target.write(mapping.target, handOver(), {
        columns: targetColumns(mapping),
        signal: internal.signal,
        onError: mapping.onError,
        onReject: options.onReject,
        ...(checked.length ? { userColumns: checked } : {}),
        ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      }),
    )
    .then((result) => {
      written = result;
      // A target that returns before reading everything must not leave the reader waiting.
      queue.fail(new FerryError(`target ${target.name} stopped before reading all rows`, { where }));
    }, failWith);

  await Promise.all([reading, writing]);
  signal?.removeEventListener('abort', onAbort);
  if (firstError === undefined && consumerGone !== undefined) {
    firstError = new FerryError(`target ${target.name} stopped before reading all rows`, {
      where,
      cause: consumerGone,
    });
  }

  if (firstError !== undefined) {
    if (firstError instanceof InterruptedError || (signal?.aborted && written === undefined)) {
      throw firstError instanceof InterruptedError ? firstError : new InterruptedError(where, firstError);
    }
    throw wrapError(firstError, where);
  }
  return {
    rows: written?.rows ?? rows,
    bytes,
    rowsRead,
    seconds: (performance.now() - started) / 1000,
    ...(written?.fixes ? { fixes: written.fixes } : {}),
    ...(written?.columnFixes?.length ? { columnFixes: written.columnFixes } : {}),
    ...(written?.rejected ? { rejected: written.rejected } : {}),
  };
}

function wrapError(error: unknown, where: string): FerryError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof FerryError && error.where === where) return error;
  return new FerryError(`${where}: ${message}`, {
    where,
    cause: error,
    code: error instanceof FerryError ? error.code : 'TRANSFER_FAILED',
    transient: error instanceof FerryError ? error.transient : false,
    hint: error instanceof FerryError ? error.hint : undefined,
  });
}
