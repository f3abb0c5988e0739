// A SQL-language function (an inline table-valued function) that reads a table the source database
// does not have: SQL Server resolves its names when it runs (the table was dropped or never selected),
// so it is created without checking its body and fails when called until the table exists, as there.

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { ConvertedModule } from '../convert-module.js';
import { diagnostic, type Diagnostic } from '../lowered.js';

const MISSING_RELATION = 'TSQL_MISSING_RELATION';

/** Whether a table name is one the model should have: not a temporary table, catalog view, CTE or another database's. */
function modelName(t: S.TableRef, ctes: ReadonlySet<string>): boolean {
  const schema = t.name.schema?.name.toLowerCase();
  const name = t.name.name.name;
  return (
    !t.name.database &&
    !name.startsWith('#') &&
    schema !== 'sys' &&
    schema !== 'information_schema' &&
    !(schema === undefined && ctes.has(name.toLowerCase()))
  );
}

/** An item for each table `query` reads that the model has no table, view or synonym of (after lowering it). */
export function missingRelations(query: S.Select, g: Generator): Diagnostic[] {
  const ctes = new Set(findAll(query, 'CommonTableExpression').map((c) => c.name.name.toLowerCase()));
  return findAll(query, 'TableRef')
    .filter((t) => modelName(t, ctes) && !g.ctx.names.readable(t.name.schema?.name, t.name.name.name))
    .map((t) => {
      const label = [t.name.schema?.name, t.name.name.name].filter((x) => x !== undefined).join('.');
      return diagnostic(
        MISSING_RELATION,
        'high',
        t.pos,
        `${label} is not in the source database (no table, view or synonym of that name): the function is created without checking its body (check_function_bodies off) and fails when called until ${label} exists`,
        `create ${label} on PostgreSQL, or remove the code that reads it`,
      );
    });
}

/** The statements of a function that reads a missing table, its body not checked when it is created. */
export function resolvedWhenCalled(m: ConvertedModule): ConvertedModule {
  if (!m.actionItems.some((a) => a.code === MISSING_RELATION)) return m;
  return {
    ...m,
    statements: ['SET check_function_bodies = off', ...m.statements, 'RESET check_function_bodies'],
  };
}
