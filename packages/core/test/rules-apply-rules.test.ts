import { describe, expect, it } from 'vitest';
import {
  applyRules,
  ConfigError,
  emptyModel,
  rulesConfigSchema,
  selectionFilter,
  type Column,
  type RulesConfigInput,
  type SchemaModel,
  type Table,
  type TargetCapabilities,
} from '../src/index.js';
import { testTargetCapabilities } from '../src/testing/index.js';

const int = (name: string, nullable = false): Column => ({
  name,
  type: { kind: 'int32' },
  nativeType: 'int',
  nullable,
});
const text = (name: string, length: number, nullable = true): Column => ({
  name,
  type: { kind: 'text', length, unicode: true, fixed: false },
  nativeType: `nvarchar(${length})`,
  nullable,
});
const money = (name: string): Column => ({
  name,
  type: { kind: 'decimal', precision: 19, scale: 4, money: true },
  nativeType: 'money',
  nullable: true,
});
const table = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  schema: 'dbo',
  name,
  columns,
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
  ...extra,
});
const fk = (name: string, columns: string[], refTable: string, refColumns: string[]) => ({
  name,
  columns,
  references: { schema: 'dbo', name: refTable, columns: refColumns },
  onDelete: 'no action' as const,
  onUpdate: 'no action' as const,
});

/** A small Northwind-shaped model. */
function northwind(): SchemaModel {
  return {
    ...emptyModel(),
    schemas: ['dbo'],
    tables: [
      table(
        'Customers',
        [text('CustomerID', 5, false), text('CompanyName', 40, false), text('PostalCode', 10)],
        {
          primaryKey: { name: 'PK_Customers', columns: ['CustomerID'] },
          indexes: [{ name: 'PostalCode', columns: [{ name: 'PostalCode' }], unique: false }],
        },
      ),
      table(
        'Employees',
        [
          int('EmployeeID'),
          text('LastName', 20, false),
          text('HomePhone', 24),
          {
            name: 'Photo',
            type: { kind: 'binary', length: 'max', fixed: false },
            nativeType: 'image',
            nullable: true,
          },
          text('PostalCode', 10),
          int('ReportsTo', true),
        ],
        {
          primaryKey: { name: 'PK_Employees', columns: ['EmployeeID'] },
          indexes: [
            { name: 'PostalCode', columns: [{ name: 'PostalCode' }], unique: false, include: ['Photo'] },
          ],
          foreignKeys: [fk('FK_Employees_Employees', ['ReportsTo'], 'Employees', ['EmployeeID'])],
        },
      ),
      table(
        'Orders',
        [
          int('OrderID'),
          text('CustomerID', 5),
          int('EmployeeID', true),
          money('Freight'),
          {
            name: 'OrderDate',
            type: { kind: 'timestamp', precision: 3 },
            nativeType: 'datetime',
            nullable: true,
          },
        ],
        {
          primaryKey: { name: 'PK_Orders', columns: ['OrderID'] },
          foreignKeys: [
            fk('FK_Orders_Customers', ['CustomerID'], 'Customers', ['CustomerID']),
            fk('FK_Orders_Employees', ['EmployeeID'], 'Employees', ['EmployeeID']),
          ],
          checks: [{ name: 'CK_Freight', expression: { source: '([Freight]>=(0))', dialect: 'tsql' } }],
          indexes: [{ name: 'OrderDate', columns: [{ name: 'OrderDate', descending: true }], unique: false }],
        },
      ),
      table('Order Details', [int('OrderID'), int('ProductID'), money('UnitPrice')], {
        primaryKey: { name: 'PK_Order_Details', columns: ['OrderID', 'ProductID'] },
        foreignKeys: [fk('FK_Order_Details_Orders', ['OrderID'], 'Orders', ['OrderID'])],
      }),
      table('sysdiagrams', [int('diagram_id')]),
    ],
    views: [
      {
        schema: 'dbo',
        name: 'Orders Qry',
        definition: 'CREATE VIEW [Orders Qry] AS ...',
        dialect: 'tsql',
        dependsOn: [
          { schema: 'dbo', name: 'Orders' },
          { schema: 'dbo', name: 'Customers' },
        ],
      },
      {
        schema: 'dbo',
        name: 'Diagram View',
        definition: 'CREATE VIEW ...',
        dialect: 'tsql',
        dependsOn: [{ schema: 'dbo', name: 'sysdiagrams' }],
      },
    ],
    routines: [
      {
        schema: 'dbo',
        name: 'CustOrderHist',
        kind: 'procedure',
        definition: 'CREATE PROCEDURE CustOrderHist ...',
        dialect: 'tsql',
        dependsOn: [{ schema: 'dbo', name: 'Orders Qry' }],
      },
    ],
    triggers: [
      {
        schema: 'dbo',
        name: 'trgEmployeesAudit',
        table: { schema: 'dbo', name: 'Employees' },
        timing: 'after',
        events: ['update'],
        definition: 'CREATE TRIGGER ...',
        dialect: 'tsql',
      },
      {
        schema: 'dbo',
        name: 'trgDiagrams',
        table: { schema: 'dbo', name: 'sysdiagrams' },
        timing: 'after',
        events: ['insert'],
        definition: 'CREATE TRIGGER ...',
        dialect: 'tsql',
      },
    ],
    sequences: [
      {
        schema: 'dbo',
        name: 'InvoiceNumbers',
        type: { kind: 'int64' },
        start: '1',
        increment: '1',
        cycle: false,
      },
    ],
  };
}

