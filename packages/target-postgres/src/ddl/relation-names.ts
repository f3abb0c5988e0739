// PostgreSQL puts indexes (and so PK/unique constraints) in the schema's relation namespace, where
// SQL Server scopes index names per table: colliding names get a deterministic table prefix.

import { shortenIdentifier, type ActionItem, type SchemaModel, type Table } from '@ferry/core';
import { targetLabel, type PlanContext } from './plan-context.js';
import { maxIdentifierBytes } from './identifiers.js';

export interface RelationNames {
  /** Final name of a table's PK, unique constraint or index. */
  of(table: Table, name: string): string;
  actionItems: ActionItem[];
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
    const owned = [
      ...(table.primaryKey ? [table.primaryKey.name] : []),
      ...table.uniques.map((u) => u.name),
      ...table.indexes.map((i) => i.name),
    ];
    for (const name of owned) {
      let final = name;
      if (space.has(final)) {
        final = shortenIdentifier(`${table.name}_${name}`, maxIdentifierBytes);
        for (let n = 2; space.has(final); n++)
          final = shortenIdentifier(`${table.name}_${name}_${n}`, maxIdentifierBytes);
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
