// Decodes driver values (after the SELECT-list conversions) into Ferry's canonical value forms
// (see @ferry/core Batch): exact decimal strings, temporal strings with exactly p fraction digits,
// bigint for int64, upper-case uuids, Buffers for bytes.

import type { Column, Value } from '@ferry/core';
import { sridAndWkbToEwkb } from './spatial-ewkb.js';

export type Decoder = (raw: unknown) => Value;

/** Thrown for a driver value that does not have the expected shape (names the column). */
export class ValueShapeError extends Error {}

const bad = (column: string, what: string, raw: unknown): never => {
  throw new ValueShapeError(
    `column ${column}: expected ${what}, got ${typeof raw === 'string' ? JSON.stringify(raw) : typeof raw}`,
  );
};

const clock = /^(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;
const stamp = /^(-?\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;
const stampTz = /^(-?\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))? ?([+-]\d{2}:\d{2})$/;

/** Exactly `p` fraction digits: pads with zeros; extra digits must be zeros (else the value would be altered). */
export function fixFraction(fraction: string | undefined, p: number, column: string, raw: string): string {
  let f = fraction ?? '';
  if (f.length > p) {
    if (/[^0]/.test(f.slice(p))) bad(column, `at most ${p} fraction digits`, raw);
    f = f.slice(0, p);
  }
  return p === 0 ? '' : `.${f.padEnd(p, '0')}`;
}

export function canonicalTime(raw: string, p: number, column = '?'): string {
  const m = clock.exec(raw.trim()) ?? bad(column, 'HH:MM:SS[.fffffff]', raw);
  return m[1] + fixFraction(m[2], p, column, raw);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** True when `raw` is already `YYYY-MM-DD HH:MM:SS[.f{p}]` with exactly p digits (what style 121 sends). */
function isCanonicalStamp(raw: string, p: number): boolean {
  if (raw.length !== (p ? 20 + p : 19)) return false;
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    const ok =
      k === 4 || k === 7
        ? c === 45
        : k === 10
          ? c === 32
          : k === 13 || k === 16
            ? c === 58
            : k === 19
              ? c === 46
              : isDigit(c);
    if (!ok) return false;
  }
  return true;
}

export function canonicalTimestamp(raw: string, p: number, column = '?'): string {
  if (isCanonicalStamp(raw, p)) return raw;
  const m = stamp.exec(raw.trim()) ?? bad(column, 'YYYY-MM-DD HH:MM:SS[.fffffff]', raw);
  return `${m[1]} ${m[2]}${fixFraction(m[3], p, column, raw)}`;
}

export function canonicalTimestampTz(raw: string, p: number, column = '?'): string {
  const m = stampTz.exec(raw.trim()) ?? bad(column, 'YYYY-MM-DD HH:MM:SS[.fffffff] +HH:MM', raw);
  return `${m[1]} ${m[2]}${fixFraction(m[3], p, column, raw)}${m[4]}`;
}

const decimalPattern = /^-?\d+(\.\d+)?$/;

/** The decoder of one column, matching `selectExpression` of the same column. */
export function decoderFor(column: Column): Decoder {
  const name = column.name;
  const t = column.type;
  const str =
    (what: string) =>
    (raw: unknown): string =>
      typeof raw === 'string' ? raw : bad(name, what, raw);
  switch (t.kind) {
    case 'bool':
      return (raw) =>
        raw === null
          ? null
          : typeof raw === 'boolean'
            ? raw
            : raw === 1
              ? true
              : raw === 0
                ? false
                : bad(name, 'a bit', raw);
    case 'int8':
    case 'int16':
    case 'int32':
    case 'float32':
    case 'float64':
      return (raw) => (raw === null ? null : typeof raw === 'number' ? raw : bad(name, 'a number', raw));
    case 'int64':
      return (raw) =>
        raw === null
          ? null
          : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'bigint'
            ? BigInt(raw)
            : bad(name, 'a bigint', raw);
    case 'decimal': {
      const text = str('decimal text');
      return (raw) => {
        if (raw === null) return null;
        const s = text(raw).trim();
        return decimalPattern.test(s) ? s : bad(name, 'decimal text', raw);
      };
    }
    case 'date': {
      const text = str('YYYY-MM-DD');
      return (raw) => (raw === null ? null : text(raw).trim().slice(0, 10));
    }
    case 'time': {
      const text = str('time text');
      return (raw) => (raw === null ? null : canonicalTime(text(raw), t.precision, name));
    }
    case 'timestamp': {
      const text = str('timestamp text');
      return (raw) => (raw === null ? null : canonicalTimestamp(text(raw), t.precision, name));
    }
    case 'timestamptz': {
      const text = str('timestamp with offset text');
      return (raw) => (raw === null ? null : canonicalTimestampTz(text(raw), t.precision, name));
    }
    case 'uuid': {
      const text = str('uniqueidentifier text');
      return (raw) => (raw === null ? null : text(raw).toUpperCase());
    }
    case 'binary':
    case 'rowversion':
      return (raw) => (raw === null ? null : Buffer.isBuffer(raw) ? raw : bad(name, 'bytes', raw));
    case 'text':
    case 'xml':
    case 'json':
    case 'variant': {
      const text = str('text');
      return (raw) => (raw === null ? null : text(raw));
    }
    case 'hierarchy': {
      const text = str('hierarchyid text');
      return (raw) => (raw === null ? null : text(raw));
    }
    case 'spatial':
      return (raw) => {
        if (raw === null) return null;
        if (!Buffer.isBuffer(raw)) return bad(name, 'SRID + WKB bytes', raw);
        try {
          return sridAndWkbToEwkb(raw);
        } catch (e) {
          throw new ValueShapeError(
            `column ${name}: ${column.nativeType} value is not WKB: ${(e as Error).message}`,
          );
        }
      };
    case 'unknown':
      return (raw) => (raw === null ? null : Buffer.isBuffer(raw) ? raw : bad(name, 'bytes', raw));
    default:
      return (raw) =>
        raw === null || raw === undefined ? null : bad(name, `a value of a supported type (${t.kind})`, raw);
  }
}
