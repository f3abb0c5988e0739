// Queries: SELECT blocks, set operations, CTEs (WITH RECURSIVE when a CTE refers to itself), FROM
// sources (APPLY -> LATERAL), table hints dropped with a note, FOR XML/JSON as action items.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { Scope } from './conversion-context.js';
import type { TargetRelation } from './name-resolver.js';
import { quoteIdent } from '../ddl/identifiers.js';
import { aliasIdent } from './lower-expression.js';
import { lowerOrderItem } from './lower-window.js';
import { printExpression, printOrderItem } from '../pg/print-expression.js';
import { limitClause } from './passes/top-to-limit.js';
import { anchorQueries, isRecursive, widenAnchorColumn } from './passes/recursive-cte.js';

/** A table alias, quoted: the target table's name when the alias is the source table's name. */
function aliasName(alias: string, g: Generator, tableTarget?: string): string {
  return quoteIdent(aliasIdent(alias, g, tableTarget));
}

function orderItem(o: S.OrderByItem, g: Generator): string {
  return printOrderItem(lowerOrderItem(o, g));
}

/** A query; `into` (`v1, v2`) is the INTO list of a routine's SELECT @v = ... (its first query block gets it). */
export function renderSelect(s: S.Select, g: Generator, into?: string): string {
  const parts: string[] = [];
  if (s.with.length) {
    const recursive = s.with.some(isRecursive);
    for (const c of s.with) {
      g.ctx.ctes.add(c.name.name.toLowerCase());
      for (const anchor of anchorQueries(c)) g.ctx.recursiveAnchors.add(anchor);
    }
    const ctes = s.with.map((c) => {
      const cols = c.columns
        ? ` (${c.columns.map((x) => quoteIdent(g.ctx.names.name(x.name))).join(', ')})`
        : '';
      return `${quoteIdent(g.ctx.names.name(c.name.name))}${cols} AS (${renderSelect(c.query, g)})`;
    });
    parts.push(`WITH ${recursive ? 'RECURSIVE ' : ''}${ctes.join(', ')}`);
  }
  const spec = s.query.kind === 'QuerySpec' ? s.query : undefined;
  const scope = spec ? openScope(spec.from, g) : undefined;
  parts.push(queryExpression(s.query, g, true, into));
  if (s.orderBy.length) parts.push(`ORDER BY ${s.orderBy.map((o) => orderItem(o, g)).join(', ')}`);
  if (spec) {
    const limit = limitClause(spec.top, g, () => countQuery(spec, g));
    if (limit) parts.push(limit);
  }
  if (s.offset) parts.push(`OFFSET ${g.expr(s.offset)} ROWS`);
  if (s.fetch) parts.push(`FETCH NEXT ${g.expr(s.fetch)} ROWS ONLY`);
  if (scope) g.ctx.scopes.pop();
  if (s.for)
    parts.push(
      g.ctx.flag(
        `TSQL_FOR_${s.for.mode}`,
        'high',
        s.for.pos,
        `FOR ${s.for.mode} ${s.for.options.join(', ')} is not converted: the query returns rows, not ${s.for.mode}`,
        s.for.mode === 'JSON' ? 'use json_agg/row_to_json' : 'use xmlagg/xmlelement or string_agg',
      ),
    );
  if (s.options)
    parts.push(
      g.ctx.flag(
        'TSQL_QUERY_HINT',
        'low',
        s.options.pos,
        `OPTION (${s.options.hints.join(', ')}) dropped: PostgreSQL has no query hints`,
      ),
    );
  return parts.join(' ');
}

function countQuery(spec: S.QuerySpec, g: Generator): string {
  return `SELECT 1${fromWhere(spec, g)}`;
}

function fromWhere(spec: S.QuerySpec, g: Generator): string {
  let sql = '';
  if (spec.from.length) sql += ` FROM ${spec.from.map((f) => tableSource(f, g)).join(', ')}`;
  if (spec.where) sql += ` WHERE ${g.expr(spec.where)}`;
  return sql;
}

