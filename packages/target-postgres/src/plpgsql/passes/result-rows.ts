// A multi-statement table-valued function whose RETURNS @t TABLE is only ever INSERTed into (no
// SELECT, UPDATE, DELETE or OUTPUT INTO of it): each INSERT returns its rows at once, `RETURN QUERY`
// of the inserted query with each column cast to the declared type, and the function needs no
// temporary table (which would be dropped and created again on every call, and refused in a
// read-only transaction). Any other use of the table keeps the temporary table.

import type * as S from '@ferry/tsql';
import { findAll } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgColumnDefinition, PgFromItem, PgStatement } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { Diagnostics, type Lowered } from '../lowered.js';
import { lowerExpression } from '../lower-expression.js';
import { lowerSelect } from '../lower-query.js';

/** The result table as the body state carries it: its variable (lower-cased) and its columns. */
export interface ResultRows {
  readonly variable: string;
  readonly columns: readonly PgColumnDefinition[];
}

const named = (variable: string) => (name: string | undefined) => name?.toLowerCase() === variable;

/** Whether every use of the result table `variable` in `body` is an INSERT that RETURN QUERY can replace. */
export function insertsOnly(
  body: readonly S.Statement[],
  variable: string,
  definitions: readonly S.ColumnDef[],
): boolean {
  // (an identity column is filled by the table: an INSERT without a column list skips it)
  if (definitions.some((c) => c.identity)) return false;
  const columns = definitions.map((c) => c.name.name);
  const is = named(variable.toLowerCase());
  const inserts = findAll(body, 'Insert').filter((s) => typeof s.target === 'string' && is(s.target));
  const direct = inserts.every(
    (s) =>
      !s.with &&
      !s.top &&
      !s.output &&
      (s.source.kind === 'Values' || s.source.kind === 'Select') &&
      (!s.columns ||
        (s.columns.length === columns.length &&
          s.columns.every((c, i) => c.name.toLowerCase() === columns[i]!.toLowerCase()))),
  );
  const otherUses =
    findAll(body, 'TableVariableRef').some((t) => is(t.name)) ||
    findAll(body, 'Variable').some((v) => is(v.name)) ||
    [...findAll(body, 'Update'), ...findAll(body, 'Delete')].some(
      (s) => typeof s.target === 'string' && is(s.target),
    ) ||
    findAll(body, 'OutputClause').some((o) => typeof o.into?.target === 'string' && is(o.into.target));
  return direct && !otherUses;
}

/** `INSERT INTO @t ...` of the result table -> `RETURN QUERY SELECT CAST(q.c1 AS t1), ... FROM (...) AS q (c1, ...)`. */
export function returnInserted(
  s: S.Insert,
  rows: ResultRows,
  g: Generator,
): Lowered<PgStatement[]> | undefined {
  if (typeof s.target !== 'string' || s.target.toLowerCase() !== rows.variable) return undefined;
  const d = new Diagnostics();
  const names = rows.columns.map((_, i) => `c${i + 1}`);
  const from: PgFromItem =
    s.source.kind === 'Values'
      ? {
          kind: 'ValuesFrom',
          rows: s.source.rows.map((r) => r.map((e) => d.take(lowerExpression(e, g)))),
          alias: 'q',
          columns: names,
        }
      : {
          kind: 'SubqueryFrom',
          query: d.take(lowerSelect(s.source as S.Select, g)),
          alias: 'q',
          columns: names,
        };
  const cast = rows.columns.map((c, i) => pg.cast(pg.name('q', names[i]!), c.type));
  return d.result([{ kind: 'ReturnQuery', query: pg.select(pg.selectCore(cast, [from])) }]);
}
