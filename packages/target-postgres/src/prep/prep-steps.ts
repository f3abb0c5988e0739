// Pre-data steps per table preparation mode: drop-and-create (DROP ... CASCADE + CREATE),
// truncate (the table must exist; TRUNCATE), do-nothing (the table must exist; nothing changes).

import { qualifiedName, type ActionItem, type PlanStep, type Table } from '@ferry/core';
import { createTable, type LaterDefault } from '../ddl/create-table.js';
import { targetLabel, targetPath, type PlanContext } from '../ddl/plan-context.js';
import { pg, type PgSchemaStatement } from '../pg/ast.js';
import { printDdl } from '../pg/print-ddl.js';

/** Id of the pre-data step that creates a table (drop-and-create) or checks that it exists (truncate, do-nothing). */
export function tableStepId(ctx: PlanContext, table: Table, mode: 'create' | 'check' = 'create'): string {
  return `pre-data:${mode === 'create' ? 'table' : 'table-check'}:${targetLabel(ctx, table)}`;
}

/**
 * The table step: after `dependsOn`, and only when the steps in `requires` (its schema) applied; and
 * the defaults post-data sets.
 */
export function dropAndCreateStep(
  ctx: PlanContext,
  table: Table,
  dependsOn: string[],
  requires: string[],
): { step: PlanStep; actionItems: ActionItem[]; laterDefaults: LaterDefault[] } {
  const { statements, actionItems, laterDefaults } = createTable(ctx, table);
  const object = targetLabel(ctx, table);
  const drop: PgSchemaStatement = {
    kind: 'DropRelation',
    relation: 'TABLE',
    name: targetPath(ctx, table),
    ifExists: true,
    cascade: true,
  };
  return {
    step: {
      id: tableStepId(ctx, table),
      phase: 'pre-data',
      kind: 'table',
      object,
      dependsOn,
      requires,
      prepares: [qualifiedName(table)],
      statements: [drop, ...statements].map(printDdl),
      ...(actionItems.length ? { actionItems } : {}),
    },
    actionItems,
    laterDefaults,
  };
}

/** Fails with a clear message when a table loaded with truncate/do-nothing does not exist. */
export function tableExistsStep(ctx: PlanContext, table: Table, mode: 'truncate' | 'do-nothing'): PlanStep {
  const object = targetLabel(ctx, table);
  const message = `table ${object} does not exist; prep mode ${mode} loads into an existing table (use drop-and-create to let Ferry create it)`;
  return {
    id: tableStepId(ctx, table, 'check'),
    phase: 'pre-data',
    kind: 'table-check',
    object,
    prepares: [qualifiedName(table)],
    statements: [
      printDdl({
        kind: 'Do',
        body: [
          {
            kind: 'If',
            branches: [
              {
                condition: {
                  kind: 'IsNull',
                  expr: pg.call('to_regclass', pg.relation(targetPath(ctx, table))),
                  not: false,
                },
                // The message is RAISE's format: a `%` in a name is written `%%`.
                body: [
                  {
                    kind: 'Raise',
                    level: 'EXCEPTION',
                    format: message.replace(/%/g, '%%'),
                    args: [],
                    using: [],
                  },
                ],
              },
            ],
          },
        ],
      }),
    ],
  };
}

/** One TRUNCATE for all truncate-mode tables, so FKs among them do not block it. */
export function truncateStep(ctx: PlanContext, tables: Table[], dependsOn: string[]): PlanStep {
  return {
    id: 'pre-data:truncate:*',
    phase: 'pre-data',
    kind: 'truncate',
    object: tables.map((t) => targetLabel(ctx, t)).join(', '),
    dependsOn,
    requires: tables.map((t) => tableStepId(ctx, t, 'check')),
    // Loading a table that was not emptied would add its rows a second time.
    prepares: tables.map(qualifiedName),
    statements: [printDdl({ kind: 'TruncateTables', tables: tables.map((t) => targetPath(ctx, t)) })],
  };
}
