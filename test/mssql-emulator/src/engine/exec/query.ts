// SELECT evaluation: FROM (tables, catalog views, views, derived tables, CTEs, joins), WHERE,
// GROUP BY with aggregates, HAVING, select list, DISTINCT, ORDER BY, TOP, OFFSET/FETCH and set
// operations. Rows stream through generators unless sorting, grouping or DISTINCT needs them all.

import type {
  CommonTableExpression,
  Expression,
  FunctionCall,
  OrderByItem,
  QueryExpression,
  QuerySpec,
  Select,
  SelectItem,
  TableSource,
} from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { openRowsetBulkSource } from './openrowset-bulk.js';
import { cachedPlan, compileKey, variablesKey } from './plan-cache.js';
import { shortestPathQuery } from './graph-shortest-path.js';
import { SqlError, invalidObject } from '../errors.js';
import { convert, type Value } from '../types/convert.js';
import { compareValues, valueKey } from './compare.js';
import {
  coerce,
  commonType,
  compileExpr,
  compoundAssignment,
  conjuncts,
  isAggregate,
  isTrue,
} from './expressions.js';
import { Scope, type Binding, type CompileCtx, type Compiled, type EvalCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';
import { resolveTableSource } from './table-source.js';
import { collectWindowCalls, compileWindows } from './window-functions.js';
import { makeAggregate, type AggState } from './aggregates.js';
import { tableVariableSource } from './table-variables.js';
import { userTableFunctionSource } from './user-functions.js';
import { openJsonSource } from './openjson.js';
import { stringSplitSource } from './string-split.js';
import { xmlNodesSource } from './xml-methods.js';
import { fulltextTableSource } from './fulltext-search.js';
import { applyPlan } from './apply.js';
import { compileCte } from './recursive-cte.js';
import { groupingSetRows } from './grouping-sets.js';
import { pivotPlan, unpivotPlan } from './pivot.js';
import { forClausePlan } from './for-clause.js';
import { isCharType } from '../types/sql-type.js';
import { maskValue, type MaskFunction } from '../security/masking.js';

export interface OutputColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  identity?: boolean;
  computed?: boolean;
  /** The lower-case alias (or name) of the FROM table the column is read from as it is (FOR JSON AUTO). */
  table?: string;
}

export interface QueryPlan {
  columns: OutputColumn[];
  rows: (ctx: EvalCtx) => Iterable<Row>;
  /** `schema.table` when the rows come straight from one base table. */
  source?: string;
}

/** A FROM-clause input: the columns it exposes and a row producer. */
export interface SourcePlan {
  bindings: Binding[];
  rows: (ctx: EvalCtx) => Iterable<Row>;
  source?: string;
  /** Binding whose ascending order the rows come in, unique and never NULL (the key of a generated table). */
  keyOrder?: number;
  /** Lets a WHERE on the key seek instead of scanning (generated tables). */
  seekable?: (where: Expression, needed?: Set<number>, reuseRow?: boolean) => Seek | undefined;
  /**
   * Rows with only the `needed` columns (all when undefined) filled, the others null: generated
   * tables skip generating them. With `reuseRow` the same array may come back for every row (the consumer keeps none).
   */
  project?: (needed: Set<number> | undefined, reuseRow?: boolean) => (ctx: EvalCtx) => Iterable<Row>;
}

/** Rows of a key-range seek; `exact` when they are exactly the rows the WHERE keeps. */
export interface Seek {
  rows: (ctx: EvalCtx) => Iterable<Row>;
  exact: boolean;
}

export function compileQuery(
  select: Select,
  session: SessionState,
  parent?: Scope,
  ctes?: Map<string, QueryPlan>,
): QueryPlan {
  // A procedure's top-level queries run again on every call and loop: compiled once while nothing
  // they depend on changes (functions are left out: one may call itself inside its own query).
  if (!parent && !ctes?.size && session.modules.length && !session.functionResult)
    return cachedPlan(select, compileKey(session) + variablesKey(session), () =>
      compileWithNamespaces(select, session),
    );
  return compileWithNamespaces(select, session, parent, ctes);
}

function compileWithNamespaces(
  select: Select,
  session: SessionState,
  parent?: Scope,
  ctes?: Map<string, QueryPlan>,
): QueryPlan {
  if (!select.xmlNamespaces) return compileSelect(select, session, parent, ctes);
  if (select.for?.mode === 'XML')
    throw new SqlError(
      40517,
      'WITH XMLNAMESPACES with FOR XML is not supported by the SQL Server emulator.',
      16,
    );
  const saved = session.xmlNamespaces;
  session.xmlNamespaces = new Map(select.xmlNamespaces.map((d) => [d.prefix ?? '', d.uri]));
  try {
    return compileSelect(select, session, parent, ctes);
  } finally {
    session.xmlNamespaces = saved;
  }
}

function compileSelect(
  select: Select,
  session: SessionState,
  parent?: Scope,
  ctes?: Map<string, QueryPlan>,
): QueryPlan {
  const cteMap = compileWith(select.with, session, parent, ctes);
  const cc: CompileCtx = { scope: parent ?? new Scope([]), session, ctes: cteMap };
  const window = select.offset || select.fetch ? compileWindow(select.offset, select.fetch, cc) : undefined;
  // A sorted query block applies OFFSET/FETCH itself: it selects the window instead of sorting all rows.
  const windowed = window && select.query.kind === 'QuerySpec' && select.orderBy.length > 0;
  const plan = windowed
    ? compileSpec(select.query as QuerySpec, cc, select.orderBy, window)
    : compileQueryExpression(select.query, cc, select.orderBy);
  const result = window && !windowed ? offsetFetch(plan, window) : plan;
  return select.for ? forClausePlan(select, result) : result;
}

