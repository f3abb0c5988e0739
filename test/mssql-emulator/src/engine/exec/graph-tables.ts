// SQL graph tables: CREATE TABLE ... AS NODE / AS EDGE get SQL Server's graph columns (a hidden
// graph_id and the $node_id / $edge_id, $from_id, $to_id columns, named with a hex suffix and
// holding JSON ids), the pseudo-column names resolve to them, and MATCH (a-(e)->b) is the join
// of each edge's $from_id/$to_id with its nodes' $node_id.

import { randomUUID } from 'node:crypto';
import type {
  ColumnRef,
  Expression,
  GraphMatch,
  Identifier,
  QueryExpression,
  Select,
  TableRef,
} from '@ferry/tsql';
import type { Database } from '../storage/database.js';
import type { Column, GraphColumn, Table } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import { SqlError } from '../errors.js';

const GRAPH_JSON_TYPE = { name: 'nvarchar', length: 1000 };
/** The hidden internal columns' types: graph ids bigint, node tables' object ids int. */
const INTERNAL_TYPES: Partial<Record<GraphColumn, { type: { name: string }; userTypeId: number }>> = {
  graph_id: { type: { name: 'bigint' }, userTypeId: 127 },
  from_id: { type: { name: 'bigint' }, userTypeId: 127 },
  to_id: { type: { name: 'bigint' }, userTypeId: 127 },
  from_obj_id: { type: { name: 'int' }, userTypeId: 56 },
  to_obj_id: { type: { name: 'int' }, userTypeId: 56 },
};

/** The pseudo-columns queries name: `$node_id` reads the column `$node_id_<hex>`. */
const PSEUDO_COLUMNS: ReadonlySet<string> = new Set(['$node_id', '$edge_id', '$from_id', '$to_id']);

/** Whether a column name is a graph pseudo-column (`$node_id`...), matched by `$node_id_<hex>`. */
export function matchesPseudoColumn(pseudo: string, columnName: string): boolean {
  return PSEUDO_COLUMNS.has(pseudo) && columnName.toLowerCase().startsWith(`${pseudo}_`);
}

export const isPseudoColumn = (name: string) => PSEUDO_COLUMNS.has(name.toLowerCase());

/** A table's column by name, a graph pseudo-column (`$from_id`) naming its graph column. */
export function findColumn(table: Table, name: string): Column | undefined {
  const n = name.toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === n || matchesPseudoColumn(n, c.name));
}

/**
 * The graph columns a node or edge table starts with, as SQL Server adds them (column ids 1..n):
 * an edge's hidden from_obj_id/from_id and to_obj_id/to_id hold the object id and graph_id of the
 * node its $from_id/$to_id names.
 */
export function graphColumns(kind: 'NODE' | 'EDGE'): Column[] {
  const suffix = randomUUID().replace(/-/g, '').toUpperCase();
  const graph: GraphColumn[] =
    kind === 'NODE'
      ? ['graph_id', '$node_id']
      : ['graph_id', '$edge_id', 'from_obj_id', 'from_id', '$from_id', 'to_obj_id', 'to_id', '$to_id'];
  return graph.map((g, i) => {
    const internal = INTERNAL_TYPES[g];
    return {
      columnId: i + 1,
      name: `${g}_${suffix}`,
      type: internal?.type ?? GRAPH_JSON_TYPE,
      userTypeId: internal?.userTypeId ?? 231,
      nullable: !['$from_id', '$to_id', 'from_obj_id', 'from_id', 'to_obj_id', 'to_id'].includes(g),
      defaultObjectId: 0,
      isRowGuidCol: false,
      isSparse: false,
      graph: g,
      ...(internal ? { hidden: true } : {}),
    };
  });
}

/** The node a `$node_id` value names (its table and graph id), undefined when it names none. */
function nodeOf(db: Database, value: Value): { table: Table; id: number } | undefined {
  if (value === null) return undefined;
  try {
    const id = JSON.parse(String(value)) as { schema?: string; table?: string; id?: number };
    const schema = db.schema(id.schema ?? '');
    const table = schema ? db.findObject(schema.schemaId, id.table ?? '') : undefined;
    return table?.type === 'U' && typeof id.id === 'number'
      ? { table: table as Table, id: id.id }
      : undefined;
  } catch {
    return undefined;
  }
}

/** An edge row's hidden from_obj_id/from_id and to_obj_id/to_id, from its $from_id and $to_id. */
export function fillEdgeEnds(db: Database, table: Table, row: Value[]): void {
  if (table.graph?.kind !== 'EDGE') return;
  const at = (g: GraphColumn) => table.columns.findIndex((c) => c.graph === g);
  for (const end of ['from', 'to'] as const) {
    const node = nodeOf(db, row[at(`$${end}_id`)]);
    row[at(`${end}_obj_id`)] = node ? node.table.objectId : null;
    row[at(`${end}_id`)] = node ? BigInt(node.id) : null;
  }
}

/** The unique index SQL Server adds on a node or edge table's graph_id: `GRAPH_UNIQUE_INDEX_<hex>`, nonclustered. */
export function addGraphUniqueIndex(table: Table): void {
  const graphId = table.columns.find((c) => c.graph === 'graph_id')!;
  table.indexes.push({
    indexId: Math.max(1, ...table.indexes.map((i) => i.indexId)) + 1,
    name: `GRAPH_UNIQUE_INDEX_${graphId.name.slice(graphId.name.lastIndexOf('_') + 1)}`,
    type: 2,
    isUnique: true,
    isPrimaryKey: false,
    isUniqueConstraint: false,
    columns: [{ columnId: graphId.columnId, descending: false, included: false }],
    isDisabled: false,
  });
}

