// Executes the security statements: logins, users, roles and their members, GRANT/DENY/REVOKE,
// EXECUTE AS / REVERT, and security policies (CREATE/ALTER/DROP SECURITY POLICY).

import type {
  AlterAuthorization,
  Permission,
  SecurityPolicy as PolicyStatement,
  SecurityStatement,
} from '@ferry/tsql';
import { SqlError } from '../errors.js';
import { compileExpr } from '../exec/expressions.js';
import { Scope } from '../exec/scope.js';
import type { SessionState } from '../exec/session-state.js';
import { findTable, schemaOf } from '../exec/ddl.js';
import type { Database } from '../storage/database.js';
import { nowDatetime } from '../storage/database.js';
import type { Module, SecurityPolicy, SecurityPredicate } from '../storage/objects.js';
import { toText } from '../types/convert.js';
import type { DatabasePermission, DatabasePrincipal } from './principals.js';
import { currentLogin } from './context.js';

const notFound = (what: string, name: string, verb = 'find') =>
  new SqlError(
    15151,
    `Cannot ${verb} the ${what} '${name}', because it does not exist or you do not have permission.`,
    16,
  );

export function executeSecurityStatement(s: SecurityStatement, session: SessionState): void {
  const db = session.db;
  switch (s.kind) {
    case 'CreateLogin': {
      if (session.server.login(s.name.name))
        throw new SqlError(15025, `The server principal '${s.name.name}' already exists.`, 16);
      if (s.from)
        throw new SqlError(
          40517,
          `CREATE LOGIN ... FROM ${s.from} is not supported by the SQL Server emulator.`,
          16,
        );
      session.server.addLogin({
        user: s.name.name,
        password: s.password!,
        sysadmin: false,
        defaultDatabase: s.options.DEFAULT_DATABASE ?? 'master',
        checkPolicy: s.options.CHECK_POLICY?.toUpperCase() !== 'OFF',
      });
      return;
    }
    case 'AlterLogin': {
      const login = session.server.login(s.name.name);
      if (!login) throw notFound('login', s.name.name, 'alter');
      if (s.enabled !== undefined) login.disabled = !s.enabled;
      if (s.password !== undefined) login.password = s.password;
      if (s.options.DEFAULT_DATABASE) login.defaultDatabase = s.options.DEFAULT_DATABASE;
      if (s.options.NAME) login.user = s.options.NAME;
      login.modifyDate = nowDatetime();
      return;
    }
    case 'CreateUser':
      return createUser(s, session);
    case 'AlterAuthorization':
      return alterAuthorization(s, session);
    case 'CreateRole': {
      if (db.security.principal(s.name.name)) throw alreadyExists(s.name.name);
      const owner = s.authorization
        ? db.security.principal(s.authorization.name)
        : db.security.principalById(1);
      if (!owner) throw notFound('user', s.authorization!.name);
      db.security.add({
        name: s.name.name,
        type: 'R',
        ownerId: owner.principalId,
        fixedRole: false,
        ...dates(),
      });
      return;
    }
    case 'AlterRole':
      return addRoleMember(db, s.name.name, s.member.name, s.action === 'ADD MEMBER');
    case 'DropPrincipal':
      return dropPrincipal(s, session);
    case 'Permission':
      return permission(s, session);
    case 'ExecuteAs':
      return executeAs(s, session);
    case 'Revert': {
      const top = session.impersonations.at(-1);
      if (top?.noRevert)
        throw new SqlError(
          15196,
          "The current security context cannot be reverted. Please switch to the original database where 'Execute As' was called and try it again.",
          16,
        );
      session.impersonations.pop();
      return;
    }
    case 'SecurityPolicy':
      return s.action === 'CREATE' ? createPolicy(s, session) : alterPolicy(s, session);
    case 'DropSecurityPolicy': {
      if (s.ifExists && !session.database(s.name.database?.name).schema(s.name.schema?.name ?? 'dbo')) return;
      const { db: pdb, schemaId } = schemaOf(session, s.name);
      const obj = pdb.findObject(schemaId, s.name.name.name);
      if (obj?.type !== 'SP') {
        if (s.ifExists) return;
        throw new SqlError(
          3701,
          `Cannot drop the security policy '${s.name.name.name}', because it does not exist or you do not have permission.`,
          11,
        );
      }
      pdb.remove(obj.objectId);
      return;
    }
  }
}

const dates = () => {
  const now = nowDatetime();
  return { createDate: now, modifyDate: now };
};

const alreadyExists = (name: string) =>
  new SqlError(15023, `User, group, or role '${name}' already exists in the current database.`, 16);

