// Users, roles and permissions in the target's names: principals by the naming strategy, permissions
// on the objects the migration keeps (renamed with them); a permission on an object or column that is
// not migrated is left out with the object.

import type { Permission, Principal, QualifiedName, SchemaModel } from '../model/schema-model.js';
import { qualifiedName } from '../model/schema-model.js';
import type { TargetNames } from './target-names.js';

export interface SecurityNames {
  names: TargetNames;
  /** Source `schema.name` -> target name of every object kept. */
  renamed: ReadonlyMap<string, QualifiedName>;
  /** Target name of a kept table's column, by source table and column; undefined when it is not migrated. */
  column(table: string, column: string): string | undefined;
  /** Whether any object of a source schema is kept. */
  schemaKept(schema: string): boolean;
}

export function mapSecurity(
  model: Pick<SchemaModel, 'principals' | 'permissions'>,
  n: SecurityNames,
): Pick<SchemaModel, 'principals' | 'permissions'> {
  if (!model.principals) return {};
  const own = new Set(model.principals.map((p) => p.name));
  const principal = (name: string) => (own.has(name) ? n.names.other(name) : name);
  const principals = model.principals.map((p): Principal => ({
    ...p,
    name: principal(p.name),
    memberOf: p.memberOf.map(principal),
  }));
  const permissions = (model.permissions ?? []).flatMap((p): Permission[] => {
    const grantee = principal(p.grantee);
    if (p.on.kind === 'database') return [{ ...p, grantee }];
    if (p.on.kind === 'schema')
      return n.schemaKept(p.on.schema)
        ? [{ ...p, grantee, on: { kind: 'schema', schema: n.names.schema(p.on.schema) } }]
        : [];
    const source = qualifiedName(p.on.object);
    const object = n.renamed.get(source);
    if (!object) return [];
    if (p.on.column === undefined) return [{ ...p, grantee, on: { kind: 'object', object } }];
    const column = n.column(source, p.on.column) ?? n.names.other(p.on.column);
    return [{ ...p, grantee, on: { kind: 'object', object, column } }];
  });
  return { principals, permissions };
}
