// Order-independent checksum of a stream of rows: each row's normalised values are hashed to 64
// bits and the hashes are summed (a sum, not a xor, so duplicate rows count). The row hash is two
// MurmurHash3-style 32-bit lanes with different constants over the row's UTF-16 code units, each
// value prefixed by its length (NULL by 0): no crypto call and no row text per row (a LOB value is
// hashed to its SHA-256 first, see lob-digest.ts).

import type { LogicalType } from '../model/logical-type.js';
import type { Batch, Row, Value } from '../pipeline/batch.js';
import type { FixedValues } from './fixed-values.js';
import { isLobType } from './lob-digest.js';
import { normalizeValue } from './normalize-value.js';

export interface RowsChecksum {
  count: number;
  /** Sum of the 64-bit row hashes modulo 2^64, 16 hex digits (range sums add up to the table's). */
  checksum: string;
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

export function mixA(h: number, k: number): number {
  k = Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
  return (Math.imul(rotl(h ^ k, 13), 5) + 0xe6546b64) | 0;
}

export function mixB(h: number, k: number): number {
  k = Math.imul(rotl(Math.imul(k, 0x85ebca77), 17), 0xc2b2ae3d);
  return (Math.imul(rotl(h ^ k, 11), 9) + 0x27d4eb2f) | 0;
}

export function finish(h: number, words: number): number {
  h ^= words;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

type Normalizer = (v: Value) => string | null;

/** The two 32-bit lanes of one row's hash, written to `out`. */
function rowHash(row: Row, normalizers: readonly Normalizer[], out: Uint32Array): void {
  let a = 0x9747b28c | 0;
  let b = 0x5bd1e995 | 0;
  let words = 0;
  for (let i = 0; i < normalizers.length; i++) {
    const v = normalizers[i](row[i] ?? null);
    const header = v === null ? 0 : v.length + 1;
    a = mixA(a, header);
    b = mixB(b, header);
    words++;
    if (v === null) continue;
    const n = v.length;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const k = v.charCodeAt(j) | (v.charCodeAt(j + 1) << 16);
      a = mixA(a, k);
      b = mixB(b, k);
      words++;
    }
    if (j < n) {
      const k = v.charCodeAt(j);
      a = mixA(a, k);
      b = mixB(b, k);
      words++;
    }
  }
  out[0] = finish(a, words);
  out[1] = finish(b, words);
}

export interface ChecksumOptions {
  /** The rows' LOB values (see `isLobType`) are already their `lobDigest` (the reader hashed them). */
  lobDigests?: boolean;
  /** Under the `fix` policy, the source's side: its values are hashed as the load stored them, and counted here. */
  fixed?: FixedValues;
}

/** Sums 64-bit row hashes (as two 32-bit halves with a carry) and counts the rows. */
export class HashSum {
  count = 0;
  private high = 0;
  private low = 0;

  add(hash: Uint32Array): void {
    this.low += hash[1];
    const carry = this.low >= 0x1_0000_0000 ? 1 : 0;
    this.low -= carry * 0x1_0000_0000;
    this.high = (this.high + hash[0] + carry) >>> 0;
    this.count++;
  }

  result(): RowsChecksum {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    return { count: this.count, checksum: hex(this.high) + hex(this.low) };
  }
}

/** Hashes value rows of these column types into two 32-bit lanes (`out`). */
export function valueRowHasher(
  types: readonly LogicalType[],
  options: ChecksumOptions = {},
): (row: Row, out: Uint32Array) => void {
  const normalizers = types.map((type): Normalizer => {
    if (options.lobDigests && isLobType(type)) return (v) => (v === null ? null : String(v));
    const fix = options.fixed?.fixOf(type);
    return fix ? (v) => normalizeValue(type, fix(v)) : (v) => normalizeValue(type, v);
  });
  return (row, out) => rowHash(row, normalizers, out);
}

export async function checksumRows(
  batches: AsyncIterable<Batch>,
  types: readonly LogicalType[],
  options: ChecksumOptions = {},
): Promise<RowsChecksum> {
  const hashRow = valueRowHasher(types, options);
  const hash = new Uint32Array(2);
  const sum = new HashSum();
  for await (const batch of batches) {
    for (const row of batch.rows) {
      hashRow(row, hash);
      sum.add(hash);
    }
  }
  return sum.result();
}
