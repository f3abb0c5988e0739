// Queries -> the PostgreSQL query tree: SELECT blocks, set operations, CTEs (WITH RECURSIVE when a CTE
// refers to itself), FROM sources (APPLY -> LATERAL, PIVOT/UNPIVOT by passes/pivot.ts, OPENJSON by
// passes/openjson.ts, STRING_SPLIT by passes/string-split.ts), table hints dropped with a mark, FOR JSON and FOR XML PATH('') by
// passes/for-json.ts and passes/for-xml-path.ts, other FOR XML as action items. Printed by
// pg/print-query.ts.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { Scope } from './conversion-context.js';
import { localName, type TargetRelation } from './name-resolver.js';
import {
  pg,
  type PgExpression,
  type PgFromItem,
  type PgGroupBy,
  type PgNoteMark,
  type PgQueryBody,
  type PgSelect,
  type PgSelectCore,
  type PgWith,
} from '../pg/ast.js';
import { aliasIdent } from './lower-expression.js';
import { lowerOrderItem } from './lower-window.js';
import { lowerExpression } from './lower-expression.js';
import { Diagnostics, type Lowered } from './lowered.js';
import { topToLimit } from './passes/top-to-limit.js';
import { anchorQueries, anchorRelation, isRecursive, widenAnchorColumn } from './passes/recursive-cte.js';
import { outputName, type OutputNames } from './passes/output-names.js';
import { systemTimeFrom } from './passes/system-time.js';
import { cteRelation } from './passes/cte-columns.js';
import { pivotFrom } from './passes/pivot.js';
import { targetName } from './lower-dml.js';
import { catalogMapping, catalogOutputName } from './passes/system-catalog.js';
import { tableFunctionRelation } from './function-result.js';
import { ledgerCatalogMessage, ledgerSuggestion } from './passes/ledger.js';
import { xmlNodesFrom, xmlNodesRelation } from './passes/xml-methods.js';
import { forJsonQuery } from './passes/for-json.js';
import { forXmlPathQuery } from './passes/for-xml-path.js';
import { forXmlRawQuery } from './passes/for-xml-raw.js';
import { openJsonFrom, openJsonRelation } from './passes/openjson.js';
import { stringSplitFrom, stringSplitRelation } from './passes/string-split.js';
import { freeTextTableFrom, freeTextTableRelation } from './passes/full-text.js';

/** The PostgreSQL tree of an expression of a query; its diagnostics are the query's. */
const lowerIn = (d: Diagnostics, g: Generator, e: S.Expression) => d.take(lowerExpression(e, g));

/** The node of a pass that may decline (undefined), its diagnostics the query's. */
const taken = <T>(d: Diagnostics, part: Lowered<T> | undefined) => part && d.take(part);

/** Whether a T-SQL table name is a trigger's `inserted`/`deleted` pseudo-table. */
function transitionTable(name: S.ObjectName, g: Generator): 'inserted' | 'deleted' | undefined {
  const lower = name.name.name.toLowerCase();
  return g.ctx.transitionTables && !name.schema && (lower === 'inserted' || lower === 'deleted')
    ? lower
    : undefined;
}

/**
 * A WITH clause, and the generator its statement is lowered by: the statement's CTEs in scope with
 * their columns (T-SQL scopes a CTE to its statement). The caller's generator is left as it is.
 */
export interface LoweredWith {
  readonly clause: PgWith | undefined;
  readonly g: Generator;
}

/** `WITH [RECURSIVE] ...`: RECURSIVE when a CTE refers to itself. */
export function lowerWith(ctes: readonly S.CommonTableExpression[], g: Generator): Lowered<LoweredWith> {
  const d = new Diagnostics();
  return d.result(withClause(ctes, g, d));
}

const cteName = (c: S.CommonTableExpression) => c.name.name.toLowerCase();

