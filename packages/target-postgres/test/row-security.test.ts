// Row-level security, masking, and expressions that call user functions, on PostgreSQL: a security
// policy's filter and block predicates become policies calling the converted predicate function (a role
// that is not the owner sees and writes only its rows); a masked column is an action item with a masking
// view to create; a check and a default that call a user function are created after the function.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Expression, TargetPlan } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { col, model, newTarget, routine, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;
const varchar = { kind: 'text', length: 50, unicode: false, fixed: false } as const;
const tsql = (source: string): Expression => ({ source, dialect: 'tsql', tree: parseExpression(source) });

const role = `ferry_rls_${process.pid}`;
const policy = { schema: 'security', name: 'owner_policy' };
const predicate = tsql('([Security].[OwnerOnly]([Owner]))');

describe('row-level security, masking and expressions calling user functions', () => {
  let t: TestTarget;
  let plan: TargetPlan;
  beforeAll(async () => {
    t = await newTarget();
    plan = await t.migrate(
      model(
        [
          table(
            'dbo',
            'documents',
            [
              col('id', int, { nullable: false }),
              col('owner', varchar),
              col('secret', varchar, { masking: 'partial(1, "xxxx", 0)' }),
              col('mail', varchar, { masking: 'email()' }),
              col('score', int, { masking: 'random(-1.5, 2)' }),
              col('note', varchar, { masking: 'default()' }),
              col('code', int, { default: tsql('([dbo].[DefaultCode]())') }),
            ],
            {
              checks: [{ name: 'ck_code', expression: tsql('([dbo].[Twice]([code])>(0))') }],
              securityPredicates: [
                { policy, enabled: true, kind: 'filter', predicate },
                { policy, enabled: true, kind: 'block', operation: 'after insert', predicate },
              ],
            },
          ),
          table('dbo', 'notes', [col('id', int, { nullable: false }), col('owner', varchar)], {
            securityPredicates: [
              { policy, enabled: true, kind: 'block', operation: 'after insert', predicate },
            ],
          }),
        ],
        {
          routines: [
            routine(
              'security',
              'owner_only',
              'inline-table-function',
              'CREATE FUNCTION Security.OwnerOnly(@Owner varchar(50)) RETURNS TABLE WITH SCHEMABINDING AS RETURN SELECT 1 AS ok WHERE @Owner = USER_NAME()',
            ),
            routine(
              'dbo',
              'default_code',
              'scalar-function',
              'CREATE FUNCTION dbo.DefaultCode() RETURNS int AS BEGIN RETURN 42 END',
            ),
            routine(
              'dbo',
              'twice',
              'scalar-function',
              'CREATE FUNCTION dbo.Twice(@x int) RETURNS int AS BEGIN RETURN @x * 2 END',
            ),
          ],
        },
      ),
    );
    await t.query(`DROP ROLE IF EXISTS ${role}`);
    await t.query(`CREATE ROLE ${role}`);
    await t.query(`GRANT USAGE ON SCHEMA dbo, security TO ${role}`);
    await t.query(`GRANT SELECT, INSERT ON dbo.documents, dbo.notes TO ${role}`);
    await t.query(`INSERT INTO dbo.notes VALUES (1, 'someone_else')`);
    await t.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA dbo, security TO ${role}`);
    await t.query(
      `INSERT INTO dbo.documents (id, owner, secret) VALUES (1, '${role}', 'mine'), (2, 'someone_else', 'theirs')`,
    );
  });
  afterAll(async () => {
    await t?.query(`DROP OWNED BY ${role}`);
    await t?.query(`DROP ROLE IF EXISTS ${role}`);
    await t?.close();
  });

  /** Runs statements as the role (not the table's owner), returning the last one's rows or error. */
  async function asRole(...sql: string[]): Promise<unknown> {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query(`SET ROLE ${role}`);
      let rows: unknown;
      for (const s of sql) rows = (await client.query(s)).rows;
      return rows;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await client.end();
    }
  }

  it('a filter predicate hides the rows the predicate function rejects from a role that is not the owner', async () => {
    expect(await asRole('SELECT id FROM dbo.documents ORDER BY id')).toEqual([{ id: 1 }]);
    // The owner bypasses the policies (the action item says so).
    expect(await t.query('SELECT count(*)::int AS n FROM dbo.documents')).toEqual([{ n: 2 }]);
  });

  it('a block AFTER INSERT predicate refuses inserting a row the predicate rejects', async () => {
    expect(await asRole(`INSERT INTO dbo.documents (id, owner) VALUES (3, 'someone_else')`)).toMatch(
      /violates row-level security policy/,
    );
    expect(await asRole(`INSERT INTO dbo.documents (id, owner) VALUES (4, '${role}')`)).toEqual([]);
  });

  it('a table with only block predicates gets a policy admitting every row to reads', async () => {
    expect(await asRole('SELECT id FROM dbo.notes')).toEqual([{ id: 1 }]);
    expect(await asRole(`INSERT INTO dbo.notes VALUES (2, 'someone_else')`)).toMatch(
      /violates row-level security policy/,
    );
  });

  it('creates the policies after the predicate function, with an action item about owners', () => {
    const ids = plan.steps.map((s) => s.id);
    const policyStep = plan.steps.find((s) => s.id === 'post-data:policy:dbo.documents')!;
    expect(policyStep.requires).toContain('post-data:routine:security.owner_only');
    expect(ids.indexOf(policyStep.id)).toBeGreaterThan(ids.indexOf('post-data:routine:security.owner_only'));
    expect(
      plan.actionItems.find((a) => a.object === 'dbo.documents' && a.code === 'ROW_LEVEL_SECURITY')?.message,
    ).toMatch(/owner and superusers bypass them/);
  });

  it('a check and a default calling user functions are created after those functions', async () => {
    const ids = plan.steps.map((s) => s.id);
    for (const [step, fn] of [
      ['post-data:check:dbo.documents.ck_code', 'post-data:routine:dbo.twice'],
      ['post-data:default:dbo.documents.code', 'post-data:routine:dbo.default_code'],
    ] as const)
      expect(ids.indexOf(step)).toBeGreaterThan(ids.indexOf(fn));
    await t.query(`INSERT INTO dbo.documents (id, owner) VALUES (5, 'x')`);
    expect(await t.query('SELECT code FROM dbo.documents WHERE id = 5')).toEqual([{ code: 42 }]);
    await expect(t.query(`INSERT INTO dbo.documents (id, owner, code) VALUES (6, 'x', -1)`)).rejects.toThrow(
      /ck_code/,
    );
  });

  it('a masked column is an action item suggesting a view that masks it as SQL Server did', () => {
    const item = plan.actionItems.find((a) => a.code === 'DATA_MASKING')!;
    expect(item.message).toMatch(/secret \(partial\(1, "xxxx", 0\)\)/);
    expect(item.suggestion).toContain(`left(secret, 1) || 'xxxx' || right(secret, 0) AS secret`);
    expect(item.suggestion).toContain(`left(mail, 1) || 'XXX@XXXX.com' AS mail`);
    expect(item.suggestion).toContain(`-1.5 + random() * (2 - -1.5) AS score`);
    expect(item.suggestion).toContain(
      `/* ferry: DATA_MASKING default(): a constant of the column's type */NULL AS note`,
    );
  });
});
