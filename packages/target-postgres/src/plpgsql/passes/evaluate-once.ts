// A value an expression reads more than once, evaluated once: a plain name or literal is written
// again; anything else (a call, a subquery: costly, or different on each evaluation) is bound in a
// scalar subquery.

import { pg, type PgExpression } from '../../pg/ast.js';
import { someNode } from '../../pg/walk.js';

/** A value that may be written twice: a name (column, variable, parameter) or a literal, cast or not. */
const plain = (x: PgExpression): boolean =>
  x.kind === 'Name' ||
  x.kind === 'Number' ||
  x.kind === 'String' ||
  x.kind === 'Null' ||
  ((x.kind === 'Cast' || x.kind === 'Paren') && plain(x.expr));

/**
 * `build` of `values`, each evaluated once, where `build` reads a value more than once (a test before
 * the call that would refuse the value): a value that is no plain name or literal is bound once in a
 * scalar subquery, `(SELECT build(b.v1) FROM (SELECT x AS v1) AS b)`. A value with a window function
 * stays as it is (it must be evaluated by the query it belongs to).
 */
export function once(values: PgExpression[], build: (refs: PgExpression[]) => PgExpression): PgExpression {
  const bound = values.map((v) => !plain(v) && !someNode(v, (n) => n.kind === 'Window'));
  if (!bound.includes(true)) return build(values);
  const alias = 'ferry_once';
  const columns = values.flatMap((v, i) => (bound[i] ? [{ expr: v, alias: `v${i + 1}` }] : []));
  const refs = values.map((v, i) => (bound[i] ? pg.name(alias, `v${i + 1}`) : v));
  const from = pg.select(pg.selectCore(columns, []));
  return {
    kind: 'Subquery',
    query: pg.select(pg.selectCore([build(refs)], [{ kind: 'SubqueryFrom', query: from, alias }])),
  };
}