function withClause(ctes: readonly S.CommonTableExpression[], outer: Generator, d: Diagnostics): LoweredWith {
  if (!ctes.length) return { clause: undefined, g: outer };
  const recursive = ctes.some(isRecursive);
  // each CTE's name is in scope from the start, its columns once its query is lowered
  let g = outer.withCtes(new Map(ctes.map((c) => [cteName(c), undefined])), ctes.flatMap(anchorQueries));
  const typeIn = (at: Generator) => (e: S.Expression, from: readonly S.TableSource[]) =>
    at.withScope(scopeOf(from, at)).typeOf(e);
  const lowered = ctes.map((c) => {
    // a recursive CTE's query reads its own columns as its anchor types them
    const anchor = anchorRelation(c, g.ctx.names, typeIn(g));
    const own = anchor ? g.withCtes(new Map([[cteName(c), anchor]])) : g;
    const query = select(c.query, own, d);
    g = g.withCtes(new Map([[cteName(c), cteRelation(c, query, g.ctx.names, typeIn(own))]]));
    return {
      name: localName(g.ctx.names, c.name.name),
      columns: c.columns?.map((x) => g.ctx.names.name(x.name)),
      query,
    };
  });
  return { clause: { recursive, ctes: lowered }, g };
}

/** A query with FOR JSON, FOR XML PATH('') string aggregation or FOR XML RAW / AUTO: one value; undefined for other FOR clauses. */
function forClauseQuery(
  s: S.Select,
  clause: S.ForClause,
  g: Generator,
  d: Diagnostics,
): PgSelect | undefined {
  if (clause.mode === 'JSON') return taken(d, forJsonQuery(s, clause, g));
  return clause.mode === 'XML'
    ? taken(d, forXmlPathQuery(s, clause, g, true) ?? forXmlRawQuery(s, clause, g))
    : undefined;
}

/** A query; `into` are the variables a routine's SELECT @v = ... assigns (its first query block gets them). */
export function lowerSelect(s: S.Select, g: Generator, into?: readonly PgExpression[]): Lowered<PgSelect> {
  const d = new Diagnostics();
  return d.result(select(s, g, d, into));
}

function select(s: S.Select, outer: Generator, d: Diagnostics, into?: readonly PgExpression[]): PgSelect {
  const serialised = s.for && !into ? forClauseQuery(s, s.for, outer, d) : undefined;
  if (serialised) return serialised;
  const { clause: cteClause, g } = withClause(s.with, outer, d);
  const spec = s.query.kind === 'QuerySpec' ? s.query : undefined;
  const inner = spec ? g.withScope(scopeOf(spec.from, g)) : g;
  const body = queryBody(s.query, inner, d, true, into);
  const orderBy = d.takeAll(s.orderBy.map((o) => lowerOrderItem(o, inner)));
  const limit = spec ? limitOf(spec, inner, d) : undefined;
  const offset = s.offset && lowerIn(d, inner, s.offset);
  const fetch = s.fetch && lowerIn(d, inner, s.fetch);
  const notes: PgNoteMark[] = [];
  if (s.for)
    notes.push(
      d.mark(
        `TSQL_FOR_${s.for.mode}`,
        'high',
        s.for.pos,
        `FOR ${s.for.mode} ${s.for.options.join(', ')} is not converted: the query returns rows, not ${s.for.mode}`,
        s.for.mode === 'JSON'
          ? 'name every column; FOR JSON AUTO over joined tables is converted when each column is a column of one of the tables: else use PATH with dotted aliases'
          : "use xmlagg/xmlelement (FOR XML PATH('') over unnamed text columns is converted to string_agg)",
      ),
    );
  if (s.options) notes.push(...optionMarks(s.options, d));
  return { kind: 'Select', with: cteClause, body, orderBy, limit, offset, fetch, notes };
}

/** TOP n as LIMIT (passes/top-to-limit.ts). */
function limitOf(spec: S.QuerySpec, g: Generator, d: Diagnostics) {
  return d.take(topToLimit(spec.top, g, () => countQuery(spec, g)));
}

/** `SELECT 1 FROM ... WHERE ...`: the rows TOP n PERCENT counts. */
function countQuery(spec: S.QuerySpec, g: Generator): Lowered<PgSelect> {
  const d = new Diagnostics();
  const from = spec.from.map((f) => fromItem(f, g, d));
  return d.result(pg.select(pg.selectCore([pg.number(1)], from, spec.where && lowerIn(d, g, spec.where))));
}

