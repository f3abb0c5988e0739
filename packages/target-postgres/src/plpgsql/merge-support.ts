// What PostgreSQL's MERGE can say of a T-SQL MERGE: the version that brought each part, and what it
// never says. lower-merge.ts writes a MERGE, merge-statements.ts the statements for an older target.

import type * as S from '@ferry/tsql';

/** The PostgreSQL version that brought MERGE, WHEN NOT MATCHED BY SOURCE, and MERGE ... RETURNING. */
export const mergeSince = { merge: 15, notMatchedBySource: 17, returning: 17 } as const;

/** Why the target's version has no MERGE that runs `s` (its OUTPUT clause aside), or undefined. */
export function mergeVersionRefusal(s: S.Merge, version: number): string | undefined {
  if (version < mergeSince.merge)
    return `MERGE needs PostgreSQL ${mergeSince.merge}; the target is ${version}`;
  if (version < mergeSince.notMatchedBySource && s.whens.some((w) => w.match === 'not-matched-by-source'))
    return `WHEN NOT MATCHED BY SOURCE needs PostgreSQL ${mergeSince.notMatchedBySource}; the target is ${version}`;
  return undefined;
}

/** Whether a WHEN clause's UPDATE assigns a variable (`SET @v = ...`, `SET @v = col = ...`). */
export const assignsVariable = (s: S.Merge): boolean =>
  s.whens.some((w) => w.action.set?.some((a) => typeof a.target === 'string' || a.alsoColumn));