const rules = (input: RulesConfigInput) => rulesConfigSchema.parse(input);
/** A target that declares PostgreSQL's identifier limit and name (core reads both from its capabilities). */
const postgresLike: TargetCapabilities = { ...testTargetCapabilities, product: 'PostgreSQL' };
const shape = (input: RulesConfigInput, model = northwind(), target = postgresLike) =>
  applyRules(model, rules(input), target);
const tableNamed = (m: SchemaModel, name: string) => m.tables.find((t) => t.name === name)!;

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('applyRules', () => {
  it('keeps the schemas that hold a kept object and those the selection takes whole, however empty', () => {
    const withEmpty = { ...northwind(), schemas: ['dbo', 'PowerBI', 'Reports', 'Website'] };
    const schemas = (config: Parameters<typeof shape>[0]) => {
      const r = shape(config, withEmpty);
      return [r.model.schemas, [...r.schemaNames]];
    };
    // No include: everything is selected, empty schemas too.
    expect(schemas({})).toEqual([
      ['dbo', 'power_bi', 'reports', 'website'],
      [
        ['dbo', 'dbo'],
        ['PowerBI', 'power_bi'],
        ['Reports', 'reports'],
        ['Website', 'website'],
      ],
    ]);
    // An exclude of every object of a schema leaves the schema out; one of some objects does not.
    expect(schemas({ select: ['!Reports.%', '!Website.Old%'] })[0]).toEqual(['dbo', 'power_bi', 'website']);
    // An include names the schemas it takes: dbo only, or dbo and PowerBI.
    expect(schemas({ select: ['dbo.%'] })[0]).toEqual(['dbo']);
    expect(schemas({ select: ['dbo.%', 'PowerBI.%'] })[0]).toEqual(['dbo', 'power_bi']);
  });

  it('selects with select patterns (excludes win) and maps every name through the naming strategy and schema map', () => {
    const r = shape({ select: ['dbo.%', '!dbo.sysdiagrams'], schemaMap: { dbo: 'northwind' } });
    expect(r.model.schemas).toEqual(['northwind']);
    expect(r.model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'northwind.customers',
      'northwind.employees',
      'northwind.order_details',
      'northwind.orders',
    ]);
    expect(tableNamed(r.model, 'orders').columns.map((c) => c.name)).toEqual([
      'order_id',
      'customer_id',
      'employee_id',
      'freight',
      'order_date',
    ]);
    expect(r.model.views.map((v) => v.name)).toEqual(['diagram_view', 'orders_qry']);
    expect(r.actionItems.map((i) => i.message)).toEqual([
      'index postal_code of dbo.Employees is renamed employees_postal_code: index names are unique per schema in PostgreSQL',
      'view dbo.Diagram View depends on dbo.sysdiagrams, which is not selected',
    ]);
    expect(r.model.routines.map((x) => `${x.schema}.${x.name}`)).toEqual(['northwind.cust_order_hist']);
    expect(r.model.sequences.map((x) => `${x.schema}.${x.name}`)).toEqual(['northwind.invoice_numbers']);
    expect(r.model.triggers.map((x) => [x.name, x.table])).toEqual([
      ['trg_employees_audit', { schema: 'northwind', name: 'employees' }],
    ]);
  });

  it('keeps dependencies pointing at the renamed objects and reports dependencies on unselected ones', () => {
    const r = shape({ select: ['dbo.%', '!dbo.sysdiagrams', '!dbo.Customers'] });
    expect(r.model.views.find((v) => v.name === 'orders_qry')!.dependsOn).toEqual([
      { schema: 'dbo', name: 'orders' },
    ]);
    expect(r.model.routines[0]!.dependsOn).toEqual([{ schema: 'dbo', name: 'orders_qry' }]);
    expect(r.actionItems).toContainEqual({
      code: 'RULES_MISSING_DEPENDENCY',
      severity: 'high',
      object: 'dbo.Orders Qry',
      message: 'view dbo.Orders Qry depends on dbo.Customers, which is not selected',
    });
  });

  it('maps each table to its target with read columns, prep, error policy and ranges', () => {
    const transform = (row: Record<string, unknown>) => ({ ...row, HomePhone: null }) as never;
    const r = shape({
      select: ['dbo.Employees', 'dbo.Orders'],
      load: { prep: 'truncate', onError: 'reject' },
      tables: {
        'dbo.Employees': { exclude: ['Photo'], transform, prep: 'do-nothing' },
        'dbo.Orders': {
          columns: ['OrderID', 'Freight', 'CustomerID'],
          where: "OrderDate >= '1997-01-01'",
          ranges: 4,
          onError: 'fix',
        },
      },
    });
    const [employees, orders] = r.mappings;
    expect(employees!.readColumns).toEqual([
      'EmployeeID',
      'LastName',
      'HomePhone',
      'PostalCode',
      'ReportsTo',
    ]);
    expect(employees!.columns[0]).toEqual({ source: 'EmployeeID', target: 'employee_id' });
    expect(employees!.transform).toBe(transform);
    expect([employees!.prep, employees!.onError, employees!.ranges]).toEqual(['do-nothing', 'reject', 1]);
    expect(employees!.source.name).toBe('Employees');
    expect(employees!.target).toBe(tableNamed(r.model, 'employees'));
    expect(orders!.readColumns).toEqual(['OrderID', 'Freight', 'CustomerID']);
    expect(orders!.columns).toEqual([
      { source: 'OrderID', target: 'order_id' },
      { source: 'Freight', target: 'freight' },
      { source: 'CustomerID', target: 'customer_id' },
    ]);
    expect([orders!.prep, orders!.onError, orders!.ranges, orders!.where]).toEqual([
      'truncate',
      'fix',
      4,
      "OrderDate >= '1997-01-01'",
    ]);
  });

  it('renames constraints and follows renamed tables and columns in foreign keys', () => {
    const r = shape({
      select: ['dbo.Orders', 'dbo.Order Details', 'dbo.Customers', 'dbo.Employees'],
      rules: [
        { action: 'rename', target: 'table', match: 'dbo.Orders', to: 'SalesOrders' },
        { action: 'rename', target: 'column', match: 'dbo.Orders.OrderID', to: 'id' },
      ],
    });
    const details = tableNamed(r.model, 'order_details');
    expect(details.primaryKey).toEqual({ name: 'pk_order_details', columns: ['order_id', 'product_id'] });
    expect(details.foreignKeys).toEqual([
      {
        ...fk('fk_order_details_orders', ['order_id'], 'SalesOrders', ['id']),
        references: { schema: 'dbo', name: 'SalesOrders', columns: ['id'] },
      },
    ]);
    const orders = tableNamed(r.model, 'SalesOrders');
    expect(orders.primaryKey).toEqual({ name: 'pk_orders', columns: ['id'] });
    expect(orders.checks).toEqual([
      { name: 'ck_freight', expression: { source: '([Freight]>=(0))', dialect: 'tsql' } },
    ]);
    expect(orders.indexes).toEqual([
      { name: 'order_date', columns: [{ name: 'order_date', descending: true }], unique: false },
    ]);
    expect(tableNamed(r.model, 'employees').foreignKeys[0]!.references).toEqual({
      schema: 'dbo',
      name: 'employees',
      columns: ['employee_id'],
    });
  });

  it('drops a foreign key to an unselected table, or on a column not migrated, with an action item', () => {
    const r = shape({
      select: ['dbo.Orders', 'dbo.Employees'],
      tables: { 'dbo.Orders': { exclude: ['EmployeeID'] } },
    });
    expect(tableNamed(r.model, 'orders').foreignKeys).toEqual([]);
    expect(r.actionItems.filter((i) => i.code === 'RULES_FK_DROPPED')).toEqual([
      {
        code: 'RULES_FK_DROPPED',
        severity: 'medium',
        object: 'dbo.Orders',
        message:
          'foreign key FK_Orders_Customers of dbo.Orders is not created: it references dbo.Customers, which is not selected',
      },
      {
        code: 'RULES_FK_DROPPED',
        severity: 'medium',
        object: 'dbo.Orders',
        message:
          'foreign key FK_Orders_Employees of dbo.Orders is not created: one of its columns is not migrated',
      },
    ]);
  });

  it('makes index names unique per schema, as PostgreSQL requires, and says so', () => {
    const r = shape({ select: ['dbo.Customers', 'dbo.Employees'] });
    expect(tableNamed(r.model, 'customers').indexes[0]!.name).toBe('postal_code');
    expect(tableNamed(r.model, 'employees').indexes[0]!.name).toBe('employees_postal_code');
    expect(r.actionItems).toContainEqual({
      code: 'RULES_INDEX_RENAMED',
      severity: 'low',
      object: 'dbo.Employees',
      message:
        'index postal_code of dbo.Employees is renamed employees_postal_code: index names are unique per schema in PostgreSQL',
    });
  });

  it('drops included index columns that are not migrated and a primary key whose column is removed', () => {
    const r = shape({
      select: ['dbo.Employees'],
      rules: [
        { action: 'remove-column', match: 'dbo.%.Photo' },
        { action: 'remove-column', match: 'dbo.Employees.EmployeeID' },
      ],
    });
    const employees = tableNamed(r.model, 'employees');
    expect(employees.primaryKey).toBeUndefined();
    expect(employees.indexes[0]!.include).toEqual([]);
    expect(employees.columns.map((c) => c.name)).toEqual([
      'last_name',
      'home_phone',
      'postal_code',
      'reports_to',
    ]);
    expect(r.actionItems.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        'primary key PK_Employees of dbo.Employees is not created: column EmployeeID is not migrated',
        'index PostalCode of dbo.Employees loses included columns that are not migrated',
      ]),
    );
  });

  it('applies transformation rules in order on source-matched names, then the naming strategy', () => {
    const r = shape({
      select: ['dbo.Orders', 'dbo.Customers'],
      rules: [
        { action: 'add-prefix', target: 'table', match: 'dbo.%', value: 'Legacy' },
        { action: 'convert-uppercase', target: 'column', match: 'dbo.Customers.%' },
        { action: 'remove-suffix', target: 'column', match: 'dbo.Orders.%ID', value: 'ID' },
        { action: 'add-suffix', target: 'schema', match: 'dbo', value: 'Archive' },
      ],
    });
    expect(r.model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'dbo_archive.legacy_customers',
      'dbo_archive.legacy_orders',
    ]);
    expect(tableNamed(r.model, 'legacy_customers').columns.map((c) => c.name)).toEqual([
      'CUSTOMERID',
      'COMPANYNAME',
      'POSTALCODE',
    ]);
    expect(tableNamed(r.model, 'legacy_orders').columns.map((c) => c.name)).toEqual([
      'order',
      'customer',
      'employee',
      'freight',
      'order_date',
    ]);
  });

  it('replaces a prefix or suffix only where the name has it (from -> to)', () => {
    const r = shape({
      select: ['dbo.Orders', 'dbo.Customers'],
      naming: 'preserve',
      rules: [
        { action: 'replace-prefix', target: 'table', match: 'dbo.%', from: 'Cust', to: 'Client' },
        { action: 'replace-suffix', target: 'column', match: 'dbo.Orders.%', from: 'ID', to: '_key' },
      ],
    });
    expect(r.model.tables.map((t) => t.name)).toEqual(['Clientomers', 'Orders']);
    expect(tableNamed(r.model, 'Orders').columns.map((c) => c.name)).toEqual([
      'Order_key',
      'Customer_key',
      'Employee_key',
      'Freight',
      'OrderDate',
    ]);
  });

  it('takes names from per-table rename and schemaMap verbatim; preserve keeps source names', () => {
    const r = shape({
      naming: 'preserve',
      select: ['dbo.Orders'],
      schemaMap: { '%': 'Sales' },
      tables: { 'dbo.Orders': { rename: 'Order History' } },
    });
    expect(r.model.tables.map((t) => [t.schema, t.name])).toEqual([['Sales', 'Order History']]);
    expect(r.model.tables[0]!.columns[0]!.name).toBe('OrderID');
  });

  it('sets target types from native-type and column overrides and change-data-type rules', () => {
    const r = shape({
      select: ['dbo.Orders', 'dbo.Order Details'],
      types: {
        money: 'numeric(19,4)',
        'nvarchar(5)': 'char(5)',
        'dbo.Order Details.UnitPrice': 'numeric(10,2)',
      },
      rules: [{ action: 'change-data-type', match: 'dbo.Orders.OrderDate', type: 'timestamp(3)' }],
    });
    const types = (t: string) =>
      Object.fromEntries(tableNamed(r.model, t).columns.map((c) => [c.name, c.targetType]));
    expect(types('orders')).toEqual({
      order_id: undefined,
      customer_id: 'char(5)',
      employee_id: undefined,
      freight: 'numeric(19,4)',
      order_date: 'timestamp(3)',
    });
    expect(types('order_details')).toEqual({
      order_id: undefined,
      product_id: undefined,
      unit_price: 'numeric(10,2)',
    });
    expect(tableNamed(r.model, 'orders').columns[3]!.type).toEqual({
      kind: 'decimal',
      precision: 19,
      scale: 4,
      money: true,
    });
  });

  it('adds constant columns at the end of the mapping', () => {
    const r = shape({
      select: ['dbo.Order Details'],
      rules: [
        {
          action: 'add-column',
          match: 'dbo.%',
          column: 'source_system',
          type: { kind: 'text', length: 20, unicode: false, fixed: false },
          value: 'northwind',
        },
      ],
    });
    expect(r.mappings[0]!.columns.at(-1)).toEqual({ target: 'source_system', constant: 'northwind' });
    expect(r.mappings[0]!.readColumns).toEqual(['OrderID', 'ProductID', 'UnitPrice']);
    expect(r.model.tables[0]!.columns.at(-1)).toEqual({
      name: 'source_system',
      type: { kind: 'text', length: 20, unicode: false, fixed: false },
      nativeType: 'text(20)',
      nullable: true,
    });
  });

  it('applies compiled DMS table mappings like the typed rules', () => {
    const r = shape({
      naming: 'preserve',
      dmsTableMappings: {
        rules: [
          {
            'rule-type': 'selection',
            'rule-id': '1',
            'rule-name': '1',
            'object-locator': { 'schema-name': 'dbo', 'table-name': 'Order%' },
            'rule-action': 'include',
          },
          {
            'rule-type': 'selection',
            'rule-id': '2',
            'rule-name': '2',
            'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
            'rule-action': 'exclude',
          },
          {
            'rule-type': 'transformation',
            'rule-id': '3',
            'rule-name': '3',
            'rule-action': 'convert-lowercase',
            'rule-target': 'table',
            'object-locator': { 'schema-name': 'dbo', 'table-name': '%' },
          },
          {
            'rule-type': 'transformation',
            'rule-id': '4',
            'rule-name': '4',
            'rule-action': 'rename',
            'rule-target': 'schema',
            'object-locator': { 'schema-name': 'dbo' },
            value: 'sales',
          },
        ],
      },
    });
    expect(r.model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['sales.order details']);
    expect(r.model.tables[0]!.foreignKeys).toEqual([]);
  });

  it('does not check table options of tables the selection leaves out (a filtered introspection omits them)', () => {
    const r = shape({ select: ['dbo.Orders'], tables: { 'dbo.Archive': { prep: 'truncate' } } });
    expect(r.model.tables.map((t) => t.name)).toEqual(['orders']);
  });

  it('rejects config entries that name objects the source does not have', () => {
    const e = configError(() =>
      shape({
        tables: { 'dbo.orders': { ranges: 2 }, 'dbo.Employees': { exclude: ['Fax'] } },
        schemaMap: { sales: 'x' },
        types: { 'dbo.Orders.Frieght': 'numeric' },
      }),
    );
    expect(e.issues).toEqual([
      'tables.dbo.orders: no table dbo.orders in the source (did you mean dbo.Orders?)',
      'schemaMap.sales: no schema sales in the source',
      'tables.dbo.Employees.exclude: no column "Fax" in dbo.Employees (it has EmployeeID, LastName, HomePhone, Photo, PostalCode, ReportsTo)',
      'types.dbo.Orders.Frieght: matches no selected column',
    ]);
  });

  it('gives names that collide after the naming strategy a deterministic suffix and an action item each', () => {
    const model = {
      ...emptyModel(),
      schemas: ['dbo'],
      tables: [
        table('OrderLines', [int('OrderID'), int('Order_ID'), int('orderId')]),
        table('Order Lines', [int('x')]),
      ],
    };
    const out = shape({}, model);
    expect(out.model.tables.map((t) => t.name)).toEqual(['order_lines', 'order_lines_2']);
    const lines = tableNamed(out.model, 'order_lines');
    expect(lines.columns.map((c) => [c.name, c.sourceName])).toEqual([
      ['order_id', 'OrderID'],
      ['order_id_2', 'Order_ID'],
      ['order_id_3', 'orderId'],
    ]);
    expect(out.mappings[0]!.columns.map((c) => c.target)).toEqual(['order_id', 'order_id_2', 'order_id_3']);
    expect(out.actionItems.filter((a) => a.code === 'NAME_COLLISION_SUFFIXED').map((a) => a.message)).toEqual(
      [
        'column dbo.OrderLines.OrderID and column dbo.OrderLines.Order_ID both become dbo.order_lines.order_id; column dbo.OrderLines.Order_ID is named order_id_2',
        'column dbo.OrderLines.OrderID and column dbo.OrderLines.orderId both become dbo.order_lines.order_id; column dbo.OrderLines.orderId is named order_id_3',
        'table dbo.OrderLines and table dbo.Order Lines both become dbo.order_lines; table dbo.Order Lines is named order_lines_2',
      ],
    );
  });

  it('suffixes the column hidden at the source when it collides with a visible one, so that * keeps its names', () => {
    const model = {
      ...emptyModel(),
      schemas: ['dbo'],
      tables: [table('Edge', [{ ...int('from_id_AB'), hidden: true }, int('$from_id_AB')])],
    };
    const out = shape({}, model);
    expect(tableNamed(out.model, 'edge').columns.map((c) => [c.sourceName, c.name])).toEqual([
      ['from_id_AB', 'from_id_ab_2'],
      ['$from_id_AB', 'from_id_ab'],
    ]);
  });

  it("with naming.onCollision 'fail', rejects names that collide after the naming strategy, naming both sources", () => {
    const model = {
      ...emptyModel(),
      schemas: ['dbo'],
      tables: [
        table('OrderLines', [int('OrderID'), int('Order_ID'), int('orderId')]),
        table('Order Lines', [int('x')]),
      ],
    };
    const e = configError(() => shape({ naming: { onCollision: 'fail' } }, model));
    expect(e.message.split('\n')[0]).toBe('Target names are not valid PostgreSQL identifiers');
    expect(e.issues).toEqual([
      'column dbo.OrderLines.OrderID and column dbo.OrderLines.Order_ID both become dbo.order_lines.order_id',
      'column dbo.OrderLines.OrderID and column dbo.OrderLines.orderId both become dbo.order_lines.order_id',
      'table dbo.OrderLines and table dbo.Order Lines both become dbo.order_lines',
    ]);
  });

  it('rejects target names over 63 UTF-8 bytes instead of truncating them', () => {
    const long = 'Überweisungsbestätigungsnachrichtenprotokolleinträge_für_Geschäftskunden';
    const model = { ...emptyModel(), schemas: ['dbo'], tables: [table('Payments', [int(long)])] };
    const e = configError(() => shape({ naming: 'preserve' }, model));
    expect(e.issues).toEqual([
      `column dbo.Payments.${long}: target name "${long}" is ${Buffer.byteLength(long)} bytes, over PostgreSQL's 63-byte limit`,
    ]);
    expect(Buffer.byteLength(long)).toBeGreaterThan(63);
  });
});

