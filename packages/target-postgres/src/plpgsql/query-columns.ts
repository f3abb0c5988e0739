// The columns a query returns, named and typed, when every one can be told: an inline table-valued
// function then returns TABLE (...) instead of SETOF record, which every caller would have to describe.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import { scopeOf } from './lower-query.js';
import { lowerExpression } from './lower-expression.js';
import { resultType } from './passes/result-type.js';
import { Diagnostics } from './lowered.js';
import { firstBlock } from './routine-columns.js';
import { outputName, type OutputNames } from './passes/output-names.js';
import type { PgType } from '../pg/pg-type.js';

export interface QueryColumn {
  /** Target name (unquoted). */
  name: string;
  type: PgType;
  /** Its name at the source (the alias, column name, or the column `*` gave). */
  source: string;
}

/** The type of a lowered column (`alias.column`, `column`) or variable reference in the current scope. */
function referenceType(parts: readonly string[], g: Generator): PgType | undefined {
  if (parts.length === 2) return g.ctx.alias(parts[0]!).relation?.column(parts[1]!)?.type;
  if (parts.length !== 1) return undefined;
  const variable = [...g.ctx.variables.values()].find((v) => v.name === parts[0]);
  return variable ? variable.type : g.ctx.columnOwner(parts[0]!)?.column(parts[0]!)?.type;
}

/** The result columns of `query`, or undefined when a name or a type cannot be told. */
export function queryColumns(query: S.Select, g: Generator): QueryColumn[] | undefined {
  return columnsOf(firstBlock(query.query), g);
}

function columnsOf(spec: S.QuerySpec, outer: Generator): QueryColumn[] | undefined {
  const g = outer.withScope(scopeOf(spec.from, outer));
  const columns: QueryColumn[] = [];
  const used: OutputNames = new Map();
  for (const c of spec.columns) {
    if (c.kind === 'SelectStar') {
      const star = starColumns(c, g);
      if (!star) return undefined;
      columns.push(...star);
      continue;
    }
    if (c.kind !== 'SelectColumn') return undefined;
    // (the query is lowered again when it is rendered: its diagnostics are raised then)
    const value = lowerExpression(c.expr, g).node;
    const name = c.alias
      ? outputName(g.ctx.names.name(c.alias.name), c.alias.name, used, new Diagnostics(), c.pos, value).name
      : value.kind === 'Name'
        ? value.parts[value.parts.length - 1]
        : undefined;
    const type = resultType(value, (parts) => referenceType(parts, g));
    const source = c.alias?.name ?? (c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined);
    if (!name || !type || !source) return undefined;
    columns.push({ name, type, source });
  }
  return columns;
}

/** The columns `*` (or `t.*`) gives when every relation it reads has its columns known and typed. */
function starColumns(star: S.SelectStar, g: Generator): QueryColumn[] | undefined {
  const scope = g.ctx.scopes.at(-1);
  const relations = star.table
    ? [scope?.aliases.get(star.table.name.name.toLowerCase())]
    : scope && [...scope.aliases.values()];
  if (!relations?.length) return undefined;
  const columns: QueryColumn[] = [];
  for (const rel of relations) {
    if (!rel?.starColumns) return undefined;
    for (const source of rel.starColumns) {
      const column = rel.column(source);
      if (!column?.type) return undefined;
      columns.push({ name: column.name, type: column.type, source });
    }
  }
  return columns;
}
