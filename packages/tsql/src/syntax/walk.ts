// Generic traversal of the SQL IR: visits every node (any object with a `kind`) depth-first,
// in source order of its properties, so passes and analyses need no per-kind boilerplate.

import type { SqlNode } from './index.js';

/** Return false from the visitor to skip a node's children. */
export type Visitor = (node: SqlNode, parent: SqlNode | undefined) => boolean | void;

/** Visits `root` and every node below it, parents before children. */
export function walk(root: SqlNode | readonly SqlNode[], visit: Visitor): void {
  const visitValue = (value: unknown, parent: SqlNode | undefined): void => {
    if (Array.isArray(value)) {
      for (const item of value) visitValue(item, parent);
    } else if (value !== null && typeof value === 'object') {
      if (isNode(value)) {
        if (visit(value, parent) === false) return;
        for (const key in value)
          if (key !== 'pos') visitValue((value as unknown as Record<string, unknown>)[key], value);
      } else {
        for (const key in value) visitValue((value as Record<string, unknown>)[key], parent);
      }
    }
  };
  visitValue(root, undefined);
}

/** All nodes of one kind below `root` (including root), in visiting order. */
export function findAll<K extends SqlNode['kind']>(
  root: SqlNode | readonly SqlNode[],
  kind: K,
): Extract<SqlNode, { kind: K }>[] {
  const found: Extract<SqlNode, { kind: K }>[] = [];
  walk(root, (node) => {
    if (node.kind === kind) found.push(node as Extract<SqlNode, { kind: K }>);
  });
  return found;
}

export function isNode(value: unknown): value is SqlNode {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { pos?: unknown }).pos === 'object'
  );
}
