// Order-independent checksum of a stream of rows: each row's normalised values are hashed and
// the hashes are summed modulo 2^64 (a sum, not a xor, so duplicate rows count).

import { createHash } from 'node:crypto';
import type { LogicalType } from '../model/logical-type.js';
import type { Batch, Row } from '../pipeline/batch.js';
import { normalizeValue } from './normalize-value.js';

export interface RowsChecksum {
  count: number;
  /** Sum of the row hashes modulo 2^64, 16 hex digits. */
  checksum: string;
}

const MOD = (1n << 64n) - 1n;

/** Hashes one row: each value as `N` (NULL) or `V<length>:<text>`, so no two rows encode alike. */
export function rowHash(row: Row, types: readonly LogicalType[]): bigint {
  let text = '';
  for (let i = 0; i < types.length; i++) {
    const v = normalizeValue(types[i], row[i] ?? null);
    text += v === null ? 'N' : `V${v.length}:${v}`;
  }
  return createHash('md5').update(text, 'utf8').digest().readBigUInt64BE(0);
}

export async function checksumRows(
  batches: AsyncIterable<Batch>,
  types: readonly LogicalType[],
): Promise<RowsChecksum> {
  let count = 0;
  let sum = 0n;
  for await (const batch of batches) {
    for (const row of batch.rows) {
      sum = (sum + rowHash(row, types)) & MOD;
      count++;
    }
  }
  return { count, checksum: sum.toString(16).padStart(16, '0') };
}
