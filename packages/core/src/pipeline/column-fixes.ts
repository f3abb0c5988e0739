// Values a documented rule changed on their way to the target, counted per column and rule: the
// fixes of the `fix` policy, and END_OF_TIME, which maps SQL Server's end of time under every policy.
// An encoder counts them per field of a batch (FieldFixes, in the branch that already found the
// case); the writer names the columns (ColumnFix) and the results carry them up to the run report.

/** The rules that change a value under every policy (a sentinel mapped, not a `fix` policy fix). */
export const everyPolicyRules: readonly string[] = ['END_OF_TIME'];

/** Values a rule changed in one field of a batch (binary rows, or a batch an encoder wrote). */
export interface FieldFix {
  /** The field's index in the row. */
  field: number;
  /** The rule, by its problem code: `NUL_IN_TEXT`, `LONE_SURROGATE`, `SUB_MICROSECOND`, `END_OF_TIME`, ... */
  rule: string;
  count: number;
  /** The index in the batch of the first row it changed (for binary rows: the rows ending before it). */
  firstRow: number;
}

/** Values a rule changed in one column of a task's (or a table's) rows. */
export interface ColumnFix {
  /** Target column. */
  column: string;
  /** The rule, by its problem code (see FieldFix.rule). */
  rule: string;
  count: number;
  /** The first row it changed: its number among its task's rows, as error messages give it. */
  firstRow?: number;
  /** That row's key (`id=5`), when the writer knew it (see copy-writer). */
  firstKey?: string;
  /** That row's task, in a table's figures (set by the run report). */
  firstTask?: string;
}

/**
 * Counts the rules applied to the fields of a batch, row by row: `startRow` before each row (cheap
 * when the last row changed nothing), `dropRow` when the row is not written after all (left out, or
 * decoded again), which takes its counts back.
 */
export class FieldFixes {
  private row = 0;
  private fixes: FieldFix[] = [];
  /** The fixes counted in the row being written, once per count (the first `inRowCount`; reused). */
  private readonly inRow: FieldFix[] = [];
  private inRowCount = 0;

  /** Row `row` of the batch is written next. */
  startRow(row: number): void {
    this.row = row;
    this.inRowCount = 0;
  }

  /** One more value of `field` changed by `rule` (only called in the branch that changes it). */
  count(field: number, rule: string): void {
    const fixes = this.fixes;
    let fix: FieldFix | undefined;
    for (let i = 0; i < fixes.length; i++)
      if (fixes[i].field === field && fixes[i].rule === rule) {
        fix = fixes[i];
        break;
      }
    if (fix === undefined) {
      fix = { field, rule, count: 0, firstRow: this.row };
      fixes.push(fix);
    }
    fix.count++;
    this.inRow[this.inRowCount++] = fix;
  }

  /** Takes back the counts of the row being written (a fix it was the first of goes). */
  dropRow(): void {
    for (let i = 0; i < this.inRowCount; i++) {
      const fix = this.inRow[i];
      if (--fix.count === 0) this.fixes.splice(this.fixes.indexOf(fix), 1);
    }
    this.inRowCount = 0;
  }

  /** The batch's fixes, and back to none. */
  take(): FieldFix[] | undefined {
    this.inRowCount = 0;
    if (this.fixes.length === 0) return undefined;
    const fixes = this.fixes;
    this.fixes = [];
    return fixes;
  }
}

/** Adds `more` into `into` (summed by column and rule; the first row stays the earlier one's). */
export function addColumnFixes(into: ColumnFix[], more: readonly ColumnFix[] | undefined): ColumnFix[] {
  for (const m of more ?? []) {
    const fix = into.find((f) => f.column === m.column && f.rule === m.rule);
    if (!fix) into.push({ ...m });
    else if (fix.firstRow === undefined && m.firstRow !== undefined)
      Object.assign(fix, { ...m, count: fix.count + m.count });
    else fix.count += m.count;
  }
  return into;
}

/** The `fix` policy's fixes by rule (WriteResult.fixes): the every-policy rules left out. */
export function fixesByRule(fixes: readonly ColumnFix[]): Record<string, number> | undefined {
  const byRule: Record<string, number> = {};
  for (const f of fixes)
    if (!everyPolicyRules.includes(f.rule)) byRule[f.rule] = (byRule[f.rule] ?? 0) + f.count;
  return Object.keys(byRule).length ? byRule : undefined;
}
