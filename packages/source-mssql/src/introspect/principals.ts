// Database users, roles and permissions from the catalog rows (principals.sql, permissions.sql).

import type { Permission, Principal } from '@ferry/core';
import type { PermissionRow, PrincipalRow } from './catalog-rows.js';

const states: Record<string, Permission['state']> = {
  G: 'grant',
  W: 'grant-with-grant-option',
  D: 'deny',
};

export function buildPrincipals(rows: PrincipalRow[]): Principal[] {
  const byName = new Map<string, Principal>();
  for (const r of rows) {
    let p = byName.get(r.name);
    if (!p) {
      p = { name: r.name, kind: r.type === 'R' ? 'role' : 'user', memberOf: [] };
      if (p.kind === 'user' && r.has_login) p.login = true;
      byName.set(r.name, p);
    }
    if (r.member_of !== null) p.memberOf.push(r.member_of);
  }
  return [...byName.values()];
}

export function buildPermissions(rows: PermissionRow[]): Permission[] {
  return rows.flatMap((r): Permission[] => {
    const state = states[r.state.trim()];
    if (!state) return [];
    const on: Permission['on'] | undefined =
      r.class === 0
        ? { kind: 'database' }
        : r.class === 3 && r.schema_name !== null
          ? { kind: 'schema', schema: r.schema_name }
          : r.class === 1 && r.schema_name !== null && r.object_name !== null
            ? {
                kind: 'object',
                object: { schema: r.schema_name, name: r.object_name },
                ...(r.column_name !== null ? { column: r.column_name } : {}),
              }
            : undefined;
    return on ? [{ state, permission: r.permission_name, on, grantee: r.grantee }] : [];
  });
}
