// Database users and roles become PostgreSQL roles (NOLOGIN: logins and passwords stay with the DBA),
// memberships become role grants, and GRANTs on objects, schemas and the database become GRANTs on the
// migrated objects. PostgreSQL has no DENY: a denied permission is an action item. Created last in
// post-data, once every object exists.

import type { ActionItem, Permission, PlanStep, Principal, SchemaModel } from '@ferry/core';
import { qualifiedName } from '@ferry/core';
import { quoteIdent, quoteLiteral } from './identifiers.js';
import { targetName, type PlanContext } from './plan-context.js';

/** Privileges PostgreSQL has on tables and views, by the SQL Server permission's name. */
const tablePrivileges = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES']);

/**
 * Fixed database roles a member gets table privileges from in every migrated schema; membership of
 * another fixed role (db_owner, db_ddladmin, ...) is an action item.
 */
const fixedRoles: Record<string, string[]> = {
  db_datareader: ['SELECT'],
  db_datawriter: ['INSERT', 'UPDATE', 'DELETE'],
};

export const roleStepId = (role: string) => `post-data:role:${role}`;

const grantee = (name: string) => (name.toLowerCase() === 'public' ? 'PUBLIC' : quoteIdent(name));

/**
 * CREATE ROLE that a re-run, another database of the cluster holding the role already, or a role a DBA
 * created beforehand skips (then the login needs no CREATEROLE).
 */
function createRole(name: string): string {
  return `DO $do$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(name)}) THEN CREATE ROLE ${quoteIdent(name)} NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $do$`;
}

interface Grants {
  statements: string[];
  /** Permissions that have no PostgreSQL grant, in words. */
  unconverted: string[];
  denied: string[];
}

/** The grants giving `privileges` on every table (or routine) of `schemas`, now and created later. */
function schemaWide(privileges: string[], schemas: string[], to: string, option: string): string[] {
  const onTables = privileges.filter((p) => tablePrivileges.has(p));
  const execute = privileges.includes('EXECUTE');
  return schemas.flatMap((s) => {
    const schema = quoteIdent(s);
    const out = [`GRANT USAGE ON SCHEMA ${schema} TO ${to}`];
    if (onTables.length) {
      out.push(`GRANT ${onTables.join(', ')} ON ALL TABLES IN SCHEMA ${schema} TO ${to}${option}`);
      out.push(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${onTables.join(', ')} ON TABLES TO ${to}${option}`,
      );
    }
    if (execute) {
      out.push(`GRANT EXECUTE ON ALL ROUTINES IN SCHEMA ${schema} TO ${to}${option}`);
      out.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT EXECUTE ON ROUTINES TO ${to}${option}`);
    }
    return out;
  });
}

type ObjectKind = 'table' | 'routine' | 'sequence';

function objectKinds(model: SchemaModel): Map<string, ObjectKind> {
  const kinds = new Map<string, ObjectKind>();
  for (const o of [...model.tables, ...model.views]) kinds.set(qualifiedName(o), 'table');
  for (const o of model.routines) kinds.set(qualifiedName(o), 'routine');
  for (const o of model.sequences) kinds.set(qualifiedName(o), 'sequence');
  return kinds;
}

/** The GRANT of one permission on one object, or undefined when PostgreSQL has no such privilege. */
function objectGrant(
  ctx: PlanContext,
  kind: ObjectKind | undefined,
  p: Permission & { on: { kind: 'object' } },
  to: string,
  option: string,
): string | undefined {
  const name = targetName(ctx, p.on.object);
  const columns = p.on.column !== undefined ? ` (${quoteIdent(p.on.column)})` : '';
  if (kind === 'table' && tablePrivileges.has(p.permission))
    return `GRANT ${p.permission}${columns} ON TABLE ${name} TO ${to}${option}`;
  if (kind === 'routine' && p.permission === 'EXECUTE')
    return `GRANT EXECUTE ON ROUTINE ${name} TO ${to}${option}`;
  // NEXT VALUE FOR needs UPDATE on a SQL Server sequence; nextval needs USAGE or UPDATE.
  if (kind === 'sequence' && (p.permission === 'UPDATE' || p.permission === 'SELECT'))
    return `GRANT ${p.permission === 'UPDATE' ? 'USAGE, UPDATE' : 'SELECT'} ON SEQUENCE ${name} TO ${to}${option}`;
  return undefined;
}

function describe(p: Permission): string {
  const on =
    p.on.kind === 'database'
      ? 'the database'
      : p.on.kind === 'schema'
        ? `schema ${p.on.schema}`
        : `${qualifiedName(p.on.object)}${p.on.column !== undefined ? `.${p.on.column}` : ''}`;
  return `${p.permission} on ${on}`;
}

