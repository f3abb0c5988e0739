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

/** Applies the policy to one problem: returns the fixed text (counted) or throws a ValueProblem. */
export interface ProblemHandler {
  (code: string, reason: string, column: number, fixed: string): string;
}

export function problemHandler(policy: ErrorPolicy, fixes: Map<string, number>): ProblemHandler {
  return (code, reason, column, fixed) => {
    if (policy !== 'fix') throw new ValueProblem(code, reason, column);
    fixes.set(code, (fixes.get(code) ?? 0) + 1);
    return fixed;
  };
}