function queryExpression(q: S.QueryExpression, g: Generator, scoped = false, into?: string): string {
  switch (q.kind) {
    case 'QuerySpec':
      return querySpec(q, g, scoped, into);
    case 'SetOperation': {
      const side = (x: S.QueryExpression, sideInto?: string) =>
        x.kind === 'Select' ? `(${renderSelect(x, g, sideInto)})` : queryExpression(x, g, false, sideInto);
      return `${side(q.left, into)} ${q.op} ${side(q.right)}`;
    }
    case 'Select':
      return `(${renderSelect(q, g, into)})`;
  }
}

/** Registers the aliases of a FROM clause, so column references resolve to target names. */
export function openScope(from: readonly S.TableSource[], g: Generator): Scope {
  const scope: Scope = { aliases: new Map(), relations: [] };
  const add = (t: S.TableSource) => {
    switch (t.kind) {
      case 'TableRef': {
        const tt = g.ctx.transitionTables;
        const name = t.name.name.name;
        let rel: TargetRelation | undefined;
        if (tt && !t.name.schema && /^(inserted|deleted)$/i.test(name))
          rel = g.ctx.names.relation(undefined, tt.table);
        else rel = g.ctx.names.relation(t.name.schema?.name, name);
        scope.aliases.set((t.alias?.name ?? name).toLowerCase(), rel);
        if (rel) scope.relations.push(rel);
        break;
      }
      case 'Join':
        add(t.left);
        add(t.right);
        break;
      case 'PivotTable':
      case 'UnpivotTable':
        add(t.source);
        break;
      default:
        if ('alias' in t && t.alias) scope.aliases.set(t.alias.name.toLowerCase(), undefined);
    }
  };
  from.forEach(add);
  g.ctx.scopes.push(scope);
  return scope;
}

function querySpec(q: S.QuerySpec, g: Generator, scoped: boolean, into: string | undefined): string {
  if (!scoped) openScope(q.from, g);
  const anchor = g.ctx.recursiveAnchors.has(q);
  const cols = q.columns.map((c) => selectItem(c, g, anchor)).join(', ');
  let sql = `SELECT ${q.distinct ? 'DISTINCT ' : ''}${cols}`;
  if (into) sql += ` INTO ${into}`;
  if (q.into)
    sql += g.ctx.flag(
      'TSQL_SELECT_INTO',
      'medium',
      q.into.pos,
      'SELECT ... INTO a table: use CREATE TABLE ... AS',
      'CREATE TABLE t AS SELECT ...',
    );
  sql += fromWhere(q, g);
  if (q.groupingSets)
    sql += ` GROUP BY GROUPING SETS (${q.groupingSets.map((s) => `(${s.map((e) => g.expr(e)).join(', ')})`).join(', ')})`;
  else if (q.groupBy.length) {
    const list = q.groupBy.map((e) => g.expr(e)).join(', ');
    sql += ` GROUP BY ${q.groupByModifier ? `${q.groupByModifier} (${list})` : list}`;
    if (q.groupByAll)
      sql += g.ctx.flag('TSQL_GROUP_BY_ALL', 'high', q.pos, 'GROUP BY ALL has no PostgreSQL equivalent');
  }
  if (q.having) sql += ` HAVING ${g.expr(q.having)}`;
  if (!scoped) {
    const limit = limitClause(q.top, g, () => countQuery(q, g));
    g.ctx.scopes.pop();
    if (limit) return `(${sql} ${limit})`;
  }
  return sql;
}

/** A select list item; in a recursive CTE's anchor, a column of constrained type is widened. */
function selectItem(c: S.SelectItem, g: Generator, anchor = false): string {
  switch (c.kind) {
    case 'SelectStar':
      return c.table ? `${g.expr({ kind: 'Star', pos: c.pos, table: c.table })}` : '*';
    case 'SelectColumn': {
      const value = g.lower(c.expr);
      const widened = anchor ? widenAnchorColumn(value, g.typeOf(c.expr)) : undefined;
      if (widened && !c.alias && value.kind === 'Name')
        return `${printExpression(widened)} AS ${quoteIdent(value.parts[value.parts.length - 1]!)}`;
      const sql = printExpression(widened ?? value);
      if (c.alias) return `${sql} AS ${quoteIdent(g.ctx.names.name(c.alias.name))}`;
      return sql;
    }
    case 'SelectAssign':
      return `${g.ctx.flag('TSQL_SELECT_ASSIGN', 'high', c.pos, 'variable assignment in a query select list')}${g.expr(c.expr)}`;
  }
}