/** A node or edge id as SQL Server shows it: `{"type":"node","schema":"dbo","table":"Person","id":0}`. */
function graphId(db: Database, table: Table, kind: 'node' | 'edge', id: bigint): string {
  const schema = db.schemaById(table.schemaId)!.name;
  return JSON.stringify({ type: kind, schema, table: table.name, id: Number(id) });
}

/** Fills a new row's graph_id and $node_id / $edge_id (and an edge's internal node columns). */
export function fillGraphIds(db: Database, table: Table, row: Value[]): void {
  if (!table.graph) return;
  fillEdgeEnds(db, table, row);
  const id = table.graph.nextId++;
  table.columns.forEach((c, i) => {
    if (c.graph === 'graph_id') row[i] = id;
    else if (c.graph === '$node_id') row[i] = graphId(db, table, 'node', id);
    else if (c.graph === '$edge_id') row[i] = graphId(db, table, 'edge', id);
  });
}

/** graph_id, $node_id and $edge_id are the server's: an INSERT or UPDATE naming them is refused (13902). */
export function refuseGraphIdColumn(col: Column): void {
  if (col.graph && col.graph !== '$from_id' && col.graph !== '$to_id')
    throw new SqlError(
      13902,
      `Cannot insert into or update the graph column '${col.name}' of a node or edge table.`,
      16,
    );
}

const column = (qualifier: Identifier, name: string, pos: GraphMatch['pos']): ColumnRef => ({
  kind: 'ColumnRef',
  table: { kind: 'ObjectName', name: qualifier, pos },
  column: { kind: 'Identifier', name, quote: 'none', text: name, pos },
  pos,
});

/**
 * MATCH as the condition it stands for: for `a-(e)->b`, e.$from_id = a.$node_id AND e.$to_id =
 * b.$node_id; `a<-(e)-b` is `b-(e)->a`. Every path of the pattern must hold.
 */
export function matchCondition(match: GraphMatch): Expression {
  const pos = match.pos;
  if (match.shortestPaths || match.paths.some((p) => p.startIsLastNode))
    throw new SqlError(
      40517,
      "SHORTEST_PATH or LAST_NODE() outside a MATCH that is a condition of the query's WHERE is not supported by the SQL Server emulator.",
      16,
    );
  const equal = (edge: Identifier, end: '$from_id' | '$to_id', node: Identifier): Expression => ({
    kind: 'BinaryOp',
    op: '=',
    left: column(edge, end, pos),
    right: column(node, '$node_id', pos),
    pos,
  });
  const parts: Expression[] = [];
  for (const path of match.paths) {
    let from = path.start;
    for (const step of path.steps) {
      const [source, target] = step.direction === 'out' ? [from, step.node] : [step.node, from];
      parts.push(equal(step.edge, '$from_id', source), equal(step.edge, '$to_id', target));
      from = step.node;
    }
  }
  return parts.reduce((left, right) => ({ kind: 'BinaryOp', op: 'AND', left, right, pos }));
}

/**
 * A view whose every branch (UNION ALL) reads one node table (or one edge table) without selecting
 * its graph ids still has them for MATCH, as on SQL Server: the query with `$node_id` (or `$edge_id`,
 * `$from_id`, `$to_id`) of each branch's table added as `$node_id_view`... columns, or undefined when
 * the view is not such a view or already selects them.
 */
export function graphViewQuery(
  view: Select,
  columns: readonly { name: string }[],
  tableOf: (ref: TableRef) => Table | undefined,
): Select | undefined {
  let kind: 'NODE' | 'EDGE' | undefined;
  const ok = (q: QueryExpression): boolean => {
    if (q.kind === 'SetOperation') return q.op === 'UNION ALL' && ok(q.left) && ok(q.right);
    if (q.kind !== 'QuerySpec') return false;
    const [from] = q.from;
    if (q.from.length !== 1 || from.kind !== 'TableRef' || q.distinct || q.groupBy.length || q.having)
      return false;
    const graph = tableOf(from)?.graph?.kind;
    if (!graph || (kind && kind !== graph)) return false;
    kind = graph;
    return true;
  };
  if (!ok(view.query) || !kind) return undefined;
  const pseudo = kind === 'NODE' ? ['$node_id'] : ['$edge_id', '$from_id', '$to_id'];
  if (columns.some((c) => pseudo.some((p) => matchesPseudoColumn(p, c.name)))) return undefined;
  const add = (q: QueryExpression): QueryExpression => {
    if (q.kind === 'SetOperation') return { ...q, left: add(q.left), right: add(q.right) };
    if (q.kind !== 'QuerySpec') return q;
    const from = q.from[0] as TableRef;
    const qualifier = from.alias ?? from.name.name;
    const extra = pseudo.map((p) => ({
      kind: 'SelectColumn' as const,
      expr: column(qualifier, p, q.pos),
      alias: {
        kind: 'Identifier' as const,
        name: `${p}_view`,
        quote: 'none' as const,
        text: `${p}_view`,
        pos: q.pos,
      },
      pos: q.pos,
    }));
    return { ...q, columns: [...q.columns, ...extra] };
  };
  return { ...view, query: add(view.query) };
}