describe('generated names over 63 bytes', () => {
  it('shortens constraint and index names with a hash, reporting it, and rejects a long schema name', () => {
    const longIndex = 'IX_Payments_CustomerAccountNumber_InvoiceDate_PaymentMethod_Currency';
    const model = {
      ...emptyModel(),
      schemas: ['dbo'],
      tables: [
        table('Payments', [int('ID')], {
          indexes: [{ name: longIndex, columns: [{ name: 'ID' }], unique: false }],
        }),
      ],
    };
    const r = shape({ naming: 'preserve' }, model);
    const name = r.model.tables[0]!.indexes[0]!.name;
    expect(name).toMatch(/^IX_Payments_CustomerAccountNumber_InvoiceDate_PaymentM_[0-9a-f]{8}$/);
    expect(Buffer.byteLength(name)).toBe(63);
    expect(r.actionItems).toEqual([
      {
        code: 'RULES_NAME_SHORTENED',
        severity: 'low',
        object: 'dbo.Payments',
        message: `index ${longIndex} of dbo.Payments is named ${name}: ${longIndex} is over PostgreSQL's 63-byte limit`,
      },
    ]);
    const longSchema = 'a_schema_name_that_is_far_too_long_for_postgresql_identifiers_xy';
    const e = configError(() => shape({ schemaMap: { dbo: longSchema } }, model));
    expect(e.issues).toEqual([
      `schema dbo: target name "${longSchema}" is 64 bytes, over PostgreSQL's 63-byte limit`,
    ]);
  });
});