/** The CTEs a WITH clause defines, added to those visible already (a statement's or an enclosing query's). */
export function compileWith(
  list: readonly CommonTableExpression[] | undefined,
  session: SessionState,
  parent?: Scope,
  ctes?: Map<string, QueryPlan>,
): Map<string, QueryPlan> | undefined {
  if (!list?.length) return ctes;
  const map = new Map(ctes);
  for (const cte of list)
    map.set(cte.name.name.toLowerCase(), compileCte(cte, session, parent, map, compileQuery));
  return map;
}

/** A compiled select-list item; `source` is the column it reads when it is a bare column reference. */
interface SelectListItem {
  name: string;
  e: Compiled;
  identity?: boolean;
  computed?: boolean;
  source?: Binding;
  table?: string;
}

function compileQueryExpression(
  q: QueryExpression,
  cc: CompileCtx,
  orderBy: readonly OrderByItem[],
): QueryPlan {
  if (q.kind === 'QuerySpec') return compileSpec(q, cc, orderBy);
  if (q.kind === 'Select') {
    const inner = compileQuery(
      q,
      cc.session,
      cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined,
      cc.ctes,
    );
    return orderBy.length ? sortPlan(inner, orderBy, cc) : inner;
  }
  const left = compileQueryExpression(q.left, cc, []);
  const right = compileQueryExpression(q.right, cc, []);
  if (left.columns.length !== right.columns.length)
    throw new SqlError(
      205,
      'All queries combined using a UNION, INTERSECT or EXCEPT operator must have an equal number of expressions in their target lists.',
      16,
    );
  const types = left.columns.map((c, i) => unionType(c.type, right.columns[i].type));
  const columns = left.columns.map((c, i) => ({
    name: c.name,
    type: types[i],
    nullable: c.nullable || right.columns[i].nullable,
  }));
  const conv = (plan: QueryPlan) => (ctx: EvalCtx) =>
    mapRows(plan.rows(ctx), (r) =>
      r.map((v, i) =>
        isCharType(types[i]) && isCharType(plan.columns[i].type)
          ? v
          : convert(v, plan.columns[i].type, types[i], 0, ctx.session),
      ),
    );
  const l = conv(left);
  const r = conv(right);
  const key = (row: Row) => row.map((v, i) => valueKey(v, types[i])).join('\u0001');
  let rows: (ctx: EvalCtx) => Iterable<Row>;
  switch (q.op) {
    case 'UNION ALL':
      rows = function* (ctx) {
        yield* l(ctx);
        yield* r(ctx);
      };
      break;
    case 'UNION':
      rows = (ctx) => distinctRows([...l(ctx), ...r(ctx)], key);
      break;
    case 'EXCEPT':
      rows = (ctx) => {
        const exclude = new Set([...r(ctx)].map(key));
        return distinctRows(
          [...l(ctx)].filter((x) => !exclude.has(key(x))),
          key,
        );
      };
      break;
    case 'INTERSECT':
      rows = (ctx) => {
        const keep = new Set([...r(ctx)].map(key));
        return distinctRows(
          [...l(ctx)].filter((x) => keep.has(key(x))),
          key,
        );
      };
      break;
  }
  const plan: QueryPlan = { columns, rows };
  return orderBy.length ? sortPlan(plan, orderBy, cc) : plan;
}

function unionType(a: SqlType, b: SqlType): SqlType {
  if (isCharType(a) && isCharType(b)) {
    const t = commonType(a, b);
    const la = a.length ?? 1;
    const lb = b.length ?? 1;
    return { ...t, length: la === -1 || lb === -1 ? -1 : Math.max(la, lb) };
  }
  return commonType(a, b);
}

function* distinctRows(rows: Iterable<Row>, key: (r: Row) => string): Iterable<Row> {
  const seen = new Set<string>();
  for (const r of rows) {
    const k = key(r);
    if (!seen.has(k)) {
      seen.add(k);
      yield r;
    }
  }
}

function* mapRows(rows: Iterable<Row>, f: (r: Row) => Row): Iterable<Row> {
  for (const r of rows) yield f(r);
}

/** ORDER BY over a finished plan (set operations, parenthesised queries): output columns only. */
function sortPlan(plan: QueryPlan, orderBy: readonly OrderByItem[], cc: CompileCtx): QueryPlan {
  const scope = new Scope(
    plan.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    cc.scope.bindings.length ? cc.scope : undefined,
  );
  const keys = orderBy.map((o) => ({
    e: orderKey(o.expr, plan.columns.length, { ...cc, scope }),
    desc: o.direction === 'DESC',
  }));
  return { ...plan, rows: (ctx) => sortRows([...plan.rows(ctx)], keys, ctx, (r) => r) };
}

function orderKey(expr: Expression, width: number, cc: CompileCtx): Compiled {
  if (expr.kind === 'NumberLiteral' && expr.numberKind === 'integer') {
    const i = Number(expr.text) - 1;
    if (i < 0 || i >= width)
      throw new SqlError(
        108,
        `The ORDER BY position number ${expr.text} is out of range of the number of items in the select list.`,
        16,
      );
    const b = cc.scope.bindings[i];
    return { type: b.type, nullable: true, eval: (row) => row[i] };
  }
  return compileExpr(expr, cc);
}

function sortRows<T>(
  items: T[],
  keys: { e: Compiled; desc: boolean }[],
  ctx: EvalCtx,
  rowOf: (t: T) => Row,
): T[] {
  const values: Value[] = [];
  for (const it of items) for (const k of keys) values.push(k.e.eval(rowOf(it), ctx));
  return sortedWindow(items.length, values, keys, 0, items.length).map((i) => items[i]);
}

/**
 * The input positions of the n items a stable sort by their keys would put at positions [from, to);
 * `values` holds the keys of item i at [i * keys.length, (i + 1) * keys.length). Positions are
 * sorted, so no object is made per item. A small window of many items is selected (quickselect,
 * O(n)) and only the window sorted.
 */
