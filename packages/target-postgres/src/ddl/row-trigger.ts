// The BEFORE ... FOR EACH ROW triggers Ferry writes itself (computed columns, system versioning): a
// PL/pgSQL trigger function and a trigger of the same name on the table, replaced on a re-run.

import type { PlanStep, Table } from '@ferry/core';
import type { PgBody, PgDdlStatement, PgStatement } from '../pg/ast.js';
import { pgTypeNamed } from '../pg/pg-type.js';
import { printDdl } from '../pg/print-ddl.js';
import { targetLabel, targetPath, type PlanContext } from './plan-context.js';

type RowEvent = 'INSERT' | 'UPDATE' | 'DELETE';

/** The function `fn` (schema, name) running `body` before `events` on each row of `table`, and its trigger. */
export function rowTrigger(
  fn: [schema: string, name: string],
  table: readonly string[],
  events: RowEvent[],
  body: PgStatement[],
): PgDdlStatement[] {
  return [
    triggerFunction(fn, { columnsWin: false, declarations: [], statements: body }),
    { kind: 'DropTrigger', name: fn[1], table },
    { kind: 'CreateRowTrigger', name: fn[1], events, table, function: fn },
  ];
}

/** The post-data step creating the row trigger `name` (and its function, in the table's schema) on `table`. */
export function rowTriggerStep(
  ctx: PlanContext,
  table: Table,
  name: string,
  events: RowEvent[],
  body: PgStatement[],
): PlanStep {
  const object = `${targetLabel(ctx, table)}.${name}`;
  return {
    id: `post-data:trigger:${object}`,
    phase: 'post-data',
    kind: 'trigger',
    object,
    statements: rowTrigger([ctx.schemaFor(table.schema), name], targetPath(ctx, table), events, body).map(
      printDdl,
    ),
  };
}

/** `CREATE FUNCTION fn() RETURNS trigger` in PL/pgSQL running `body`. */
export function triggerFunction(
  fn: readonly [string, string],
  body: PgBody,
): Extract<PgDdlStatement, { kind: 'CreateRoutine' }> {
  return {
    kind: 'CreateRoutine',
    routine: 'FUNCTION',
    name: fn,
    params: [],
    returns: { kind: 'Type', type: pgTypeNamed('trigger') },
    securityDefiner: false,
    body: { language: 'plpgsql', body },
  };
}
