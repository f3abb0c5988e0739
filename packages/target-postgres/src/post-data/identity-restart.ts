// Identity columns continue past the loaded values: COPY writes explicit keys without advancing
// the identity's sequence, so post-data sets it to the loaded max (or min for negative increments).

import type { PlanStep, Table } from '@ferry/core';
import { targetLabel, targetPath, type PlanContext } from '../ddl/plan-context.js';
import { pg, type PgExpression } from '../pg/ast.js';
import { pgTypeNamed } from '../pg/pg-type.js';
import { printDdl } from '../pg/print-ddl.js';
import { stepId } from './post-data-steps.js';
import { tableStepId } from '../prep/prep-steps.js';

/**
 * One `setval` per identity column. An empty table restarts at the seed. A column without an
 * identity in the target (do-nothing tables) has no serial sequence, and setval(NULL, ...) does nothing.
 */
export function identityRestartStep(ctx: PlanContext, table: Table): PlanStep | undefined {
  const statements = table.columns
    .filter((c) => c.identity)
    .map((c) => {
      const edge = (): PgExpression =>
        pg.call(c.identity!.increment.trim().startsWith('-') ? 'min' : 'max', pg.name(c.name));
      const relation = pg.relation(targetPath(ctx, table));
      const sequence = pg.call('pg_get_serial_sequence', relation, pg.string(c.name));
      const setval = pg.call('setval', sequence, pg.call('coalesce', edge(), pg.number(c.identity!.seed)), {
        kind: 'IsNull',
        expr: edge(),
        not: true,
      });
      const from = pg.table(targetPath(ctx, table));
      return printDdl(pg.select(pg.selectCore([setval], [from])));
    });
  if (!statements.length) return undefined;
  const object = targetLabel(ctx, table);
  return {
    id: stepId('post-data', 'identity-restart', object),
    phase: 'post-data',
    kind: 'identity-restart',
    object,
    // The create step (drop-and-create) or the existence check (truncate, do-nothing): whichever the plan has.
    requires: [tableStepId(ctx, table), tableStepId(ctx, table, 'check')],
    statements,
  };
}

/**
 * ANALYZE of the loaded tables, so the planner has statistics right after the migration. A table whose
 * creation failed (reported as a failed object) is left out rather than failing the step.
 */
export function analyzeStep(ctx: PlanContext, tables: Table[]): PlanStep | undefined {
  if (!tables.length) return undefined;
  const regclasses = tables.map((t) => pg.call('to_regclass', pg.relation(targetPath(ctx, t))));
  const t = pg.name('t');
  return {
    id: stepId('post-data', 'analyze', '*'),
    phase: 'post-data',
    kind: 'analyze',
    object: tables.map((t) => targetLabel(ctx, t)).join(', '),
    statements: [
      printDdl({
        kind: 'Do',
        declarations: [{ kind: 'Variable', name: 't', type: pgTypeNamed('regclass') }],
        body: [
          {
            kind: 'ForEach',
            target: 't',
            array: { kind: 'Array', items: regclasses },
            body: [
              {
                kind: 'If',
                branches: [
                  {
                    condition: { kind: 'IsNull', expr: t, not: true },
                    body: [{ kind: 'Execute', command: pg.call('format', pg.string('ANALYZE %s'), t) }],
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
