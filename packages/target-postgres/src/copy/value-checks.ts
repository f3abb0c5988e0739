// Checks made before a value is encoded, where nothing upstream vouches for it: values out of user
// code (against the column's logical type), integer type overrides (their range), and xml
// declarations that PostgreSQL's binary input would misread. Columns without one pay nothing.

import { canonicalValueProblem, type Column, type Value } from '@ferry/core';
import type { TypeMapping } from '../types.js';
import { describeValue, refuse, type ProblemHandler } from './value-problem.js';

/** Returns the value to encode (a fix may change it) or throws a ValueProblem. */
export type ValueCheck = (value: Exclude<Value, null>, onProblem: ProblemHandler) => Exclude<Value, null>;

export interface CheckedField {
  column: Column;
  mapping: TypeMapping;
  /** True when the column's values came out of user code (`WriteOptions.userColumns`). */
  userValues?: boolean;
}

/** The checks of one field (index = position in the COPY column list), or undefined when it needs none. */
export function valueCheck(
  field: CheckedField,
  index: number,
  format: 'text' | 'binary',
): ValueCheck | undefined {
  const checks: ValueCheck[] = [];
  if (field.userValues) checks.push(contractCheck(field.column, index));
  const range = field.mapping.overridden ? integerRanges[field.mapping.sql.trim().toLowerCase()] : undefined;
  if (range) checks.push(integerOverrideCheck(range, field.mapping.sql, index));
  if (format === 'binary' && field.column.type.kind === 'xml' && !field.mapping.overridden)
    checks.push(xmlDeclarationCheck(index));
  if (checks.length <= 1) return checks[0];
  return (value, onProblem) => checks.reduce((v, check) => check(v, onProblem), value);
}

/** A value out of user code must be a canonical value of the column's logical type (never coerced). */
function contractCheck(column: Column, index: number): ValueCheck {
  return (value) => {
    const problem = canonicalValueProblem(column.type, value);
    return problem === undefined
      ? value
      : refuse('WRONG_TYPE', `value does not fit the column: ${problem}`, index);
  };
}

const int16 = [-32768n, 32767n] as const;
const int32 = [-2147483648n, 2147483647n] as const;
const int64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
/** PostgreSQL's integer type names (as a type override may spell them) and their ranges. */
const integerRanges: Record<string, readonly [bigint, bigint]> = {
  smallint: int16,
  int2: int16,
  integer: int32,
  int: int32,
  int4: int32,
  bigint: int64,
  int8: int64,
};

/** The integer a value stands for, when it is one (a number, a bigint, or integer text). */
function integerOf(value: Exclude<Value, null>): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return BigInt(value.trim());
  return undefined;
}

/** A type override to an integer type: the source's values may not fit it (PostgreSQL would refuse the COPY). */
function integerOverrideCheck(range: readonly [bigint, bigint], sql: string, index: number): ValueCheck {
  return (value) => {
    const n = integerOf(value);
    if (n === undefined)
      refuse(
        'NOT_AN_INTEGER',
        `value is not an integer, as the type override ${sql} needs: ${shown(value)}`,
        index,
      );
    if (n < range[0] || n > range[1])
      refuse(
        'OUT_OF_RANGE',
        `value is out of range for the type override ${sql} (${range[0]}..${range[1]}): ${shown(value)}`,
        index,
      );
    return value;
  };
}

const shown = (value: Exclude<Value, null>) =>
  typeof value === 'string' ? describeValue(value) : String(value);

/** The encoding an xml declaration names (`<?xml version="1.0" encoding="UTF-16"?>`), if any. */
function declaredEncoding(xml: string): { encoding: string; end: number } | undefined {
  if (!xml.startsWith('<?xml')) return undefined;
  const end = xml.indexOf('?>');
  if (end < 0) return undefined;
  const m = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(xml.slice(5, end));
  return m ? { encoding: m[2], end: end + 2 } : undefined;
}

/**
 * Binary COPY input of xml reads the bytes in the encoding the xml declaration names, and Ferry
 * sends UTF-8: any other name fails the COPY (UTF-16) or silently re-reads the text (ISO-8859-1 turns
 * `é` into `Ã©`). SQL Server drops the declaration when it stores xml, so such a value comes from user
 * code; the fix drops it too. (Text COPY keeps the declaration as it is.)
 */
function xmlDeclarationCheck(index: number): ValueCheck {
  return (value, onProblem) => {
    if (typeof value !== 'string') return value;
    const declared = declaredEncoding(value);
    if (!declared || /^utf-?8$/i.test(declared.encoding)) return value;
    onProblem('XML_ENCODING', index, value, xmlEncodingReason);
    return value.slice(declared.end);
  };
}

const xmlEncodingReason = (xml: string) =>
  `xml declares encoding "${declaredEncoding(xml)?.encoding}", but its text is sent as UTF-8 and PostgreSQL's binary COPY would read it in the declared encoding (copyFormat 'text' keeps the declaration; the fix policy drops it, as SQL Server does when it stores xml): ${describeValue(xml)}`;