function createUser(s: Extract<SecurityStatement, { kind: 'CreateUser' }>, session: SessionState): void {
  const db = session.db;
  if (db.security.principal(s.name.name)) throw alreadyExists(s.name.name);
  let loginId: number | undefined;
  if (!s.withoutLogin) {
    const loginName = s.login?.name ?? s.name.name;
    const login = session.server.login(loginName);
    if (!login)
      throw new SqlError(15007, `'${loginName}' is not a valid login or you do not have permission.`, 16);
    if (db.security.userOfLogin(login.principalId!))
      throw new SqlError(15063, 'The login already has an account under a different user name.', 16);
    loginId = login.principalId;
  }
  const user = db.security.add({
    name: s.name.name,
    type: 'S',
    ...(loginId !== undefined ? { loginId } : { withoutLogin: true }),
    defaultSchema: s.defaultSchema ?? 'dbo',
    fixedRole: false,
    ...dates(),
  });
  db.security.permissions.push({
    class: 0,
    majorId: 0,
    minorId: 0,
    granteeId: user.principalId,
    grantorId: 1,
    permission: 'CONNECT',
    state: 'G',
  });
}

/** ALTER ROLE ... ADD|DROP MEMBER and sp_addrolemember / sp_droprolemember. */
/** ALTER AUTHORIZATION: a database's owner (a login) and a schema's (a database principal); other classes are refused. */
function alterAuthorization(s: AlterAuthorization, session: SessionState): void {
  const cls = s.on.class ?? 'OBJECT';
  const owner = s.owner?.name;
  if (cls === 'DATABASE' && owner) {
    const db = session.database(s.on.name.name.name);
    const login = session.server.login(owner);
    if (!login) throw notFound('principal', owner);
    db.ownerLoginId = login.principalId!;
    return;
  }
  if (cls === 'SCHEMA' && owner) {
    const schema = session.db.schema(s.on.name.name.name);
    if (!schema) throw notFound('schema', s.on.name.name.name);
    const principal = session.db.security.principal(owner);
    if (!principal) throw notFound('principal', owner);
    schema.principalId = principal.principalId;
    return;
  }
  throw new SqlError(
    40517,
    `ALTER AUTHORIZATION ON ${cls}::${owner ? '' : ' TO SCHEMA OWNER'} is not supported by the SQL Server emulator.`,
    16,
  );
}

export function addRoleMember(db: Database, roleName: string, memberName: string, add: boolean): void {
  const role = db.security.principal(roleName);
  if (!role || role.type !== 'R') throw notFound('role', roleName, 'alter');
  const member = db.security.principal(memberName);
  if (!member) throw notFound('principal', memberName, add ? 'add' : 'drop');
  const i = db.security.roleMembers.findIndex(
    (m) => m.roleId === role.principalId && m.memberId === member.principalId,
  );
  if (add && i < 0) db.security.roleMembers.push({ roleId: role.principalId, memberId: member.principalId });
  if (!add && i >= 0) db.security.roleMembers.splice(i, 1);
}

function dropPrincipal(
  s: Extract<SecurityStatement, { kind: 'DropPrincipal' }>,
  session: SessionState,
): void {
  const what = s.principal.toLowerCase();
  if (s.principal === 'LOGIN') {
    const login = session.server.login(s.name.name);
    if (!login) {
      if (s.ifExists) return;
      throw notFound(what, s.name.name, 'drop');
    }
    session.server.logins.splice(session.server.logins.indexOf(login), 1);
    return;
  }
  const p = session.db.security.principal(s.name.name);
  if (!p || p.type !== (s.principal === 'ROLE' ? 'R' : 'S') || p.principalId < 5) {
    if (s.ifExists && !p) return;
    throw notFound(what, s.name.name, 'drop');
  }
  if (p.type === 'R' && session.db.security.roleMembers.some((m) => m.roleId === p.principalId))
    throw new SqlError(15144, 'The role has members. It must be empty before it can be dropped.', 16);
  session.db.security.remove(p.principalId);
}

