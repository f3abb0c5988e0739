// A value the target cannot store faithfully, and what the table's error policy does with it.

import { isEndOfTime, type FieldFixes } from '@ferry/core';

export type ErrorPolicy = 'fail' | 'reject' | 'fix';

/** Thrown by an encoder under `fail`/`reject`; the writer names the table, row and key. */
export class ValueProblem extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly columnIndex: number,
    /** False for a problem no documented fix repairs (thrown under every policy). */
    readonly fixable = true,
  ) {
    super(reason);
  }
}

/**
 * Applies the policy to one problem of `value` in column `column`: throws a ValueProblem, or (under
 * `fix`) counts the fix in the column, which the caller then makes. The reason is only written
 * (`reason(value)`) when it is shown: `fix` may apply to every value of a column, so no message or
 * closure is made per value.
 */
export interface ProblemHandler {
  (code: string, column: number, value: string, reason: (value: string) => string): void;
  /** Counts a value of column `column` changed by a rule of every policy (`END_OF_TIME`). */
  everyPolicy(code: 'END_OF_TIME', column: number): void;
}

export function problemHandler(policy: ErrorPolicy, fixes: FieldFixes): ProblemHandler {
  const handler = (code: string, column: number, value: string, reason: (value: string) => string) => {
    if (policy !== 'fix') throw new ValueProblem(code, reason(value), column);
    fixes.count(column, code);
  };
  return Object.assign(handler, {
    everyPolicy: (code: string, column: number) => fixes.count(column, code),
  });
}

/** Thrown under every policy for a value no documented fix can repair (`fix` fails on it too). */
export function refuse(code: string, reason: string, column: number): never {
  throw new ValueProblem(code, reason, column, false);
}

/** String methods of ES2024 (Node 20 has them; the project's lib is ES2023). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * Text PostgreSQL can store as it is, by the policy: NUL characters (U+0000, which PostgreSQL text
 * cannot hold) are stripped; lone UTF-16 surrogates (which UTF-8 cannot encode: the encoder would
 * write U+FFFD in their place) are replaced by U+FFFD, each counted. `isWellFormed` answers at once
 * for a one-byte string, so only strings with non-Latin-1 characters are scanned.
 */
export function storableText(s: string, column: number, onProblem: ProblemHandler): string {
  let out = s;
  if (out.includes('\u0000')) {
    onProblem('NUL_IN_TEXT', column, out, nulReason);
    out = out.replace(/\u0000/g, '');
  }
  if (!(out as unknown as WellFormedString).isWellFormed()) {
    onProblem('LONE_SURROGATE', column, out, surrogateReason);
    out = (out as unknown as WellFormedString).toWellFormed();
  }
  return out;
}

const nulReason = (s: string) =>
  `text contains NUL (U+0000), which PostgreSQL text cannot hold: ${describeValue(s)}`;

const surrogateReason = (s: string) => {
  let at = 0;
  for (; at < s.length; at++) {
    const c = s.charCodeAt(at);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(at + 1) & 0xfc00) === 0xdc00) at++;
    else if (c >= 0xd800 && c <= 0xdfff) break;
  }
  const unit = s.charCodeAt(at).toString(16).toUpperCase();
  return `text contains a lone UTF-16 surrogate (U+${unit} at character ${at + 1}), which UTF-8 cannot encode: ${describeValue(s)}`;
};

export const subMicrosecondReason = (s: string) => {
  const dot = s.indexOf('.');
  const digits = /^\d*/.exec(s.slice(dot + 1))![0];
  return `fractional seconds beyond microseconds (${digits}), PostgreSQL keeps 6 digits: ${describeValue(s)}`;
};

/** A value for messages: JSON-quoted, cut after 60 characters. */
export function describeValue(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
}

/**
 * Temporal text with at most 6 fraction digits, as PostgreSQL keeps: extra zero digits are dropped,
 * other extra digits are a SUB_MICROSECOND problem whose fix truncates them, except in the end of
 * time (isEndOfTime), which is truncated to `endOfTime` under every policy (counted as END_OF_TIME).
 */
export function microsecondsOnly(s: string, column: number, onProblem: ProblemHandler): string {
  const dot = s.indexOf('.');
  if (dot < 0) return s;
  let end = dot + 1;
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  if (end - dot - 1 <= 6) return s;
  const truncated = s.slice(0, dot + 7) + s.slice(end);
  for (let k = dot + 7; k < end; k++) {
    if (s.charCodeAt(k) !== 48) {
      if (isEndOfTime(s)) onProblem.everyPolicy('END_OF_TIME', column);
      else onProblem('SUB_MICROSECOND', column, s, subMicrosecondReason);
      break;
    }
  }
  return truncated;
}
