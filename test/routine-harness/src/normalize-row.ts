// Result values of both sides as the text Ferry's data validation compares (normalizeValue of the
// column's logical type). SQL Server values arrive as JavaScript values from tedious and are first
// written as the text PostgreSQL would print for the same value; PostgreSQL values arrive as text.

import type { LogicalType } from '@ferry/core';
import { normalizeValue } from '@ferry/core';
import { logicalType } from '@ferry/source-mssql';

/** The logical type of a result column from tedious's metadata (`type.declaration`, sizes). */
export function columnType(
  declaration: string,
  length?: number,
  precision?: number,
  scale?: number,
): LogicalType {
  const name = declaration.toLowerCase();
  const chars = name.startsWith('n') && length !== undefined && length > 0 ? length / 2 : length;
  return logicalType({ name, length: chars, precision, scale });
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A tedious Date (UTC, with `nanosecondDelta` for 100 ns precision) as PostgreSQL prints it. */
function dateText(type: LogicalType, d: Date & { nanosecondDelta?: number }): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (type.kind === 'date') return date;
  const ticks = Math.round((d.nanosecondDelta ?? 0) * 1e7);
  const fraction = `${pad(d.getUTCMilliseconds(), 3)}${pad(ticks, 4)}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${fraction}`;
  if (type.kind === 'time') return time;
  return `${date} ${time}${type.kind === 'timestamptz' ? 'Z' : ''}`;
}

/**
 * The type values are normalised by: a LOB as its bounded form, so that a difference shows the values
 * themselves rather than the digests validation compares (the comparison is the same).
 */
function comparable(type: LogicalType): LogicalType {
  return (type.kind === 'text' || type.kind === 'binary') && type.length === 'max'
    ? { ...type, length: 1 }
    : type;
}

export function sourceValue(columnType: LogicalType, v: unknown): string | null {
  const type = comparable(columnType);
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return normalizeValue(type, dateText(type, v));
  if (typeof v === 'boolean') return normalizeValue(type, v);
  if (Buffer.isBuffer(v)) return normalizeValue(type, v);
  if (typeof v === 'object') return normalizeValue(type, JSON.stringify(v));
  return normalizeValue(type, v as string | number);
}

/** PostgreSQL's text for a value, normalised by the SQL Server column's logical type. */
export function targetValue(columnType: LogicalType, v: string | null): string | null {
  const type = comparable(columnType);
  if (v === null) return null;
  if (type.kind === 'bool') return normalizeValue(type, v === 't' || v === 'true' || v === '1');
  if (type.kind === 'binary' || type.kind === 'rowversion')
    return normalizeValue(type, v.startsWith('\\x') ? Buffer.from(v.slice(2), 'hex') : Buffer.from(v));
  return normalizeValue(type, v);
}
