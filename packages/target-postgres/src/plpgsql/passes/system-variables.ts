// T-SQL variables: `@x` -> the PL/pgSQL variable, `@@...` system variables -> their PostgreSQL
// counterpart (@@FETCH_STATUS -> FOUND, @@SPID -> pg_backend_pid()), or an action item.

import type { Variable } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import { lowered, noted, type Lowered } from '../lowered.js';

export function systemVariable(e: Variable, g: Generator): Lowered<PgExpression> {
  const name = e.name.toLowerCase();
  switch (name) {
    case '@@identity':
      return noted(
        pg.call('lastval'),
        'TSQL_IDENTITY_VALUE',
        'medium',
        e.pos,
        '@@IDENTITY -> lastval(): the last sequence value of the session, whatever table (triggers included)',
        'use INSERT ... RETURNING to get the new key',
      );
    case '@@rowcount':
      return g.ctx.variables.has('@@rowcount')
        ? lowered(pg.name(g.variableIdent('@@rowcount')))
        : noted(
            pg.number(0),
            'TSQL_ROWCOUNT',
            'high',
            e.pos,
            '@@ROWCOUNT outside a routine body',
            'use GET DIAGNOSTICS n = ROW_COUNT',
          );
    case '@@fetch_status':
      return lowered(pg.paren(pg.caseWhen(pg.keyword('FOUND'), pg.number(0), pg.number(-1))));
    case '@@spid':
      return lowered(pg.call('pg_backend_pid'));
    case '@@version':
      return lowered(pg.call('version'));
    case '@@servername':
      return lowered({
        kind: 'Cast',
        expr: pg.call('inet_server_addr'),
        type: pgTypeNamed('text'),
        shorthand: true,
      });
    case '@@error':
      return noted(
        pg.number(0),
        'TSQL_ERROR_VARIABLE',
        'high',
        e.pos,
        '@@ERROR has no PostgreSQL equivalent: errors raise exceptions',
        'catch the error in an EXCEPTION block',
      );
    case '@@trancount':
      return noted(
        pg.number(1),
        'TSQL_TRANCOUNT',
        'high',
        e.pos,
        '@@TRANCOUNT has no PostgreSQL equivalent other than in a test against 0: it is 1 here (PL/pgSQL always runs in one transaction, and PostgreSQL does not nest them)',
        'restructure the transaction handling',
      );
    default:
      if (name.startsWith('@@'))
        return noted(
          pg.null(),
          'TSQL_SYSTEM_VARIABLE',
          'high',
          e.pos,
          `${e.name} has no PostgreSQL equivalent`,
        );
      return lowered(tableArgument(name, g) ?? pg.name(g.variableIdent(e.name)));
  }
}

/**
 * A table variable of a table type passed to a routine (a table-valued parameter, an array of the
 * type's composite): `(SELECT array_agg(CAST(ROW(t.*) AS type)) FROM t)`, NULL when it has no rows
 * (unnest gives no row either). Undefined for any other variable.
 */
function tableArgument(name: string, g: Generator): PgExpression | undefined {
  const variable = g.ctx.variables.get(name);
  if (!variable?.rowType) return undefined;
  const row = pg.cast(pg.call('ROW', { kind: 'Star', qualifier: [variable.name] }), variable.rowType);
  const rows = pg.selectCore([pg.call('array_agg', row)], [pg.table([variable.name])]);
  return { kind: 'Subquery', query: pg.select(rows) };
}
