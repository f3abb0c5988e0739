// PostgreSQL puts indexes (and so PK/unique constraints) in the schema's relation namespace, where
// SQL Server scopes index names per table: colliding names get a deterministic table prefix.

import { createHash } from 'node:crypto';
import type { ActionItem, SchemaModel, Table } from '@ferry/core';
import { maxIdentifierBytes } from './identifiers.js';
import { targetLabel, type PlanContext } from './plan-context.js';

export interface RelationNames {
  /** Final name of a table's PK, unique constraint or index. */
  of(table: Table, name: string): string;
  actionItems: ActionItem[];
}

function fit(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= maxIdentifierBytes) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8);
  let head = name;
  while (Buffer.byteLength(head, 'utf8') > maxIdentifierBytes - 9) head = head.slice(0, -1);
  return `${head}_${hash}`;
}

export function resolveRelationNames(ctx: PlanContext, model: SchemaModel): RelationNames {
  const taken = new Map<string, Set<string>>();
  const namespace = (schema: string) => {
    const s = ctx.schemaFor(schema);
    let set = taken.get(s);
    if (!set) taken.set(s, (set = new Set()));
    return set;
  };
  for (const o of [...model.tables, ...model.views, ...model.sequences]) namespace(o.schema).add(o.name);

  const names = new Map<string, string>();
  const actionItems: ActionItem[] = [];
  const keyOf = (table: Table, name: string) => `${targetLabel(ctx, table)}\u0000${name}`;
  for (const table of model.tables) {
    const space = namespace(table.schema);
    const owned = [...(table.primaryKey ? [table.primaryKey.name] : []), ...table.uniques.map((u) => u.name), ...table.indexes.map((i) => i.name)];
    for (const name of owned) {
      let final = name;
      if (space.has(final)) {
        final = fit(`${table.name}_${name}`);
        for (let n = 2; space.has(final); n++) final = fit(`${table.name}_${name}_${n}`);
        actionItems.push({
          code: 'INDEX_RENAMED',
          severity: 'low',
          object: `${targetLabel(ctx, table)}.${name}`,
          message: `index/constraint name ${name} is already used in schema ${ctx.schemaFor(table.schema)} (PostgreSQL index names are per schema); created as ${final}`,
        });
      }
      space.add(final);
      names.set(keyOf(table, name), final);
    }
  }
  return { of: (table, name) => names.get(keyOf(table, name)) ?? name, actionItems };
}
