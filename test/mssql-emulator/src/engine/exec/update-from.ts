// UPDATE/DELETE ... FROM: the statement's target is found among the FROM sources (by alias or name)
// and taken out of them; each target row is then matched against the remaining sources as an outer
// row (a correlated query), the first match giving the SET values, as SQL Server picks one.

import type {
  Expression,
  ObjectName,
  Select,
  SelectColumn,
  TableRef,
  TableSource,
  TableVariableRef,
} from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Table } from '../storage/objects.js';
import { compileQuery, type OutputColumn, type QueryPlan } from './query.js';
import { Scope, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';

export interface FromTarget {
  /** The table (or view, table variable) to change. */
  name: ObjectName | string;
  /** Lower-case qualifier of the target's columns. */
  alias: string;
  /** The FROM sources without the target, and the ON conditions that joined it. */
  rest: TableSource[];
  on: Expression[];
}

const lower = (s: string) => s.toLowerCase();

/** Finds the target (`UPDATE x ... FROM dbo.T AS x JOIN ...`) in FROM; a target not there is joined as written. */
export function fromTarget(target: ObjectName | string, from: readonly TableSource[]): FromTarget {
  const key = typeof target === 'string' ? lower(target) : lower(target.name.name);
  const bare = typeof target === 'string' || (!target.schema && !target.database);
  const isTarget = (s: TableSource): s is TableRef | TableVariableRef => {
    if (s.kind === 'TableVariableRef')
      return s.alias ? lower(s.alias.name) === key : typeof target === 'string' && lower(s.name) === key;
    if (s.kind !== 'TableRef') return false;
    if (s.alias) return bare && lower(s.alias.name) === key;
    return (
      lower(s.name.name.name) === key &&
      (bare || lower(s.name.schema?.name ?? 'dbo') === lower((target as ObjectName).schema?.name ?? 'dbo'))
    );
  };
  const on: Expression[] = [];
  const hit: { ref?: TableRef | TableVariableRef } = {};
  // Removes the target from a tree of inner joins, keeping their ON conditions.
  const without = (s: TableSource): TableSource | undefined => {
    if (isTarget(s)) {
      hit.ref = s;
      return undefined;
    }
    if (s.kind !== 'Join') return s;
    const left = without(s.left);
    const right = hit.ref ? s.right : without(s.right);
    if (!hit.ref || (left === s.left && right === s.right)) return s;
    if (s.joinType !== 'INNER' && s.joinType !== 'CROSS')
      throw new SqlError(
        40517,
        `UPDATE/DELETE ... FROM with its target in a ${s.joinType} JOIN is not supported by the SQL Server emulator.`,
        16,
      );
    if (s.on) on.push(s.on);
    if (!left) return right;
    if (!right) return left;
    return { ...s, left, right };
  };
  const rest: TableSource[] = [];
  for (const s of from) {
    const r = hit.ref ? s : without(s);
    if (r) rest.push(r);
  }
  const found = hit.ref;
  if (!found) return { name: target, alias: key, rest, on };
  if (found.kind === 'TableVariableRef')
    return { name: found.name, alias: lower(found.alias?.name ?? found.name), rest, on };
  return { name: found.name, alias: lower(found.alias?.name ?? found.name.name.name), rest, on };
}

/**
 * For one target row, the first row of the FROM sources matching it (WHERE and the target's ON
 * conditions), projected to `items`; undefined when none matches.
 */
export function fromMatcher(
  t: FromTarget,
  table: Table,
  where: Expression | undefined,
  items: Expression[],
  session: SessionState,
  pos: Select['pos'],
  ctes?: Map<string, QueryPlan>,
): { columns: OutputColumn[]; match: (r: Row, ctx: EvalCtx) => Row | undefined } {
  const conditions = [...t.on, ...(where ? [where] : [])];
  const condition = conditions.reduce<Expression | undefined>(
    (acc, c) => (acc ? ({ kind: 'BinaryOp', op: 'AND', left: acc, right: c, pos: c.pos } as Expression) : c),
    undefined,
  );
  const columns: SelectColumn[] = items.map((expr) => ({ kind: 'SelectColumn', expr, pos: expr.pos }));
  const select: Select = {
    kind: 'Select',
    with: [],
    orderBy: [],
    pos,
    query: {
      kind: 'QuerySpec',
      distinct: false,
      columns,
      from: t.rest,
      ...(condition ? { where: condition } : {}),
      groupBy: [],
      pos,
    },
  };
  const scope = new Scope(
    table.columns.map((c) => ({ qualifier: t.alias, name: c.name, type: c.type, nullable: c.nullable })),
  );
  const plan = compileQuery(select, session, scope, ctes);
  return {
    columns: plan.columns,
    match: (r, ctx) => {
      for (const m of plan.rows({ session: ctx.session, outer: [...ctx.outer, r] })) return m;
      return undefined;
    },
  };
}
