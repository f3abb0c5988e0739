// The BEFORE ... FOR EACH ROW triggers Ferry writes itself (computed columns, system versioning): a
// PL/pgSQL trigger function and a trigger of the same name on the table, replaced on a re-run.

import type { PgBody, PgDdlStatement, PgStatement } from '../pg/ast.js';
import { pgTypeNamed } from '../pg/pg-type.js';

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
