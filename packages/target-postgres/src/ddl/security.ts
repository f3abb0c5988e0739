// Database users and roles become PostgreSQL roles (NOLOGIN: logins and passwords stay with the DBA),
// memberships become role grants, and GRANTs on objects, schemas and the database become GRANTs on the
// migrated objects. PostgreSQL has no DENY: a denied permission is an action item. Created last in
// post-data, once every object exists.

import type { ActionItem, Permission, PlanStep, Principal, SchemaModel } from '@ferry/core';
import { qualifiedName } from '@ferry/core';
import {
  pg,
  type PgGrantee,
  type PgGrantTarget,
  type PgPrivilege,
  type PgSchemaStatement,
} from '../pg/ast.js';
import { printDdl } from '../pg/print-ddl.js';
import { quoteIdent } from './identifiers.js';
import { targetPath, type PlanContext } from './plan-context.js';

type TablePrivilege = Extract<PgPrivilege, 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'REFERENCES'>;

/** Privileges PostgreSQL has on tables and views, by the SQL Server permission's name. */
const tablePrivileges: ReadonlySet<string> = new Set<TablePrivilege>([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'REFERENCES',
]);
const isTablePrivilege = (p: string): p is TablePrivilege => tablePrivileges.has(p);

/**
 * Fixed database roles a member gets table privileges from in every migrated schema; membership of
 * another fixed role (db_owner, db_ddladmin, ...) is an action item.
 */
const fixedRoles: Record<string, TablePrivilege[]> = {
  db_datareader: ['SELECT'],
  db_datawriter: ['INSERT', 'UPDATE', 'DELETE'],
};

export const roleStepId = (role: string) => `post-data:role:${role}`;

const grantee = (name: string): PgGrantee =>
  name.toLowerCase() === 'public' ? { kind: 'Public' } : { kind: 'Role', name };

interface Grants {
  statements: PgSchemaStatement[];
  /** Permissions that have no PostgreSQL grant, in words. */
  unconverted: string[];
  denied: string[];
}