function grantsOf(
  ctx: PlanContext,
  model: SchemaModel,
  principal: string,
  permissions: Permission[],
): Grants {
  const kinds = objectKinds(model);
  const schemas = [...new Set(model.schemas.map(ctx.schemaFor))].sort();
  const to = grantee(principal);
  const out: Grants = { statements: [], unconverted: [], denied: [] };
  const usage = new Set<string>();
  for (const p of permissions) {
    if (p.state === 'deny') {
      out.denied.push(describe(p));
      continue;
    }
    const option = p.state === 'grant-with-grant-option' ? ' WITH GRANT OPTION' : '';
    const schemaWideKnown = tablePrivileges.has(p.permission) || p.permission === 'EXECUTE';
    if (p.on.kind !== 'object') {
      if (!schemaWideKnown) out.unconverted.push(describe(p));
      else
        out.statements.push(
          ...schemaWide(
            [p.permission],
            p.on.kind === 'database' ? schemas : [ctx.schemaFor(p.on.schema)],
            to,
            option,
          ),
        );
      continue;
    }
    const sql = objectGrant(
      ctx,
      kinds.get(qualifiedName(p.on.object)),
      p as Permission & { on: { kind: 'object' } },
      to,
      option,
    );
    if (!sql) {
      out.unconverted.push(describe(p));
      continue;
    }
    // SQL Server needs no permission on the schema to reach an object in it; PostgreSQL needs USAGE.
    const schema = ctx.schemaFor(p.on.object.schema);
    if (!usage.has(schema)) out.statements.push(`GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${to}`);
    usage.add(schema);
    out.statements.push(sql);
  }
  return out;
}

/** The step creating a user's or role's PostgreSQL role (a user with a login gets an action item). */
function roleStep(p: Principal): PlanStep {
  const step: PlanStep = {
    id: roleStepId(p.name),
    phase: 'post-data',
    kind: 'role',
    object: p.name,
    statements: [createRole(p.name)],
  };
  if (p.login)
    step.actionItems = [
      {
        code: 'LOGIN_ROLE',
        severity: 'medium',
        object: p.name,
        message: `database user ${p.name} is mapped to a login: it becomes the role ${p.name}, created NOLOGIN (PostgreSQL roles are shared by every database of the server, and the password stays with the source's login)`,
        suggestion: `ALTER ROLE ${quoteIdent(p.name)} LOGIN PASSWORD '...' for the users that connect, or GRANT the role to an existing login role`,
      },
    ];
  return step;
}

/** What was not granted to `name`: its DENYs, and permissions or fixed roles without an equivalent. */
function grantItems(name: string, grants: Grants, fixed: string[]): ActionItem[] {
  const items: ActionItem[] = [];
  if (grants.denied.length)
    items.push({
      code: 'PERMISSION_DENY',
      severity: 'medium',
      object: name,
      message: `DENY ${grants.denied.join(', ')} to ${name} has no PostgreSQL equivalent: PostgreSQL only grants, so the role may still get these privileges from a role it is a member of or from PUBLIC`,
      suggestion: `REVOKE them from the roles ${name} is a member of and from PUBLIC, or move ${name} out of those roles`,
    });
  const missing = [...grants.unconverted, ...fixed.map((r) => `membership of the fixed role ${r}`)];
  if (missing.length)
    items.push({
      code: 'PERMISSION_NOT_CONVERTED',
      severity: 'low',
      object: name,
      message: `${missing.join(', ')} granted to ${name} ${missing.length > 1 ? 'have' : 'has'} no PostgreSQL privilege of the same meaning and ${missing.length > 1 ? 'are' : 'is'} not granted`,
      suggestion: 'grant the PostgreSQL privileges or ownership the role needs by hand',
    });
  return items;
}

/** The step granting `name` its permissions and role memberships (after its roles exist). */
function grantStep(
  ctx: PlanContext,
  model: SchemaModel,
  name: string,
  permissions: Permission[],
  own: ReadonlySet<string>,
): PlanStep {
  const grants = grantsOf(ctx, model, name, permissions);
  const memberOf = model.principals?.find((p) => p.name === name)?.memberOf ?? [];
  const schemas = [...new Set(model.schemas.map(ctx.schemaFor))].sort();
  const fixed: string[] = [];
  for (const role of memberOf) {
    if (own.has(role)) grants.statements.push(`GRANT ${quoteIdent(role)} TO ${quoteIdent(name)}`);
    else if (fixedRoles[role])
      grants.statements.push(...schemaWide(fixedRoles[role], schemas, quoteIdent(name), ''));
    else fixed.push(role);
  }
  const items = grantItems(name, grants, fixed);
  return {
    id: `post-data:grant:${name}`,
    phase: 'post-data',
    kind: 'grant',
    object: name,
    statements: [...new Set(grants.statements)],
    requires: [name, ...memberOf].filter((r) => own.has(r)).map(roleStepId),
    ...(items.length ? { actionItems: items } : {}),
  };
}

/** The roles, memberships and grants of a target-shaped model, as post-data steps. */
export function securitySteps(
  ctx: PlanContext,
  model: SchemaModel,
): { steps: PlanStep[]; actionItems: ActionItem[] } {
  const principals: Principal[] = model.principals ?? [];
  const own = new Set(principals.map((p) => p.name));
  const byGrantee = new Map<string, Permission[]>();
  for (const p of model.permissions ?? []) byGrantee.set(p.grantee, [...(byGrantee.get(p.grantee) ?? []), p]);
  for (const p of principals) if (!byGrantee.has(p.name) && p.memberOf.length) byGrantee.set(p.name, []);
  const steps = [
    ...principals.map(roleStep),
    ...[...byGrantee].map(([name, permissions]) => grantStep(ctx, model, name, permissions, own)),
  ];
  return { steps, actionItems: steps.flatMap((s) => s.actionItems ?? []) };
}
