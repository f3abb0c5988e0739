// Encodes canonical values (pipeline/batch.ts) as COPY text format fields: one encoder per column,
// chosen from the column's logical type; escaping of backslash, tab, newline and CR; bytea as \\x hex.

import type { Column, Value } from '@ferry/core';
import type { TypeMapping } from '../types.js';
import { pathToLtree } from './ltree-path.js';
import { microsecondsOnly, storableText, type ProblemHandler } from './value-problem.js';

export type FieldEncoder = (value: Exclude<Value, null>, onProblem: ProblemHandler) => string;

const needsEscape = /[\\\t\n\r]/;

/** Escapes backslash, tab, newline and carriage return (a clean string, the common case, is returned as is). */
export function escapeCopyText(s: string): string {
  if (!needsEscape.test(s)) return s;
  let out = '';
  let last = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 92 || c === 9 || c === 10 || c === 13) {
      out += s.slice(last, k) + (c === 92 ? '\\\\' : c === 9 ? '\\t' : c === 10 ? '\\n' : '\\r');
      last = k + 1;
    }
  }
  return out + s.slice(last);
}

/**
 * A finite JS number as its shortest exact digits, the same text as String(n). String(n) goes
 * through V8's number-to-string cache, which keeps each new string alive until its slot is reused,
 * long enough to be promoted to the old generation; JSON.stringify makes a fresh, short-lived string.
 */
const digits = (n: number): string => JSON.stringify(n);

/** JS number as PostgreSQL float input: shortest exact digits, NaN/Infinity spelled out, -0 kept. */
export function formatFloat(n: number): string {
  if (Number.isFinite(n)) return n === 0 && Object.is(n, -0) ? '-0' : digits(n);
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

function generic(value: Exclude<Value, null>): string {
  if (typeof value === 'string') return escapeCopyText(value);
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return `\\\\x${value.toString('hex')}`;
}

function textEncoder(index: number): FieldEncoder {
  return (value, onProblem) =>
    escapeCopyText(storableText(typeof value === 'string' ? value : String(value), index, onProblem));
}

function subMicrosecondEncoder(index: number): FieldEncoder {
  return (value, onProblem) => microsecondsOnly(String(value), index, onProblem);
}

/** Picks the encoder of one column (index = position in the COPY column list, for messages). */
export function fieldEncoder(column: Column, mapping: TypeMapping, index: number): FieldEncoder {
  if (mapping.check === 'nul') return textEncoder(index);
  if (mapping.check === 'sub-microsecond') return subMicrosecondEncoder(index);
  if (mapping.overridden) return generic;
  switch (column.type.kind) {
    case 'bool':
      return (v) => (v === true || v === 1 ? 't' : v === false || v === 0 ? 'f' : generic(v));
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return (v) =>
        typeof v === 'string' ? escapeCopyText(v) : typeof v === 'number' ? digits(v) : String(v);
    case 'float32':
    case 'float64':
      return (v) => (typeof v === 'number' ? formatFloat(v) : generic(v));
    case 'binary':
    case 'rowversion':
      return (v) => (Buffer.isBuffer(v) ? `\\\\x${v.toString('hex')}` : generic(v));
    case 'spatial': // EWKB: bytea's escaped hex, or the hex text PostGIS's input reads
      return mapping.sql === 'bytea'
        ? (v) => `\\\\x${(v as Buffer).toString('hex')}`
        : (v) => (v as Buffer).toString('hex');
    case 'hierarchy':
      return mapping.sql === 'ltree' ? (v) => pathToLtree(String(v)) : generic;
    default:
      return generic;
  }
}
