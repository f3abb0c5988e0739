// Key ranges for endpoints that filter rows themselves (files, memory): key order and the
// `lower <= key < upper` test, so every plugin agrees with the plan on which rows a range holds.

import { FerryError } from '../errors.js';
import type { Row, Value } from '../pipeline/batch.js';
import type { KeyRange } from './endpoint.js';

/** Orders key tuples: NULL first, numbers and bigints by value, buffers by bytes, strings by UTF-16 code unit. */
export function compareKeys(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < b.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) {
      const c = Buffer.compare(x, y);
      if (c !== 0) return c;
      continue;
    }
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * A test of whether a row (values in `columns` order) lies in `range`; every row passes when the
 * range is absent or open. `where` (e.g. the table name) is named when a key column is not read.
 */
export function keyRangeFilter(columns: readonly string[], range: KeyRange | undefined, where: string): (row: Row) => boolean {
  if (!range || (!range.lower && !range.upper)) return () => true;
  const at = range.key.map((k) => {
    const i = columns.indexOf(k);
    if (i < 0) throw new FerryError(`range key column ${k} is not among the columns read`, { where: `${where}.${k}` });
    return i;
  });
  const { lower, upper } = range;
  return (row) => {
    const key = at.map((i) => row[i]);
    return (!lower || compareKeys(key, lower) >= 0) && (!upper || compareKeys(key, upper) < 0);
  };
}
