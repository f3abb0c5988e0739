// Common table expressions, recursive ones included: `anchor UNION ALL recursive part`, where the
// recursive part reads the rows the previous step produced, until a step produces none (at most
// 100 steps, SQL Server's default MAXRECURSION: error 530 after that).

import type { CommonTableExpression, QueryExpression, Select } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { QueryPlan } from './query.js';
import type { Scope, Row } from './scope.js';
import type { SessionState } from './session-state.js';

type Compile = (
  select: Select,
  session: SessionState,
  parent?: Scope,
  ctes?: Map<string, QueryPlan>,
) => QueryPlan;

/** Whether a query reads the table `name` (unqualified), i.e. a CTE refers to itself. */
function reads(q: unknown, name: string): boolean {
  if (Array.isArray(q)) return q.some((x) => reads(x, name));
  if (!q || typeof q !== 'object') return false;
  const n = q as { kind?: string; name?: { name?: { name?: string }; schema?: unknown } };
  if (n.kind === 'TableRef' && !n.name?.schema && n.name?.name?.name?.toLowerCase() === name) return true;
  return Object.entries(q).some(([k, v]) => k !== 'pos' && v && typeof v === 'object' && reads(v, name));
}

/** Compiles one CTE of a WITH clause (its column list applied); `ctes` holds the ones before it. */
export function compileCte(
  cte: CommonTableExpression,
  session: SessionState,
  parent: Scope | undefined,
  ctes: Map<string, QueryPlan>,
  compile: Compile,
): QueryPlan {
  const name = cte.name.name.toLowerCase();
  const named = (plan: QueryPlan): QueryPlan =>
    cte.columns
      ? { ...plan, columns: plan.columns.map((c, i) => ({ ...c, name: cte.columns![i]?.name ?? c.name })) }
      : plan;
  const q = cte.query.query;
  if (!reads(q, name)) return named(compile(cte.query, session, parent, ctes));
  if (q.kind !== 'SetOperation' || q.op !== 'UNION ALL' || reads(q.left, name))
    throw new SqlError(
      40517,
      `Recursive common table expression '${cte.name.name}' must be an anchor query UNION ALL a recursive query in the SQL Server emulator.`,
      16,
    );
  const part = (query: QueryExpression): Select => ({
    kind: 'Select',
    with: [],
    query,
    orderBy: [],
    pos: cte.query.pos,
  });
  const anchor = named(compile(part(q.left), session, parent, ctes));
  // The recursive part reads the rows of the previous step through the CTE's name.
  let previous: Row[] = [];
  const inner = new Map(ctes).set(name, { columns: anchor.columns, rows: () => previous });
  const recursive = compile(part(q.right), session, parent, inner);
  if (recursive.columns.length !== anchor.columns.length)
    throw new SqlError(
      205,
      'All queries combined using a UNION, INTERSECT or EXCEPT operator must have an equal number of expressions in their target lists.',
      16,
    );
  return {
    columns: anchor.columns.map((c, i) => ({ ...c, nullable: c.nullable || recursive.columns[i].nullable })),
    rows: function* (ctx) {
      let step = [...anchor.rows(ctx)];
      yield* step;
      for (let level = 0; step.length; level++) {
        if (level >= 100)
          throw new SqlError(
            530,
            'The statement terminated. The maximum recursion 100 has been exhausted before statement completion.',
            16,
            1,
          );
        previous = step;
        step = [...recursive.rows(ctx)];
        yield* step;
      }
    },
  };
}
