// Built-in functions of the security context: USER_NAME, SUSER_SNAME, ORIGINAL_LOGIN, CURRENT_USER, IS_MEMBER,
// IS_ROLEMEMBER, IS_SRVROLEMEMBER, HAS_PERMS_BY_NAME and SESSION_CONTEXT.

import type { SqlType } from '../../engine-api.js';
import type { Compiled, EvalCtx } from '../exec/scope.js';
import type { SessionState } from '../exec/session-state.js';
import { toText, type Value } from '../types/convert.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';
import { lookupObject } from '../exec/table-source.js';
import { currentLogin, currentUser, hasPermission, isRoleMember, isSysadmin } from './context.js';

const INT: SqlType = { name: 'int' };
const SYSNAME: SqlType = { name: 'nvarchar', length: 128, collation: DEFAULT_COLLATION };

type Fn = (args: Compiled[]) => Compiled;

/** A function of its argument values (as text; NULL stays null) and the session. */
const of =
  (type: SqlType, f: (args: (string | null)[], session: SessionState) => Value): Fn =>
  (args) => ({
    type,
    nullable: true,
    eval: (row, ctx: EvalCtx) =>
      f(
        args.map((a) => {
          const v = a.eval(row, ctx);
          return v === null ? null : toText(v, a.type);
        }),
        ctx.session,
      ),
  });

const bit = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

const SERVER_ROLES = new Set([
  'sysadmin',
  'serveradmin',
  'dbcreator',
  'setupadmin',
  'securityadmin',
  'processadmin',
  'diskadmin',
  'bulkadmin',
  'public',
]);

function userName(args: (string | null)[], session: SessionState): Value {
  if (args.length === 0 || args[0] === null) return currentUser(session)?.name ?? null;
  return session.db.security.principalById(Number(args[0]))?.name ?? null;
}

function loginName(session: SessionState): Value {
  return currentLogin(session)?.user ?? null;
}

function isSrvRoleMember([role, login]: (string | null)[], session: SessionState): Value {
  if (role === null || !SERVER_ROLES.has(role.toLowerCase())) return null;
  if (role.toLowerCase() === 'public') return 1;
  const admin = login ? !!session.server.login(login)?.sysadmin : isSysadmin(session);
  return bit(role.toLowerCase() === 'sysadmin' && admin);
}

/** HAS_PERMS_BY_NAME(securable, class, permission): OBJECT and DATABASE securables. */
function hasPermsByName([securable, cls, permission]: (string | null)[], session: SessionState): Value {
  if (cls === null || permission === null) return null;
  const perm = permission.trim().toUpperCase().replace(/\s+/g, ' ');
  switch (cls.trim().toUpperCase()) {
    case 'DATABASE': {
      const db = securable ? session.server.database(securable) : session.db;
      return db ? bit(hasPermission(session, db, perm)) : null;
    }
    case 'OBJECT': {
      if (securable === null) return null;
      const parts = securable.split('.').map((p) => p.replace(/^\[|\]$/g, ''));
      const name = parts[parts.length - 1];
      const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
      const { db, obj } = lookupObject(session, { name, schema });
      return obj ? bit(hasPermission(session, db, perm, obj)) : null;
    }
    case 'SERVER':
      return bit(isSysadmin(session));
    default:
      return null;
  }
}

export const SECURITY_FUNCTIONS: Record<string, Fn> = {
  user_name: of(SYSNAME, userName),
  user_id: of(INT, ([name], s) =>
    name === undefined || name === null
      ? (currentUser(s)?.principalId ?? null)
      : (s.db.security.principal(name)?.principalId ?? null),
  ),
  current_user: of(SYSNAME, (_a, s) => userName([], s)),
  session_user: of(SYSNAME, (_a, s) => userName([], s)),
  user: of(SYSNAME, (_a, s) => userName([], s)),
  suser_sname: of(SYSNAME, (a, s) =>
    a.length ? (s.server.logins.find((l) => String(l.principalId) === a[0])?.user ?? null) : loginName(s),
  ),
  suser_name: of(SYSNAME, (_a, s) => loginName(s)),
  // The login that connected, also under EXECUTE AS.
  original_login: of(SYSNAME, (_a, s) => s.server.login(s.user)?.user ?? null),
  system_user: of(SYSNAME, (_a, s) => loginName(s)),
  is_member: of(INT, ([role], s) => (role === null ? null : bit(isRoleMember(s, role)))),
  is_rolemember: of(INT, ([role, principal], s) => {
    if (role === null) return null;
    if (principal === undefined || principal === null) return bit(isRoleMember(s, role));
    const r = s.db.security.principal(role);
    const p = s.db.security.principal(principal);
    if (!r || r.type !== 'R' || !p) return null;
    return bit(s.db.security.rolesOf(p.principalId).has(r.principalId));
  }),
  is_srvrolemember: of(INT, isSrvRoleMember),
  has_perms_by_name: of(INT, hasPermsByName),
  session_context: (args) => ({
    type: { name: 'sql_variant' },
    nullable: true,
    eval: (row, ctx) => {
      const key = args[0].eval(row, ctx);
      if (key === null) return null;
      const entry = ctx.session.sessionContext.get(toText(key, args[0].type).toLowerCase());
      return entry ? { type: entry.type, value: entry.value as never } : null;
    },
  }),
};