/** The grants giving `privileges` on every table (or routine) of `schemas`, now and created later. */
function schemaWide(
  privileges: string[],
  schemas: string[],
  to: PgGrantee,
  withGrantOption: boolean,
): PgSchemaStatement[] {
  const onTables = privileges.filter(isTablePrivilege);
  const execute = privileges.includes('EXECUTE');
  const grant = (list: PgPrivilege[], on: PgGrantTarget) => ({
    kind: 'Grant' as const,
    privileges: list.map((privilege) => ({ privilege })),
    on,
    to,
    withGrantOption,
  });
  return schemas.flatMap((schema) => {
    const out: PgSchemaStatement[] = [
      { ...grant(['USAGE'], { kind: 'SCHEMA', schema }), withGrantOption: false },
    ];
    if (onTables.length)
      out.push(grant(onTables, { kind: 'ALL TABLES IN SCHEMA', schema }), {
        kind: 'AlterDefaultPrivileges',
        schema,
        privileges: onTables,
        on: 'TABLES',
        to,
        withGrantOption,
      });
    if (execute)
      out.push(grant(['EXECUTE'], { kind: 'ALL ROUTINES IN SCHEMA', schema }), {
        kind: 'AlterDefaultPrivileges',
        schema,
        privileges: ['EXECUTE'],
        on: 'ROUTINES',
        to,
        withGrantOption,
      });
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

/** The privileges and the object of one permission's GRANT, or undefined when PostgreSQL has no such privilege. */
function objectPrivileges(
  ctx: PlanContext,
  kind: ObjectKind | undefined,
  p: Permission & { on: { kind: 'object' } },
): Pick<Extract<PgSchemaStatement, { kind: 'Grant' }>, 'privileges' | 'on'> | undefined {
  const name = targetPath(ctx, p.on.object);
  const columns = p.on.column !== undefined ? [p.on.column] : undefined;
  if (kind === 'table' && isTablePrivilege(p.permission))
    return { privileges: [{ privilege: p.permission, columns }], on: { kind: 'TABLE', name } };
  if (kind === 'routine' && p.permission === 'EXECUTE')
    return { privileges: [{ privilege: 'EXECUTE' }], on: { kind: 'ROUTINE', name } };
  // NEXT VALUE FOR needs UPDATE on a SQL Server sequence; nextval needs USAGE or UPDATE.
  if (kind === 'sequence' && (p.permission === 'UPDATE' || p.permission === 'SELECT')) {
    const list: PgPrivilege[] = p.permission === 'UPDATE' ? ['USAGE', 'UPDATE'] : ['SELECT'];
    return { privileges: list.map((privilege) => ({ privilege })), on: { kind: 'SEQUENCE', name } };
  }
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
    const withGrantOption = p.state === 'grant-with-grant-option';
    const schemaWideKnown = tablePrivileges.has(p.permission) || p.permission === 'EXECUTE';
    if (p.on.kind !== 'object') {
      if (!schemaWideKnown) out.unconverted.push(describe(p));
      else
        out.statements.push(
          ...schemaWide(
            [p.permission],
            p.on.kind === 'database' ? schemas : [ctx.schemaFor(p.on.schema)],
            to,
            withGrantOption,
          ),
        );
      continue;
    }
    const grant = objectPrivileges(
      ctx,
      kinds.get(qualifiedName(p.on.object)),
      p as Permission & { on: { kind: 'object' } },
    );
    if (!grant) {
      out.unconverted.push(describe(p));
      continue;
    }
    // SQL Server needs no permission on the schema to reach an object in it; PostgreSQL needs USAGE.
    const schema = ctx.schemaFor(p.on.object.schema);
    if (!usage.has(schema))
      out.statements.push({
        kind: 'Grant',
        privileges: [{ privilege: 'USAGE' }],
        on: { kind: 'SCHEMA', schema },
        to,
        withGrantOption: false,
      });
    usage.add(schema);
    out.statements.push({ kind: 'Grant', ...grant, to, withGrantOption });
  }
  return out;
}

/**
 * A NOLOGIN role, created unless it exists: roles are shared by every database of the server, so a
 * re-run, another database of the cluster that created the role already, or a role a DBA created
 * beforehand skips it (then the login needs no CREATEROLE).
 */
function createRoleUnlessExists(name: string): PgSchemaStatement {
  const exists = pg.select(
    pg.selectCore([], [pg.table(['pg_roles'])], pg.binary('=', pg.name('rolname'), pg.string(name))),
  );
  return {
    kind: 'Do',
    body: [
      {
        kind: 'If',
        branches: [
          {
            condition: { kind: 'Unary', op: 'NOT', operand: { kind: 'Exists', query: exists } },
            body: [{ kind: 'CreateRole', name }],
          },
        ],
      },
    ],
    onError: [{ kind: 'Null' }],
    catches: { conditions: ['duplicate_object', 'unique_violation'] },
  };
}

/** The step creating a user's or role's PostgreSQL role (a user with a login gets an action item). */
function roleStep(p: Principal): PlanStep {
  const step: PlanStep = {
    id: roleStepId(p.name),
    phase: 'post-data',
    kind: 'role',
    object: p.name,
    statements: [printDdl(createRoleUnlessExists(p.name))],
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
    if (own.has(role)) grants.statements.push({ kind: 'GrantRole', role, to: name });
    else if (fixedRoles[role])
      grants.statements.push(...schemaWide(fixedRoles[role], schemas, { kind: 'Role', name }, false));
    else fixed.push(role);
  }
  const items = grantItems(name, grants, fixed);
  return {
    id: `post-data:grant:${name}`,
    phase: 'post-data',
    kind: 'grant',
    object: name,
    statements: [...new Set(grants.statements.map(printDdl))],
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
