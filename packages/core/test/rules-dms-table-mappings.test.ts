import { describe, expect, it } from 'vitest';
import { compileDmsTableMappings, ConfigError } from '../src/index.js';

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

  it('names the rule-id of every rule it cannot honour', () => {
    const orders = { 'schema-name': 'dbo', 'table-name': 'Orders' };
    expect(
      errors([
        {
          'rule-type': 'table-settings',
          'rule-id': '10',
          'rule-name': 'parallel',
          'object-locator': orders,
          'parallel-load': { type: 'partitions-auto' },
        },
        tr(11, 'define-primary-key', 'table', orders, {
          'primary-key-def': { name: 'pk', columns: ['OrderID'] },
        }),
        tr(
          12,
          'replace-prefix',
          'column',
          { ...orders, 'column-name': '%' },
          { value: 'New_', 'old-value': 'Old_' },
        ),
        tr(13, 'rename', 'table-tablespace', { ...orders, 'table-tablespace-name': 'x' }, { value: 'y' }),
        tr(14, 'add-column', 'column', orders, {
          value: 'FULL_NAME',
          expression: "$FIRST_NAME||'_'||$LAST_NAME",
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
      ]),
    ).toEqual([
      'rules[0]: rule-id 10: rule-type "table-settings" is not supported yet',
      'rules[1]: rule-id 11: rule-action define-primary-key is not supported yet',
      'rules[2]: rule-id 12: rule-action replace-prefix is not supported yet',
      'rules[3]: rule-id 13: rule-target "table-tablespace" is not supported yet',
      `rules[4]: rule-id 14: add-column expression "$FIRST_NAME||'_'||$LAST_NAME" is not supported yet (only literal constants such as 'text', 42 or NULL)`,
      'rules[5]: rule-id 15: add-column expected an integer in -2147483648..2147483647 for type int32, got "abc"',
      'rules[6]: rule-id 16: data-type "money" is not a DMS data type',
      'rules[7]: rule-id 17: filters of a selection rule (rule-action include) is not supported yet',
      'rules[8]: rule-id 18: object-locator table-type="view" is not supported yet',
      'rules[9]: rule-id 19: object-locator column-name is required for remove-column',
      'rules[10]: rule-id 20: explicit selection cannot use % wildcards',
      'rules[11]: rule-id is required',
    ]);
  });

  it('rejects fields it does not know rather than ignoring them', () => {
    const orders = { 'schema-name': 'dbo', 'table-name': 'Orders' };
    expect(errors([tr(3, 'rename', 'table', orders, { value: 'x', 'old-value': 'y' })])).toEqual([
      'rules[0]: rule-id 3: old-value of a transformation rule (rule-action rename) is not supported yet',
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
