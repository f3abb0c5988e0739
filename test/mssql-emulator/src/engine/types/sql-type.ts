// A declared SQL Server type (system type name + length/precision/scale) and the metadata
// sys.columns reports for it: max_length in bytes (-1 for max), precision and scale.

import type { SqlType } from '../../engine-api.js';
import { DEFAULT_COLLATION, systemType } from './system-types.js';
import type { CodePage } from '../../tds/code-page.js';
import { collation } from '../../tds/collation.js';
import { SqlError } from '../errors.js';

export type { SqlType };

/** Builds a type from its name and arguments as written in DDL or CAST (`varchar(10)`, `decimal(14,2)`). */
export function makeType(
  name: string,
  args: (number | 'max')[] = [],
  context: 'declare' | 'cast' = 'declare',
): SqlType {
  const sys = systemType(name);
  if (!sys) throw new SqlError(2715, `Column, parameter, or variable #1: Cannot find data type ${name}.`, 16);
  const n = sys.name;
  if (n === 'sysname') return { name: 'nvarchar', length: 128, collation: DEFAULT_COLLATION };
  if (sys.sized) {
    const a = args[0];
    const length = a === 'max' ? -1 : (a ?? (context === 'cast' ? 30 : 1));
    const limit = sys.unicode ? 4000 : 8000;
    if (length !== -1 && (length < 1 || length > limit))
      throw new SqlError(
        131,
        `The size (${length}) given to the type '${n}' exceeds the maximum allowed for any data type (${limit}).`,
        15,
      );
    return sys.collatable ? { name: n, length, collation: DEFAULT_COLLATION } : { name: n, length };
  }
  if (sys.decimal) {
    const precision = typeof args[0] === 'number' ? args[0] : 18;
    const scale = typeof args[1] === 'number' ? args[1] : 0;
    if (precision < 1 || precision > 38)
      throw new SqlError(1002, `Line 1: Specified scale ${precision} is invalid.`, 15);
    if (scale > precision)
      throw new SqlError(192, `The scale must be less than or equal to the precision.`, 16);
    return { name: n, precision, scale };
  }
  if (sys.fractional) {
    const scale = typeof args[0] === 'number' ? args[0] : 7;
    if (scale < 0 || scale > 7) throw new SqlError(1002, `Specified scale ${scale} is invalid.`, 15);
    return { name: n, scale };
  }
  if (n === 'float') {
    const bits = typeof args[0] === 'number' ? args[0] : 53;
    return bits <= 24 ? { name: 'real' } : { name: 'float' };
  }
  if (sys.collatable) return { name: n, collation: DEFAULT_COLLATION };
  return { name: n };
}

/** sys.columns.max_length for a type: bytes, -1 for (max) and xml. */
export function maxLengthOf(t: SqlType): number {
  const sys = systemType(t.name)!;
  if (sys.sized) return t.length === -1 ? -1 : (t.length ?? 1) * (sys.unicode ? 2 : 1);
  if (sys.decimal) return decimalStorage(t.precision ?? 18);
  if (t.name === 'time') return fractionalBytes(t.scale ?? 7, 3);
  if (t.name === 'datetime2') return fractionalBytes(t.scale ?? 7, 6);
  if (t.name === 'datetimeoffset') return fractionalBytes(t.scale ?? 7, 8);
  return sys.maxLength;
}

/** sys.columns.precision for a type. */
export function precisionOf(t: SqlType): number {
  const sys = systemType(t.name)!;
  if (sys.decimal) return t.precision ?? 18;
  const s = t.scale ?? 7;
  const frac = s > 0 ? s + 1 : 0;
  if (t.name === 'time') return 8 + frac;
  if (t.name === 'datetime2') return 19 + frac;
  if (t.name === 'datetimeoffset') return 26 + frac;
  return sys.precision;
}

/** sys.columns.scale for a type. */
export function scaleOf(t: SqlType): number {
  const sys = systemType(t.name)!;
  if (sys.decimal || sys.fractional) return t.scale ?? (sys.decimal ? 0 : 7);
  return sys.scale;
}

export function decimalStorage(precision: number): number {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

function fractionalBytes(scale: number, base: number): number {
  return base + (scale <= 2 ? 0 : scale <= 4 ? 1 : 2);
}

// Type families, checked once per value on the INSERT path: sets built once, not arrays per call.
const CHAR_TYPES = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'xml']);
const UNICODE_TYPES = new Set(['nchar', 'nvarchar', 'ntext', 'xml']);
const BINARY_TYPES = new Set(['binary', 'varbinary', 'image', 'timestamp']);
const INT_TYPES = new Set(['bit', 'tinyint', 'smallint', 'int', 'bigint']);
const EXACT_NUMERIC_TYPES = new Set(['decimal', 'numeric', 'money', 'smallmoney']);
const TEMPORAL_TYPES = new Set(['date', 'time', 'datetime', 'datetime2', 'smalldatetime', 'datetimeoffset']);

export const isCharType = (t: SqlType) => CHAR_TYPES.has(t.name);
export const isUnicodeType = (t: SqlType) => UNICODE_TYPES.has(t.name);
export const isBinaryType = (t: SqlType) => BINARY_TYPES.has(t.name);
export const isIntType = (t: SqlType) => INT_TYPES.has(t.name);
export const isExactNumeric = (t: SqlType) => EXACT_NUMERIC_TYPES.has(t.name);
export const isFloatType = (t: SqlType) => t.name === 'float' || t.name === 'real';
export const isNumericType = (t: SqlType) => isIntType(t) || isExactNumeric(t) || isFloatType(t);
export const isTemporalType = (t: SqlType) => TEMPORAL_TYPES.has(t.name);

/** Renders a type as T-SQL text, e.g. `nvarchar(40)`, `decimal(14,2)`, `varbinary(max)`. */
export function typeText(t: SqlType): string {
  const sys = systemType(t.name)!;
  if (sys.sized) return `${t.name}(${t.length === -1 ? 'max' : t.length})`;
  if (sys.decimal) return `${t.name}(${t.precision},${t.scale})`;
  if (sys.fractional) return `${t.name}(${t.scale})`;
  return t.name;
}

/** Data type precedence (higher wins), from "Data type precedence (Transact-SQL)". */
const PRECEDENCE = [
  'binary',
  'varbinary',
  'char',
  'varchar',
  'nchar',
  'nvarchar',
  'uniqueidentifier',
  'timestamp',
  'image',
  'text',
  'ntext',
  'bit',
  'tinyint',
  'smallint',
  'int',
  'bigint',
  'smallmoney',
  'money',
  'decimal',
  'numeric',
  'real',
  'float',
  'time',
  'date',
  'smalldatetime',
  'datetime',
  'datetime2',
  'datetimeoffset',
  'xml',
  'sql_variant',
];

export function precedence(t: SqlType): number {
  const i = PRECEDENCE.indexOf(t.name);
  return t.name === 'numeric' ? PRECEDENCE.indexOf('decimal') : i;
}

/**
 * The code page of a char/varchar/text type's collation: its bytes in CAST to and from binary, CHAR,
 * ASCII, DATALENGTH and on the wire (1252 for the default SQL_Latin1_General_CP1_CI_AS).
 */
export const codePageOf = (t: SqlType): CodePage => collation(t.collation ?? DEFAULT_COLLATION).codePage;
