// SQL graph SHORTEST_PATH: `FROM a, t FOR PATH n, e FOR PATH x WHERE MATCH(SHORTEST_PATH(a(-(x)->n)+))`
// gives, for each row of the other sources, one row per node the anchor reaches over the edge
// table (breadth first, so each by a shortest walk, within {min,max} hops), and the aggregates
// `f(...) WITHIN GROUP (GRAPH PATH)` (COUNT, SUM, AVG, MIN, MAX, STRING_AGG, LAST_VALUE) are
// computed over that walk's edges and nodes, in walk order.

import type {
  ColumnRef,
  Expression,
  FunctionCall,
  GraphMatch,
  Identifier,
  OrderByItem,
  QuerySpec,
  TableRef,
  TableSource,
} from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Value } from '../types/convert.js';
import { makeAggregate } from './aggregates.js';
import { aggregateType, compileExpr, conjuncts, isTrue } from './expressions.js';
import type { SourcePlan } from './query.js';
import { Scope, type CompileCtx, type Compiled, type EvalCtx, type Row } from './scope.js';
import { resolveTableSource } from './table-source.js';

const notSupported = (what: string) =>
  new SqlError(40517, `${what} is not supported by the SQL Server emulator.`, 16);

/** The query with the shortest path taken out of it: its FROM as one source, the aggregates as its columns. */
export interface ShortestPathQuery {
  spec: QuerySpec;
  orderBy: readonly OrderByItem[];
  from: SourcePlan;
}

type CompileFrom = (from: readonly TableSource[], cc: CompileCtx) => SourcePlan;

/** Undefined when the query's WHERE has no SHORTEST_PATH. */
export function shortestPathQuery(
  spec: QuerySpec,
  orderBy: readonly OrderByItem[],
  cc: CompileCtx,
  compileFrom: CompileFrom,
): ShortestPathQuery | undefined {
  const parts = spec.where ? conjuncts(spec.where) : [];
  const match = parts.find((p): p is GraphMatch => p.kind === 'GraphMatch' && !!p.shortestPaths);
  if (!match) return undefined;
  if (match.shortestPaths!.length > 1) throw notSupported('More than one SHORTEST_PATH in a MATCH');
  if (match.paths.some((p) => p.startIsLastNode)) throw notSupported('LAST_NODE() in a MATCH pattern');
  const path = match.shortestPaths![0];
  if (path.anchorAtEnd) throw notSupported('SHORTEST_PATH with the anchor node at the end of the pattern');
  const forPath = spec.from.filter((s): s is TableRef => s.kind === 'TableRef' && !!s.forPath);
  const named = (id: Identifier) => {
    const ref = forPath.find((r) => (r.alias ?? r.name.name).name.toLowerCase() === id.name.toLowerCase());
    if (!ref)
      throw notSupported(`SHORTEST_PATH over '${id.name}', which is not a FOR PATH table of the query,`);
    return ref;
  };
  const edgeRef = named(path.edge);
  const nodeRef = named(path.node);
  const left = compileFrom(
    spec.from.filter((s) => !forPath.includes(s as TableRef)),
    cc,
  );
  const outer = cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined;
  const leftCc: CompileCtx = { ...cc, scope: new Scope(left.bindings, outer) };
  // The rest of WHERE names only the other sources: it filters the anchors before the walk.
  const rest = parts.filter((p) => p !== match);
  if (match.paths.length) rest.push({ ...match, shortestPaths: undefined });
  const filter = rest.map((p) => compileExpr(p, leftCc));
  const anchorId = compileExpr(pseudo(path.anchor, '$node_id', match), leftCc);

  const edge = resolveTableSource(edgeRef, cc);
  const node = resolveTableSource(nodeRef, cc);
  const edgeScope: CompileCtx = { ...cc, scope: new Scope(edge.bindings) };
  const nodeScope: CompileCtx = { ...cc, scope: new Scope(node.bindings) };
  const [fromEnd, toEnd] = path.direction === 'out' ? ['$from_id', '$to_id'] : ['$to_id', '$from_id'];
  const edgeFrom = compileExpr(pseudo(path.edge, fromEnd, match), edgeScope);
  const edgeTo = compileExpr(pseudo(path.edge, toEnd, match), edgeScope);
  const nodeId = compileExpr(pseudo(path.node, '$node_id', match), nodeScope);

  const stepCc: CompileCtx = { ...cc, scope: new Scope([...edge.bindings, ...node.bindings]) };
  const calls = graphPathCalls([...spec.columns, ...orderBy]);
  const aggregates = calls.map((c) => pathAggregate(c, stepCc));
  const names = calls.map((_, i) => `$graph_path_${i}`);
  const replaced = new Map<object, Expression>(
    calls.map((c, i) => [c, { kind: 'ColumnRef', column: identifier(names[i], c), pos: c.pos }]),
  );
  const columns = spec.columns.map((item) =>
    'expr' in item && replaced.has(item.expr) && !('alias' in item && item.alias)
      ? { ...item, alias: identifier('', item.expr) }
      : item,
  );
  const rewritten = replaceNodes({ ...spec, columns, from: [], where: undefined }, replaced);
  return {
    spec: rewritten,
    orderBy: replaceNodes(orderBy, replaced),
    from: {
      bindings: [
        ...left.bindings,
        ...aggregates.map((a, i) => ({ name: names[i], type: a.type, nullable: true })),
      ],
      rows: function* (ctx) {
        const walk = walker(edge, node, edgeFrom, edgeTo, nodeId, ctx);
        for (const row of left.rows(ctx)) {
          if (!filter.every((f) => isTrue(f.eval(row, ctx)))) continue;
          const start = anchorId.eval(row, ctx);
          if (start === null) continue;
          for (const steps of walk(String(start), path.min, path.max ?? Infinity))
            yield [...row, ...aggregates.map((a) => a.over(steps, ctx))];
        }
      },
    },
  };
}

