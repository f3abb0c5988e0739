// Threads that encode COPY data off the writer's thread. The writer's thread keeps reading the source
// (the driver's parsing is single-threaded too) while a worker turns rows into COPY bytes; rows go
// over by structured clone, the encoded Buffer comes back without a copy. Workers start on first
// use, are shared by the target's writes (a write takes the least busy) and never keep the process alive.

import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Row } from '@ferry/core';
import { FerryError } from '@ferry/core';
import type { EncodedBatch, EncoderSpec } from './batch-encoder.js';
import type { FromEncoder, ToEncoder } from './encode-worker.js';

/** One table's encoder in a worker thread. Batches are answered in the order they were sent. */
export interface RemoteEncoder {
  /** Settles when the thread can encode (rejects if it could not start). */
  readonly ready: Promise<void>;
  isReady(): boolean;
  encode(rows: Row[]): Promise<EncodedBatch>;
  close(): void;
}

interface Pending {
  resolve: (batch: EncodedBatch) => void;
  reject: (err: Error) => void;
}

class EncoderThread {
  // The thread holds a few batches at a time: a small young generation (default 48 MB) keeps its
  // RSS down (-40 MB in the benchmark) for no measurable cost.
  private readonly worker = new Worker(new URL('./encode-worker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  private readonly waiting = new Map<number, Pending[]>();
  private pendingCount = 0;
  private failure?: Error;
  private started = false;
  /** Set once the thread failed: it takes no more tables. */
  get broken(): boolean {
    return this.failure !== undefined;
  }
  readonly ready: Promise<void>;
  /** Tables open in this thread. */
  open = 0;

  constructor(private readonly nextId: () => number) {
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.onStartFailure = reject;
      this.worker.on('message', (m: FromEncoder) => {
        if (m.type !== 'ready') return this.answer(m);
        this.started = true;
        resolve();
      });
    });
    this.ready.catch(() => undefined); // observed by each encoder's `ready`
    this.worker.on('error', (err) => this.fail(err.message, err));
    this.worker.on('exit', (code) => this.fail(`the thread exited (code ${code})`));
  }

  private onStartFailure: (err: Error) => void = () => undefined;

  /** Ends the thread's use: its pending and future batches fail with this reason. */
  private fail(reason: string, cause?: Error): void {
    this.failure ??= new FerryError(`COPY encoder thread failed: ${reason}`, { code: 'TARGET_ENCODER_FAILED', cause });
    this.onStartFailure(this.failure);
    for (const queue of this.waiting.values()) for (const p of queue.splice(0)) p.reject(this.failure);
    this.pendingCount = 0;
  }

  private answer(m: Exclude<FromEncoder, { type: 'ready' }>): void {
    const p = this.waiting.get(m.id)?.shift();
    if (!p) return;
    if (--this.pendingCount === 0) this.worker.unref();
    if (m.type === 'failed') return p.reject(new Error(m.message));
    const data = m.batch.data as Uint8Array;
    p.resolve({ ...m.batch, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
  }

  private send(m: ToEncoder): void {
    this.worker.postMessage(m);
  }

  encoder(spec: EncoderSpec): RemoteEncoder {
    const id = this.nextId();
    this.open++;
    this.waiting.set(id, []);
    this.send({ type: 'open', id, spec });
    let closed = false;
    return {
      ready: this.ready,
      isReady: () => this.started,
      encode: (rows) =>
        new Promise<EncodedBatch>((resolve, reject) => {
          const queue = this.waiting.get(id);
          if (this.failure || !queue) return reject(this.failure ?? new Error('encoder closed'));
          queue.push({ resolve, reject });
          if (this.pendingCount++ === 0) this.worker.ref();
          // v8.serialize + a moved Buffer is several times cheaper for the sending thread than
          // postMessage's own structured clone of the rows.
          const data = serialize(rows);
          this.worker.postMessage({ type: 'encode', id, rows: data } satisfies ToEncoder, [data.buffer as ArrayBuffer]);
        }),
      close: () => {
        if (closed) return;
        closed = true;
        this.open--;
        const queue = this.waiting.get(id) ?? [];
        this.pendingCount -= queue.length;
        if (this.pendingCount === 0) this.worker.unref();
        this.waiting.delete(id);
        if (!this.failure) this.send({ type: 'close', id });
      },
    };
  }

  async terminate(): Promise<void> {
    this.fail('the encoder pool was closed');
    await this.worker.terminate();
  }
}

/** Up to `size` encoder threads, started on demand; size 0 means COPY data is encoded in the writer's thread. */
export class EncoderPool {
  private readonly threads: EncoderThread[] = [];
  private ids = 0;

  constructor(readonly size: number) {}

  /** An encoder for one table's COPY in the least busy thread (starting one if the pool may), or undefined with no threads. */
  open(spec: EncoderSpec): RemoteEncoder | undefined {
    if (this.size === 0) return undefined;
    const healthy = this.threads.filter((t) => !t.broken);
    this.threads.splice(0, this.threads.length, ...healthy);
    let thread = this.threads.reduce<EncoderThread | undefined>((best, t) => (!best || t.open < best.open ? t : best), undefined);
    if (!thread || (thread.open > 0 && this.threads.length < this.size)) {
      thread = new EncoderThread(() => ++this.ids);
      this.threads.push(thread);
    }
    return thread.encoder(spec);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((t) => t.terminate()));
  }
}
