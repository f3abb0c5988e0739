// A value the target cannot store faithfully, and what the table's error policy does with it.

export type ErrorPolicy = 'fail' | 'reject' | 'fix';

/** Thrown by an encoder under `fail`/`reject`; the writer names the table, row and key. */
export class ValueProblem extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly columnIndex: number,
  ) {
    super(reason);
  }
}

/**
 * Applies the policy to one problem: returns the fixed text (counted) or throws a ValueProblem.
 * The reason is only written when it is shown (`fix` may apply to every value of a column).
 */
export interface ProblemHandler {
  (code: string, reason: () => string, column: number, fixed: string): string;
}

export function problemHandler(policy: ErrorPolicy, fixes: Map<string, number>): ProblemHandler {
  return (code, reason, column, fixed) => {
    if (policy !== 'fix') throw new ValueProblem(code, reason(), column);
    fixes.set(code, (fixes.get(code) ?? 0) + 1);
    return fixed;
  };
}

/** A value for messages: JSON-quoted, cut after 60 characters. */
export function describeValue(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
}

/**
 * Temporal text with at most 6 fraction digits, as PostgreSQL keeps: extra zero digits are dropped,
 * other extra digits are a SUB_MICROSECOND problem whose fix truncates them.
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
      const reason = () =>
        `fractional seconds beyond microseconds (${s.slice(dot + 1, end)}), PostgreSQL keeps 6 digits: ${describeValue(s)}`;
      return onProblem('SUB_MICROSECOND', reason, column, truncated);
    }
  }
  return truncated;
}