function hints(list: readonly S.TableHint[], g: Generator): string {
  if (!list.length) return '';
  return ` ${g.ctx.flag('TSQL_TABLE_HINT', 'low', list[0]!.pos, `table hint ${list.map((h) => h.name).join(', ')} dropped: PostgreSQL has no table hints (MVCC readers do not block)`)}`;
}

export function tableSource(t: S.TableSource, g: Generator): string {
  switch (t.kind) {
    case 'TableRef': {
      const name = t.name.name.name;
      const tt = g.ctx.transitionTables;
      if (tt && !t.name.schema && /^(inserted|deleted)$/i.test(name)) {
        const which = name.toLowerCase() as 'inserted' | 'deleted';
        const src = tt[which] ?? `(SELECT * FROM ${tt.table} WHERE false)`;
        return `${src} AS ${t.alias ? aliasName(t.alias.name, g) : which}`;
      }
      if (!t.name.schema && g.ctx.ctes.has(name.toLowerCase()))
        return `${quoteIdent(g.ctx.names.name(name))}${t.alias ? ` AS ${aliasName(t.alias.name, g)}` : ''}`;
      const rel = g.ctx.names.relation(t.name.schema?.name, name);
      const alias = t.alias ? ` AS ${aliasName(t.alias.name, g, rel?.name)}` : '';
      return `${g.objectName(t.name)}${alias}${hints(t.hints, g)}`;
    }
    case 'TableVariableRef': {
      // A table-valued parameter is an array of a composite: its rows are unnest(array).
      const tvp = g.ctx.variables.get(t.name.toLowerCase())?.type.endsWith('[]');
      const source = tvp ? `unnest(${g.variable(t.name)})` : g.variable(t.name);
      return `${source}${t.alias ? ` AS ${aliasName(t.alias.name, g)}` : tvp ? ` AS ${g.variable(t.name)}` : ''}`;
    }
    case 'DerivedTable':
      return `(${renderSelect(t.query, g)}) AS ${aliasName(t.alias.name, g)}${columnList(t.columns, g)}`;
    case 'ValuesTable':
      return `(VALUES ${t.rows.map((r) => `(${r.map((e) => g.expr(e)).join(', ')})`).join(', ')}) AS ${aliasName(t.alias.name, g)}${columnList(t.columns, g)}`;
    case 'TableFunctionRef':
      return `${g.expr(t.call)}${t.alias ? ` AS ${aliasName(t.alias.name, g)}` : ''}${columnList(t.columns, g)}${t.withSchema ? g.ctx.flag('TSQL_OPENJSON', 'high', t.pos, 'OPENJSON ... WITH is not converted', 'use jsonb_to_recordset') : ''}`;
    case 'Join': {
      const left = tableSource(t.left, g);
      const right = t.right.kind === 'Join' ? `(${tableSource(t.right, g)})` : tableSource(t.right, g);
      switch (t.joinType) {
        case 'CROSS APPLY':
          return `${left} CROSS JOIN LATERAL ${right}`;
        case 'OUTER APPLY':
          return `${left} LEFT JOIN LATERAL ${right} ON true`;
        case 'CROSS':
          return `${left} CROSS JOIN ${right}`;
        default: {
          const hint = t.hint
            ? g.ctx.flag('TSQL_JOIN_HINT', 'low', t.pos, `join hint ${t.hint} dropped`)
            : '';
          return `${left} ${t.joinType === 'INNER' ? 'INNER' : `${t.joinType} OUTER`} JOIN ${hint}${right} ON ${g.expr(t.on!)}`;
        }
      }
    }
    case 'PivotTable':
    case 'UnpivotTable':
      return `${g.ctx.flag(`TSQL_${t.kind === 'PivotTable' ? 'PIVOT' : 'UNPIVOT'}`, 'high', t.pos, `${t.kind === 'PivotTable' ? 'PIVOT' : 'UNPIVOT'} is not converted`, 'rewrite with CASE aggregates (PIVOT) or a LATERAL VALUES list (UNPIVOT)')}${tableSource(t.source, g)}`;
  }
}

function columnList(cols: readonly S.Identifier[] | undefined, g: Generator): string {
  return cols ? ` (${cols.map((c) => quoteIdent(g.ctx.names.name(c.name))).join(', ')})` : '';
}
