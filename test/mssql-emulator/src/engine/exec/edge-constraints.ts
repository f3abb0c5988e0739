// SQL graph edge constraints, `CONNECTION (A TO B [, ...]) [ON DELETE NO ACTION | CASCADE]` on an
// edge table: an edge must join a node pair some clause admits, and both nodes must exist (547);
// deleting a node that constrained edges still reach is refused (547), or with CASCADE deletes them.
// (SQL Server follows a refused definition with 1750; the first error is the one reported here.)

import type { EdgeConstraint, ObjectName } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { EdgeConstraintObject, GraphColumn, Table } from '../storage/objects.js';
import type { Value } from '../types/convert.js';
import type { SessionState } from './session-state.js';

type Row = Value[];

/** Adds an edge constraint to an edge table (13930 on another table, 13931 for a missing, 13933 for a non-node table). */
export function addEdgeConstraint(
  db: Database,
  table: Table,
  k: EdgeConstraint,
  name: string | undefined,
  findTable: (n: ObjectName) => Table | undefined,
): void {
  if (table.graph?.kind !== 'EDGE')
    throw new SqlError(
      13930,
      `Edge constraint cannot be created on table '${table.name}'. It is not an edge table.`,
      16,
    );
  const obj = db.newObject('', table.schemaId, 'EC', table.objectId);
  const constraintName = name ?? `EC__${table.name.slice(0, 8)}__${obj.objectId.toString(16).toUpperCase()}`;
  const node = (n: ObjectName) => {
    const t = findTable(n);
    if (!t)
      throw new SqlError(
        13931,
        `Edge constraint '${constraintName}' references invalid table '${n.name.name}'. Table could not be found.`,
        16,
      );
    if (t.graph?.kind !== 'NODE')
      throw new SqlError(13933, 'Edge constraint can only reference node tables.', 16);
    return t.objectId;
  };
  const ec: EdgeConstraintObject = {
    ...obj,
    name: constraintName,
    type: 'EC',
    clauses: k.clauses.map((c) => ({ fromId: node(c.from), toId: node(c.to) })),
    onDeleteCascade: k.onDeleteCascade,
    isDisabled: false,
    isSystemNamed: !name,
  };
  db.add(ec);
}

const constraintsOf = (db: Database, edge: Table) =>
  db.childrenOf(edge.objectId).filter((o): o is EdgeConstraintObject => o.type === 'EC' && !o.isDisabled);

/** Whether the node table has a row of that graph id. */
function nodeExists(node: { table: Table; id: number }): boolean {
  const i = node.table.columns.findIndex((c) => c.graph === 'graph_id');
  return node.table.rows.some((r) => Number(r[i]) === node.id);
}

/** The node an edge row's end names, read from its hidden columns (fillEdgeEnds filled them from $from_id / $to_id). */
function endNode(
  db: Database,
  edge: Table,
  row: Row,
  end: 'from' | 'to',
): { table: Table; id: number } | undefined {
  const value = (g: GraphColumn) => row[edge.columns.findIndex((c) => c.graph === g)];
  const table = value(`${end}_obj_id`);
  const id = value(`${end}_id`);
  const node = table === null || id === null ? undefined : db.table(Number(table));
  return node && { table: node, id: Number(id) };
}

/** An edge row written by INSERT or UPDATE: every enabled constraint must admit its node pair (547). */
export function checkEdgeRow(db: Database, edge: Table, row: Row, verb: string): void {
  const constraints = constraintsOf(db, edge);
  if (!constraints.length) return;
  const from = endNode(db, edge, row, 'from');
  const to = endNode(db, edge, row, 'to');
  for (const ec of constraints) {
    const admitted =
      from &&
      to &&
      ec.clauses.some((c) => c.fromId === from.table.objectId && c.toId === to.table.objectId) &&
      nodeExists(from) &&
      nodeExists(to);
    if (!admitted)
      throw new SqlError(
        547,
        `The ${verb} statement conflicted with the EDGE constraint "${ec.name}". The conflict occurred in database "${db.name}", table "${db.schemaById(edge.schemaId)!.name}.${edge.name}".`,
        16,
        0,
      );
  }
}

/**
 * Nodes about to be deleted: the edges constrained edges that reach them are deleted with CASCADE
 * (through `deleteEdges`), else the DELETE is refused (547).
 */
export function deleteNodeEdges(
  db: Database,
  node: Table,
  deleted: Row[],
  session: SessionState,
  deleteEdges: (edge: Table, rows: Row[], session: SessionState) => void,
): void {
  if (node.graph?.kind !== 'NODE' || !deleted.length) return;
  const idAt = node.columns.findIndex((c) => c.graph === '$node_id');
  const ids = new Set(deleted.map((r) => String(r[idAt])));
  for (const ec of [...db.objects.values()].filter((o): o is EdgeConstraintObject => o.type === 'EC')) {
    if (ec.isDisabled || !ec.clauses.some((c) => c.fromId === node.objectId || c.toId === node.objectId))
      continue;
    const edge = db.table(ec.parentId)!;
    const at = (g: string) => edge.columns.findIndex((c) => c.graph === g);
    const reaching = edge.rows.filter(
      (r) => ids.has(String(r[at('$from_id')])) || ids.has(String(r[at('$to_id')])),
    );
    if (!reaching.length) continue;
    if (!ec.onDeleteCascade)
      throw new SqlError(
        547,
        `The DELETE statement conflicted with the EDGE REFERENCE constraint "${ec.name}". The conflict occurred in database "${db.name}", table "${db.schemaById(edge.schemaId)!.name}.${edge.name}".`,
        16,
        0,
      );
    deleteEdges(edge, reaching, session);
  }
}
