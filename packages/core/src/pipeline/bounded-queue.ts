// An async queue of batches between one reader and one writer, bounded by rows AND bytes:
// the producer awaits while it is full, so memory stays bounded whatever the table size.

import { batchRowCount, type Batch } from './batch.js';

export interface QueueBounds {
  /** Most rows held at once (a single batch larger than the bound still passes alone). */
  maxRows: number;
  /** Most bytes held at once (same exception for a single oversized batch). */
  maxBytes: number;
}

/** Raised by `push` when the consumer has cancelled, by the iterator when the producer failed. */
export class QueueClosedError extends Error {
  constructor(message = 'queue is closed') {
    super(message);
    this.name = 'QueueClosedError';
  }
}

export class BoundedQueue implements AsyncIterable<Batch> {
  private readonly items: Batch[] = [];
  private rows = 0;
  private bytes = 0;
  private closed = false;
  /** Set when either side failed; the other side sees it. */
  private failure: unknown = undefined;
  private failed = false;
  private wakeProducer: (() => void) | undefined;
  private wakeConsumer: (() => void) | undefined;

  constructor(
    private readonly bounds: QueueBounds,
    signal?: AbortSignal,
  ) {
    if (!(bounds.maxRows > 0) || !(bounds.maxBytes > 0))
      throw new RangeError('queue bounds must be positive');
    if (signal) {
      const onAbort = () => this.fail(signal.reason ?? new Error('aborted'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  /** Rows and bytes currently held. */
  get size(): { rows: number; bytes: number } {
    return { rows: this.rows, bytes: this.bytes };
  }

  /** Adds a batch; resolves once it is in the queue, waiting while the queue is full. */
  async push(batch: Batch): Promise<void> {
    for (;;) {
      if (this.failed) throw this.failure;
      if (this.closed) throw new QueueClosedError('push after close');
      if (this.items.length === 0 || this.fits(batch)) break;
      await new Promise<void>((resolve) => (this.wakeProducer = resolve));
    }
    this.items.push(batch);
    this.rows += batchRowCount(batch);
    this.bytes += batch.bytes;
    this.wake('consumer');
  }

  /** Producer side: no more batches; the consumer drains what is left. */
  close(): void {
    this.closed = true;
    this.wake('consumer');
  }

  /**
   * Either side: fail the queue. Pending and later `push` calls reject with `error` (consumer gave
   * up), and the iterator throws `error` at once, dropping held batches (producer failed or aborted).
   */
  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = error;
    this.items.length = 0;
    this.rows = 0;
    this.bytes = 0;
    this.wake('producer');
    this.wake('consumer');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    try {
      for (;;) {
        if (this.failed) throw this.failure;
        const batch = this.items.shift();
        if (batch) {
          this.rows -= batchRowCount(batch);
          this.bytes -= batch.bytes;
          this.wake('producer');
          yield batch;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
      }
    } finally {
      // The consumer stopped early (break/throw): tell the producer nobody reads any more.
      if (!this.failed && !(this.closed && this.items.length === 0))
        this.fail(new QueueClosedError('consumer stopped reading'));
    }
  }

  private fits(batch: Batch): boolean {
    return (
      this.rows + batchRowCount(batch) <= this.bounds.maxRows &&
      this.bytes + batch.bytes <= this.bounds.maxBytes
    );
  }

  private wake(side: 'producer' | 'consumer'): void {
    const fn = side === 'producer' ? this.wakeProducer : this.wakeConsumer;
    if (side === 'producer') this.wakeProducer = undefined;
    else this.wakeConsumer = undefined;
    fn?.();
  }
}