function sortedWindow(
  n: number,
  values: Value[],
  keys: { e: Compiled; desc: boolean }[],
  from: number,
  to: number,
): number[] {
  const end = Math.min(to, n);
  if (from >= end) return [];
  const nk = keys.length;
  const cmp = (a: number, b: number) => {
    for (let j = 0; j < nk; j++) {
      const x = values[a * nk + j];
      const y = values[b * nk + j];
      let c: number;
      if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1;
      else c = compareValues(x, y, keys[j].e.type);
      if (c !== 0) return keys[j].desc ? -c : c;
    }
    // Ties keep input order.
    return a - b;
  };
  if (from === 0 && end === 1) {
    // TOP 1: one pass for the first row in order (the earliest of equal rows).
    let best = 0;
    for (let i = 1; i < n; i++) if (cmp(i, best) < 0) best = i;
    return [best];
  }
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (end - from > n / 8) return order.sort(cmp).slice(from, end);
  nthElement(order, 0, n - 1, from, cmp);
  if (end - 1 > from) nthElement(order, from + 1, n - 1, end - 1, cmp);
  return order.slice(from, end).sort(cmp);
}

/** TOP (limit) WITH TIES: the first `limit` rows in order and the rows after them equal to the last on every key. */
function tiedWindow(
  n: number,
  values: Value[],
  keys: { e: Compiled; desc: boolean }[],
  limit: number,
): number[] {
  if (limit <= 0) return [];
  const order = sortedWindow(n, values, keys, 0, n);
  const nk = keys.length;
  const tie = (a: number, b: number) =>
    keys.every((k, j) => {
      const x = values[a * nk + j];
      const y = values[b * nk + j];
      return x === null || y === null ? x === y : compareValues(x, y, k.e.type) === 0;
    });
  let end = Math.min(limit, n);
  while (end < n && tie(order[end - 1], order[end])) end++;
  return order.slice(0, end);
}

