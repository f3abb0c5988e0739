// A COPY encoder thread: holds the batch encoders of the tables it was given (by id) and answers
// each batch with its encoded Buffer, whose memory is moved (not copied) back to the writer.

import { deserialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { Row } from '@ferry/core';
import { batchEncoder, type EncodedBatch, type EncoderSpec } from './batch-encoder.js';

export type ToEncoder =
  | { type: 'open'; id: number; spec: EncoderSpec }
  /** The batch's rows, v8.serialize'd (Buffers inside come back as Buffers). */
  | { type: 'encode'; id: number; rows: Uint8Array }
  | { type: 'close'; id: number };

export type FromEncoder =
  | { type: 'ready' }
  | { type: 'encoded'; id: number; batch: EncodedBatch }
  | { type: 'failed'; id: number; message: string };

const port = parentPort!;
const encoders = new Map<number, { spec: EncoderSpec; encode: (rows: Row[]) => EncodedBatch }>();

/** A Buffer that owns its whole ArrayBuffer, so it can be transferred (small ones may share Node's pool). */
function owned(data: Buffer): Buffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data;
  const copy = Buffer.allocUnsafeSlow(data.byteLength);
  data.copy(copy);
  return copy;
}

port.on('message', (m: ToEncoder) => {
  if (m.type === 'open') {
    encoders.set(m.id, { spec: m.spec, encode: batchEncoder(m.spec) });
    return;
  }
  if (m.type === 'close') {
    encoders.delete(m.id);
    return;
  }
  const encoder = encoders.get(m.id);
  try {
    if (!encoder) throw new Error(`no encoder ${m.id} in this thread`);
    const batch = encoder.encode(deserialize(m.rows) as Row[]);
    batch.data = owned(batch.data);
    port.postMessage({ type: 'encoded', id: m.id, batch } satisfies FromEncoder, [batch.data.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ type: 'failed', id: m.id, message: (err as Error).message } satisfies FromEncoder);
  }
});
port.postMessage({ type: 'ready' } satisfies FromEncoder);
