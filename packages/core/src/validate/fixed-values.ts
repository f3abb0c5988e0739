// Under the `fix` error policy the load stores some values changed, by the documented fixes (see
// pipeline/binary-rows.ts: NULs stripped, a lone surrogate replaced by U+FFFD, fraction digits
// beyond the 6th truncated). Validation compares the source's values with the same fixes made, so a
// fixed value matches what the load stored, and counts the values it fixed, by problem code.

import { isEndOfTime } from '../model/end-of-time.js';
import type { LogicalType } from '../model/logical-type.js';
import type { Value } from '../pipeline/batch.js';
import { everyPolicyRules, type FieldFix } from '../pipeline/column-fixes.js';

/** String methods of ES2024 (Node 20 has them; the project's lib is ES2023). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

export class FixedValues {
  /** The values fixed so far, by problem code (NUL_IN_TEXT, LONE_SURROGATE, SUB_MICROSECOND). */
  readonly counts: Record<string, number> = {};

  /** Adds counts made elsewhere (a fast-path read's `BinaryRows.fixes`; END_OF_TIME is no fix). */
  add(fixes: readonly FieldFix[] | undefined): void {
    for (const f of fixes ?? []) if (!everyPolicyRules.includes(f.rule)) this.count(f.rule, f.count);
  }

  /** The number of values fixed. */
  total(): number {
    return Object.values(this.counts).reduce((n, c) => n + c, 0);
  }

  /** The fix of a column's values as the load makes it, or undefined for a type no fix changes. */
  fixOf(type: LogicalType): ((v: Value) => Value) | undefined {
    switch (type.kind) {
      case 'text':
      case 'xml':
      case 'json':
      case 'variant':
      case 'unknown':
        return (v) => (typeof v === 'string' ? this.text(v) : v);
      case 'time':
      case 'timestamp':
      case 'timestamptz':
        return (v) => (typeof v === 'string' ? this.microseconds(v) : v);
      default:
        return undefined;
    }
  }

  private count(code: string, n = 1): void {
    this.counts[code] = (this.counts[code] ?? 0) + n;
  }

  private text(s: string): string {
    let out = s;
    if (out.includes('\u0000')) {
      this.count('NUL_IN_TEXT');
      out = out.replace(/\u0000/g, '');
    }
    if (!(out as unknown as WellFormedString).isWellFormed()) {
      this.count('LONE_SURROGATE');
      out = (out as unknown as WellFormedString).toWellFormed();
    }
    return out;
  }

  /** Temporal text with its seconds' fraction cut to 6 digits (counted when a cut digit is not 0, but for the end of time). */
  private microseconds(s: string): string {
    const dot = s.indexOf('.');
    if (dot < 0) return s;
    let end = dot + 1;
    while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
    if (end - dot - 1 <= 6) return s;
    if (/[1-9]/.test(s.slice(dot + 7, end)) && !isEndOfTime(s)) this.count('SUB_MICROSECOND');
    return s.slice(0, dot + 7) + s.slice(end);
  }
}