describe("the target's declared identifier limit", () => {
  it('shortens and refuses names by the limit and names the target the capabilities declare', () => {
    const narrow: TargetCapabilities = {
      ...testTargetCapabilities,
      product: 'NarrowDB',
      identifierMaxBytes: 20,
    };
    const model = {
      ...emptyModel(),
      schemas: ['dbo'],
      tables: [
        table('Payments', [int('ID')], {
          indexes: [{ name: 'IX_Payments_CustomerAccount', columns: [{ name: 'ID' }], unique: false }],
        }),
      ],
    };
    const r = shape({ naming: 'preserve' }, model, narrow);
    const name = r.model.tables[0]!.indexes[0]!.name;
    expect(name).toMatch(/^IX_Payments_[0-9a-f]{8}$/);
    expect(r.actionItems.map((a) => a.message)).toEqual([
      `index IX_Payments_CustomerAccount of dbo.Payments is named ${name}: IX_Payments_CustomerAccount is over NarrowDB's 20-byte limit`,
    ]);
    const wide = { ...model, tables: [table('PaymentsOfAllCustomers', [int('ID')])] };
    const e = configError(() => shape({ naming: 'preserve' }, wide, narrow));
    expect(e.message.split('\n')[0]).toBe('Target names are not valid NarrowDB identifiers');
    expect(e.issues).toEqual([
      'table dbo.PaymentsOfAllCustomers: target name "PaymentsOfAllCustomers" is 22 bytes, over NarrowDB\'s 20-byte limit',
    ]);
  });
});

