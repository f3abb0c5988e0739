// The security context of a session: who it runs as (login, and the database user that login or an
// EXECUTE AS maps to), role membership and permission checks (GRANT/DENY, fixed database roles).

import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Login } from '../storage/server.js';
import type { SessionState } from '../exec/session-state.js';
import type { DatabasePrincipal } from './principals.js';

/** One EXECUTE AS: a login, or a user of one database. */
export interface Impersonation {
  login?: Login;
  user?: DatabasePrincipal;
  database?: Database;
  noRevert: boolean;
}

const DB_OWNER = 16384;

/** The login the session runs as (EXECUTE AS LOGIN, the user's login under EXECUTE AS USER, else its own). */
export function currentLogin(session: SessionState): Login | undefined {
  const top = session.impersonations.at(-1);
  if (top?.login) return top.login;
  if (top?.user)
    return top.user.loginId === undefined ? undefined : session.server.loginById(top.user.loginId);
  return session.server.login(session.user);
}

/** The database user of the session in `db`: sysadmin logins are dbo; undefined when it has no access. */
export function currentUser(session: SessionState, db: Database = session.db): DatabasePrincipal | undefined {
  const top = session.impersonations.at(-1);
  if (top?.user) return top.database === db ? top.user : undefined;
  const login = currentLogin(session);
  if (!login) return undefined;
  if (login.sysadmin) return db.security.principalById(1);
  return db.security.userOfLogin(login.principalId!);
}

export function isSysadmin(session: SessionState): boolean {
  const top = session.impersonations.at(-1);
  if (top?.user) return false;
  return !!currentLogin(session)?.sysadmin;
}

/** Whether the session's user is a member of the database role (NULL when there is no such role). */
export function isRoleMember(session: SessionState, role: string, db: Database = session.db): boolean | null {
  const r = db.security.principal(role);
  if (!r || r.type !== 'R') return null;
  const user = currentUser(session, db);
  if (!user) return r.principalId === 0;
  return db.security.rolesOf(user.principalId).has(r.principalId);
}

/** dbo, db_owner members and sysadmins pass every permission check. */
export function isDbOwner(session: SessionState, db: Database = session.db): boolean {
  if (isSysadmin(session)) return true;
  const user = currentUser(session, db);
  return !!user && (user.principalId === 1 || db.security.rolesOf(user.principalId).has(DB_OWNER));
}

const FIXED_GRANTS: Record<number, string[]> = {
  16390: ['SELECT'],
  16391: ['INSERT', 'UPDATE', 'DELETE'],
};
const FIXED_DENIES: Record<number, string[]> = {
  16392: ['SELECT'],
  16393: ['INSERT', 'UPDATE', 'DELETE'],
};

/**
 * Whether the session holds `permission` on the database (objectId undefined) or on an object of
 * `schemaId`: a DENY anywhere on the way (object, schema, database) wins over a GRANT. Column-level
 * permissions are not checked (a column GRANT alone does not admit a query, a column DENY does not stop one).
 */
export function hasPermission(
  session: SessionState,
  db: Database,
  permission: string,
  object?: { objectId: number; schemaId: number },
): boolean {
  if (isDbOwner(session, db)) return true;
  const user = currentUser(session, db);
  if (!user) return false;
  const roles = db.security.rolesOf(user.principalId);
  const applies = (p: (typeof db.security.permissions)[number]) =>
    roles.has(p.granteeId) &&
    p.minorId === 0 &&
    (p.permission === permission || p.permission === 'CONTROL') &&
    (p.class === 0 ||
      (object !== undefined &&
        ((p.class === 3 && p.majorId === object.schemaId) ||
          (p.class === 1 && p.majorId === object.objectId))));
  const onObjects = object !== undefined;
  if (onObjects && [...roles].some((r) => FIXED_DENIES[r]?.includes(permission))) return false;
  const rows = db.security.permissions.filter(applies);
  if (rows.some((p) => p.state === 'D')) return false;
  if (rows.length) return true;
  return onObjects && [...roles].some((r) => FIXED_GRANTS[r]?.includes(permission));
}

/** Error 229 unless the session may run `permission` on the object. */
export function checkObjectPermission(
  session: SessionState,
  db: Database,
  permission: string,
  object: { objectId: number; schemaId: number; name: string },
): void {
  if (session.ownershipChain > 0 || hasPermission(session, db, permission, object)) return;
  throw new SqlError(
    229,
    `The ${permission} permission was denied on the object '${object.name}', database '${db.name}', schema '${db.schemaById(object.schemaId)?.name ?? 'dbo'}'.`,
    14,
  );
}

/** Whether masked columns show their real values to the session (UNMASK on the database or the table). */
export function canUnmask(
  session: SessionState,
  db: Database,
  table: { objectId: number; schemaId: number },
) {
  return hasPermission(session, db, 'UNMASK', table);
}

/** Databases every login may use as guest. */
const GUEST_DATABASES = new Set(['master', 'tempdb', 'msdb']);

export const admitsGuests = (db: Database) => GUEST_DATABASES.has(db.name.toLowerCase());

/** Error 916 when the session has no user in `db` (USE of a database the login is not mapped in). */
export function checkDatabaseAccess(session: SessionState, db: Database): void {
  if (admitsGuests(db) || currentUser(session, db)) return;
  const who = session.impersonations.at(-1)?.user?.name ?? currentLogin(session)?.user ?? session.user;
  throw new SqlError(
    916,
    `The server principal "${who}" is not able to access the database "${db.name}" under the current security context.`,
    14,
  );
}
