import { describe, expect, it } from 'vitest';
import { createBatchMapper } from '../src/pipeline/row-mapper.js';
import {
  applyRules,
  compileDmsTableMappings,
  ConfigError,
  emptyModel,
  rulesConfigSchema,
  type Column,
  type RulesConfigInput,
  type SchemaModel,
} from '../src/index.js';
import { testTargetCapabilities } from '../src/testing/index.js';

const sel = (id: number, action: string, schema: string, table: string) => ({
  'rule-type': 'selection',
  'rule-id': String(id),
  'rule-name': `r${id}`,
  'object-locator': { 'schema-name': schema, 'table-name': table },
  'rule-action': action,
});
const tr = (
  id: number,
  action: string,
  target: string,
  locator: Record<string, string>,
  extra: Record<string, unknown> = {},
) => ({
  'rule-type': 'transformation',
  'rule-id': String(id),
  'rule-name': `r${id}`,
  'rule-action': action,
  'rule-target': target,
  'object-locator': locator,
  ...extra,
});

function errors(rules: unknown[]): string[] {
  try {
    compileDmsTableMappings({ rules });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('compileDmsTableMappings', () => {
  it('compiles selection rules: include, exclude and explicit (an exact include)', () => {
    expect(
      compileDmsTableMappings({
        rules: [
          sel(1, 'include', 'Test', '%'),
          sel(2, 'exclude', 'Test', 'DMS%'),
          sel(3, 'explicit', 'New_Cust', 'Customer'),
        ],
      }),
    ).toEqual([
      { id: '1', action: 'include', match: { schema: 'Test', table: '%' } },
      { id: '2', action: 'exclude', match: { schema: 'Test', table: 'DMS%' } },
      { id: '3', action: 'include', match: { schema: 'New[_]Cust', table: 'Customer' } },
    ]);
  });

  it('compiles the name transformations on schema, table and column', () => {
    const rules = compileDmsTableMappings({
      rules: [
        tr(1, 'rename', 'schema', { 'schema-name': 'dbo' }, { value: 'northwind' }),
        tr(
          2,
          'rename',
          'table',
          { 'schema-name': 'dbo', 'table-name': 'Order Details' },
          { value: 'order_lines' },
        ),
        tr(
          3,
          'rename',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': 'ShipVia' },
          { value: 'shipper_id' },
        ),
        tr(4, 'convert-lowercase', 'table', { 'schema-name': 'dbo', 'table-name': '%' }),
        tr(5, 'convert-uppercase', 'column', { 'schema-name': '%', 'table-name': '%', 'column-name': '%' }),
        tr(6, 'add-prefix', 'table', { 'schema-name': 'dbo', 'table-name': '%' }, { value: 'DMS_' }),
        tr(7, 'remove-prefix', 'table', { 'schema-name': 'dbo', 'table-name': 'tbl%' }, { value: 'tbl' }),
        tr(8, 'add-suffix', 'schema', { 'schema-name': 'dbo' }, { value: '_old' }),
        tr(9, 'remove-suffix', 'table', { 'schema-name': 'dbo', 'table-name': '%' }, { value: '_DMS' }),
      ],
    });
    expect(rules).toEqual([
      { id: '1', action: 'rename', target: 'schema', match: { schema: 'dbo' }, value: 'northwind' },
      {
        id: '2',
        action: 'rename',
        target: 'table',
        match: { schema: 'dbo', table: 'Order Details' },
        value: 'order_lines',
      },
      {
        id: '3',
        action: 'rename',
        target: 'column',
        match: { schema: 'dbo', table: 'Orders', column: 'ShipVia' },
        value: 'shipper_id',
      },
      { id: '4', action: 'convert-lowercase', target: 'table', match: { schema: 'dbo', table: '%' } },
      {
        id: '5',
        action: 'convert-uppercase',
        target: 'column',
        match: { schema: '%', table: '%', column: '%' },
      },
      { id: '6', action: 'add-prefix', target: 'table', match: { schema: 'dbo', table: '%' }, value: 'DMS_' },
      {
        id: '7',
        action: 'remove-prefix',
        target: 'table',
        match: { schema: 'dbo', table: 'tbl%' },
        value: 'tbl',
      },
      { id: '8', action: 'add-suffix', target: 'schema', match: { schema: 'dbo' }, value: '_old' },
      {
        id: '9',
        action: 'remove-suffix',
        target: 'table',
        match: { schema: 'dbo', table: '%' },
        value: '_DMS',
      },
    ]);
  });

  it('compiles remove-column, change-data-type and add-column with a literal constant', () => {
    const rules = compileDmsTableMappings({
      rules: [
        tr(1, 'remove-column', 'column', {
          'schema-name': 'dbo',
          'table-name': 'Employees',
          'column-name': 'Photo%',
        }),
        tr(
          2,
          'change-data-type',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': 'Freight' },
          {
            'data-type': { type: 'numeric', precision: 12, scale: 2 },
          },
        ),
        tr(
          3,
          'change-data-type',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'dms', 'column-name': 'SALE_AMOUNT' },
          {
            'data-type': { type: 'int8' },
          },
        ),
        tr(
          4,
          'add-column',
          'column',
          { 'schema-name': 'dbo', 'table-name': '%' },
          {
            value: 'source_system',
            expression: "'north''wind'",
            'data-type': { type: 'string', length: 20 },
          },
        ),
        tr(
          5,
          'add-column',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'Orders' },
          {
            value: 'batch',
            expression: '-12',
            'data-type': { type: 'int4' },
          },
        ),
        tr(
          6,
          'add-column',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'Orders' },
          {
            value: 'last_updated',
            'data-type': { type: 'datetime', precision: 6 },
          },
        ),
        tr(
          7,
          'add-column',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'Orders' },
          {
            value: 'rate',
            expression: '1.5',
            'data-type': { type: 'numeric', precision: 5, scale: 3 },
          },
        ),
      ],
    });
    expect(rules).toEqual([
      { id: '1', action: 'remove-column', match: { schema: 'dbo', table: 'Employees', column: 'Photo%' } },
      {
        id: '2',
        action: 'change-data-type',
        match: { schema: 'dbo', table: 'Orders', column: 'Freight' },
        targetType: 'numeric(12,2)',
      },
      {
        id: '3',
        action: 'change-data-type',
        match: { schema: 'dbo', table: 'dms', column: 'SALE_AMOUNT' },
        targetType: 'bigint',
      },
      {
        id: '4',
        action: 'add-column',
        match: { schema: 'dbo', table: '%' },
        column: 'source_system',
        type: { kind: 'text', length: 20, unicode: false, fixed: false },
        value: "north'wind",
      },
      {
        id: '5',
        action: 'add-column',
        match: { schema: 'dbo', table: 'Orders' },
        column: 'batch',
        type: { kind: 'int32' },
        value: -12,
      },
      {
        id: '6',
        action: 'add-column',
        match: { schema: 'dbo', table: 'Orders' },
        column: 'last_updated',
        type: { kind: 'timestamp', precision: 6 },
        value: null,
      },
      {
        id: '7',
        action: 'add-column',
        match: { schema: 'dbo', table: 'Orders' },
        column: 'rate',
        type: { kind: 'decimal', precision: 5, scale: 3 },
        value: '1.500',
      },
    ]);
  });

  it('compiles selection filters (the AWS DMS documentation examples): ste is lte, values as text', () => {
    const rules = compileDmsTableMappings({
      rules: [
        {
          'rule-type': 'selection',
          'rule-id': '1',
          'rule-name': '1',
          'object-locator': { 'schema-name': 'test', 'table-name': 'employee' },
          'rule-action': 'include',
          filters: [
            {
              'filter-type': 'source',
              'column-name': 'empid',
              'filter-conditions': [
                { 'filter-operator': 'ste', value: '100' },
                { 'filter-operator': 'between', 'start-value': 1000, 'end-value': '2000' },
              ],
            },
            {
              'filter-type': 'source',
              'column-name': 'dept',
              'filter-conditions': [{ 'filter-operator': 'notnull' }],
            },
          ],
        },
        {
          ...sel(2, 'explicit', 'dbo', 'Order_Details'),
          filters: [
            {
              'filter-type': 'source',
              'column-name': 'Discount',
              'filter-conditions': [{ 'filter-operator': 'noteq', value: '0' }],
            },
          ],
        },
      ],
    });
    expect(rules).toEqual([
      {
        id: '1',
        action: 'include',
        match: { schema: 'test', table: 'employee' },
        filters: [
          {
            column: 'empid',
            conditions: [
              { operator: 'lte', value: '100' },
              { operator: 'between', start: '1000', end: '2000' },
            ],
          },
          { column: 'dept', conditions: [{ operator: 'notnull' }] },
        ],
      },
      {
        id: '2',
        action: 'include',
        match: { schema: 'dbo', table: 'Order[_]Details' },
        filters: [{ column: 'Discount', conditions: [{ operator: 'noteq', value: '0' }] }],
      },
    ]);
  });

  it('rejects filters it cannot apply as DMS would', () => {
    const filter = (conditions: unknown[], extra: Record<string, unknown> = {}) => ({
      'filter-type': 'source',
      'column-name': 'empid',
      'filter-conditions': conditions,
      ...extra,
    });
    const withFilters = (id: number, action: string, table: string, filters: unknown) => ({
      ...sel(id, action, 'dbo', table),
      filters,
    });
    expect(
      errors([
        withFilters(1, 'include', 'emp%', [filter([{ 'filter-operator': 'eq', value: '1' }])]),
        withFilters(2, 'exclude', 'emp', [filter([{ 'filter-operator': 'eq', value: '1' }])]),
        withFilters(3, 'include', 'emp', [filter([{ 'filter-operator': 'like', value: '1%' }])]),
        withFilters(4, 'include', 'emp', [filter([{ 'filter-operator': 'between', value: '1' }])]),
        withFilters(5, 'include', 'emp', [filter([{ 'filter-operator': 'eq' }])]),
        withFilters(6, 'include', 'emp', [filter([{ 'filter-operator': 'null', value: 'x' }])]),
        withFilters(7, 'include', 'emp', [
          filter([{ 'filter-operator': 'eq', value: '1' }], { 'filter-type': 'target' }),
        ]),
        withFilters(8, 'include', 'emp', { 'column-name': 'x' }),
      ]),
    ).toEqual([
      'rules[0]: rule-id 1: filters need exact schema and table names',
      'rules[1]: rule-id 2: filters apply only to rule-action include (DMS ignores them here)',
      'rules[2]: rule-id 3: filters[0].filter-conditions[0]: filter-operator "like" is not supported (one of lte, ste, gte, eq, noteq, between, notbetween, null, notnull)',
      'rules[3]: rule-id 4: filters[0].filter-conditions[0]: value does not go with filter-operator between',
      'rules[4]: rule-id 5: filters[0].filter-conditions[0]: filter-operator eq needs value (a string or number)',
      'rules[5]: rule-id 6: filters[0].filter-conditions[0]: value does not go with filter-operator null',
      'rules[6]: rule-id 7: filters[0]: filter-type "target" is not supported (only "source")',
      'rules[7]: rule-id 8: filters must be an array',
    ]);
  });

  it('compiles table-settings parallel-load: partitions-auto, ranges with boundaries, none', () => {
    const settings = (id: number, table: string, load: unknown) => ({
      'rule-type': 'table-settings',
      'rule-id': String(id),
      'rule-name': `r${id}`,
      'object-locator': { 'schema-name': 'dbo', 'table-name': table },
      'parallel-load': load,
    });
    expect(
      compileDmsTableMappings({
        rules: [
          settings(1, 'Orders', { type: 'partitions-auto' }),
          settings(2, 'Order Details', {
            type: 'ranges',
            columns: ['OrderID', 'ProductID'],
            boundaries: [
              ['10500', 1],
              ['10800', '40'],
            ],
          }),
          settings(3, 'Ord%', { type: 'none' }),
        ],
      }),
    ).toEqual([
      { id: '1', action: 'parallel-load', match: { schema: 'dbo', table: 'Orders' }, load: { type: 'auto' } },
      {
        id: '2',
        action: 'parallel-load',
        match: { schema: 'dbo', table: 'Order Details' },
        load: {
          type: 'ranges',
          columns: ['OrderID', 'ProductID'],
          boundaries: [
            ['10500', '1'],
            ['10800', '40'],
          ],
        },
      },
      { id: '3', action: 'parallel-load', match: { schema: 'dbo', table: 'Ord%' }, load: { type: 'none' } },
    ]);
    expect(
      errors([
        settings(4, 'Orders', { type: 'ranges', columns: ['OrderID'], boundaries: [['1', '2']] }),
        settings(5, 'Orders', { type: 'ranges', boundaries: [['1']] }),
        settings(6, 'Orders', undefined),
      ]),
    ).toEqual([
      'rules[0]: rule-id 4: parallel-load boundaries[0] must list 1 value(s), one per column',
      'rules[1]: rule-id 5: parallel-load ranges needs columns, a non-empty array of column names',
      'rules[2]: rule-id 6: table-settings without parallel-load does nothing',
    ]);
  });

  it('compiles replace-prefix and replace-suffix with old-value', () => {
    const rules = compileDmsTableMappings({
      rules: [
        tr(
          1,
          'replace-prefix',
          'column',
          { 'schema-name': 'dbo', 'table-name': '%', 'column-name': '%' },
          { value: 'new_', 'old-value': 'Old_' },
        ),
        tr(
          2,
          'replace-suffix',
          'table',
          { 'schema-name': 'dbo', 'table-name': '%' },
          { value: '', 'old-value': '_tbl' },
        ),
      ],
    });
    expect(rules).toEqual([
      {
        id: '1',
        action: 'replace-prefix',
        target: 'column',
        match: { schema: 'dbo', table: '%', column: '%' },
        value: 'new_',
        oldValue: 'Old_',
      },
      {
        id: '2',
        action: 'replace-suffix',
        target: 'table',
        match: { schema: 'dbo', table: '%' },
        value: '',
        oldValue: '_tbl',
      },
    ]);
    expect(
      errors([tr(3, 'replace-prefix', 'table', { 'schema-name': 'dbo', 'table-name': '%' }, { value: 'x' })]),
    ).toEqual(['rules[0]: rule-id 3: rule-action replace-prefix needs old-value']);
  });

  it('names the rule-id of every rule it cannot honour', () => {
    const orders = { 'schema-name': 'dbo', 'table-name': 'Orders' };
    const settings = (id: number, extra: Record<string, unknown>) => ({
      'rule-type': 'table-settings',
      'rule-id': String(id),
      'rule-name': `r${id}`,
      'object-locator': orders,
      ...extra,
    });
    expect(
      errors([
        settings(10, { 'lob-settings': { mode: 'limited', 'bulk-max-size': '16' } }),
        tr(11, 'define-primary-key', 'table', orders, {
          'primary-key-def': { name: 'pk', columns: ['OrderID'] },
        }),
        settings(12, { 'parallel-load': { type: 'partitions-list', partitions: ['p1'] } }),
        tr(13, 'rename', 'table-tablespace', { ...orders, 'table-tablespace-name': 'x' }, { value: 'y' }),
        tr(14, 'add-column', 'column', orders, {
          value: 'FULL_NAME',
          expression: "REPLACE($FIRST_NAME, ' ', '_')",
          'data-type': { type: 'string', length: 50 },
        }),
        tr(15, 'add-column', 'column', orders, {
          value: 'n',
          expression: "'abc'",
          'data-type': { type: 'int4' },
        }),
        tr(
          16,
          'change-data-type',
          'column',
          { ...orders, 'column-name': 'Freight' },
          { 'data-type': { type: 'money' } },
        ),
        {
          ...sel(17, 'include', 'dbo', 'Orders'),
          filters: [{ 'filter-type': 'source', 'column-name': 'OrderID' }],
        },
        {
          ...sel(18, 'include', 'dbo', 'v%'),
          'object-locator': { 'schema-name': 'dbo', 'table-name': 'v%', 'table-type': 'view' },
        },
        tr(19, 'remove-column', 'column', orders),
        sel(20, 'explicit', 'dbo', 'Order%'),
        { 'rule-type': 'selection', 'object-locator': orders, 'rule-action': 'include' },
        settings(21, { 'parallel-load': { type: 'partitions-auto', 'number-of-partitions': 4 } }),
      ]),
    ).toEqual([
      'rules[0]: rule-id 10: table-settings lob-settings is not supported yet',
      'rules[1]: rule-id 11: rule-action define-primary-key is not supported yet',
      'rules[2]: rule-id 12: parallel-load type "partitions-list" is not supported yet (partitions-auto, ranges and none are)',
      'rules[3]: rule-id 13: rule-target "table-tablespace" is not supported yet',
      `rules[4]: rule-id 14: add-column expression "REPLACE($FIRST_NAME, ' ', '_')": function REPLACE is not supported (UPPER, LOWER, LENGTH, SUBSTR, TRIM, LTRIM, RTRIM are)`,
      'rules[5]: rule-id 15: add-column expected an integer in -2147483648..2147483647 for type int32, got "abc"',
      'rules[6]: rule-id 16: data-type "money" is not a DMS data type',
      'rules[7]: rule-id 17: filters[0]: filter-conditions must be a non-empty array',
      `rules[8]: rule-id 18: object-locator table-type="view" is not supported yet (Ferry converts views as views; it does not load a view's rows into a table)`,
      'rules[9]: rule-id 19: object-locator column-name is required for remove-column',
      'rules[10]: rule-id 20: explicit selection cannot use % wildcards',
      'rules[11]: rule-id is required',
      'rules[12]: rule-id 21: parallel-load number-of-partitions with type "partitions-auto" is not supported yet',
    ]);
  });

  it('rejects fields it does not know rather than ignoring them', () => {
    const orders = { 'schema-name': 'dbo', 'table-name': 'Orders' };
    expect(
      errors([
        tr(3, 'rename', 'table', orders, { value: 'x', 'old-value': 'y' }),
        tr(4, 'rename', 'table', orders, { value: 'x', 'before-image-def': {} }),
      ]),
    ).toEqual([
      'rules[0]: rule-id 3: old-value goes only with replace-prefix and replace-suffix (rule-action rename)',
      'rules[1]: rule-id 4: before-image-def of a transformation rule (rule-action rename) is not supported yet',
    ]);
  });

  it('rejects a rule-id used twice', () => {
    expect(errors([sel(1, 'include', 'dbo', '%'), sel(1, 'exclude', 'dbo', 'x')])).toEqual([
      'rules[1]: rule-id 1 is used by more than one rule',
    ]);
  });

  it('requires a rules array', () => {
    expect(() => compileDmsTableMappings({ TableMappings: [] })).toThrow(
      'Invalid DMS table mappings: expected an object with a rules array',
    );
  });
});

