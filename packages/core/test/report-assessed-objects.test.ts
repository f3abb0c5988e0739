import { describe, expect, it } from 'vitest';
import { emptyModel, type Table } from '../src/model/schema-model.js';
import type { PlanStep } from '../src/plugins/endpoint.js';
import { assessedObjects } from '../src/report/assessed-objects.js';
import type { VerifiedObject } from '../src/run/verify-schema.js';

const table = (schema: string, name: string): Table => ({
  schema,
  name,
  columns: [{ name: 'id', type: { kind: 'int32' }, nativeType: 'int', nullable: false }],
  primaryKey: { name: 'PK_x', columns: ['id'] },
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
});

const step = (
  phase: PlanStep['phase'],
  kind: string,
  object: string,
  statements = ['SELECT 1'],
): PlanStep => ({
  id: `${phase}:${kind}:${object}`,
  phase,
  kind,
  object,
  statements,
});

describe('assessedObjects', () => {
  const model = emptyModel();
  model.tables = [table('dbo', 'Orders'), table('dbo', 'OrdersArchive')];
  model.views = [
    { schema: 'dbo', name: 'V', definition: 'CREATE VIEW dbo.V AS SELECT 1 AS one', dialect: 'tsql' },
  ];
  model.userTypes = [{ schema: 'dbo', name: 'Lines', kind: 'table', columns: [] }];
  const steps = [
    step('pre-data', 'table', 'app.orders'),
    step('pre-data', 'table', 'app.orders_archive'),
    step('post-data', 'primary-key', 'app.orders.pk_x'),
    step('post-data', 'primary-key', 'app.orders_archive.pk_x'),
    step('post-data', 'view', 'app.v'),
    step('pre-data', 'user-type', 'app.lines', []),
  ];
  const targetNames = new Map([
    ['dbo.Orders', { schema: 'dbo', name: 'orders' }],
    ['dbo.OrdersArchive', { schema: 'dbo', name: 'orders_archive' }],
    ['dbo.V', { schema: 'dbo', name: 'v' }],
    ['dbo.Lines', { schema: 'dbo', name: 'lines' }],
  ]);
  const verified = (status: VerifiedObject['status'], error?: string) =>
    ({
      kind: 'x',
      object: 'x',
      file: 'x',
      status,
      unresolved: [],
      ...(error ? { error } : {}),
    }) as VerifiedObject;
  const objects = assessedObjects({
    model,
    targetNames,
    place: (o) => ({ schema: 'app', name: o.name }),
    steps,
    actionItems: [{ code: 'TSQL_X', severity: 'low', object: 'view dbo.V', message: 'm', line: 1 }],
    verification: {
      on: 'postgres',
      objects: [
        verified('applies'),
        verified('applies'),
        verified('applies'),
        verified('fails', 'relation does not exist'),
        verified('applies-with-action-items'),
        verified('not-converted'),
      ],
      byKind: [],
      failures: [],
      actionItems: [],
    },
  });
  const byName = (name: string) => objects.find((o) => o.name === name)!;

  it('gives each object the files of the steps on its placed name (the longest prefix wins), named as `ferry convert` names them', () => {
    expect(byName('dbo.Orders').target).toBe('app.orders');
    expect(byName('dbo.Orders').files.map((f) => f.file)).toEqual([
      '001-pre-data-table-app.orders.sql',
      '003-post-data-primary-key-app.orders.pk_x.sql',
    ]);
    expect(byName('dbo.OrdersArchive').files.map((f) => f.file)).toEqual([
      '002-pre-data-table-app.orders_archive.sql',
      '004-post-data-primary-key-app.orders_archive.pk_x.sql',
    ]);
    expect(byName('dbo.Orders').files[0]!.sql).toBe('-- pre-data table app.orders\nSELECT 1;\n');
  });

  it('says what PostgreSQL said of the object: fails if any file fails, not converted when nothing was', () => {
    expect(objects.map((o) => [o.name, o.category, o.verified])).toEqual([
      ['dbo.Orders', 'converted', 'applies'],
      ['dbo.OrdersArchive', 'converted', 'fails'],
      ['dbo.V', 'with-warnings', 'applies-with-action-items'],
      ['dbo.Lines', 'converted', 'not-converted'],
    ]);
    expect(byName('dbo.OrdersArchive').files[1]!.error).toBe('relation does not exist');
  });

  it('gives a step to the object of its kind among objects of the same name (a view and a function may share one)', () => {
    const shared = emptyModel();
    shared.views = [
      { schema: 'dbo', name: 'Sales by Category', definition: 'CREATE VIEW ...', dialect: 'tsql' },
    ];
    shared.routines = [
      {
        schema: 'dbo',
        name: 'SalesByCategory',
        kind: 'procedure',
        definition: 'CREATE PROCEDURE ...',
        dialect: 'tsql',
      },
    ];
    const same = { schema: 'dbo', name: 'sales_by_category' };
    const found = assessedObjects({
      model: shared,
      targetNames: new Map([
        ['dbo.Sales by Category', same],
        ['dbo.SalesByCategory', same],
      ]),
      steps: [
        step('post-data', 'view', 'dbo.sales_by_category'),
        step('post-data', 'routine', 'dbo.sales_by_category'),
      ],
      actionItems: [],
    });
    expect(found.map((o) => [o.name, o.files.map((f) => f.kind)])).toEqual([
      ['dbo.Sales by Category', ['view']],
      ['dbo.SalesByCategory', ['routine']],
    ]);
  });

  it('keeps the source text: a module its definition, a table its introspected shape', () => {
    expect(byName('dbo.V').source).toBe('CREATE VIEW dbo.V AS SELECT 1 AS one');
    expect(byName('dbo.V').actionItems).toEqual([0]);
    expect(byName('dbo.Orders').source).toBe(
      'table dbo.Orders (introspected)\n  id int NOT NULL\n  PRIMARY KEY PK_x (id)',
    );
  });

  it('lists the schemas, users and roles with their schema, role and grant steps and their action items', () => {
    const secured = emptyModel();
    secured.schemas = ['Sales', 'Reports'];
    secured.tables = [table('Sales', 'Orders')];
    secured.principals = [
      { name: 'AppUser', kind: 'user', login: true, memberOf: ['Clerks'] },
      { name: 'Clerks', kind: 'role', memberOf: [] },
    ];
    secured.permissions = [
      { state: 'grant', permission: 'SELECT', on: { kind: 'schema', schema: 'Sales' }, grantee: 'Clerks' },
    ];
    const found = assessedObjects({
      model: secured,
      targetNames: new Map([['Sales.Orders', { schema: 'sales', name: 'orders' }]]),
      principalNames: new Map([
        ['AppUser', 'app_user'],
        ['Clerks', 'clerks'],
      ]),
      steps: [
        step('pre-data', 'schema', 'sales'),
        step('pre-data', 'table', 'sales.orders'),
        step('post-data', 'role', 'app_user'),
        step('post-data', 'role', 'clerks'),
        step('post-data', 'grant', 'app_user'),
        step('post-data', 'grant', 'clerks'),
      ],
      actionItems: [{ code: 'LOGIN_ROLE', severity: 'medium', object: 'app_user', message: 'm' }],
    });
    expect(
      found.map((o) => [o.kind, o.schema, o.name, o.target, o.category, o.files.map((f) => f.kind)]),
    ).toEqual([
      ['table', 'Sales', 'Sales.Orders', 'sales.orders', 'converted', ['table']],
      ['schema', 'Sales', 'Sales', 'sales', 'converted', ['schema']],
      ['schema', 'Reports', 'Reports', undefined, 'converted', []],
      ['user', '', 'AppUser', 'app_user', 'with-warnings', ['role', 'grant']],
      ['role', '', 'Clerks', 'clerks', 'converted', ['role', 'grant']],
    ]);
    expect(found[3]!.source).toBe('user AppUser (mapped to a login)\n  member of Clerks');
    expect(found[4]!.source).toBe('role Clerks\n  GRANT SELECT ON SCHEMA Sales');
  });

  it('a schema kept with nothing in it has its target and owns its schema step; one not kept has neither', () => {
    const m = emptyModel();
    m.schemas = ['Sales', 'Reports', 'Archive'];
    m.tables = [table('Sales', 'Orders')];
    const found = assessedObjects({
      model: m,
      targetNames: new Map([['Sales.Orders', { schema: 'sales', name: 'orders' }]]),
      schemaNames: new Map([
        ['Sales', 'sales'],
        ['Reports', 'reports'],
      ]),
      place: (o) => ({ schema: `app_${o.schema}`, name: o.name }),
      steps: [
        step('pre-data', 'schema', 'app_reports'),
        step('pre-data', 'schema', 'app_sales'),
        step('pre-data', 'table', 'app_sales.orders'),
      ],
      actionItems: [],
    });
    expect(found.map((o) => [o.kind, o.name, o.target, o.files.map((f) => f.file)])).toEqual([
      ['table', 'Sales.Orders', 'app_sales.orders', ['003-pre-data-table-app_sales.orders.sql']],
      ['schema', 'Sales', 'app_sales', ['002-pre-data-schema-app_sales.sql']],
      ['schema', 'Reports', 'app_reports', ['001-pre-data-schema-app_reports.sql']],
      ['schema', 'Archive', undefined, []],
    ]);
  });
});