/** Reorders a[lo..hi] so that a[k] is the element of rank k there, with no greater one before it and no smaller one after (Hoare's selection). */
function nthElement<T>(a: T[], lo: number, hi: number, k: number, cmp: (x: T, y: T) => number): void {
  while (lo < hi) {
    const pivot = a[lo + Math.floor(Math.random() * (hi - lo + 1))];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (cmp(a[i], pivot) < 0) i++;
      while (cmp(a[j], pivot) > 0) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** OFFSET/FETCH evaluated for one execution: rows to skip and to take. */
type Window = (ctx: EvalCtx) => { skip: number; take: number };

function compileWindow(
  offset: Expression | undefined,
  fetch: Expression | undefined,
  cc: CompileCtx,
): Window {
  const o = offset ? compileExpr(offset, cc) : undefined;
  const f = fetch ? compileExpr(fetch, cc) : undefined;
  return (ctx) => {
    const skip = o ? Number(o.eval([], ctx)) : 0;
    const take = f ? Number(f.eval([], ctx)) : Infinity;
    if (skip < 0)
      throw new SqlError(10742, 'The offset specified in a OFFSET clause may not be negative.', 16);
    if (take <= 0 && f)
      throw new SqlError(
        10744,
        'The number of rows provided for a FETCH clause must be greater then zero.',
        16,
      );
    return { skip, take };
  };
}

function offsetFetch(plan: QueryPlan, window: Window): QueryPlan {
  return {
    ...plan,
    rows: function* (ctx) {
      let { skip, take } = window(ctx);
      for (const r of plan.rows(ctx)) {
        if (skip > 0) {
          skip--;
          continue;
        }
        if (take-- <= 0) return;
        yield r;
      }
    },
  };
}

// ------------------------------------------------------------------------------------ QuerySpec

function compileSpec(
  spec: QuerySpec,
  cc: CompileCtx,
  orderBy: readonly OrderByItem[],
  window?: Window,
): QueryPlan {
  if (spec.into) throw new SqlError(40517, 'SELECT INTO is not supported by the SQL Server emulator.', 16);
  const path = shortestPathQuery(spec, orderBy, cc, compileFrom);
  if (path) ({ spec, orderBy } = path);
  const from = path?.from ?? compileFrom(spec.from, cc, spec.where);
  const scope = new Scope(from.bindings, cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const scc: CompileCtx = { ...cc, scope, aggregates: undefined, grouped: undefined };
  const where = spec.where ? compileExpr(spec.where, scc) : undefined;

  const aggCalls = collectAggregates([
    ...spec.columns.map((c) => ('expr' in c ? c.expr : undefined)),
    spec.having,
    ...orderBy.map((o) => o.expr),
  ]);
  const windowCalls = collectWindowCalls([
    ...spec.columns.map((c) => ('expr' in c ? c.expr : undefined)),
    ...orderBy.map((o) => o.expr),
  ]);
  const grouped = spec.groupBy.length > 0 || !!spec.groupingSets || aggCalls.length > 0;

  // Source rows after WHERE. Streamed straight to the select list (no sort, grouping, DISTINCT
  // or HAVING), no source row outlives its projection, so a generated scan may reuse one array.
  // ORDER BY the key of a source whose rows come in key order (generated tables) needs no sort either.
  const ties = spec.top?.withTies === true;
  if (ties && orderBy.length === 0)
    throw new SqlError(
      1062,
      'The TOP N WITH TIES clause is not allowed without a corresponding ORDER BY clause.',
      16,
    );
  if (ties && spec.distinct)
    throw new SqlError(
      40517,
      'SELECT DISTINCT TOP ... WITH TIES is not supported by the SQL Server emulator.',
      16,
    );
  const unsorted = orderBy.length === 0 || (!ties && ordersByKey(orderBy, spec, from, scope));
  const streaming = unsorted && !grouped && !spec.distinct && !spec.having && windowCalls.length === 0;
  const needed = from.project ? neededColumns(spec, orderBy, scope) : undefined;
  const scan = from.project ? from.project(needed, streaming) : from.rows;
  const seek = where && from.seekable ? from.seekable(spec.where!, needed, streaming) : undefined;
  const input = seek?.rows ?? scan;
  const filter = seek?.exact ? undefined : where;
  let sourceRows: (ctx: EvalCtx) => Iterable<Row> = input;
  if (filter)
    sourceRows = function* (ctx) {
      for (const r of input(ctx)) if (isTrue(filter.eval(r, ctx))) yield r;
    };

  // Post-grouping context: group rows are [...representative source row, ...aggregate values].
  let pcc: CompileCtx = scc;
  let groupRows: ((ctx: EvalCtx) => Iterable<Row>) | undefined;
  if (grouped) {
    const width = from.bindings.length;
    const slots = new Map<FunctionCall, number>();
    aggCalls.forEach((c, i) => slots.set(c, width + i));
    const keys = spec.groupBy.map((g) => compileExpr(g, scc));
    const groupedCols = new Set<number>();
    for (const g of spec.groupingSets?.flat() ?? spec.groupBy)
      for (const ref of columnRefs(g)) {
        try {
          const [depth, index] = scope.resolve(ref);
          if (depth === 0) groupedCols.add(index);
        } catch {
          /* reported when compiled */
        }
      }
    const sets = spec.groupByModifier || spec.groupingSets;
    const aggs = sets ? [] : aggCalls.map((c) => makeAggregate(c, scc));
    pcc = { ...scc, aggregates: slots, grouped: groupedCols };
    const hasKeys = keys.length > 0;
    groupRows = sets
      ? groupingSetRows(spec, scc, scope, aggCalls, sourceRows, makeAggregate)
      : (ctx) => {
          const groups = new Map<string, { rep: Row; states: AggState[] }>();
          for (const r of sourceRows(ctx)) {
            const k = hasKeys ? keys.map((e) => valueKey(e.eval(r, ctx), e.type)).join('\u0001') : '';
            let g = groups.get(k);
            if (!g) {
              g = { rep: r, states: aggs.map((a) => a.init()) };
              groups.set(k, g);
            }
            for (let i = 0; i < aggs.length; i++) aggs[i].step(g.states[i], r, ctx);
          }
          if (!hasKeys && groups.size === 0)
            groups.set('', { rep: from.bindings.map(() => null), states: aggs.map((a) => a.init()) });
          return [...groups.values()].map((g) => [...g.rep, ...g.states.map((s, i) => aggs[i].result(s))]);
        };
  }
  let having = spec.having ? compileExpr(spec.having, pcc) : undefined;
  let windowRows: ((ctx: EvalCtx) => Iterable<Row>) | undefined;
  if (windowCalls.length) {
    // Window values are computed over the rows after HAVING and appended to them.
    const w = compileWindows(
      windowCalls,
      pcc,
      from.bindings.length + (grouped ? aggCalls.length : 0),
      makeAggregate,
    );
    const inner = groupRows ?? sourceRows;
    const keep = having;
    windowRows = (ctx) =>
      w.extend(keep ? filterRows(inner(ctx), (r) => isTrue(keep.eval(r, ctx))) : inner(ctx), ctx);
    having = undefined;
    pcc = w.cc;
  }

  // Select list.
  const items: SelectListItem[] = [];
  const assigns: { variable: string; e: Compiled }[] = [];
  for (const item of spec.columns) expandItem(item, pcc, from, items, assigns);
  if (assigns.length && items.length)
    throw new SqlError(
      141,
      'A SELECT statement that assigns a value to a variable must not be combined with data-retrieval operations.',
      15,
    );

  const columns: OutputColumn[] = items.map((it) => ({
    name: it.name,
    type: it.e.type,
    nullable: it.e.nullable,
    ...(it.identity ? { identity: true } : {}),
    ...(it.computed ? { computed: true } : {}),
    ...(it.table !== undefined ? { table: it.table } : {}),
  }));

  // ORDER BY sees select-list aliases first, then the source columns.
  const orderScope = new Scope(
    [
      // With DISTINCT only the select list is there: a column item keeps its table's qualifier.
      ...items.map((it) => ({
        name: it.name,
        type: it.e.type,
        nullable: it.e.nullable,
        ...(spec.distinct && it.source ? { qualifier: it.source.qualifier, schema: it.source.schema } : {}),
      })),
      ...(spec.distinct ? [] : scope.bindings),
    ],
    scope.parent,
    items.length,
  );
  // In grouped queries the select-list names are always valid; source columns must be grouped.
  const orderGrouped = pcc.grouped
    ? new Set([...items.keys(), ...[...pcc.grouped].map((i) => i + items.length)])
    : undefined;
  const orderAggs = pcc.aggregates
    ? new Map([...pcc.aggregates].map(([k, v]) => [k, v + items.length]))
    : undefined;
  const orderWindows = pcc.windows
    ? new Map([...pcc.windows].map(([k, w]) => [k, { ...w, slot: w.slot + items.length }]))
    : undefined;
  const orderKeys = orderBy.map((o) => ({
    e: orderKey(o.expr, items.length, {
      ...pcc,
      scope: orderScope,
      grouped: orderGrouped,
      aggregates: orderAggs,
      windows: orderWindows,
    }),
    desc: o.direction === 'DESC',
  }));
  const top = spec.top ? compileTop(spec.top, cc) : undefined;

  const base = windowRows ?? groupRows ?? sourceRows;
  const evals = items.map((it) => it.e.eval);
  const width = evals.length;
  const project = (r: Row, ctx: EvalCtx) => {
    const out: Row = new Array(width);
    for (let i = 0; i < width; i++) out[i] = evals[i](r, ctx);
    return out;
  };
  const distinctKey = (row: Row) => row.map((v, i) => valueKey(v, columns[i].type)).join('\u0001');

  const rows = function* (ctx: EvalCtx): Iterable<Row> {
    const limit = top ? top(ctx) : Infinity;
    let stream: Iterable<Row> = base(ctx);
    if (having) stream = filterRows(stream, (r) => isTrue(having.eval(r, ctx)));
    if (assigns.length) {
      // Each row assigns in turn, TOP n rows only; an empty row per row assigned, which @@ROWCOUNT
      // counts. Without ORDER BY, as the rows are read; with it, in its order (a select list of
      // assignments has no values, so the order keys are evaluated on the source row).
      const assign = (r: Row) => {
        for (const a of assigns) assignVariable(ctx.session, a.variable, a.e.eval(r, ctx), a.e.type);
      };
      if (limit <= 0) return;
      if (!orderKeys.length) {
        let n = 0;
        for (const r of stream) {
          assign(r);
          yield [];
          if (++n >= limit) return;
        }
        return;
      }
      const kept = [...stream];
      const values = kept.flatMap((r) => orderKeys.map((k) => k.e.eval(r, ctx)));
      for (const i of sortedWindow(kept.length, values, orderKeys, 0, limit)) {
        assign(kept[i]!);
        yield [];
      }
      return;
    }
    if (orderKeys.length) {
      // TOP and OFFSET/FETCH give the window of sorted rows to return; without DISTINCT only that
      // window is selected (the rows before it are never sorted among themselves).
      const { skip, take } = window ? window(ctx) : { skip: 0, take: Infinity };
      const from = Math.min(skip, limit);
      const to = Math.min(limit, skip + take);
      // Keys are evaluated on one scratch row: the select-list values, then the source row. The
      // select-list values and keys of all rows go to two flat arrays: no object per row.
      const outs: Value[] = [];
      const values: Value[] = [];
      const scratch: Row = [];
      let n = 0;
      for (const r of stream) {
        for (let j = 0; j < width; j++) outs.push((scratch[j] = evals[j](r, ctx)));
        if (!spec.distinct) for (let j = 0; j < r.length; j++) scratch[width + j] = r[j];
        for (let j = 0; j < orderKeys.length; j++) values.push(orderKeys[j].e.eval(scratch, ctx));
        n++;
      }
      const rowAt = (i: number): Row => outs.slice(i * width, (i + 1) * width);
      if (!spec.distinct) {
        const picked = ties
          ? tiedWindow(n, values, orderKeys, limit)
          : sortedWindow(n, values, orderKeys, from, to);
        for (const i of picked) yield rowAt(i);
        return;
      }
      yield* [...distinctRows(sortedWindow(n, values, orderKeys, 0, n).map(rowAt), distinctKey)].slice(
        from,
        to,
      );
      return;
    }
    if (limit <= 0) return;
    let n = 0;
    let out: Iterable<Row> = mapRows(stream, (r) => project(r, ctx));
    if (spec.distinct) out = distinctRows(out, distinctKey);
    for (const r of out) {
      yield r;
      if (++n >= limit) return;
    }
  };
  // Streaming: one iterator from the source rows (filtered there) to the projected rows, with
  // TOP and OFFSET/FETCH as the window of rows returned.
  const streamed = (ctx: EvalCtx): Iterable<Row> => ({
    [Symbol.iterator]: () => {
      const limit = top ? top(ctx) : Infinity;
      const { skip, take } = window ? window(ctx) : { skip: 0, take: Infinity };
      const source = input(ctx)[Symbol.iterator]();
      return new ProjectedRows(
        source,
        filter,
        project,
        ctx,
        Math.min(skip, limit),
        Math.min(limit, skip + take),
      );
    },
  });
  return { columns, rows: streaming && !assigns.length ? streamed : rows, source: from.source };
}

/**
 * Source rows filtered and projected one at a time, those at positions [from, to) among the rows
 * the filter keeps (TOP, OFFSET/FETCH): a plain iterator, one result object for every step.
 */
class ProjectedRows implements Iterator<Row> {
  private readonly result: IteratorResult<Row> = { done: false, value: [] };
  private n = 0;

  constructor(
    private readonly source: Iterator<Row>,
    private readonly filter: Compiled | undefined,
    private readonly project: (r: Row, ctx: EvalCtx) => Row,
    private readonly ctx: EvalCtx,
    private readonly from: number,
    private readonly to: number,
  ) {}

  next(): IteratorResult<Row> {
    const { source, filter, ctx } = this;
    while (this.n < this.to) {
      const step = source.next();
      if (step.done) break;
      if (filter && !isTrue(filter.eval(step.value, ctx))) continue;
      if (this.n++ < this.from) continue;
      this.result.value = this.project(step.value, ctx);
      return this.result;
    }
    return this.return();
  }

  return(): IteratorResult<Row> {
    this.n = this.to;
    this.source.return?.();
    return { done: true, value: undefined };
  }
}

function* filterRows(rows: Iterable<Row>, keep: (r: Row) => boolean): Iterable<Row> {
  for (const r of rows) if (keep(r)) yield r;
}

export function compileTop(top: NonNullable<QuerySpec['top']>, cc: CompileCtx): (ctx: EvalCtx) => number {
  if (top.percent)
    throw new SqlError(40517, 'TOP ... PERCENT is not supported by the SQL Server emulator.', 16);
  const e = compileExpr(top.expr, cc);
  return (ctx) => {
    const n = Number(e.eval([], ctx));
    if (n < 0) throw new SqlError(1060, 'The number of rows in the TOP clause must be an integer.', 16);
    return n;
  };
}

export function assignVariable(session: SessionState, name: string, value: Value, type: SqlType): void {
  const v = session.variable(name);
  v.value = convert(value, type, v.type, 0, session);
}

function expandItem(
  item: SelectItem,
  cc: CompileCtx,
  from: SourcePlan,
  items: SelectListItem[],
  assigns: { variable: string; e: Compiled }[],
): void {
  if (item.kind === 'SelectAssign') {
    // SELECT @v += x assigns @v + x, row by row (the variable is read as each row assigns it).
    assigns.push({
      variable: item.variable,
      e: compileExpr(compoundAssignment(item.variable, item.op, item.expr), cc),
    });
    return;
  }
  if (item.kind === 'SelectStar') {
    const q = item.table?.name.name.toLowerCase();
    let any = false;
    from.bindings.forEach((b, i) => {
      if (q !== undefined && b.qualifier !== q) return;
      any = true;
      if (b.hidden) return;
      if (cc.grouped && !cc.grouped.has(i))
        throw new SqlError(
          8120,
          `Column '${b.qualifier ? b.qualifier + '.' : ''}${b.name}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.`,
          16,
        );
      const mask = b.mask;
      items.push({
        name: b.name,
        e: {
          type: b.type,
          nullable: b.nullable,
          eval: mask ? (row) => maskValue(mask, row[i], b.type) : (row) => row[i],
        },
        identity: b.identity,
        computed: b.computed,
        source: b,
        table: b.qualifier,
      });
    });
    if (!any && q !== undefined) throw invalidObject(item.table!.name.name);
    if (!any) throw new SqlError(263, 'Must specify table to select from.', 16);
    return;
  }
  const e = compileExpr(item.expr, cc);
  let source: Binding | undefined;
  // (A ColumnRef compiled without a name is a property such as `loc.Lat`, not a column.)
  if (item.expr.kind === 'ColumnRef' && !cc.aggregates && e.name !== undefined) {
    const [depth, index] = cc.scope.resolve(item.expr);
    if (depth === 0) source = cc.scope.bindings[index];
  }
  items.push({
    name: item.alias?.name ?? e.name ?? '',
    e: masked(item.expr, e, cc.scope),
    identity: source?.identity,
    ...(source && !item.alias ? { source } : {}),
    ...(source ? { table: source.qualifier } : {}),
  });
}

/**
 * Dynamic data masking of a select-list item: a masked column read directly shows its mask, an
 * expression over a masked column shows the default() mask of its type.
 */
function masked(expr: Expression, e: Compiled, scope: Scope): Compiled {
  if (!hasMaskedBinding(scope)) return e;
  const maskOf = (ref: Extract<Expression, { kind: 'ColumnRef' }>) => {
    try {
      const [depth, index] = scope.resolve(ref);
      let s: Scope = scope;
      for (let d = 0; d < depth; d++) s = s.parent!;
      return s.bindings[index].mask;
    } catch {
      return undefined;
    }
  };
  const direct = expr.kind === 'ColumnRef' ? maskOf(expr) : undefined;
  const mask: MaskFunction | undefined =
    direct ?? (columnRefs(expr).some((r) => maskOf(r) !== undefined) ? { kind: 'default' } : undefined);
  if (!mask) return e;
  return { ...e, eval: (row, ctx) => maskValue(mask, e.eval(row, ctx), e.type) };
}

/** Whether any column in reach of `scope` is masked (most queries read none: nothing to resolve). */
function hasMaskedBinding(scope: Scope): boolean {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.bindings.some((b) => b.mask)) return true;
  return false;
}

/**
 * Whether ORDER BY is a single ascending key of a source whose rows come in that key's order
 * (unique, never NULL): then they need no sort. A select-list name wins over a source column in
 * ORDER BY, so such a name must itself be the key column.
 */
function ordersByKey(
  orderBy: readonly OrderByItem[],
  spec: QuerySpec,
  from: SourcePlan,
  scope: Scope,
): boolean {
  if (from.keyOrder === undefined || orderBy.length !== 1 || orderBy[0].direction === 'DESC') return false;
  const e = orderBy[0].expr;
  if (e.kind !== 'ColumnRef') return false;
  const isKey = (ref: Extract<Expression, { kind: 'ColumnRef' }>) => {
    try {
      const [depth, index] = scope.resolve(ref);
      return depth === 0 && index === from.keyOrder;
    } catch {
      return false;
    }
  };
  if (!e.table) {
    const name = e.column.name.toLowerCase();
    for (const c of spec.columns) {
      if (!('expr' in c) || c.kind === 'SelectAssign') continue;
      const alias = c.alias?.name ?? (c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined);
      if (alias?.toLowerCase() === name) return c.expr.kind === 'ColumnRef' && isKey(c.expr);
    }
  }
  return isKey(e);
}

/** Source columns a query block reads, or undefined when it may read any (SELECT *, subqueries). */
function neededColumns(
  spec: QuerySpec,
  orderBy: readonly OrderByItem[],
  scope: Scope,
): Set<number> | undefined {
  if (spec.columns.some((c) => c.kind === 'SelectStar')) return undefined;
  const exprs: unknown[] = [spec.columns, spec.where, spec.groupBy, spec.having, orderBy.map((o) => o.expr)];
  let nested = false;
  const refs: Extract<Expression, { kind: 'ColumnRef' }>[] = [];
  const walk = (e: unknown): void => {
    if (!e || typeof e !== 'object') return;
    if (Array.isArray(e)) return e.forEach(walk);
    const n = e as { kind?: string };
    if (n.kind === 'Select' || n.kind === 'QuerySpec') {
      nested = true;
      return;
    }
    if (n.kind === 'ColumnRef') refs.push(n as Extract<Expression, { kind: 'ColumnRef' }>);
    for (const [k, v] of Object.entries(n)) if (k !== 'pos' && v && typeof v === 'object') walk(v);
  };
  walk(exprs);
  if (nested) return undefined;
  const out = new Set<number>();
  for (const r of refs) {
    try {
      const [depth, index] = scope.resolve(r);
      if (depth === 0) out.add(index);
    } catch {
      // Select-list aliases in ORDER BY, or errors reported when compiled.
    }
  }
  return out;
}

export function columnRefs(e: Expression): Extract<Expression, { kind: 'ColumnRef' }>[] {
  const out: Extract<Expression, { kind: 'ColumnRef' }>[] = [];
  visitExpr(e, (n) => {
    if (n.kind === 'ColumnRef') out.push(n);
  });
  return out;
}

/** Visits an expression tree without entering subqueries. */
export function visitExpr(e: unknown, f: (n: Expression) => void): void {
  if (!e || typeof e !== 'object') return;
  if (Array.isArray(e)) {
    for (const x of e) visitExpr(x, f);
    return;
  }
  const n = e as { kind?: string };
  if (n.kind === 'Select' || n.kind === 'QuerySpec') return;
  if (typeof n.kind === 'string') f(n as Expression);
  for (const [k, v] of Object.entries(n)) if (k !== 'pos' && v && typeof v === 'object') visitExpr(v, f);
}

function collectAggregates(exprs: (Expression | undefined)[]): FunctionCall[] {
  const out: FunctionCall[] = [];
  for (const e of exprs)
    if (e)
      visitExpr(e, (n) => {
        if (n.kind === 'FunctionCall' && isAggregate(n)) out.push(n);
      });
  return out;
}

// ------------------------------------------------------------------------------------------ FROM

/**
 * Comma-separated sources are cross joins; the WHERE conjuncts that only involve the sources joined
 * so far become their join condition (so `FROM a, b WHERE a.x = b.x` hash-joins instead of
 * building the cross product). The WHERE is still applied in full afterwards.
 */
function compileFrom(from: readonly TableSource[], cc: CompileCtx, where?: Expression): SourcePlan {
  if (from.length === 0) return { bindings: [], rows: () => [[]] };
  let plan = compileSource(from[0], cc);
  const whereConjuncts = where && from.length > 1 ? conjuncts(where) : [];
  const used = new Set<Expression>();
  for (let i = 1; i < from.length; i++) {
    const right = compileSource(from[i], cc);
    const scope = new Scope([...plan.bindings, ...right.bindings]);
    const eligible = whereConjuncts.filter((c) => {
      if (used.has(c)) return false;
      let nested = false;
      visitExpr(c, (n) => {
        if (n.kind === 'Subquery' || n.kind === 'Exists' || n.kind === 'InSubquery') nested = true;
      });
      if (nested) return false;
      const refs = columnRefs(c);
      if (!refs.length) return false;
      try {
        const sides = new Set(refs.map((r) => (scope.resolve(r)[1] < plan.bindings.length ? 'L' : 'R')));
        return sides.size === 2;
      } catch {
        return false;
      }
    });
    for (const c of eligible) used.add(c);
    const on = eligible.reduce<Expression | undefined>(
      (acc, c) =>
        acc ? ({ kind: 'BinaryOp', op: 'AND', left: acc, right: c, pos: c.pos } as Expression) : c,
      undefined,
    );
    plan = joinPlans(plan, right, on ? 'INNER' : 'CROSS', on, cc);
  }
  return plan;
}

function compileSource(src: TableSource, cc: CompileCtx): SourcePlan {
  if (src.kind === 'Join' && (src.joinType === 'CROSS APPLY' || src.joinType === 'OUTER APPLY'))
    return applyPlan(src, cc, compileSource);
  if (src.kind === 'Join') {
    const left = compileSource(src.left, cc);
    const right = compileSource(src.right, cc);
    return joinPlans(left, right, src.joinType, src.on, cc);
  }
  if (src.kind === 'DerivedTable') {
    const plan = compileQuery(
      src.query,
      cc.session,
      cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined,
      cc.ctes,
    );
    const q = src.alias?.name.toLowerCase();
    return {
      bindings: plan.columns.map((c, i) => ({
        qualifier: q,
        name: src.columns?.[i]?.name ?? c.name,
        type: c.type,
        nullable: c.nullable,
      })),
      rows: plan.rows,
    };
  }
  if (src.kind === 'ValuesTable') {
    const rows = src.rows.map((r) => r.map((e) => compileExpr(e, cc)));
    const types = rows[0].map((_, i) => rows.map((r) => r[i].type).reduce((a, b) => commonType(a, b)));
    const conv = rows.map((r) => r.map((e, i) => coerce(e, types[i], cc)));
    const q = src.alias?.name.toLowerCase();
    return {
      bindings: types.map((t, i) => ({
        qualifier: q,
        name: src.columns?.[i]?.name ?? '',
        type: t,
        nullable: true,
      })),
      rows: (ctx) => conv.map((r) => r.map((e) => e.eval([], ctx))),
    };
  }
  if (src.kind === 'PivotTable') return pivotPlan(src, compileSource(src.source, cc), cc);
  if (src.kind === 'UnpivotTable') return unpivotPlan(src, compileSource(src.source, cc));
  if (src.kind === 'TableRef') return resolveTableSource(src, cc);
  if (src.kind === 'TableVariableRef') return tableVariableSource(src, cc);
  if (src.kind === 'TableFunctionRef') {
    if (src.bulk) return openRowsetBulkSource(src, cc);
    const user = userTableFunctionSource(src, cc);
    if (user) return user;
    if (!src.call.name.schema && src.call.name.name.name.toLowerCase() === 'openjson')
      return openJsonSource(src, cc);
    if (!src.call.name.schema && src.call.name.name.name.toLowerCase() === 'string_split')
      return stringSplitSource(src, cc);
    const nodes = xmlNodesSource(src, cc);
    if (nodes) return nodes;
    const fulltext = fulltextTableSource(src, cc);
    if (fulltext) return fulltext;
  }
  if (
    src.kind === 'TableFunctionRef' &&
    !src.call.name.schema &&
    src.call.name.name.name.toLowerCase() === 'generate_series'
  )
    return generateSeries(src, cc);
  const what = `The table-valued function ${[src.call.name.schema?.name, src.call.name.name.name].filter(Boolean).join('.')}()`;
  throw new SqlError(40517, `${what} in FROM is not supported by the SQL Server emulator.`, 16);
}

/** GENERATE_SERIES(start, stop [, step]): one `value` column, streamed. */
function generateSeries(src: Extract<TableSource, { kind: 'TableFunctionRef' }>, cc: CompileCtx): SourcePlan {
  const args = src.call.args.map((a) => compileExpr(a, cc));
  if (args.length < 2 || args.length > 3)
    throw new SqlError(174, 'The generate_series function requires 2 to 3 arguments.', 15);
  const type = args.map((a) => a.type).reduce((a, b) => commonType(a, b));
  if (!['tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric'].includes(type.name))
    throw new SqlError(
      40517,
      `GENERATE_SERIES over ${type.name} is not supported by the SQL Server emulator.`,
      16,
    );
  const q = src.alias?.name.toLowerCase() ?? 'generate_series';
  return {
    bindings: [{ qualifier: q, name: src.columns?.[0]?.name ?? 'value', type, nullable: false }],
    rows: function* (ctx) {
      const [start, stop, step] = args.map((a) => a.eval([], ctx));
      if (start === null || stop === null || step === null) return;
      const big = (v: Value) =>
        BigInt(
          convert(
            v,
            { name: 'numeric', precision: 38, scale: 0 },
            { name: 'bigint' },
            0,
            ctx.session,
          ) as bigint,
        );
      const a = big(start);
      const b = big(stop);
      const d = step === undefined ? (a <= b ? 1n : -1n) : big(step);
      if (d === 0n)
        throw new SqlError(
          4199,
          'Argument value 0 is invalid for argument 3 of generate_series function.',
          16,
        );
      const asType = (n: bigint): Value =>
        type.name === 'bigint'
          ? n
          : type.name === 'decimal' || type.name === 'numeric'
            ? n.toString()
            : Number(n);
      if (d > 0n) for (let n = a; n <= b; n += d) yield [asType(n)];
      else for (let n = a; n >= b; n += d) yield [asType(n)];
    },
  };
}

function joinPlans(
  left: SourcePlan,
  right: SourcePlan,
  type: string,
  on: Expression | undefined,
  cc: CompileCtx,
): SourcePlan {
  const bindings = [...left.bindings, ...right.bindings];
  const rightNull = type === 'LEFT' || type === 'FULL';
  const leftNull = type === 'RIGHT' || type === 'FULL';
  const lw = left.bindings.length;
  const rw = right.bindings.length;
  const out = bindings.map((b, i) => ({ ...b, nullable: b.nullable || (i < lw ? leftNull : rightNull) }));
  const scope = new Scope(out, cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const cond = on ? compileExpr(on, { ...cc, scope, aggregates: undefined, grouped: undefined }) : undefined;
  const hash = on ? hashKeys(on, lw, scope, cc) : undefined;
  const nullsL: Row = new Array(lw).fill(null);
  const nullsR: Row = new Array(rw).fill(null);
  const rows = function* (ctx: EvalCtx): Iterable<Row> {
    const rightRows = [...right.rows(ctx)];
    const matchedRight = leftNull ? new Uint8Array(rightRows.length) : undefined;
    let index: Map<string, number[]> | undefined;
    if (hash) {
      index = new Map();
      // The right keys read the right part of a joined row: one scratch row serves every right row.
      const scratch: Row = [...nullsL, ...nullsR];
      rightRows.forEach((r, i) => {
        for (let j = 0; j < rw; j++) scratch[lw + j] = r[j];
        const k = hash.key(hash.right, scratch, ctx);
        if (k === undefined) return;
        const list = index!.get(k);
        if (list) list.push(i);
        else index!.set(k, [i]);
      });
    }
    for (const l of left.rows(ctx)) {
      let matched = false;
      // The left keys read only the left columns, which come first in a joined row.
      const candidates = index ? (index.get(hash!.key(hash!.left, l, ctx) ?? '\u0000') ?? []) : undefined;
      const list = candidates === undefined ? rightRows.keys() : (candidates as number[]);
      for (const i of list) {
        const combined = [...l, ...rightRows[i]];
        if (cond && !isTrue(cond.eval(combined, ctx))) continue;
        matched = true;
        if (matchedRight) matchedRight[i] = 1;
        yield combined;
      }
      if (!matched && rightNull) yield [...l, ...nullsR];
    }
    if (matchedRight)
      for (let i = 0; i < rightRows.length; i++) if (!matchedRight[i]) yield [...nullsL, ...rightRows[i]];
  };
  return { bindings: out, rows };
}

/** For ON clauses with `left.x = right.y` conjuncts: key extractors for a hash join. */
function hashKeys(on: Expression, lw: number, scope: Scope, cc: CompileCtx) {
  const pairs: [Compiled, Compiled][] = [];
  const side = (e: Expression): 'L' | 'R' | undefined => {
    const refs = columnRefs(e);
    if (!refs.length) return undefined;
    let s: 'L' | 'R' | undefined;
    for (const r of refs) {
      let d: number, i: number;
      try {
        [d, i] = scope.resolve(r);
      } catch {
        return undefined;
      }
      if (d !== 0) return undefined;
      const here = i < lw ? 'L' : 'R';
      if (s && s !== here) return undefined;
      s = here;
    }
    return s;
  };
  const ecc = { ...cc, scope, aggregates: undefined, grouped: undefined };
  for (const c of conjuncts(on)) {
    if (c.kind !== 'BinaryOp' || c.op !== '=') continue;
    const a = side(c.left);
    const b = side(c.right);
    if (!a || !b || a === b) continue;
    const l = compileExpr(a === 'L' ? c.left : c.right, ecc);
    const r = compileExpr(a === 'L' ? c.right : c.left, ecc);
    pairs.push([l, r]);
  }
  if (!pairs.length) return undefined;
  const types = pairs.map(([l, r]) => commonType(l.type, r.type));
  const key = (exprs: Compiled[], row: Row, ctx: EvalCtx): string | undefined => {
    const parts: string[] = [];
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i].eval(row, ctx);
      if (v === null) return undefined;
      const t = types[i];
      const cv =
        isCharType(t) && isCharType(exprs[i].type) ? v : convert(v, exprs[i].type, t, 0, ctx.session);
      parts.push(valueKey(cv, t));
    }
    return parts.join('\u0001');
  };
  return { left: pairs.map((p) => p[0]), right: pairs.map((p) => p[1]), key };
}
