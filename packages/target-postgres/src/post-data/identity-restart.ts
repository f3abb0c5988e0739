// Identity columns continue past the loaded values: COPY writes explicit keys without advancing
// the identity's sequence, so post-data sets it to the loaded max (or min for negative increments).

import type { PlanStep, Table } from '@ferry/core';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { targetLabel, targetName, type PlanContext } from '../ddl/plan-context.js';
import { stepId } from './post-data-steps.js';

/**
 * One `setval` per identity column. An empty table restarts at the seed. A column without an
 * identity in the target (do-nothing tables) has no serial sequence, and setval(NULL, ...) does nothing.
 */
export function identityRestartStep(ctx: PlanContext, table: Table): PlanStep | undefined {
  const statements = table.columns
    .filter((c) => c.identity)
    .map((c) => {
      const col = quoteIdent(c.name);
      const edge = c.identity!.increment.trim().startsWith('-') ? 'min' : 'max';
      const seq = `pg_get_serial_sequence(${quoteLiteral(targetName(ctx, table))}, ${quoteLiteral(c.name)})`;
      return `SELECT setval(${seq}, coalesce(${edge}(${col}), ${c.identity!.seed}), ${edge}(${col}) IS NOT NULL) FROM ${targetName(ctx, table)}`;
    });
  if (!statements.length) return undefined;
  const object = targetLabel(ctx, table);
  return {
    id: stepId('post-data', 'identity-restart', object),
    phase: 'post-data',
    kind: 'identity-restart',
    object,
    statements,
  };
}

/** ANALYZE of the loaded tables, so the planner has statistics right after the migration. */
export function analyzeStep(ctx: PlanContext, tables: Table[]): PlanStep | undefined {
  if (!tables.length) return undefined;
  return {
    id: stepId('post-data', 'analyze', '*'),
    phase: 'post-data',
    kind: 'analyze',
    object: tables.map((t) => targetLabel(ctx, t)).join(', '),
    statements: [`ANALYZE ${tables.map((t) => targetName(ctx, t)).join(', ')}`],
  };
}
