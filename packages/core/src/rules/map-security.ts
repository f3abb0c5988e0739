// Users, roles and permissions in the target's names: principals by the naming strategy, permissions
// on the objects the migration keeps (renamed with them); a permission on an object or column that is
// not migrated is left out with the object.

import type { Permission, Principal, QualifiedName, SchemaModel } from '../model/schema-model.js';
import { qualifiedName } from '../model/schema-model.js';
import type { ActionItem } from '../report/action-item.js';
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

/**
 * What `security.roles: 'skip'` leaves out, as action items: each user and role (with its permissions
 * and memberships), and the permissions granted to public.
 */
export function skippedSecurity(model: Pick<SchemaModel, 'principals' | 'permissions'>): ActionItem[] {
  const permissions = model.permissions ?? [];
  const granted = (name: string) => permissions.filter((p) => p.grantee.toLowerCase() === name.toLowerCase());
  const suggestion =
    "create it with a role that has CREATEROLE: `ferry plan` with security.roles: 'create' prints the CREATE ROLE and GRANT statements";
  const items = (model.principals ?? []).map((p): ActionItem => ({
    code: 'SECURITY_SKIPPED',
    severity: 'medium',
    object: p.name,
    message: `${p.kind} ${p.name} is not created on the target (security.roles: 'skip'), nor its ${granted(p.name).length} permission(s)${p.memberOf.length ? ` and its membership of ${p.memberOf.join(', ')}` : ''}`,
    suggestion,
  }));
  const toPublic = granted('public');
  if (toPublic.length)
    items.push({
      code: 'SECURITY_SKIPPED',
      severity: 'medium',
      object: 'public',
      message: `${toPublic.length} permission(s) granted to public are not granted on the target (security.roles: 'skip')`,
      suggestion,
    });
  return items;
}
