// Database principals (users and roles), role membership and permissions of one database, as
// sys.database_principals, sys.database_role_members and sys.database_permissions show them.

/** A database user ('S' SQL user) or role ('R'). */
export interface DatabasePrincipal {
  principalId: number;
  name: string;
  type: 'S' | 'R';
  /** The server login a user is mapped to (its principal_id); undefined for WITHOUT LOGIN users and roles. */
  loginId?: number;
  withoutLogin?: boolean;
  defaultSchema?: string;
  /** Roles: the owning principal. */
  ownerId?: number;
  fixedRole: boolean;
  createDate: string;
  modifyDate: string;
}

/** One row of sys.database_permissions: class 0 database, 1 object (or column), 3 schema. */
export interface DatabasePermission {
  class: 0 | 1 | 3;
  majorId: number;
  minorId: number;
  granteeId: number;
  grantorId: number;
  permission: string;
  state: 'G' | 'D' | 'W';
}

const FIXED: [number, string, 'S' | 'R'][] = [
  [0, 'public', 'R'],
  [1, 'dbo', 'S'],
  [2, 'guest', 'S'],
  [3, 'INFORMATION_SCHEMA', 'S'],
  [4, 'sys', 'S'],
  [16384, 'db_owner', 'R'],
  [16385, 'db_accessadmin', 'R'],
  [16386, 'db_securityadmin', 'R'],
  [16387, 'db_ddladmin', 'R'],
  [16389, 'db_backupoperator', 'R'],
  [16390, 'db_datareader', 'R'],
  [16391, 'db_datawriter', 'R'],
  [16392, 'db_denydatareader', 'R'],
  [16393, 'db_denydatawriter', 'R'],
];

export class DatabaseSecurity {
  readonly principals: DatabasePrincipal[];
  readonly roleMembers: { roleId: number; memberId: number }[] = [{ roleId: 16384, memberId: 1 }];
  readonly permissions: DatabasePermission[] = [];
  private nextPrincipalId = 5;

  constructor(createDate: string) {
    this.principals = FIXED.map(([principalId, name, type]) => ({
      principalId,
      name,
      type,
      ...(principalId === 1 ? { loginId: 1 } : {}),
      fixedRole: principalId >= 16384,
      createDate,
      modifyDate: createDate,
    }));
  }

  principal(name: string): DatabasePrincipal | undefined {
    const n = name.toLowerCase();
    return this.principals.find((p) => p.name.toLowerCase() === n);
  }

  principalById(id: number): DatabasePrincipal | undefined {
    return this.principals.find((p) => p.principalId === id);
  }

  userOfLogin(loginId: number): DatabasePrincipal | undefined {
    return this.principals.find((p) => p.type === 'S' && p.loginId === loginId);
  }

  add(p: Omit<DatabasePrincipal, 'principalId'>): DatabasePrincipal {
    const principal = { ...p, principalId: this.nextPrincipalId++ };
    this.principals.push(principal);
    return principal;
  }

  remove(id: number): void {
    this.principals.splice(
      this.principals.findIndex((p) => p.principalId === id),
      1,
    );
    for (let i = this.roleMembers.length - 1; i >= 0; i--)
      if (this.roleMembers[i].roleId === id || this.roleMembers[i].memberId === id)
        this.roleMembers.splice(i, 1);
    for (let i = this.permissions.length - 1; i >= 0; i--)
      if (this.permissions[i].granteeId === id) this.permissions.splice(i, 1);
  }

  /** The principal and every role it belongs to, directly or through other roles, plus public. */
  rolesOf(id: number): Set<number> {
    const found = new Set([id, 0]);
    for (let grew = true; grew;) {
      grew = false;
      for (const m of this.roleMembers)
        if (found.has(m.memberId) && !found.has(m.roleId)) {
          found.add(m.roleId);
          grew = true;
        }
    }
    return found;
  }
}
