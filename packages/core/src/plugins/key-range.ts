// Key ranges for endpoints that filter rows themselves (files, memory): key order and the
// `lower <= key < upper` test, so every plugin agrees with the plan on which rows a range holds.

import { FerryError } from '../errors.js';
import type { LogicalType } from '../model/logical-type.js';
import { qualifiedName, type Table } from '../model/schema-model.js';
import type { Row, Value } from '../pipeline/batch.js';
import type { KeyRange } from './endpoint.js';

type Kind = LogicalType['kind'];

/** Exact decimal strings (`-12.50`, any scale) by value: as integers at the larger of the two scales. */
function compareDecimals(x: string, y: string): number {
  const [xi = '', xf = ''] = x.split('.');
  const [yi = '', yf = ''] = y.split('.');
  const scale = Math.max(xf.length, yf.length);
  const a = BigInt(xi + xf.padEnd(scale, '0'));
  const b = BigInt(yi + yf.padEnd(scale, '0'));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders key tuples: NULL first, numbers and bigints by value, decimal strings by value (when
 * `kinds` says the column is a decimal), buffers by bytes, other strings by UTF-16 code unit.
 */
export function compareKeys(
  a: readonly Value[],
  b: readonly Value[],
  kinds: readonly (Kind | undefined)[] = [],
): number {
  for (let i = 0; i < b.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (kinds[i] === 'decimal' && typeof x === 'string' && typeof y === 'string') {
      const c = compareDecimals(x, y);
      if (c !== 0) return c;
      continue;
    }
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
 * A test of whether a row of `table` (values in `columns` order) lies in `range`; every row passes
 * when the range is absent or open. Throws naming the table and column when a key column is not read.
 */
export function keyRangeFilter(
  table: Table,
  columns: readonly string[],
  range: KeyRange | undefined,
): (row: Row) => boolean {
  if (!range || (!range.lower && !range.upper)) return () => true;
  const at = range.key.map((k) => {
    const i = columns.indexOf(k);
    if (i < 0)
      throw new FerryError(`range key column ${k} is not among the columns read`, {
        where: `${qualifiedName(table)}.${k}`,
      });
    return i;
  });
  const kinds = range.key.map((k) => table.columns.find((c) => c.name === k)?.type.kind);
  const { lower, upper } = range;
  return (row) => {
    const key = at.map((i) => row[i]);
    return (!lower || compareKeys(key, lower, kinds) >= 0) && (!upper || compareKeys(key, upper, kinds) < 0);
  };
}
