// The checksum of rows read on the fast path (binary rows, see pipeline/binary-rows.ts), without a
// value per field: each tuple's fields are hashed to 64 bits with the same two lanes as value rows,
// over 32-bit words, and the hashes are summed. Two sides agree when their tuples are the same
// bytes, which binary rows of equal values are. A value row in the stream (a value binary rows
// cannot hold) is hashed as values, so it matches no tuple: the range shows as different. Under
// the `fix` policy the source is read with its values fixed (ReadOptions.fixValues), as loaded.

import type { LogicalType } from '../model/logical-type.js';
import type { Batch } from '../pipeline/batch.js';
import { binaryData } from '../pipeline/binary-rows.js';
import {
  finish,
  HashSum,
  mixA,
  mixB,
  valueRowHasher,
  type ChecksumOptions,
  type RowsChecksum,
} from './checksum-rows.js';

/**
 * The two lanes of the hash of the tuple at `at` (its end returned): each field's length (0 for
 * NULL) then its bytes as 32-bit words. Fixed-length text is hashed without its trailing spaces:
 * SQL Server pads char(n) to n UTF-16 units, PostgreSQL to n characters.
 */
function tupleHash(data: Buffer, at: number, fixedText: readonly boolean[], out: Uint32Array): number {
  let a = 0x9747b28c | 0;
  let b = 0x5bd1e995 | 0;
  let words = 0;
  const fields = data.readInt16BE(at);
  let p = at + 2;
  for (let f = 0; f < fields; f++) {
    const n = data.readInt32BE(p);
    p += 4;
    if (n < 0) {
      a = mixA(a, 0);
      b = mixB(b, 0);
      words++;
      continue;
    }
    let to = p + n;
    if (fixedText[f]) while (to > p && data[to - 1] === 0x20) to--;
    a = mixA(a, to - p + 1);
    b = mixB(b, to - p + 1);
    let k = p;
    for (; k + 4 <= to; k += 4) {
      const w = data[k] | (data[k + 1] << 8) | (data[k + 2] << 16) | (data[k + 3] << 24);
      a = mixA(a, w);
      b = mixB(b, w);
    }
    let tail = 0;
    for (let shift = 0; k < to; k++, shift += 8) tail |= data[k] << shift;
    a = mixA(a, tail);
    b = mixB(b, tail);
    words += 2 + ((to - p) >> 2);
    p += n;
  }
  out[0] = finish(a, words);
  out[1] = finish(b, words);
  return p;
}

/** Hashes the tuple at `at` of `data` into `out` (two 32-bit halves); returns where it ends. */
export type TupleHash = (data: Buffer, at: number, out: Uint32Array) => number;

export async function checksumBinaryRows(
  batches: AsyncIterable<Batch>,
  types: readonly LogicalType[],
  options: Pick<ChecksumOptions, 'fixed'> & {
    /** The tuples' hash (default: the lanes above; a target's row digest, see row-digest.ts). */
    hashTuple?: TupleHash;
  } = {},
): Promise<RowsChecksum> {
  const hashValues = valueRowHasher(types, options);
  const fixedText = types.map((t) => t.kind === 'text' && t.fixed);
  const hashTuple: TupleHash = options.hashTuple ?? ((data, at, out) => tupleHash(data, at, fixedText, out));
  const hash = new Uint32Array(2);
  const sum = new HashSum();
  for await (const batch of batches) {
    if (!batch.binary) {
      for (const row of batch.rows) {
        hashValues(row, hash);
        sum.add(hash);
      }
      continue;
    }
    options.fixed?.add(batch.binary.fixes);
    const data = binaryData(batch.binary);
    for (let at = 0; at < data.length;) {
      at = hashTuple(data, at, hash);
      sum.add(hash);
    }
  }
  return sum.result();
}