describe('DMS table mappings applied to a source model', () => {
  const column = (name: string, type: Column['type'], nativeType: string, nullable = false): Column => ({
    name,
    type,
    nativeType,
    nullable,
  });
  const model: SchemaModel = {
    ...emptyModel(),
    schemas: ['dbo'],
    tables: ['Orders', 'Old_Customers'].map((name) => ({
      schema: 'dbo',
      name,
      columns: [
        column('Old_ID', { kind: 'int32' }, 'int'),
        column(
          'ShipCountry',
          { kind: 'text', length: 15, unicode: true, fixed: false },
          'nvarchar(15)',
          true,
        ),
        column('OrderDate', { kind: 'timestamp', precision: 3 }, 'datetime', true),
      ],
      primaryKey: { name: `PK_${name}`, columns: ['Old_ID'] },
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    })),
  };
  const apply = (rules: unknown[], extra: Omit<RulesConfigInput, 'dmsTableMappings'> = {}) =>
    applyRules(
      model,
      rulesConfigSchema.parse({ naming: 'preserve', ...extra, dmsTableMappings: { rules } }),
      testTargetCapabilities,
    );
  const ordersFilter = {
    ...sel(1, 'include', 'dbo', 'Orders'),
    filters: [
      {
        'filter-type': 'source',
        'column-name': 'ShipCountry',
        'filter-conditions': [
          { 'filter-operator': 'eq', value: 'France' },
          { 'filter-operator': 'eq', value: "Côte d'Ivoire" },
        ],
      },
      {
        'filter-type': 'source',
        'column-name': 'OrderDate',
        'filter-conditions': [{ 'filter-operator': 'gte', value: '1997-01-01' }],
      },
    ],
  };

  it("turns a table's filters into structured row filters, beside the per-table where", () => {
    const { mappings } = apply([sel(0, 'include', 'dbo', '%'), ordersFilter], {
      tables: { 'dbo.Orders': { where: 'Old_ID > 10 OR Old_ID < 0' } },
    });
    expect(mappings.map((m) => [m.source.name, m.where, m.filters])).toEqual([
      ['Old_Customers', undefined, undefined],
      [
        'Orders',
        'Old_ID > 10 OR Old_ID < 0',
        [
          {
            anyOf: [
              { column: 'ShipCountry', op: 'eq', values: ['France'] },
              { column: 'ShipCountry', op: 'eq', values: ["Côte d'Ivoire"] },
            ],
          },
          { anyOf: [{ column: 'OrderDate', op: 'ge', values: ['1997-01-01 00:00:00'] }] },
        ],
      ],
    ]);
  });

  it('reports a filter on a column the table does not have, by rule-id', () => {
    const rule = {
      ...sel(7, 'include', 'dbo', 'Orders'),
      filters: [
        {
          'filter-type': 'source',
          'column-name': 'Country',
          'filter-conditions': [{ 'filter-operator': 'null' }],
        },
      ],
    };
    expect(() => apply([rule])).toThrow(
      expect.objectContaining({
        issues: ['rule-id 7: filter column "Country" is not a column of dbo.Orders'],
      }),
    );
  });

  it('replaces prefixes and suffixes of names that have them, others unchanged', () => {
    const { model: out } = apply([
      tr(
        1,
        'replace-prefix',
        'table',
        { 'schema-name': 'dbo', 'table-name': '%' },
        { 'old-value': 'Old_', value: 'legacy_' },
      ),
      tr(
        2,
        'replace-suffix',
        'column',
        { 'schema-name': 'dbo', 'table-name': '%', 'column-name': '%' },
        { 'old-value': 'ID', value: 'key' },
      ),
      tr(
        3,
        'replace-prefix',
        'column',
        { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': '%' },
        { 'old-value': 'Old_', value: '' },
      ),
    ]);
    expect(out.tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([
      ['Orders', ['key', 'ShipCountry', 'OrderDate']],
      ['legacy_Customers', ['Old_key', 'ShipCountry', 'OrderDate']],
    ]);
  });

  it('splits tables per parallel-load: partitions-auto into load.parallelism ranges, explicit boundaries, none', () => {
    const settings = (id: number, table: string, load: unknown) => ({
      'rule-type': 'table-settings',
      'rule-id': String(id),
      'object-locator': { 'schema-name': 'dbo', 'table-name': table },
      'parallel-load': load,
    });
    const { mappings } = apply(
      [
        settings(1, '%', { type: 'partitions-auto' }),
        settings(2, 'Orders', { type: 'ranges', columns: ['Old_ID'], boundaries: [['100'], ['200']] }),
      ],
      { load: { parallelism: 3 } },
    );
    expect(mappings.map((m) => [m.source.name, m.ranges, m.keyRanges])).toEqual([
      ['Old_Customers', 3, undefined],
      [
        'Orders',
        3,
        [
          { index: 0, key: ['Old_ID'], upper: [100] },
          { index: 1, key: ['Old_ID'], lower: [100], upper: [200] },
          { index: 2, key: ['Old_ID'], lower: [200] },
        ],
      ],
    ]);
    const none = apply(
      [settings(1, '%', { type: 'partitions-auto' }), settings(2, 'Orders', { type: 'none' })],
      {
        tables: { 'dbo.Old_Customers': { ranges: 5 } },
      },
    );
    expect(none.mappings.map((m) => [m.source.name, m.ranges, m.keyRanges])).toEqual([
      ['Old_Customers', 5, undefined],
      ['Orders', 1, undefined],
    ]);
    expect(() =>
      apply([settings(4, 'Orders', { type: 'ranges', columns: ['ShipCountry'], boundaries: [['M']] })]),
    ).toThrow(
      expect.objectContaining({
        issues: [
          'rule-id 4: range column ShipCountry of dbo.Orders is nullable: rows with NULL would be in no range',
        ],
      }),
    );
    expect(() =>
      apply([
        settings(5, 'Orders', { type: 'ranges', columns: ['Old_ID'], boundaries: [['5']] }),
        tr(6, 'remove-column', 'column', {
          'schema-name': 'dbo',
          'table-name': 'Orders',
          'column-name': 'Old_ID',
        }),
      ]),
    ).toThrow(
      expect.objectContaining({
        issues: ['rule-id 5: range column Old_ID of dbo.Orders is not migrated (ranges are validated by it)'],
      }),
    );
  });

  it('computes an add-column expression per row from source columns, even ones not migrated', () => {
    const { mappings } = apply([
      sel(1, 'include', 'dbo', 'Orders'),
      tr(2, 'remove-column', 'column', {
        'schema-name': 'dbo',
        'table-name': 'Orders',
        'column-name': 'OrderDate',
      }),
      tr(
        3,
        'add-column',
        'column',
        { 'schema-name': 'dbo', 'table-name': 'Orders' },
        {
          value: 'label',
          expression: "UPPER($ShipCountry) || '-' || SUBSTR($OrderDate, 1, 4)",
          'data-type': { type: 'string', length: 30 },
        },
      ),
    ]);
    const [orders] = mappings;
    expect(orders!.readColumns).toEqual(['Old_ID', 'ShipCountry', 'OrderDate']);
    expect(orders!.columns.map((c) => c.target)).toEqual(['Old_ID', 'ShipCountry', 'label']);
    const out = createBatchMapper(orders!)({
      rows: [
        [1, 'France', '1997-01-02 00:00:00.000'],
        [2, null, '1998-01-02 00:00:00.000'],
      ],
      bytes: 0,
    });
    expect(out.rows).toEqual([
      [1, 'France', 'FRANCE-1997'],
      [2, null, null],
    ]);
    expect(() =>
      apply([
        tr(
          4,
          'add-column',
          'column',
          { 'schema-name': 'dbo', 'table-name': 'Orders' },
          { value: 'n', expression: '$Old_ID + $ShipCountry', 'data-type': { type: 'int4' } },
        ),
      ]),
    ).toThrow(
      expect.objectContaining({
        issues: ['rule-id 4: add-column n on dbo.Orders: + needs numbers, not text'],
      }),
    );
  });
});
