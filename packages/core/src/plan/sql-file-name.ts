// The name and text of the editable .sql file `ferry convert` writes a plan step to, so that reports
// name (and show) the file a user opens to fix an object.

import type { PlanStep } from '../plugins/endpoint.js';

/** Longest object part of a file name, in characters (a step over many tables names them all; file names stop at 255 bytes). */
const MAX_NAME_CHARS = 48;

/**
 * `NNN-<phase>-<kind>-<object>.sql`, NNN the step's 0-based position among all the plan's steps
 * (pre-data then post-data) plus one, so that name order is apply order.
 */
export function sqlFileName(index: number, step: PlanStep): string {
  const safe = `${step.kind}-${step.object}`.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  const short =
    [...safe].length > MAX_NAME_CHARS ? `${[...safe].slice(0, MAX_NAME_CHARS).join('')}_etc` : safe;
  return `${String(index + 1).padStart(3, '0')}-${step.phase}-${short}.sql`;
}

/** Text as one line of a `--` comment: a line break inside it (a quoted multi-line path, say) would end the comment. */
export const commentLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ');

/** The file's text: a header line, a comment per action item, then each statement ending in `;`. */
export function sqlFileText(step: PlanStep): string {
  const lines = [`-- ${step.phase} ${step.kind} ${step.object}`];
  for (const a of step.actionItems ?? []) {
    lines.push(
      commentLine(
        `-- ACTION ${a.severity} ${a.code}: ${a.message}${a.suggestion ? ` (suggestion: ${a.suggestion})` : ''}`,
      ),
    );
  }
  for (const sql of step.statements) {
    const text = sql.trimEnd();
    lines.push(text.endsWith(';') ? text : `${text};`);
  }
  return `${lines.join('\n')}\n`;
}