function queryBody(
  q: S.QueryExpression,
  g: Generator,
  d: Diagnostics,
  scoped: boolean,
  into?: readonly PgExpression[],
): PgQueryBody {
  switch (q.kind) {
    case 'QuerySpec':
      return querySpec(q, g, d, scoped, into);
    case 'SetOperation': {
      const side = (x: S.QueryExpression, sideInto?: readonly PgExpression[]) =>
        x.kind === 'Select' ? select(x, g, d, sideInto) : queryBody(x, g, d, false, sideInto);
      return { kind: 'SetOperation', op: q.op, left: side(q.left, into), right: side(q.right) };
    }
    case 'Select':
      return select(q, g, d, into);
  }
}

/**
 * OPTION (...): query hints are dropped; MAXRECURSION is a limit PostgreSQL does not have (a
 * recursive CTE over cyclic data no longer stops with an error), so it is an item of its own.
 */
function optionMarks(options: S.QueryOptions, d: Diagnostics): PgNoteMark[] {
  const recursion = options.hints.filter((h) => h.name === 'MAXRECURSION').map((h) => h.text);
  const hints = options.hints.filter((h) => h.name !== 'MAXRECURSION').map((h) => h.text);
  const marks: PgNoteMark[] = [];
  if (recursion.length)
    marks.push(
      d.mark(
        'TSQL_MAXRECURSION',
        'medium',
        options.pos,
        `OPTION (${recursion.join(', ')}) dropped: PostgreSQL does not limit recursion, so cyclic data recurses without end`,
        'add a depth column to the recursive CTE with WHERE depth < n, or a CYCLE clause',
      ),
    );
  if (hints.length)
    marks.push(
      d.mark(
        'TSQL_QUERY_HINT',
        'low',
        options.pos,
        `OPTION (${hints.join(', ')}) dropped: PostgreSQL has no query hints`,
      ),
    );
  return marks;
}

