// The name of the editable .sql file `ferry convert` writes a plan step to, so that reports name
// the file a user opens to fix an object the target refused.

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
