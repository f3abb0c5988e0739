// The WHERE clause of a key range on the target: `(k1, k2) >= (...) AND (k1, k2) < (...)`, with
// the bounds inlined as typed literals (COPY TO cannot take parameters).

import type { KeyRange, Table, Value } from '@ferry/core';
import { FerryError } from '@ferry/core';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { formatFloat } from '../copy/text-encoder.js';
import { mapColumnType, type TypeMapOptions } from '../types.js';

function literal(v: Value, type: string): string {
  if (v === null) return `NULL::${type}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return `${quoteLiteral(formatFloat(v))}::${type}`;
  if (typeof v === 'bigint') return `${v}::${type}`;
  if (Buffer.isBuffer(v)) return `'\\x${v.toString('hex')}'::bytea`;
  return `${quoteLiteral(v)}::${type}`;
}

/** `WHERE ...` for the range (empty for none or an open range); key names must be target columns. */
export function rangeFilter(
  table: Table,
  label: string,
  range: KeyRange | undefined,
  types: TypeMapOptions,
): string {
  if (!range || (!range.lower && !range.upper)) return '';
  const columns = range.key.map((name) => {
    const c = table.columns.find((x) => x.name === name);
    if (!c)
      throw new FerryError(`key column ${name} of range ${range.index} is not a column of ${label}`, {
        code: 'TARGET_UNKNOWN_COLUMN',
        where: `${label}.${name}`,
      });
    return c;
  });
  const tuple = (sqls: string[]) => (sqls.length === 1 ? sqls[0] : `(${sqls.join(', ')})`);
  const keys = tuple(columns.map((c) => quoteIdent(c.name)));
  const bound = (values: Value[]) =>
    tuple(values.map((v, i) => literal(v, mapColumnType(columns[i], types).sql)));
  const parts: string[] = [];
  if (range.lower) parts.push(`${keys} >= ${bound(range.lower)}`);
  if (range.upper) parts.push(`${keys} < ${bound(range.upper)}`);
  return ` WHERE ${parts.join(' AND ')}`;
}
