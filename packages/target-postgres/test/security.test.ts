// Users, roles and permissions on PostgreSQL: roles are created NOLOGIN (a user mapped to a login gets an
// action item), memberships become role grants, db_datareader gives SELECT in every migrated schema,
// GRANTs on objects, columns, schemas and routines become PostgreSQL grants, and DENY an action item.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Permission, TargetPlan } from '@ferry/core';
import { getTestPostgres } from '@ferry/test-harness/vitest';
import { col, model, newTarget, routine, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;
const suffix = process.pid;
const [clerk, readers, auditor] = [`clerk_${suffix}`, `readers_${suffix}`, `auditor_${suffix}`];
const total = routine(
  'dbo',
  'total',
  'scalar-function',
  'CREATE FUNCTION dbo.Total() RETURNS int AS BEGIN RETURN 1 END',
);
const orders = { schema: 'sales', name: 'orders' };
const permissions: Permission[] = [
  { state: 'grant', permission: 'SELECT', on: { kind: 'object', object: orders }, grantee: readers },
  {
    state: 'grant',
    permission: 'UPDATE',
    on: { kind: 'object', object: orders, column: 'note' },
    grantee: clerk,
  },
  { state: 'deny', permission: 'DELETE', on: { kind: 'object', object: orders }, grantee: clerk },
  { state: 'grant', permission: 'EXECUTE', on: { kind: 'schema', schema: 'dbo' }, grantee: clerk },
  { state: 'grant', permission: 'VIEW DEFINITION', on: { kind: 'database' }, grantee: clerk },
];

describe('users, roles and permissions', () => {
  let t: TestTarget;
  let plan: TargetPlan;
  beforeAll(async () => {
    t = await newTarget();
    plan = await t.migrate(
      model(
        [
          table('sales', 'orders', [col('id', int), col('note', int)]),
          table('hr', 'staff', [col('id', int)]),
        ],
        {
          routines: [total],
          principals: [
            { name: readers, kind: 'role', memberOf: [] },
            { name: clerk, kind: 'user', login: true, memberOf: [readers] },
            { name: auditor, kind: 'user', memberOf: ['db_datareader'] },
          ],
          permissions,
        },
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    const admin = new pg.Client({ connectionString: getTestPostgres().url });
    await admin.connect();
    for (const r of [clerk, auditor, readers]) await admin.query(`DROP ROLE IF EXISTS ${r}`);
    await admin.end();
  });

  const can = async (role: string, check: string) =>
    (await t.query<{ ok: boolean }>(`SELECT ${check.replace('$r', `'${role}'`)} AS ok`))[0]!.ok;

  it('creates every user and role NOLOGIN; a user with a login gets an action item', async () => {
    const roles = await t.query<{ rolname: string; rolcanlogin: boolean }>(
      `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
      [[clerk, readers, auditor]],
    );
    expect(roles.map((r) => r.rolcanlogin)).toEqual([false, false, false]);
    expect(plan.actionItems.filter((a) => a.code === 'LOGIN_ROLE').map((a) => a.object)).toEqual([clerk]);
  });

  it('a role that exists already is kept: the role step runs again without error', async () => {
    const step = plan.steps.find((s) => s.kind === 'role' && s.object === readers)!;
    for (const sql of step.statements) await t.query(sql);
    expect(await t.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1`, [readers])).toEqual([
      { n: 1 },
    ]);
  });

  it('a member of a role gets its grants; db_datareader reads every migrated schema', async () => {
    expect(await can(readers, `has_table_privilege($r, 'sales.orders', 'SELECT')`)).toBe(true);
    expect(await can(clerk, `has_table_privilege($r, 'sales.orders', 'SELECT')`)).toBe(true); // through readers
    expect(await can(readers, `has_table_privilege($r, 'hr.staff', 'SELECT')`)).toBe(false);
    expect(await can(auditor, `has_table_privilege($r, 'hr.staff', 'SELECT')`)).toBe(true);
    expect(await can(auditor, `has_table_privilege($r, 'sales.orders', 'INSERT')`)).toBe(false);
  });

  it('grants on a column and on a schema’s routines; DENY and permissions without equivalent are action items', async () => {
    expect(await can(clerk, `has_column_privilege($r, 'sales.orders', 'note', 'UPDATE')`)).toBe(true);
    expect(await can(clerk, `has_column_privilege($r, 'sales.orders', 'id', 'UPDATE')`)).toBe(false);
    expect(await can(clerk, `has_function_privilege($r, 'dbo.total()', 'EXECUTE')`)).toBe(true);
    expect(await can(clerk, `has_schema_privilege($r, 'dbo', 'USAGE')`)).toBe(true);
    const items = plan.actionItems.filter((a) => a.object === clerk).map((a) => [a.code, a.message]);
    expect(items).toEqual([
      ['LOGIN_ROLE', expect.any(String)],
      ['PERMISSION_DENY', expect.stringContaining('DENY DELETE on sales.orders')],
      ['PERMISSION_NOT_CONVERTED', expect.stringContaining('VIEW DEFINITION on the database')],
    ]);
  });

  it('creates roles and grants after every object, last in post-data', () => {
    const kinds = plan.steps.map((s) => s.kind);
    expect(kinds.lastIndexOf('routine')).toBeLessThan(kinds.indexOf('role'));
    expect(kinds.lastIndexOf('role')).toBeLessThan(kinds.indexOf('grant'));
  });
});
