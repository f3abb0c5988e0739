// Key ranges as SQL: the key columns a table can be split on, key values as typed query parameters,
// and the WHERE predicate of a range using tuple comparison spelled out as ORs
// ((a > x) OR (a = x AND b >= y)), since T-SQL has no row-value comparison.

import {
  FerryError,
  NotSupportedError,
  type Column,
  type KeyRange,
  type Table,
  type Value,
} from '@ferry/core';
import type { QueryParameters } from './query-parameters.js';
import { nativeName, quoteName } from './select-list.js';

const splittable = new Set([
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'decimal',
  'float32',
  'float64',
  'text',
  'binary',
  'uuid',
  'date',
  'time',
  'timestamp',
  'timestamptz',
]);

/**
 * The columns to split a table on: its primary key, else its clustered index, as long as every key
 * column is NOT NULL and of a comparable, exactly renderable type; otherwise none.
 */
export function splitKey(table: Table): Column[] {
  const names =
    table.primaryKey?.columns ?? table.indexes.find((i) => i.clustered)?.columns.map((c) => c.name) ?? [];
  const columns = names.map((n) => table.columns.find((c) => c.name === n));
  const usable = columns.every(
    (c) =>
      c !== undefined &&
      !c.nullable &&
      splittable.has(c.type.kind) &&
      !('length' in c.type && c.type.length === 'max') &&
      nativeName(c) !== 'text' &&
      nativeName(c) !== 'ntext',
  );
  return usable ? (columns as Column[]) : [];
}

const integerTypes: Record<string, [bigint, bigint]> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** The SQL type an integer value is cast to: the column's own when the value fits it, else decimal(38,0). */
function integerType(column: Column, value: number | bigint): string {
  const range = integerTypes[nativeName(column)];
  const n = BigInt(value);
  return range && n >= range[0] && n <= range[1] ? nativeName(column) : 'decimal(38,0)';
}

/**
 * A value compared with `column`, as a parameter cast to the type it is compared in. Text is
 * compared as nvarchar when `text` is `unicode` (source filters, as N'...' literals are), else in the
 * column's own kind (key bounds, so a varchar key keeps its collation's non-Unicode order).
 */
export function valueSql(
  column: Column,
  value: Value,
  params: QueryParameters,
  text: 'unicode' | 'column' = 'column',
): string {
  if (value === null) throw new NotSupportedError(`NULL key value in range bounds (column ${column.name})`);
  const t = column.type;
  switch (t.kind) {
    case 'bool':
      return `CAST(${params.add(value ? '1' : '0')} AS bit)`;
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      if (typeof value !== 'number' && typeof value !== 'bigint') break;
      return `CAST(${params.add(String(value))} AS ${integerType(column, value)})`;
    case 'decimal': {
      const digits = String(value);
      const scale = digits.split('.')[1]?.length ?? 0;
      return `CAST(${params.add(digits)} AS decimal(38,${scale}))`;
    }
    case 'float32':
    case 'float64':
      return `CAST(${params.add(String(value))} AS float)`;
    case 'text':
      return t.unicode || text === 'unicode'
        ? params.add(String(value))
        : `CAST(${params.add(String(value))} AS varchar(max))`;
    case 'binary':
      if (!Buffer.isBuffer(value)) break;
      return params.add(value);
    case 'uuid':
      return `CAST(${params.add(String(value))} AS uniqueidentifier)`;
    case 'date':
    case 'time':
      return `CAST(${params.add(String(value))} AS ${column.nativeType})`;
    case 'timestamp':
    case 'timestamptz':
      // ISO 8601 with a T is read the same under every DATEFORMAT/language setting.
      return `CAST(${params.add(String(value).replace(' ', 'T'))} AS ${column.nativeType})`;
    default:
      throw new NotSupportedError(`Comparing a ${t.kind} column with a value (column ${column.name})`);
  }
  throw new FerryError(`value ${String(value)} is not a ${t.kind} value (column ${column.name})`, {
    where: column.name,
  });
}

/** `(key) >= (values)` or `(key) < (values)` as ORs of ANDs. */
function tupleCompare(key: Column[], values: Value[], op: '>=' | '<', params: QueryParameters): string {
  const strict = op === '>=' ? '>' : '<';
  const terms: string[] = [];
  for (let i = 0; i < key.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++)
      parts.push(`${quoteName(key[j]!.name)} = ${valueSql(key[j]!, values[j]!, params)}`);
    parts.push(
      `${quoteName(key[i]!.name)} ${i === key.length - 1 ? op : strict} ${valueSql(key[i]!, values[i]!, params)}`,
    );
    terms.push(`(${parts.join(' AND ')})`);
  }
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

/** The WHERE predicate selecting `range` of `table`, or undefined for an open range. */
export function rangePredicate(table: Table, range: KeyRange, params: QueryParameters): string | undefined {
  if (!range.lower && !range.upper) return undefined;
  const key = range.key.map((n) => {
    const c = table.columns.find((col) => col.name === n);
    if (!c)
      throw new FerryError(`Range key column ${n} is not a column of ${table.schema}.${table.name}`, {
        where: `${table.schema}.${table.name}`,
      });
    return c;
  });
  const parts: string[] = [];
  if (range.lower) parts.push(tupleCompare(key, range.lower, '>=', params));
  if (range.upper) parts.push(tupleCompare(key, range.upper, '<', params));
  return parts.join(' AND ');
}