/** The aliases of a FROM clause, so column references resolve to target names. */
export function scopeOf(from: readonly S.TableSource[], g: Generator): Scope {
  const scope: Scope = { aliases: new Map(), relations: [] };
  const add = (t: S.TableSource) => {
    switch (t.kind) {
      case 'TableRef': {
        const name = t.name.name.name;
        const cte = !t.name.schema && g.ctx.ctes.has(name.toLowerCase());
        const rel: TargetRelation | undefined = transitionTable(t.name, g)
          ? g.ctx.names.relation(g.ctx.transitionTables!.schema, g.ctx.transitionTables!.table)
          : cte
            ? g.ctx.ctes.get(name.toLowerCase())
            : g.ctx.names.relation(t.name.schema?.name, name);
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
        // Its alias names the derived table it becomes (pvt.[2002] is that table's column, not dbo.pvt's).
        if (t.alias) scope.aliases.set(t.alias.name.toLowerCase(), undefined);
        break;
      case 'TableFunctionRef': {
        const rel =
          stringSplitRelation(t, g) ??
          freeTextTableRelation(t, g) ??
          openJsonRelation(t, g) ??
          xmlNodesRelation(t, g) ??
          tableFunctionRelation(t.call, g.ctx);
        scope.aliases.set((t.alias?.name ?? t.call.name.name.name).toLowerCase(), rel);
        if (rel) scope.relations.push(rel);
        break;
      }
      default:
        if ('alias' in t && t.alias) scope.aliases.set(t.alias.name.toLowerCase(), undefined);
    }
  };
  from.forEach(add);
  return scope;
}

function groupBy(q: S.QuerySpec, g: Generator, d: Diagnostics): PgGroupBy | undefined {
  if (q.groupingSets)
    return { kind: 'GroupingSets', sets: q.groupingSets.map((set) => set.map((e) => lowerIn(d, g, e))) };
  if (!q.groupBy.length) return undefined;
  const items = q.groupBy.map((e) => lowerIn(d, g, e));
  const notes = q.groupByAll
    ? [d.mark('TSQL_GROUP_BY_ALL', 'high', q.pos, 'GROUP BY ALL has no PostgreSQL equivalent')]
    : [];
  return { kind: 'GroupList', modifier: q.groupByModifier, items, notes };
}

function querySpec(
  q: S.QuerySpec,
  outer: Generator,
  d: Diagnostics,
  scoped: boolean,
  into: readonly PgExpression[] | undefined,
): PgQueryBody {
  const g = scoped ? outer : outer.withScope(scopeOf(q.from, outer));
  const anchor = g.ctx.recursiveAnchors.has(q);
  const used: OutputNames = new Map();
  const columns = q.columns.flatMap((c) =>
    c.kind === 'SelectStar' ? selectStar(c, g, d) : [selectItem(c, g, d, anchor, used)],
  );
  const notes = q.into
    ? [
        d.mark(
          'TSQL_SELECT_INTO',
          'medium',
          q.into.pos,
          'SELECT ... INTO a table: use CREATE TABLE ... AS',
          'CREATE TABLE t AS SELECT ...',
        ),
      ]
    : [];
  const from = q.from.map((f) => fromItem(f, g, d));
  const where = q.where && lowerIn(d, g, q.where);
  const core: PgSelectCore = {
    kind: 'SelectCore',
    distinct: q.distinct,
    columns,
    into,
    notes,
    from,
    where,
    groupBy: groupBy(q, g, d),
    having: q.having && lowerIn(d, g, q.having),
  };
  if (scoped) return core;
  const limit = limitOf(q, g, d);
  return limit ? { ...pg.select(core), limit } : core;
}

/**
 * `*` or `t.*`: over a table with columns hidden at the source (ledger columns), the visible columns, as
 * SQL Server's `*` leaves them out; an unqualified `*` only when the FROM clause is that one table.
 */
function selectStar(c: S.SelectStar, g: Generator, d: Diagnostics): { expr: PgExpression }[] {
  if (!c.table) {
    const scope = g.ctx.scopes[g.ctx.scopes.length - 1];
    const only = scope?.aliases.size === 1 ? [...scope.aliases.values()][0] : undefined;
    return only?.visible ? only.visible.map((n) => ({ expr: pg.name(n) })) : [{ expr: { kind: 'Star' } }];
  }
  const star = lowerIn(d, g, { kind: 'Star', pos: c.pos, table: c.table });
  const visible = !c.table.schema ? g.ctx.alias(c.table.name.name).relation?.visible : undefined;
  if (star.kind !== 'Star' || !star.qualifier || !visible) return [{ expr: star }];
  const qualifier = star.qualifier;
  return visible.map((n) => ({ expr: pg.name(...qualifier, n) }));
}

/** A select list item; in a recursive CTE's anchor, a column of constrained type is widened. */
function selectItem(
  c: S.SelectItem,
  g: Generator,
  d: Diagnostics,
  anchor: boolean,
  used: OutputNames,
): { expr: PgExpression; alias?: string } {
  switch (c.kind) {
    case 'SelectStar':
      return selectStar(c, g, d)[0]!;
    case 'SelectColumn': {
      const value = lowerIn(d, g, c.expr);
      const widened = anchor ? widenAnchorColumn(value, g.typeOf(c.expr)) : undefined;
      // A widened column keeps its name: the cast would otherwise name it after the type.
      if (widened && !c.alias && value.kind === 'Name')
        return { expr: widened, alias: value.parts[value.parts.length - 1] };
      const catalogName = !c.alias && catalogOutputName(c.expr, g);
      if (catalogName) return { expr: widened ?? value, alias: catalogName };
      if (!c.alias) return { expr: widened ?? value };
      const named = outputName(
        g.ctx.names.name(c.alias.name),
        c.alias.name,
        used,
        d,
        c.pos,
        widened ?? value,
      );
      return { expr: named.value, alias: named.name };
    }
    case 'SelectAssign':
      return {
        expr: d.note(
          () => lowerIn(d, g, c.expr),
          'TSQL_SELECT_ASSIGN',
          'high',
          c.pos,
          'variable assignment in a query select list',
        ),
      };
  }
}

function hintMarks(list: readonly S.TableHint[], d: Diagnostics): PgNoteMark[] {
  if (!list.length) return [];
  const names = list.map((h) => h.name).join(', ');
  return [
    d.mark(
      'TSQL_TABLE_HINT',
      'low',
      list[0]!.pos,
      `table hint ${names} dropped: PostgreSQL has no table hints (MVCC readers do not block)`,
    ),
  ];
}

const columnNames = (cols: readonly S.Identifier[] | undefined, g: Generator) =>
  cols?.map((c) => g.ctx.names.name(c.name));

function tableRef(t: S.TableRef, g: Generator, d: Diagnostics): PgFromItem {
  const name = t.name.name.name;
  const which = transitionTable(t.name, g);
  if (which) {
    const alias = t.alias ? aliasIdent(t.alias.name, g) : which;
    const tt = g.ctx.transitionTables!;
    const source = tt[which];
    if (source && tt.row) {
      const row = pg.selectCore([{ kind: 'Star', qualifier: [source] }], []);
      return { kind: 'SubqueryFrom', query: pg.select(row), alias };
    }
    if (source) return pg.table([source], alias);
    // The trigger's event has no such rows (`deleted` of an INSERT trigger): an empty table of its shape.
    const rel = g.ctx.names.relation(tt.schema, tt.table);
    const table = rel ? [rel.schema, rel.name] : [g.ctx.names.name(tt.table)];
    const empty = pg.selectCore([{ kind: 'Star' }], [pg.table(table)], pg.bool(false));
    return { kind: 'SubqueryFrom', query: pg.select(empty), alias };
  }
  if (!t.name.schema && g.ctx.ctes.has(name.toLowerCase()))
    return {
      kind: 'Table',
      name: [localName(g.ctx.names, name)],
      alias: t.alias && aliasIdent(t.alias.name, g),
      notes: [],
    };
  const rel = g.ctx.names.relation(t.name.schema?.name, name);
  const alias = t.alias && aliasIdent(t.alias.name, g, rel?.name);
  if (t.systemTime && rel?.temporal)
    return d.take(systemTimeFrom(t.systemTime, { ...rel, temporal: rel.temporal }, alias ?? rel.name, g));
  const systemTime = t.systemTime
    ? [
        d.mark(
          'TSQL_SYSTEM_TIME',
          'high',
          t.pos,
          'FOR SYSTEM_TIME on a table the migration does not keep as temporal: the current rows are read',
          'migrate the table with its history table',
        ),
      ]
    : [];
  if (rel?.query)
    return {
      kind: 'NotedFrom',
      notes: [...catalogMarks(t, rel, d), ...systemTime, ...hintMarks(t.hints, d)],
      item: { kind: 'SubqueryFrom', query: rel.query, alias: alias ?? rel.name },
    };
  return {
    kind: 'Table',
    name: targetName(t.name, g),
    alias,
    notes: [...catalogMarks(t, rel, d), ...systemTime, ...hintMarks(t.hints, d)],
  };
}

/**
 * A SQL Server catalog view (`sys.tables`): read from PostgreSQL's view of the same meaning, with a low
 * item naming the columns that have an equivalent; without one, a high item and the name kept.
 */
function catalogMarks(t: S.TableRef, rel: TargetRelation | undefined, d: Diagnostics): PgNoteMark[] {
  const mapping = rel?.catalog && catalogMapping(rel);
  if (mapping)
    return [
      d.mark(
        'TSQL_SYSTEM_CATALOG',
        'low',
        t.pos,
        `${rel.catalog} is read from ${mapping}: its other columns have no equivalent there, and names are the target's (compared literals follow the naming strategy)`,
        'check that the query reads only these columns',
      ),
    ];
  if (rel || t.name.schema?.name.toLowerCase() !== 'sys') return [];
  const ledger = ledgerCatalogMessage(t.name);
  if (ledger) return [d.mark('TSQL_LEDGER', 'high', t.pos, ledger, ledgerSuggestion)];
  return [
    d.mark(
      'TSQL_SYSTEM_CATALOG',
      'high',
      t.pos,
      `sys.${t.name.name.name} is SQL Server's catalog: PostgreSQL's has other names, columns and object names`,
      'rewrite the query over pg_catalog (pg_class, pg_attribute, pg_sequences, ...) or information_schema',
    ),
  ];
}

function join(t: S.Join, g: Generator, d: Diagnostics): PgFromItem {
  const left = fromItem(t.left, g, d);
  const right = fromItem(t.right, g, d);
  const sides = { kind: 'Join', left, right, notes: [] } as const;
  switch (t.joinType) {
    case 'CROSS APPLY':
      return { ...sides, type: 'CROSS', lateral: true };
    case 'OUTER APPLY':
      return { ...sides, type: 'LEFT', lateral: true, on: pg.bool(true) };
    case 'CROSS':
      return { ...sides, type: 'CROSS', lateral: false };
    case 'INNER':
    case 'LEFT':
    case 'RIGHT':
    case 'FULL': {
      const notes = t.hint ? [d.mark('TSQL_JOIN_HINT', 'low', t.pos, `join hint ${t.hint} dropped`)] : [];
      const type = t.joinType === 'INNER' ? 'INNER' : (`${t.joinType} OUTER` as const);
      return { ...sides, type, lateral: false, on: lowerIn(d, g, t.on!), notes };
    }
  }
}

/** An element of FROM as the PostgreSQL tree. */
export function lowerFromItem(t: S.TableSource, g: Generator): Lowered<PgFromItem> {
  const d = new Diagnostics();
  return d.result(fromItem(t, g, d));
}

function fromItem(t: S.TableSource, g: Generator, d: Diagnostics): PgFromItem {
  switch (t.kind) {
    case 'TableRef':
      return tableRef(t, g, d);
    case 'TableVariableRef': {
      const variable = g.variableIdent(t.name);
      const alias = t.alias && aliasIdent(t.alias.name, g);
      // A table-valued parameter is an array of a composite: its rows are unnest(array).
      if (g.ctx.variables.get(t.name.toLowerCase())?.type?.array)
        return {
          kind: 'FunctionFrom',
          call: pg.call('unnest', pg.name(variable)),
          alias: alias ?? variable,
          notes: [],
        };
      return pg.table([variable], alias);
    }
    case 'DerivedTable':
      return {
        kind: 'SubqueryFrom',
        query: select(t.query, g, d),
        alias: aliasIdent(t.alias.name, g),
        columns: columnNames(t.columns, g),
      };
    case 'ValuesTable':
      return {
        kind: 'ValuesFrom',
        rows: t.rows.map((r) => r.map((e) => lowerIn(d, g, e))),
        alias: aliasIdent(t.alias.name, g),
        columns: columnNames(t.columns, g),
      };
    case 'TableFunctionRef':
      return (
        taken(d, openJsonFrom(t, g)) ??
        taken(d, stringSplitFrom(t, g)) ??
        taken(d, freeTextTableFrom(t, g)) ??
        taken(d, xmlNodesFrom(t, g)) ?? {
          kind: 'FunctionFrom',
          call: lowerIn(d, g, t.call),
          alias: t.alias && aliasIdent(t.alias.name, g),
          columns: columnNames(t.columns, g),
          notes: t.withSchema
            ? [
                d.mark(
                  'TSQL_OPENJSON',
                  'high',
                  t.pos,
                  'OPENJSON ... WITH is not converted: a column path is not a literal SQL Server path',
                  'use json_array_elements and json_extract_path_text',
                ),
              ]
            : [],
        }
      );
    case 'Join':
      return join(t, g, d);
    case 'PivotTable':
    case 'UnpivotTable': {
      const converted = taken(d, pivotFrom(t, g));
      if (converted) return converted;
      const what = t.kind === 'PivotTable' ? 'PIVOT' : 'UNPIVOT';
      const mark = d.mark(
        `TSQL_${what}`,
        'high',
        t.pos,
        `${what} over a source whose columns cannot be told (SELECT *, unnamed expressions) is not converted`,
        'name the source columns, or rewrite with CASE aggregates (PIVOT) or a LATERAL VALUES list (UNPIVOT)',
      );
      return { kind: 'NotedFrom', notes: [mark], item: fromItem(t.source, g, d) };
    }
  }
}
