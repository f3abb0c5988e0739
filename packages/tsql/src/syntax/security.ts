// SQL IR: security statements - logins, database users and roles, permissions, impersonation
// (EXECUTE AS / REVERT) and row-level security policies.

import type { Expression, Identifier, ObjectName, SourcePos } from './expressions.js';

interface Node {
  readonly pos: SourcePos;
}

/** `CREATE LOGIN name WITH PASSWORD = '...' [, DEFAULT_DATABASE = db, CHECK_POLICY = OFF ...]` or `FROM WINDOWS`. */
export interface CreateLogin extends Node {
  readonly kind: 'CreateLogin';
  readonly name: Identifier;
  /** The password literal; absent for `FROM WINDOWS | EXTERNAL PROVIDER | CERTIFICATE ...`. */
  readonly password?: string;
  /** `FROM WINDOWS`, `FROM EXTERNAL PROVIDER`, ...: a login without a SQL password. */
  readonly from?: string;
  /** Other options by upper-case name (DEFAULT_DATABASE, DEFAULT_LANGUAGE, CHECK_POLICY, SID ...), values as written. */
  readonly options: Readonly<Record<string, string>>;
}

/** `ALTER LOGIN name ENABLE | DISABLE | WITH PASSWORD = '...' [OLD_PASSWORD = ...], DEFAULT_DATABASE = ...`. */
export interface AlterLogin extends Node {
  readonly kind: 'AlterLogin';
  readonly name: Identifier;
  readonly enabled?: boolean;
  readonly password?: string;
  readonly options: Readonly<Record<string, string>>;
}

/** `CREATE USER name [FOR|FROM LOGIN login | WITHOUT LOGIN] [WITH DEFAULT_SCHEMA = s]`. */
export interface CreateUser extends Node {
  readonly kind: 'CreateUser';
  readonly name: Identifier;
  readonly login?: Identifier;
  readonly withoutLogin: boolean;
  readonly defaultSchema?: string;
}

/** `CREATE ROLE name [AUTHORIZATION owner]`. */
export interface CreateRole extends Node {
  readonly kind: 'CreateRole';
  readonly name: Identifier;
  readonly authorization?: Identifier;
}

/** `ALTER ROLE role ADD | DROP MEMBER principal`. */
export interface AlterRole extends Node {
  readonly kind: 'AlterRole';
  readonly name: Identifier;
  readonly action: 'ADD MEMBER' | 'DROP MEMBER';
  readonly member: Identifier;
}

/** `DROP LOGIN | USER | ROLE [IF EXISTS] name`. */
export interface DropPrincipal extends Node {
  readonly kind: 'DropPrincipal';
  readonly principal: 'LOGIN' | 'USER' | 'ROLE';
  readonly ifExists: boolean;
  readonly name: Identifier;
}

/**
 * GRANT/DENY/REVOKE: the permissions (upper-case, words joined by one space: `SELECT`,
 * `VIEW ANY COLUMN MASTER KEY DEFINITION`), the securable (`ON [class::]name`, absent for
 * database-level permissions) and the principals. `text` is the statement as written.
 */
export interface Permission extends Node {
  readonly kind: 'Permission';
  readonly action: 'GRANT' | 'DENY' | 'REVOKE';
  readonly text: string;
  readonly permissions: readonly { readonly name: string; readonly columns?: readonly Identifier[] }[];
  readonly on?: { readonly class?: string; readonly name: ObjectName };
  readonly principals: readonly Identifier[];
  readonly withGrantOption: boolean;
  readonly cascade: boolean;
}

/** `EXECUTE AS USER = 'name' | LOGIN = 'name' | CALLER [WITH NO REVERT]` (the statement, not the module clause). */
export interface ExecuteAs extends Node {
  readonly kind: 'ExecuteAs';
  readonly context: 'USER' | 'LOGIN' | 'CALLER';
  readonly name?: Expression;
  readonly noRevert: boolean;
}

export interface Revert extends Node {
  readonly kind: 'Revert';
}

/** One predicate clause of CREATE/ALTER SECURITY POLICY. */
export interface SecurityPredicateClause {
  readonly action: 'ADD' | 'ALTER' | 'DROP';
  readonly type: 'FILTER' | 'BLOCK';
  /** The inline table-valued predicate function and its column arguments (absent for DROP). */
  readonly function?: ObjectName;
  readonly args: readonly Expression[];
  /** The predicate's source text `schema.fn(args)`, as sys.security_predicates.predicate_definition shows it. */
  readonly definition?: string;
  readonly table: ObjectName;
  /** Block predicates: AFTER INSERT | AFTER UPDATE | BEFORE UPDATE | BEFORE DELETE (absent: all). */
  readonly operation?: 'AFTER INSERT' | 'AFTER UPDATE' | 'BEFORE UPDATE' | 'BEFORE DELETE';
}

/** `CREATE | ALTER SECURITY POLICY name predicates [WITH (STATE = ON|OFF, SCHEMABINDING = ON|OFF)] [NOT FOR REPLICATION]`. */
export interface SecurityPolicy extends Node {
  readonly kind: 'SecurityPolicy';
  readonly action: 'CREATE' | 'ALTER';
  readonly name: ObjectName;
  readonly predicates: readonly SecurityPredicateClause[];
  readonly state?: boolean;
  readonly schemaBinding?: boolean;
  readonly notForReplication: boolean;
}

/** `DROP SECURITY POLICY [IF EXISTS] name`. */
export interface DropSecurityPolicy extends Node {
  readonly kind: 'DropSecurityPolicy';
  readonly ifExists: boolean;
  readonly name: ObjectName;
}

/** `ALTER AUTHORIZATION ON [class::]entity TO principal | SCHEMA OWNER`: changes an entity's owner. */
export interface AlterAuthorization extends Node {
  readonly kind: 'AlterAuthorization';
  /** The class named before `::` (DATABASE, SCHEMA, OBJECT, TYPE...), upper case; absent means OBJECT. */
  readonly on: { readonly class?: string; readonly name: ObjectName };
  /** The new owner; absent for `TO SCHEMA OWNER`. */
  readonly owner?: Identifier;
}

export type SecurityStatement =
  | AlterAuthorization
  | CreateLogin
  | AlterLogin
  | CreateUser
  | CreateRole
  | AlterRole
  | DropPrincipal
  | Permission
  | ExecuteAs
  | Revert
  | SecurityPolicy
  | DropSecurityPolicy;