describe("the target's declared reserved words and case folding", () => {
  // A made-up target: it folds unquoted names to upper case and reserves ORDER and USER.
  const upperDb: TargetCapabilities = {
    product: 'UpperDB',
    identifierMaxBytes: 30,
    reservedWords: new Set(['order', 'user']),
    caseFolding: 'upper',
    transactionalDdl: false,
  };
  const model = {
    ...emptyModel(),
    schemas: ['dbo'],
    tables: [table('Order', [int('User'), int('Name')])],
  };
  const names = (m: SchemaModel) => m.tables.flatMap((t) => [t.name, ...t.columns.map((c) => c.name)]);

  it('fold writes names as the target folds them; reserved words are kept (quoted) by default', () => {
    const r = shape({ naming: 'fold' }, model, upperDb);
    expect(names(r.model)).toEqual(['ORDER', 'USER', 'NAME']);
    expect(r.actionItems).toEqual([]);
    const lower = shape({ naming: 'fold' }, model, { ...upperDb, caseFolding: 'lower' });
    expect(names(lower.model)).toEqual(['order', 'user', 'name']);
  });
  it("reservedWords 'rename' suffixes a reserved word with _ and reports it, naming the target", () => {
    const r = shape({ naming: { strategy: 'fold', reservedWords: 'rename' } }, model, upperDb);
    expect(names(r.model)).toEqual(['ORDER_', 'USER_', 'NAME']);
    expect(r.actionItems.map((a) => [a.code, a.message])).toEqual([
      ['RULES_RESERVED_WORD_RENAMED', 'table dbo.Order is named ORDER_: ORDER is a reserved word in UpperDB'],
      [
        'RULES_RESERVED_WORD_RENAMED',
        'column dbo.Order.User is named USER_: USER is a reserved word in UpperDB',
      ],
    ]);
    expect(r.mappings[0]!.columns.map((c) => c.target)).toEqual(['USER_', 'NAME']);
  });
  it("reservedWords 'rename' renames a schema named by a reserved word, with everything in it", () => {
    const inUser = {
      ...emptyModel(),
      schemas: ['User'],
      tables: [{ ...table('Name', [int('Id')]), schema: 'User' }],
    };
    const r = shape({ naming: { strategy: 'fold', reservedWords: 'rename' } }, inUser, upperDb);
    expect(r.model.tables.map((t) => [t.schema, t.name])).toEqual([['USER_', 'NAME']]);
    expect(r.model.schemas).toEqual(['USER_']);
    expect(r.sourceSchema('User')).toBe('USER_');
    expect(r.actionItems.map((a) => [a.code, a.message])).toEqual([
      ['RULES_RESERVED_WORD_RENAMED', 'schema User is named USER_: USER is a reserved word in UpperDB'],
    ]);
    expect(shape({ naming: 'fold' }, inUser, upperDb).model.tables[0]!.schema).toBe('USER');
  });
  it("reservedWords 'rename' renames a routine named by a reserved word and keeps its source name for callers", () => {
    const routine = {
      schema: 'dbo',
      name: 'User',
      kind: 'procedure' as const,
      definition: '',
      dialect: 'tsql',
    };
    const withRoutine = { ...model, routines: [routine, { ...routine, name: 'Name' }] };
    const r = shape({ naming: { strategy: 'fold', reservedWords: 'rename' } }, withRoutine, upperDb);
    expect(r.model.routines.map((x) => [x.name, x.sourceName])).toEqual([
      ['NAME', undefined],
      ['USER_', 'User'],
    ]);
    expect(shape({ naming: 'fold' }, withRoutine, upperDb).model.routines.map((x) => x.sourceName)).toEqual([
      undefined,
      undefined,
    ]);
  });
  it("reservedWords 'rename' renames a sequence or type named by a reserved word and keeps its source name for code", () => {
    const withObjects = {
      ...model,
      sequences: [
        {
          schema: 'dbo',
          name: 'User',
          type: { kind: 'int32' as const },
          start: '1',
          increment: '1',
          cycle: false,
        },
      ],
      userTypes: [
        // A type shares the relations' names (as in PostgreSQL): the table dbo.Order is ORDER_ already.
        { schema: 'dbo', name: 'Order', kind: 'alias' as const, type: { kind: 'int32' as const } },
        { schema: 'dbo', name: 'Name', kind: 'alias' as const, type: { kind: 'int32' as const } },
      ],
    };
    const r = shape({ naming: { strategy: 'fold', reservedWords: 'rename' } }, withObjects, upperDb);
    expect(r.model.sequences.map((x) => [x.name, x.sourceName])).toEqual([['USER_', 'User']]);
    expect(r.model.userTypes.map((x) => [x.name, x.sourceName])).toEqual([
      ['NAME', undefined],
      ['ORDER__2', 'Order'],
    ]);
  });
  it('a name the target would fold to another case is not a reserved word: it is quoted for its case', () => {
    const r = shape({ naming: { strategy: 'preserve', reservedWords: 'rename' } }, model, upperDb);
    expect(names(r.model)).toEqual(['Order', 'User', 'Name']);
    const none = shape({ naming: { strategy: 'preserve', reservedWords: 'rename' } }, model, {
      ...upperDb,
      caseFolding: 'none',
    });
    expect(names(none.model)).toEqual(['Order_', 'User_', 'Name']);
  });
});

describe('selectionFilter', () => {
  it('selects everything without include rules; any exclude wins over includes', () => {
    const all = selectionFilter(rules({}));
    expect(all({ schema: 'hr', name: 'x' })).toBe(true);
    const f = selectionFilter(
      rules({
        select: ['dbo.%', 'hr.Emp%', '!dbo.sys%'],
        rules: [{ action: 'exclude', match: 'hr.EmpAudit' }],
      }),
    );
    expect(f({ schema: 'dbo', name: 'Orders' })).toBe(true);
    expect(f({ schema: 'dbo', name: 'sysdiagrams' })).toBe(false);
    expect(f({ schema: 'hr', name: 'Employees' })).toBe(true);
    expect(f({ schema: 'hr', name: 'EmpAudit' })).toBe(false);
    expect(f({ schema: 'hr', name: 'Salaries' })).toBe(false);
  });
});
