// A source that reads a mapped table incompletely for the migration's login (rows filtered by a
// security policy, values masked) would copy a subset and validate it as a match: silent data loss.
// Such a plan is refused unless the config allows it, and then each table gets a warning.

import { ExitCode, FerryError } from '../errors.js';
import { qualifiedName, type ReadRestriction } from '../model/schema-model.js';
import type { TableMapping } from '../rules/table-mapping.js';

/** One warning line per restriction of a mapped table that applies to what the mapping reads. */
function restrictionLines(
  mappings: readonly TableMapping[],
): { table: string; text: string; remedy: string }[] {
  return mappings.flatMap((m) =>
    (m.source.readRestrictions ?? [])
      .filter((r) => applies(r, m.readColumns))
      .map((r) => ({
        table: qualifiedName(m.source),
        text:
          r.kind === 'values' ? `${r.reason} (columns ${readMasked(r, m.readColumns).join(', ')})` : r.reason,
        remedy: r.remedy,
      })),
  );
}

const applies = (r: ReadRestriction, read: readonly string[]) =>
  r.kind === 'rows' || readMasked(r, read).length > 0;
const readMasked = (r: ReadRestriction, read: readonly string[]) =>
  (r.columns ?? []).filter((c) => read.includes(c));

/**
 * Throws (exit 2) when a mapped table's source read is restricted and `allow` is false, naming the
 * tables and what to grant; with `allow`, returns the warnings the run reports (table: reason).
 */
export function checkRestrictedReads(
  mappings: readonly TableMapping[],
  allow: boolean,
): { table: string; message: string }[] {
  const lines = restrictionLines(mappings);
  if (!lines.length) return [];
  if (allow)
    return lines.map((l) => ({
      table: l.table,
      message: `source read is incomplete (load.allowRestrictedReads): ${l.text}`,
    }));
  const shown = lines.map((l) => `  - ${l.table}: ${l.text}\n    to read it all: ${l.remedy}`);
  const tables = new Set(lines.map((l) => l.table)).size;
  throw new FerryError(
    `${tables === 1 ? '1 mapped table is' : `${tables} mapped tables are`} not fully readable by the source login (row-level security or dynamic data masking); the copy and its validation would both miss the hidden rows and values:\n${shown.join('\n')}`,
    {
      code: 'RESTRICTED_SOURCE_READ',
      where: 'source',
      exitCode: ExitCode.usage,
      hint: 'grant what each table lists or connect as a login that reads everything; to copy only what this login sees, set load: { allowRestrictedReads: true }',
    },
  );
}
