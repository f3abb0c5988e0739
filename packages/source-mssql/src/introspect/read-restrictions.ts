// What the connected login cannot read completely: tables whose rows an enabled security policy
// filters (the login sees fewer rows than the catalog counts) and masked columns the login reads
// masked (it is not sysadmin or db_owner and lacks UNMASK). Recorded on the model's tables.

import type { QualifiedName, ReadRestriction, SchemaModel } from '@ferry/core';
import type { CatalogRows, ReadAccessRow } from './catalog-rows.js';
import { quoteName as bracket } from '../read/select-list.js';

/** The predicates that hide rows from the migration's reads: filter predicates of enabled policies. */
function readFilters(rows: CatalogRows) {
  return rows.securityPredicates.filter((p) => p.is_enabled && p.predicate_type === 0);
}

function principal(access: ReadAccessRow | undefined): string {
  return access?.user_name ?? access?.login_name ?? 'the connected user';
}

/** The restrictions of one table, from the catalog rows and how many rows the login sees. */
function restrictionsOf(
  objectId: number,
  rows: CatalogRows,
  counts: { visible?: number; stored?: number },
): ReadRestriction[] {
  const access = rows.readAccess[0];
  const who = principal(access);
  const out: ReadRestriction[] = [];
  const policies = readFilters(rows).filter((p) => p.object_id === objectId);
  if (policies.length && !(counts.visible !== undefined && counts.visible === counts.stored)) {
    const names = policies.map((p) => `${p.policy_schema}.${p.policy_name}`);
    const predicates = policies.map((p) => p.predicate_definition ?? '').join(', ');
    out.push({
      kind: 'rows',
      reason: `row-level security: security policy ${[...new Set(names)].join(', ')} filters it with ${predicates}; ${who} sees ${counts.visible ?? '?'} of ${counts.stored ?? '?'} rows`,
      remedy: `connect as a login the predicate admits to every row, or switch the policy off for the migration (ALTER SECURITY POLICY ${[...new Set(policies.map((p) => `${bracket(p.policy_schema)}.${bracket(p.policy_name)}`))].join(', ')} WITH (STATE = OFF))`,
    });
  }
  const exempt = !!(access?.is_sysadmin || access?.is_db_owner || access?.has_unmask);
  const masked = rows.maskedColumns.filter((c) => c.object_id === objectId);
  if (masked.length && !exempt)
    out.push({
      kind: 'values',
      reason: `dynamic data masking: ${who} lacks UNMASK and reads masked values`,
      columns: masked.map((c) => c.column_name),
      remedy: `GRANT UNMASK TO ${bracket(who)}`,
    });
  return out;
}

/**
 * Adds `readRestrictions` to the model's tables. `visibleRows` counts what the login sees of a
 * table a filter predicate guards (only those are counted).
 */
export async function addReadRestrictions(
  model: SchemaModel,
  rows: CatalogRows,
  visibleRows: (table: QualifiedName) => Promise<number>,
): Promise<void> {
  const filters = readFilters(rows);
  const guarded = new Set([...filters, ...rows.maskedColumns].map((r) => r.object_id));
  if (!guarded.size) return;
  const filtered = new Set(filters.map((p) => p.object_id));
  for (const t of rows.tables) {
    if (!guarded.has(t.object_id)) continue;
    const table = model.tables.find((m) => m.schema === t.schema_name && m.name === t.name);
    if (!table) continue;
    const counts = filtered.has(t.object_id)
      ? { visible: await visibleRows(table), stored: t.row_count === null ? undefined : Number(t.row_count) }
      : {};
    const restrictions = restrictionsOf(t.object_id, rows, counts);
    if (restrictions.length) table.readRestrictions = restrictions;
  }
}