/** Permission type codes of sys.database_permissions.type. */
const TYPE_CODES: Record<string, string> = {
  SELECT: 'SL',
  INSERT: 'IN',
  UPDATE: 'UP',
  DELETE: 'DL',
  EXECUTE: 'EX',
  REFERENCES: 'RF',
  CONTROL: 'CL',
  ALTER: 'AL',
  UNMASK: 'UMSK',
  CONNECT: 'CO',
  'VIEW DEFINITION': 'VW',
  'TAKE OWNERSHIP': 'TO',
  IMPERSONATE: 'IM',
  SHOWPLAN: 'SPLN',
  'VIEW DATABASE STATE': 'VWDS',
  'VIEW ANY COLUMN MASTER KEY DEFINITION': 'VWCM',
  'VIEW ANY COLUMN ENCRYPTION KEY DEFINITION': 'VWCK',
  'CREATE TABLE': 'CRTB',
  'CREATE VIEW': 'CRVW',
  'CREATE PROCEDURE': 'CRPR',
  'CREATE FUNCTION': 'CRFN',
  'CREATE SCHEMA': 'CRSM',
  'ALTER ANY SCHEMA': 'ALSM',
  'ALTER ANY USER': 'ALUS',
  'ALTER ANY ROLE': 'ALRL',
  'ALTER ANY SECURITY POLICY': 'ALSP',
  'ALTER ANY MASK': 'AAMK',
};

export function permissionTypeCode(permission: string): string {
  return (
    TYPE_CODES[permission] ??
    permission
      .split(' ')
      .map((w) => w.slice(0, 2))
      .join('')
      .slice(0, 4)
  );
}

function permission(s: Permission, session: SessionState): void {
  const db = session.db;
  const securable = permissionTarget(s, session);
  const grantees = s.principals.map((p) => {
    const principal = db.security.principal(p.name);
    if (principal) return principal;
    if (session.server.login(p.name))
      throw new SqlError(
        40517,
        `Server-level permissions (${s.text}) are not supported by the SQL Server emulator.`,
        16,
      );
    throw notFound('user', p.name);
  });
  const names = s.permissions.flatMap((p) =>
    p.name === 'ALL' || p.name === 'ALL PRIVILEGES'
      ? ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES']
      : [p.name],
  );
  // Column-level permissions are recorded (minor_id = the column) for the catalog; access checks read
  // only object, schema and database permissions.
  const columnIds = columnsOf(s, securable, session);
  for (const grantee of grantees)
    for (const name of names)
      for (const minorId of columnIds) grantOne(db, s, { ...securable, minorId }, grantee, name);
}

/** The column ids a permission names (`GRANT SELECT (a, b) ON t`), or [0] for the whole securable. */
function columnsOf(
  s: Permission,
  securable: Pick<DatabasePermission, 'class' | 'majorId'>,
  session: SessionState,
): number[] {
  const named = s.permissions.flatMap((p) => p.columns ?? []);
  if (!named.length) return [0];
  const table = session.db.table(securable.majorId);
  return named.map((c) => {
    const column = table?.columns.find((col) => col.name.toLowerCase() === c.name.toLowerCase());
    if (!column) throw new SqlError(207, `Invalid column name '${c.name}'.`, 16);
    return column.columnId;
  });
}

function grantOne(
  db: Database,
  s: Permission,
  securable: Pick<DatabasePermission, 'class' | 'majorId' | 'minorId'>,
  grantee: DatabasePrincipal,
  name: string,
): void {
  const same = (p: DatabasePermission) =>
    p.class === securable.class &&
    p.majorId === securable.majorId &&
    p.minorId === securable.minorId &&
    p.granteeId === grantee.principalId &&
    p.permission === name;
  const rows = db.security.permissions;
  for (let i = rows.length - 1; i >= 0; i--) if (same(rows[i])) rows.splice(i, 1);
  if (s.action === 'REVOKE') return;
  rows.push({
    ...securable,
    granteeId: grantee.principalId,
    grantorId: 1,
    permission: name,
    state: s.action === 'DENY' ? 'D' : s.withGrantOption ? 'W' : 'G',
  });
}

function permissionTarget(
  s: Permission,
  session: SessionState,
): Pick<DatabasePermission, 'class' | 'majorId'> {
  if (!s.on) return { class: 0, majorId: 0 };
  const cls = s.on.class ?? 'OBJECT';
  if (cls === 'DATABASE') return { class: 0, majorId: 0 };
  if (cls === 'SCHEMA') {
    const schema = session.db.schema(s.on.name.name.name);
    if (!schema) throw notFound('schema', s.on.name.name.name);
    return { class: 3, majorId: schema.schemaId };
  }
  if (cls !== 'OBJECT')
    throw new SqlError(
      40517,
      `Permissions on ${cls}:: securables are not supported by the SQL Server emulator.`,
      16,
    );
  const { db, schemaId } = schemaOf(session, s.on.name);
  const obj = db.findObject(schemaId, s.on.name.name.name);
  if (!obj) throw notFound('object', s.on.name.name.name);
  return { class: 1, majorId: obj.objectId };
}

