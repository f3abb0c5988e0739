// SQL Server native types: rebuilding the declared type text from catalog values, and the map
// from each native type to Ferry's logical type (the table in the README mirrors `logicalType`).

import type { LogicalType } from '@ferry/core';

/** A native type as the catalog describes it; `length` in characters (char types) or bytes, or 'max'. */
export interface NativeType {
  /** Lower-case system type name, e.g. `nvarchar`, `decimal`, `datetime2`, `hierarchyid`. */
  name: string;
  length?: number | 'max';
  precision?: number;
  scale?: number;
  collation?: string;
}

const unicodeChar = new Set(['nchar', 'nvarchar']);
const sizedChar = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'binary', 'varbinary']);
const fractionalSeconds = new Set(['time', 'datetime2', 'datetimeoffset']);

/**
 * Builds a NativeType from sys.columns / sys.types values: `max_length` is in bytes (-1 for max),
 * so nvarchar(40) arrives as max_length 80.
 */
export function nativeTypeFromCatalog(
  name: string,
  maxLength: number,
  precision: number,
  scale: number,
  collation?: string | null,
): NativeType {
  const n = name.toLowerCase();
  const t: NativeType = { name: n };
  if (sizedChar.has(n)) t.length = maxLength === -1 ? 'max' : unicodeChar.has(n) ? maxLength / 2 : maxLength;
  if (n === 'decimal' || n === 'numeric') {
    t.precision = precision;
    t.scale = scale;
  }
  if (fractionalSeconds.has(n)) t.scale = scale;
  if (collation) t.collation = collation;
  return t;
}

/** Declared type text as SQL Server prints it: `nvarchar(40)`, `varchar(max)`, `decimal(38,10)`, `datetime2(7)`. */
export function formatNativeType(t: NativeType): string {
  if (sizedChar.has(t.name)) return `${t.name}(${t.length ?? 1})`;
  if (t.name === 'decimal' || t.name === 'numeric') return `${t.name}(${t.precision ?? 18},${t.scale ?? 0})`;
  if (fractionalSeconds.has(t.name)) return `${t.name}(${t.scale ?? 7})`;
  return t.name;
}

/**
 * Maps a native type to its logical type. Never throws: a type without a faithful mapping becomes
 * `unknown` with a reason (the introspector turns it into an action item).
 */
export function logicalType(t: NativeType): LogicalType {
  const text = (unicode: boolean, fixed: boolean, length: number | 'max' = 'max'): LogicalType => ({
    kind: 'text',
    length,
    unicode,
    fixed,
    ...(t.collation ? { collation: t.collation } : {}),
  });
  switch (t.name) {
    case 'bit':
      return { kind: 'bool' };
    case 'tinyint':
      return { kind: 'int8' };
    case 'smallint':
      return { kind: 'int16' };
    case 'int':
      return { kind: 'int32' };
    case 'bigint':
      return { kind: 'int64' };
    case 'decimal':
    case 'numeric':
      return { kind: 'decimal', precision: t.precision ?? 18, scale: t.scale ?? 0 };
    case 'money':
      return { kind: 'decimal', precision: 19, scale: 4, money: true };
    case 'smallmoney':
      return { kind: 'decimal', precision: 10, scale: 4, money: true };
    case 'real':
      return { kind: 'float32' };
    case 'float': // float(1..24) is stored and reported as real, so a float column is float(53)
      return { kind: 'float64' };
    case 'date':
      return { kind: 'date' };
    case 'time':
      return { kind: 'time', precision: t.scale ?? 7 };
    case 'datetime':
      return { kind: 'timestamp', precision: 3 };
    case 'smalldatetime':
      return { kind: 'timestamp', precision: 0 };
    case 'datetime2':
      return { kind: 'timestamp', precision: t.scale ?? 7 };
    case 'datetimeoffset':
      return { kind: 'timestamptz', precision: t.scale ?? 7 };
    case 'char':
      return text(false, true, t.length ?? 1);
    case 'varchar':
      return text(false, false, t.length ?? 1);
    case 'text':
      return text(false, false);
    case 'nchar':
      return text(true, true, t.length ?? 1);
    case 'nvarchar':
      return text(true, false, t.length ?? 1);
    case 'ntext':
      return text(true, false);
    case 'sysname':
      return text(true, false, 128);
    case 'binary':
      return { kind: 'binary', length: t.length ?? 1, fixed: true };
    case 'varbinary':
      return { kind: 'binary', length: t.length ?? 1, fixed: false };
    case 'image':
      return { kind: 'binary', length: 'max', fixed: false };
    case 'uniqueidentifier':
      return { kind: 'uuid' };
    case 'xml':
      return { kind: 'xml' };
    case 'json':
      return { kind: 'json' };
    case 'sql_variant':
      return { kind: 'variant' };
    case 'timestamp':
    case 'rowversion':
      return { kind: 'rowversion' };
    case 'hierarchyid':
      return { kind: 'hierarchy' };
    case 'geography':
    case 'geometry':
      return { kind: 'spatial', geodetic: t.name === 'geography' };
    default:
      return { kind: 'unknown', reason: `${t.name} (not a known SQL Server type; read as bytes)` };
  }
}
