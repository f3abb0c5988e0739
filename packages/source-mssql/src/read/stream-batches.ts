// Streams a query's rows as Batches through mssql's streaming request, with backpressure: when a
// full batch waits and the consumer has not pulled it, the request is paused (tedious stops reading
// the socket, so the server stops too) and resumed when the consumer takes it.

import { BatchBuilder, type Batch, type Row } from '@ferry/core';
import type { ConnectionPool } from 'mssql';
import type { Decoder } from './values.js';
import { bindParameters, type SourceQuery } from './query-parameters.js';

export interface StreamLimits {
  batchRows: number;
  batchBytes: number;
  signal?: AbortSignal;
}

/** Observed by tests: the most rows ever held by the reader (decoded but not yet handed out). */
export interface StreamStats {
  maxBufferedRows: number;
}

/**
 * Runs `query` (with its parameters) and yields its rows decoded column by column. Stopping early (break, return or
 * abort) cancels the request so the connection goes back to the pool.
 */
export async function* streamBatches(
  pool: ConnectionPool,
  query: SourceQuery,
  decoders: Decoder[],
  limits: StreamLimits,
  onError: (error: unknown) => Error,
  stats?: StreamStats,
): AsyncGenerator<Batch> {
  const request = bindParameters(pool.request(), query.parameters);
  request.stream = true;
  request.arrayRowMode = true;
  const width = decoders.length;
  const ready: Batch[] = [];
  const builder = new BatchBuilder(limits);
  let buffered = 0;
  let paused = false;
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (e: unknown) => {
    if (failure === undefined) failure = e;
    notify();
  };

  request.on('row', (raw: unknown[]) => {
    if (failure !== undefined) return;
    const row: Row = new Array(width);
    try {
      for (let i = 0; i < width; i++) row[i] = decoders[i]!(raw[i] ?? null);
    } catch (e) {
      fail(e);
      request.cancel();
      return;
    }
    buffered++;
    if (stats && buffered > stats.maxBufferedRows) stats.maxBufferedRows = buffered;
    const full = builder.add(row);
    if (full) {
      ready.push(full);
      if (wake) notify();
      else if (!paused) {
        paused = true;
        request.pause();
      }
    }
  });
  request.on('error', fail);
  request.on('done', () => {
    done = true;
    notify();
  });
  const onAbort = () => {
    fail(limits.signal?.reason ?? new Error('aborted'));
    if (paused) request.resume();
    request.cancel();
  };
  limits.signal?.addEventListener('abort', onAbort, { once: true });
  if (limits.signal?.aborted) onAbort();

  void request.query(query.text);
  try {
    for (;;) {
      if (failure !== undefined) throw onError(failure);
      const batch = ready.shift();
      if (batch) {
        buffered -= batch.rows.length;
        if (paused && ready.length === 0) {
          paused = false;
          request.resume();
        }
        yield batch;
        continue;
      }
      if (done) {
        const last = builder.flush();
        if (last) {
          buffered = 0;
          yield last;
        }
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    limits.signal?.removeEventListener('abort', onAbort);
    if (!done) {
      // Stopped early: cancel and wait until the request has released its connection.
      const finished = new Promise<void>((resolve) => request.once('done', () => resolve()));
      if (paused) request.resume();
      request.cancel();
      await finished;
    }
  }
}