function executeAs(s: Extract<SecurityStatement, { kind: 'ExecuteAs' }>, session: SessionState): void {
  if (s.context === 'CALLER') return;
  const name = s.name
    ? compileExpr(s.name, { scope: new Scope([]), session }).eval([], { session, outer: [] })
    : null;
  const text = name === null ? '' : toText(name, { name: 'nvarchar', length: -1 });
  if (s.context === 'LOGIN') {
    const login = session.server.login(text);
    if (!login)
      throw new SqlError(
        15406,
        `Cannot execute as the server principal because the principal "${text}" does not exist, this type of principal cannot be impersonated, or you do not have permission.`,
        16,
      );
    session.impersonations.push({ login, noRevert: s.noRevert });
    return;
  }
  const user = session.db.security.principal(text);
  if (!user || user.type !== 'S' || currentLogin(session) === undefined)
    throw new SqlError(
      15517,
      `Cannot execute as the database principal because the principal "${text}" does not exist, this type of principal cannot be impersonated, or you do not have permission.`,
      16,
    );
  session.impersonations.push({ user, database: session.db, noRevert: s.noRevert });
}

function createPolicy(s: PolicyStatement, session: SessionState): void {
  const { db, schemaId } = schemaOf(session, s.name);
  if (db.findObject(schemaId, s.name.name.name))
    throw new SqlError(
      2714,
      `There is already an object named '${s.name.name.name}' in the database.`,
      16,
      6,
    );
  const policy: SecurityPolicy = {
    ...db.newObject(s.name.name.name, schemaId, 'SP'),
    type: 'SP',
    enabled: s.state ?? true,
    schemaBound: s.schemaBinding ?? true,
    notForReplication: s.notForReplication,
    predicates: [],
  };
  for (const clause of s.predicates) policy.predicates.push(predicateOf(clause, policy, session));
  db.add(policy);
}

function alterPolicy(s: PolicyStatement, session: SessionState): void {
  const { db, schemaId } = schemaOf(session, s.name);
  const policy = db.findObject(schemaId, s.name.name.name);
  if (policy?.type !== 'SP')
    throw new SqlError(
      15151,
      `Cannot alter the security policy '${s.name.name.name}', because it does not exist or you do not have permission.`,
      16,
    );
  const p = policy as SecurityPolicy;
  for (const clause of s.predicates) {
    const { table } = findTable(session, clause.table);
    const i = p.predicates.findIndex(
      (x) => x.targetId === table.objectId && x.type === clause.type && x.operation === clause.operation,
    );
    if (clause.action !== 'ADD' && i < 0)
      throw new SqlError(
        33265,
        `The security policy '${p.name}' does not contain a ${clause.type.toLowerCase()} predicate on '${table.name}'.`,
        16,
      );
    if (clause.action === 'DROP') p.predicates.splice(i, 1);
    else if (clause.action === 'ALTER')
      p.predicates[i] = { ...predicateOf(clause, p, session), predicateId: p.predicates[i].predicateId };
    else p.predicates.push(predicateOf(clause, p, session));
  }
  if (s.state !== undefined) p.enabled = s.state;
  if (s.schemaBinding !== undefined) p.schemaBound = s.schemaBinding;
  p.modifyDate = nowDatetime();
}

function predicateOf(
  clause: PolicyStatement['predicates'][number],
  policy: SecurityPolicy,
  session: SessionState,
): SecurityPredicate {
  const { table } = findTable(session, clause.table);
  const { db, schemaId } = schemaOf(session, clause.function!);
  const fn = db.findObject(schemaId, clause.function!.name.name);
  if (fn?.type !== 'IF')
    throw new SqlError(
      33259,
      `Cannot find the object "${clause.function!.name.name}" because it does not exist or is not an inline table-valued function.`,
      16,
    );
  if ((fn as Module).parameters.length !== clause.args.length)
    throw new SqlError(
      33261,
      `The number of arguments of the predicate function '${fn.name}' does not match the number of its parameters.`,
      16,
    );
  const scope = new Scope(table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })));
  for (const a of clause.args) compileExpr(a, { scope, session });
  if (
    policy.predicates.some(
      (p) => p.targetId === table.objectId && p.type === clause.type && p.operation === clause.operation,
    )
  )
    throw new SqlError(
      33262,
      `A ${clause.type} predicate for the same operation has already been defined on table '${table.name}' in the security policy '${policy.name}'.`,
      16,
    );
  return {
    predicateId: Math.max(0, ...policy.predicates.map((p) => p.predicateId)) + 1,
    type: clause.type,
    functionId: fn.objectId,
    targetId: table.objectId,
    args: clause.args,
    definition: `(${clause.definition ?? ''})`,
    ...(clause.operation ? { operation: clause.operation } : {}),
  };
}
