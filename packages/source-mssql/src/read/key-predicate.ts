// Key ranges as SQL: the key columns a table can be split on, exact literals of key values, and the
// WHERE predicate of a range using tuple comparison spelled out as ORs
// ((a > x) OR (a = x AND b >= y)), since T-SQL has no row-value comparison.

import {
  FerryError,
  NotSupportedError,
  type Column,
  type KeyRange,
  type Table,
  type Value,
} from '@ferry/core';
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

const quoteString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** An exact T-SQL literal of a canonical value of `column`. */
export function literal(column: Column, value: Value): string {
  if (value === null) throw new NotSupportedError(`NULL key value in range bounds (column ${column.name})`);
  const t = column.type;
  switch (t.kind) {
    case 'bool':
      return value ? '1' : '0';
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'decimal':
      return String(value);
    case 'float32':
    case 'float64': {
      const s = String(value);
      return /e/i.test(s) ? s : `${s}E0`;
    }
    case 'text':
      return t.unicode ? `N${quoteString(String(value))}` : quoteString(String(value));
    case 'binary':
      return `0x${(value as Buffer).toString('hex').toUpperCase()}`;
    case 'uuid':
      return `CAST(${quoteString(String(value))} AS uniqueidentifier)`;
    case 'date':
    case 'time':
      return `CAST(${quoteString(String(value))} AS ${column.nativeType})`;
    case 'timestamp':
    case 'timestamptz':
      // ISO 8601 with a T is read the same under every DATEFORMAT/language setting.
      return `CAST(${quoteString(String(value).replace(' ', 'T'))} AS ${column.nativeType})`;
    default:
      throw new NotSupportedError(`Range bounds on a ${t.kind} key (column ${column.name})`);
  }
}

/** `(key) >= (values)` or `(key) < (values)` as ORs of ANDs. */
function tupleCompare(key: Column[], values: Value[], op: '>=' | '<'): string {
  const strict = op === '>=' ? '>' : '<';
  const terms: string[] = [];
  for (let i = 0; i < key.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < i; j++) parts.push(`${quoteName(key[j]!.name)} = ${literal(key[j]!, values[j]!)}`);
    parts.push(
      `${quoteName(key[i]!.name)} ${i === key.length - 1 ? op : strict} ${literal(key[i]!, values[i]!)}`,
    );
    terms.push(`(${parts.join(' AND ')})`);
  }
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

/** The WHERE predicate selecting `range` of `table`, or undefined for an open range. */
export function rangePredicate(table: Table, range: KeyRange): string | undefined {
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
  if (range.lower) parts.push(tupleCompare(key, range.lower, '>='));
  if (range.upper) parts.push(tupleCompare(key, range.upper, '<'));
  return parts.join(' AND ');
}
