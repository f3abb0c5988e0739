// Key ranges from explicit boundaries (DMS parallel-load type "ranges"): [open, b1), [b1, b2), ...,
// [bn, open). Boundaries are typed by their columns and must ascend, so that no row is read twice.

import type { Table } from '../model/schema-model.js';
import type { Value } from '../pipeline/batch.js';
import type { KeyRange } from '../plugins/endpoint.js';
import { compareKeys } from '../plugins/key-range.js';
import { constantValue, isConstantError } from './constant-value.js';

/** Kinds whose order Ferry knows exactly (text follows the source's collation, which it does not). */
const ordered = new Set(['int8', 'int16', 'int32', 'int64', 'decimal', 'date', 'time', 'timestamp']);

/** The ranges of `table` split on `columns` at `boundaries` (values as written), or `{ error }`. */
export function explicitKeyRanges(
  table: Table,
  columns: string[],
  boundaries: string[][],
): KeyRange[] | { error: string } {
  const qn = `${table.schema}.${table.name}`;
  const cols = [];
  for (const name of columns) {
    const c = table.columns.find((col) => col.name === name);
    if (!c) return { error: `range column ${JSON.stringify(name)} is not a column of ${qn}` };
    if (c.nullable)
      return { error: `range column ${name} of ${qn} is nullable: rows with NULL would be in no range` };
    if (!ordered.has(c.type.kind))
      return {
        error: `range column ${name} of ${qn} is ${c.nativeType}: ranges are supported on integer, decimal, date, time and timestamp columns`,
      };
    cols.push(c);
  }
  const kinds = cols.map((c) => c.type.kind);
  const values: Value[][] = [];
  for (const [i, b] of boundaries.entries()) {
    const row: Value[] = [];
    for (const [j, c] of cols.entries()) {
      const text =
        c.type.kind === 'timestamp' && /^\d{4}-\d{2}-\d{2}$/.test(b[j]!) ? `${b[j]} 00:00:00` : b[j]!;
      const v = constantValue(c.type, text);
      if (isConstantError(v)) return { error: `boundaries[${i}] column ${c.name}: ${v.error}` };
      row.push(v);
    }
    const prev = values[i - 1];
    if (prev && compareKeys(prev, row, kinds) >= 0)
      return { error: `boundaries[${i}] must be greater than boundaries[${i - 1}] (boundaries ascend)` };
    values.push(row);
  }
  return Array.from({ length: values.length + 1 }, (_, i) => ({
    index: i,
    key: columns,
    ...(i > 0 ? { lower: values[i - 1] } : {}),
    ...(i < values.length ? { upper: values[i] } : {}),
  }));
}
