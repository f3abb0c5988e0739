// Schemas in the plan: every schema holding an object Ferry creates is created (not only tables'),
// and source schema names inside converted bodies follow the rules' naming (`HumanResources` ->
// `human_resources`), also for a schema that holds no table.

import { afterAll, describe, expect, it } from 'vitest';
import type { Routine, SchemaModel, View } from '@ferry/core';
import { toSnakeCase } from '@ferry/core';
import { parseBatch, parseExpression, type Statement } from '@ferry/tsql';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;

function module<T extends View | Routine>(schema: string, name: string, sql: string, extra: object): T {
  const [ir] = parseBatch(sql) as [Statement];
  return { schema, name, definition: sql, dialect: 'tsql', tree: ir, ...extra } as T;
}

function hrModel(): SchemaModel {
  return model([table('human_resources', 'employee', [col('employee_id', int), col('job_title', int)])], {
    views: [
      module<View>(
        'reporting',
        'employee_titles',
        'CREATE VIEW Reporting.EmployeeTitles AS SELECT EmployeeID, JobTitle FROM HumanResources.Employee',
        {},
      ),
    ],
    routines: [
      module<Routine>(
        'security',
        'employee_count',
        'CREATE FUNCTION Security.EmployeeCount() RETURNS int AS BEGIN RETURN (SELECT COUNT(*) FROM HumanResources.Employee) END',
        { kind: 'scalar-function' },
      ),
    ],
  });
}

describe('schemas of the plan', () => {
  let t: TestTarget | undefined;
  afterAll(async () => t?.close());

  it('creates the schema of a view and of a routine that no table shares', async () => {
    t = await newTarget();
    const plan = await t.target.plan(hrModel(), { prep: () => 'drop-and-create', sourceSchema: toSnakeCase });
    expect(plan.steps.filter((s) => s.kind === 'schema').map((s) => s.statements)).toEqual([
      ['CREATE SCHEMA IF NOT EXISTS human_resources'],
      ['CREATE SCHEMA IF NOT EXISTS reporting'],
      ['CREATE SCHEMA IF NOT EXISTS security'],
    ]);
  });

  it('creates a schema of the model that holds nothing (the selection took it whole), not one of existing tables only', async () => {
    t ??= await newTarget();
    const m = model([table('sales', 'orders', [col('id', int)])], {
      schemas: ['sales', 'power_bi', 'reports'],
    });
    await t.query('CREATE SCHEMA sales; CREATE TABLE sales.orders (id integer)');
    const plan = await t.target.plan(m, { prep: () => 'truncate' });
    expect(plan.steps.filter((s) => s.kind === 'schema').map((s) => s.object)).toEqual([
      'power_bi',
      'reports',
    ]);
    for (const step of plan.steps.filter((s) => s.phase === 'pre-data')) await t.target.apply(step);
    expect(
      await t.query(`SELECT nspname FROM pg_namespace WHERE nspname IN ('power_bi', 'reports') ORDER BY 1`),
    ).toEqual([{ nspname: 'power_bi' }, { nspname: 'reports' }]);
  });

  it('writes mixed-case source schemas inside bodies by the naming strategy, and the objects apply', async () => {
    t ??= await newTarget();
    const plan = await t.target.plan(hrModel(), { prep: () => 'drop-and-create' });
    const bodies = plan.steps
      .filter((s) => s.kind === 'view' || s.kind === 'routine')
      .flatMap((s) => s.statements);
    expect(bodies.join('\n')).not.toMatch(/HumanResources|"Reporting"|"Security"/);
    expect(bodies.join('\n')).toMatch(/human_resources\.employee/);
    for (const step of plan.steps) await t.target.apply(step);
    await t.query('INSERT INTO human_resources.employee VALUES (1, 7), (2, 8)');
    expect(await t.query('SELECT security.employee_count() AS n')).toEqual([{ n: 2 }]);
    expect(await t.query('SELECT employee_id FROM reporting.employee_titles ORDER BY 1')).toEqual([
      { employee_id: 1 },
      { employee_id: 2 },
    ]);
  });

  it('gives a NEXT VALUE FOR default the sequence of its own schema, not the table schema', async () => {
    const u = await newTarget();
    try {
      const source = 'NEXT VALUE FOR [Sequences].[CityKey]';
      const m = model(
        [
          table('dimension', 'city', [
            col('city_key', int, {
              nullable: false,
              default: { source, dialect: 'tsql', tree: parseExpression(source) },
            }),
            col('name', int),
          ]),
        ],
        {
          sequences: [
            { schema: 'sequences', name: 'city_key', type: int, start: '10', increment: '5', cycle: false },
          ],
        },
      );
      const plan = await u.target.plan(m, { prep: () => 'drop-and-create', sourceSchema: toSnakeCase });
      for (const step of plan.steps) await u.target.apply(step);
      await u.query('INSERT INTO dimension.city (name) VALUES (1), (2)');
      expect(await u.query('SELECT city_key FROM dimension.city ORDER BY 1')).toEqual([
        { city_key: 10 },
        { city_key: 15 },
      ]);
    } finally {
      await u.close();
    }
  });
});
