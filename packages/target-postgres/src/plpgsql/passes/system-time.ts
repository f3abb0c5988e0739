// FOR SYSTEM_TIME on a temporal table: the table's rows and its history's rows (kept by Ferry's
// versioning trigger, period columns as in SQL Server) valid in the period asked for, as a derived
// table named like the table.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { TargetRelation } from '../name-resolver.js';
import { pg, type PgExpression, type PgFromItem, type PgQueryBody } from '../../pg/ast.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, type Lowered } from '../lowered.js';

type SystemTime = NonNullable<S.TableRef['systemTime']>;

/** The rows' condition: SQL Server's for each form (a row is valid from its start to, excluding, its end). */
function validity(
  t: SystemTime,
  start: PgExpression,
  end: PgExpression,
  g: Generator,
  d: Diagnostics,
): PgExpression | undefined {
  const a = t.start && d.take(lowerExpression(t.start, g));
  const b = t.end && d.take(lowerExpression(t.end, g));
  const and = (l: PgExpression, r: PgExpression) => pg.binary('AND', l, r);
  switch (t.kind) {
    case 'AS OF':
      return and(pg.binary('<=', start, a!), pg.binary('>', end, a!));
    case 'FROM':
      return and(pg.binary('<', start, b!), pg.binary('>', end, a!));
    case 'BETWEEN':
      return and(pg.binary('<=', start, b!), pg.binary('>', end, a!));
    case 'CONTAINED IN':
      return and(pg.binary('>=', start, a!), pg.binary('<=', end, b!));
    case 'ALL':
      return undefined;
  }
}

/** `(SELECT cols FROM t WHERE valid UNION ALL SELECT cols FROM history WHERE valid) AS alias`. */
export function systemTimeFrom(
  t: SystemTime,
  rel: TargetRelation & { temporal: NonNullable<TargetRelation['temporal']> },
  alias: string,
  g: Generator,
): Lowered<PgFromItem> {
  const { history, start, end, columns } = rel.temporal;
  const d = new Diagnostics();
  const where = validity(t, pg.name(start), pg.name(end), g, d);
  const block = (table: readonly string[]): PgQueryBody =>
    pg.selectCore(
      columns.map((c) => pg.name(c)),
      [pg.table(table)],
      where,
    );
  const body: PgQueryBody = {
    kind: 'SetOperation',
    op: 'UNION ALL',
    left: block([rel.schema, rel.name]),
    right: block(history),
  };
  return d.result({ kind: 'SubqueryFrom', query: pg.select(body), alias });
}