const identifier = (name: string, at: { pos: Identifier['pos'] }): Identifier => ({
  kind: 'Identifier',
  name,
  quote: 'none',
  text: name,
  pos: at.pos,
});

const pseudo = (qualifier: Identifier, name: string, at: GraphMatch): ColumnRef => ({
  kind: 'ColumnRef',
  table: { kind: 'ObjectName', name: qualifier, pos: at.pos },
  column: identifier(name, at),
  pos: at.pos,
});

/**
 * The breadth-first walk from a node: for every node of the FOR PATH node table it reaches in
 * [min, max] hops, the steps (edge row + node row) of the first shortest walk found.
 */
function walker(
  edge: SourcePlan,
  node: SourcePlan,
  edgeFrom: Compiled,
  edgeTo: Compiled,
  nodeId: Compiled,
  ctx: EvalCtx,
): (start: string, min: number, max: number) => Generator<Row[]> {
  const out = new Map<string, Row[]>();
  for (const e of edge.rows(ctx)) {
    const from = edgeFrom.eval(e, ctx);
    if (from === null) continue;
    const list = out.get(String(from));
    if (list) list.push(e);
    else out.set(String(from), [e]);
  }
  const nodes = new Map<string, Row>();
  for (const n of node.rows(ctx)) {
    const id = nodeId.eval(n, ctx);
    if (id !== null) nodes.set(String(id), n);
  }
  return function* (start, min, max) {
    const seen = new Set([start]);
    let frontier: { id: string; steps: Row[] }[] = [{ id: start, steps: [] }];
    for (let hops = 1; hops <= max && frontier.length; hops++) {
      const next: typeof frontier = [];
      for (const { id, steps } of frontier)
        for (const e of out.get(id) ?? []) {
          const to = edgeTo.eval(e, ctx);
          const target = to === null ? undefined : nodes.get(String(to));
          if (!target || seen.has(String(to))) continue;
          seen.add(String(to));
          const walked = [...steps, [...e, ...target]];
          next.push({ id: String(to), steps: walked });
          if (hops >= min) yield walked;
        }
      frontier = next;
    }
  };
}

interface PathAggregate {
  type: Compiled['type'];
  over(steps: Row[], ctx: EvalCtx): Value;
}

const PATH_AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'string_agg']);

/** `f(x) WITHIN GROUP (GRAPH PATH)` over a walk's steps. */
function pathAggregate(call: FunctionCall, cc: CompileCtx): PathAggregate {
  const fn = call.name.name.name.toLowerCase();
  if (fn === 'last_value') {
    const arg = compileExpr(call.args[0], cc);
    return { type: arg.type, over: (steps, ctx) => arg.eval(steps[steps.length - 1], ctx) };
  }
  if (!PATH_AGGREGATES.has(fn)) throw notSupported(`${call.name.name.name}() WITHIN GROUP (GRAPH PATH)`);
  const plain: FunctionCall = { ...call, graphPath: undefined };
  const aggregate = makeAggregate(plain, cc);
  const type = aggregateType(plain, cc);
  return {
    type,
    over: (steps, ctx) => {
      const state = aggregate.init();
      for (const s of steps) aggregate.step(state, s, ctx);
      return aggregate.result(state);
    },
  };
}

/** The `WITHIN GROUP (GRAPH PATH)` calls in select items and ORDER BY. */
function graphPathCalls(nodes: readonly unknown[]): FunctionCall[] {
  const found: FunctionCall[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      if ((n as FunctionCall).kind === 'FunctionCall' && (n as FunctionCall).graphPath)
        found.push(n as FunctionCall);
      else Object.values(n).forEach(visit);
    }
  };
  visit(nodes);
  return found;
}

/** A copy of a syntax tree with the given nodes replaced. */
function replaceNodes<T>(tree: T, replaced: Map<object, Expression>): T {
  const copy = (n: unknown): unknown => {
    if (n && typeof n === 'object' && replaced.has(n)) return replaced.get(n);
    if (Array.isArray(n)) return n.map(copy);
    if (n && typeof n === 'object')
      return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, copy(v)]));
    return n;
  };
  return copy(tree) as T;
}
