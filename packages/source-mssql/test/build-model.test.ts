// The model builder, fed with catalog rows shaped as SQL Server returns them (written by hand).

import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/introspect/build-model.js';
import type { CatalogRows, ColumnRow, IndexRow } from '../src/introspect/catalog-rows.js';

const column = (over: Partial<ColumnRow>): ColumnRow => ({
  object_id: 10,
  column_id: 1,
  name: 'c',
  type_name: 'int',
  type_schema: 'sys',
  is_user_defined: false,
  is_assembly_type: false,
  base_type_name: null,
  max_length: 4,
  precision: 10,
  scale: 0,
  collation_name: null,
  is_nullable: true,
  is_identity: false,
  identity_seed: null,
  identity_increment: null,
  is_computed: false,
  computed_definition: null,
  is_persisted: null,
  default_name: null,
  default_definition: null,
  is_sparse: false,
  is_rowguidcol: false,
  is_hidden: false,
  generated_always_type_desc: 'NOT_APPLICABLE',
  comment: null,
  ...over,
});
const indexRow = (over: Partial<IndexRow>): IndexRow => ({
  object_id: 10,
  index_id: 2,
  name: 'ix',
  type: 2,
  type_desc: 'NONCLUSTERED',
  is_unique: false,
  is_primary_key: false,
  is_unique_constraint: false,
  is_disabled: false,
  has_filter: false,
  filter_definition: null,
  key_ordinal: 1,
  index_column_id: 1,
  column_name: 'c',
  is_descending_key: false,
  is_included_column: false,
  ...over,
});

const rows = (over: Partial<CatalogRows>): CatalogRows => ({
  database: [
    {
      database_name: 'Shop',
      product_version: '16.0.1000.6',
      engine_edition: 5,
      collation_name: 'SQL_Latin1_General_CP1_CI_AS',
      compatibility_level: 160,
      snapshot_isolation_state: 1,
      is_read_committed_snapshot_on: true,
    },
  ],
  schemas: [
    { schema_id: 1, name: 'dbo' },
    { schema_id: 5, name: 'sales' },
  ],
  tables: [
    { object_id: 10, schema_name: 'sales', name: 'Order', row_count: '1234', comment: 'Orders placed' },
  ],
  columns: [],
  indexes: [],
  foreignKeys: [],
  checkConstraints: [],
  modules: [],
  triggers: [],
  sequences: [],
  synonyms: [],
  userTypes: [],
  partitions: [],
  principals: [],
  permissions: [],
  securityPredicates: [],
  maskedColumns: [],
  readAccess: [],
  ...over,
});

describe('building the schema model from catalog rows', () => {
  it('takes the source, schemas, table comment and row estimate', () => {
    const { model, snapshotAllowed } = buildModel(rows({}));
    expect(model.source).toEqual({ engine: 'mssql', version: '16.0.1000.6', database: 'Shop' });
    expect(model.schemas).toEqual(['dbo', 'sales']);
    expect(model.tables[0]).toMatchObject({
      schema: 'sales',
      name: 'Order',
      comment: 'Orders placed',
      rowEstimate: 1234,
    });
    expect(snapshotAllowed).toBe(true);
  });

  it("adds the ledger's transactions (sys.database_ledger_transactions) as a table when a ledger table is there", () => {
    const ledger = column({ name: 'ledger_start_transaction_id', type_name: 'bigint', is_hidden: true });
    const withLedger = buildModel(
      rows({ columns: [{ ...ledger, generated_always_type_desc: 'AS_TRANSACTION_ID_START' }] }),
    ).model;
    expect(withLedger.schemas).toEqual(['dbo', 'sales', 'sys']);
    expect(withLedger.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'sales.Order',
      'sys.database_ledger_transactions',
    ]);
    expect(withLedger.tables[1]!.columns.map((c) => [c.name, c.nativeType, c.nullable, c.type.kind])).toEqual(
      [
        ['transaction_id', 'bigint', false, 'int64'],
        ['block_id', 'bigint', true, 'int64'],
        ['transaction_ordinal', 'int', false, 'int32'],
        ['commit_time', 'datetime2(7)', false, 'timestamp'],
        ['principal_name', 'nvarchar(128)', false, 'text'],
        ['table_hashes', 'varbinary(max)', true, 'binary'],
      ],
    );
    // a hidden column that is not the ledger's brings no ledger catalog
    const plain = buildModel(rows({ columns: [ledger] })).model;
    expect(plain.tables.map((t) => t.name)).toEqual(['Order']);
  });

  it('builds columns: identity, computed, default, alias type, sparse, collation, comment', () => {
    const { model } = buildModel(
      rows({
        columns: [
          column({
            column_id: 1,
            name: 'id',
            type_name: 'bigint',
            max_length: 8,
            precision: 19,
            is_nullable: false,
            is_identity: true,
            identity_seed: '1000',
            identity_increment: '5',
          }),
          column({
            column_id: 2,
            name: 'total',
            type_name: 'decimal',
            max_length: 9,
            precision: 18,
            scale: 2,
            is_computed: true,
            computed_definition: '([qty]*[price])',
            is_persisted: true,
          }),
          column({
            column_id: 3,
            name: 'code',
            type_name: 'Code',
            type_schema: 'sales',
            is_user_defined: true,
            base_type_name: 'nvarchar',
            max_length: 20,
            collation_name: 'Latin1_General_100_CI_AS',
            default_definition: "(N'X')",
            comment: 'the code',
          }),
          column({
            column_id: 4,
            name: 'note',
            type_name: 'varchar',
            max_length: -1,
            is_sparse: true,
            collation_name: 'SQL_Latin1_General_CP1_CI_AS',
          }),
          column({
            column_id: 5,
            name: 'node',
            type_name: 'hierarchyid',
            is_assembly_type: true,
            max_length: 892,
          }),
        ],
      }),
    );
    const [id, total, code, note, node] = model.tables[0]!.columns;
    expect(id).toEqual({
      name: 'id',
      type: { kind: 'int64' },
      nativeType: 'bigint',
      nullable: false,
      identity: { seed: '1000', increment: '5' },
    });
    expect(total).toEqual({
      name: 'total',
      type: { kind: 'decimal', precision: 18, scale: 2 },
      nativeType: 'decimal(18,2)',
      nullable: true,
      computed: { expression: { source: '([qty]*[price])', dialect: 'tsql' }, persisted: true },
    });
    expect(code).toEqual({
      name: 'code',
      type: { kind: 'text', length: 10, unicode: true, fixed: false, collation: 'Latin1_General_100_CI_AS' },
      nativeType: 'nvarchar(10)',
      nullable: true,
      default: { source: "(N'X')", dialect: 'tsql' },
      collation: 'Latin1_General_100_CI_AS',
      comment: 'the code',
      userType: { schema: 'sales', name: 'Code' },
    });
    expect(note).toMatchObject({ nativeType: 'varchar(max)', sparse: true });
    expect(node).toMatchObject({ nativeType: 'hierarchyid', type: { kind: 'hierarchy' } });
  });

  it('reports columns of a CLR type it does not know as action items; geography is a spatial type', () => {
    const { model, actionItems } = buildModel(
      rows({
        columns: [
          column({ name: 'shape', type_name: 'geography', is_assembly_type: true, max_length: -1 }),
          column({
            column_id: 2,
            name: 'odd',
            type_name: 'SomeClrType',
            is_assembly_type: true,
            max_length: -1,
          }),
        ],
      }),
    );
    expect(model.tables[0]!.columns[0]!.type).toEqual({ kind: 'spatial', geodetic: true });
    expect(actionItems).toEqual([
      expect.objectContaining({ code: 'TYPE_SOMECLRTYPE', severity: 'high', object: 'sales.Order.odd' }),
    ]);
  });

  it('keeps a spatial index (type 4, its column not a key by key_ordinal) as a spatial index of its column', () => {
    const { model, actionItems } = buildModel(
      rows({
        indexes: [
          indexRow({
            index_id: 5,
            name: 'SIX_spot',
            type: 4,
            type_desc: 'SPATIAL',
            key_ordinal: 0,
            column_name: 'spot',
          }),
        ],
      }),
    );
    expect(model.tables[0]!.indexes).toEqual([
      { name: 'SIX_spot', columns: [{ name: 'spot' }], unique: false, clustered: false, spatial: true },
    ]);
    expect(actionItems.map((a) => a.code)).not.toContain('INDEX_SPATIAL');
  });

  it('separates the primary key and unique constraints from indexes; keeps descending keys, included columns and filters', () => {
    const { model } = buildModel(
      rows({
        indexes: [
          indexRow({
            index_id: 1,
            name: 'PK_Order',
            type: 1,
            type_desc: 'CLUSTERED',
            is_unique: true,
            is_primary_key: true,
            column_name: 'id',
          }),
          indexRow({
            index_id: 2,
            name: 'UQ_code',
            is_unique: true,
            is_unique_constraint: true,
            column_name: 'code',
          }),
          indexRow({
            index_id: 3,
            name: 'ix_recent',
            has_filter: true,
            filter_definition: '([status]=(1))',
            key_ordinal: 1,
            column_name: 'created',
            is_descending_key: true,
          }),
          indexRow({
            index_id: 3,
            name: 'ix_recent',
            has_filter: true,
            filter_definition: '([status]=(1))',
            key_ordinal: 2,
            index_column_id: 2,
            column_name: 'id',
          }),
          indexRow({
            index_id: 3,
            name: 'ix_recent',
            has_filter: true,
            filter_definition: '([status]=(1))',
            key_ordinal: 0,
            index_column_id: 3,
            column_name: 'total',
            is_included_column: true,
          }),
          indexRow({
            index_id: 4,
            name: 'cs',
            type: 6,
            type_desc: 'NONCLUSTERED COLUMNSTORE',
            key_ordinal: 0,
            column_name: 'total',
          }),
        ],
      }),
    );
    const t = model.tables[0]!;
    expect(t.primaryKey).toEqual({ name: 'PK_Order', columns: ['id'], clustered: true });
    expect(t.uniques).toEqual([{ name: 'UQ_code', columns: ['code'], clustered: false }]);
    expect(t.indexes).toEqual([
      {
        name: 'ix_recent',
        columns: [{ name: 'created', descending: true }, { name: 'id' }],
        include: ['total'],
        unique: false,
        clustered: false,
        where: { source: '([status]=(1))', dialect: 'tsql' },
      },
    ]);
  });

  it('reports a columnstore index as an action item instead of an index', () => {
    const { actionItems } = buildModel(
      rows({
        indexes: [
          indexRow({
            index_id: 4,
            name: 'cs',
            type: 6,
            type_desc: 'NONCLUSTERED COLUMNSTORE',
            key_ordinal: 0,
          }),
        ],
      }),
    );
    expect(actionItems.map((a) => [a.code, a.severity])).toEqual([['COLUMNSTORE_INDEX', 'low']]);
    expect(actionItems[0]!.message).toMatch(
      /nonclustered columnstore index cs is not migrated: no index replaces it/,
    );
  });

  it('builds multi-column foreign keys with actions, disabled and not-trusted flags', () => {
    const fk = {
      object_id: 50,
      name: 'FK_line_order',
      parent_object_id: 10,
      referenced_schema: 'sales',
      referenced_table: 'Head',
      delete_referential_action_desc: 'CASCADE',
      update_referential_action_desc: 'SET_NULL',
      is_disabled: true,
      is_not_trusted: true,
    };
    const { model } = buildModel(
      rows({
        foreignKeys: [
          { ...fk, constraint_column_id: 1, column_name: 'a', referenced_column_name: 'x' },
          { ...fk, constraint_column_id: 2, column_name: 'b', referenced_column_name: 'y' },
        ],
      }),
    );
    expect(model.tables[0]!.foreignKeys).toEqual([
      {
        name: 'FK_line_order',
        columns: ['a', 'b'],
        references: { schema: 'sales', name: 'Head', columns: ['x', 'y'] },
        onDelete: 'cascade',
        onUpdate: 'set null',
        disabled: true,
        notTrusted: true,
      },
    ]);
  });

  it('builds views, routines by kind, triggers with events, and reports encrypted or CLR modules', () => {
    const m = (object_id: number, name: string, type: string, definition: string | null) => ({
      object_id,
      schema_name: 'dbo',
      name,
      type,
      definition,
      comment: null,
    });
    const { model, actionItems } = buildModel(
      rows({
        modules: [
          m(1, 'v', 'V ', 'CREATE VIEW v AS SELECT 1 AS a'),
          m(2, 'p', 'P ', 'CREATE PROC p AS SELECT 1'),
          m(3, 'f', 'FN', 'CREATE FUNCTION f() RETURNS int AS BEGIN RETURN 1 END'),
          m(4, 'i', 'IF', 'CREATE FUNCTION i() RETURNS TABLE AS RETURN SELECT 1 AS a'),
          m(5, 't', 'TF', 'CREATE FUNCTION t() RETURNS @r TABLE (a int) AS BEGIN RETURN END'),
          m(6, 'tr', 'TR', 'CREATE TRIGGER tr ON dbo.x INSTEAD OF DELETE, INSERT AS SELECT 1'),
          m(7, 'secret', 'P ', null),
          m(8, 'clr', 'PC', null),
        ],
        triggers: [
          {
            object_id: 6,
            parent_schema: 'dbo',
            parent_name: 'x',
            is_instead_of_trigger: true,
            is_disabled: true,
            event: 'INSERT',
          },
          {
            object_id: 6,
            parent_schema: 'dbo',
            parent_name: 'x',
            is_instead_of_trigger: true,
            is_disabled: true,
            event: 'DELETE',
          },
        ],
      }),
    );
    expect(model.views.map((v) => v.name)).toEqual(['v']);
    expect(model.routines.map((r) => [r.name, r.kind])).toEqual([
      ['p', 'procedure'],
      ['f', 'scalar-function'],
      ['i', 'inline-table-function'],
      ['t', 'table-function'],
    ]);
    expect(model.triggers).toEqual([
      {
        schema: 'dbo',
        name: 'tr',
        definition: 'CREATE TRIGGER tr ON dbo.x INSTEAD OF DELETE, INSERT AS SELECT 1',
        dialect: 'tsql',
        table: { schema: 'dbo', name: 'x' },
        timing: 'instead of',
        events: ['insert', 'delete'],
        disabled: true,
      },
    ]);
    expect(actionItems.map((a) => [a.code, a.object])).toEqual([
      ['MODULE_ENCRYPTED', 'dbo.secret'],
      ['MODULE_CLR', 'dbo.clr'],
    ]);
  });

  it('builds sequences, synonyms, alias and table types', () => {
    const { model } = buildModel(
      rows({
        columns: [column({ object_id: 99, name: 'line', type_name: 'int', is_nullable: false })],
        sequences: [
          {
            schema_name: 'dbo',
            name: 'seq',
            type_name: 'bigint',
            precision: 19,
            scale: 0,
            start_value: '1',
            increment: '10',
            minimum_value: '-9223372036854775808',
            maximum_value: '9223372036854775807',
            is_cycling: false,
            is_cached: false,
            cache_size: null,
            // A server before SQL Server 2017: no last_used_value, current_value still the START WITH.
            current_value: '1',
            last_used_value: null,
            last_used_known: false,
          },
        ],
        synonyms: [{ schema_name: 'dbo', name: 'Emp', base_object_name: '[hr].[dbo].[Employees]' }],
        userTypes: [
          {
            user_type_id: 257,
            schema_name: 'dbo',
            name: 'Phone',
            base_type_name: 'varchar',
            max_length: 24,
            precision: 0,
            scale: 0,
            collation_name: null,
            is_nullable: true,
            is_table_type: false,
            is_assembly_type: false,
            type_table_object_id: null,
          },
          {
            user_type_id: 258,
            schema_name: 'dbo',
            name: 'Lines',
            base_type_name: null,
            max_length: -1,
            precision: 0,
            scale: 0,
            collation_name: null,
            is_nullable: false,
            is_table_type: true,
            is_assembly_type: false,
            type_table_object_id: 99,
          },
        ],
      }),
    );
    expect(model.sequences).toEqual([
      {
        schema: 'dbo',
        name: 'seq',
        type: { kind: 'int64' },
        start: '1',
        increment: '10',
        min: '-9223372036854775808',
        max: '9223372036854775807',
        cycle: false,
        cache: 1,
        last: '1',
      },
    ]);
    expect(model.synonyms).toEqual([{ schema: 'dbo', name: 'Emp', target: '[hr].[dbo].[Employees]' }]);
    expect(model.userTypes).toEqual([
      {
        schema: 'dbo',
        name: 'Phone',
        kind: 'alias',
        nativeType: 'varchar(24)',
        type: { kind: 'text', length: 24, unicode: false, fixed: false },
        nullable: true,
      },
      {
        schema: 'dbo',
        name: 'Lines',
        kind: 'table',
        columns: [{ name: 'line', type: { kind: 'int32' }, nativeType: 'int', nullable: false }],
      },
    ]);
  });

  it('keeps the IR of expressions the parser understands and only the text of the others', () => {
    const parse = (s: string) => {
      if (s.includes('??')) throw new Error('cannot parse');
      return { kind: 'literal', value: s } as never;
    };
    const { model } = buildModel(
      rows({
        checkConstraints: [
          {
            object_id: 1,
            parent_object_id: 10,
            name: 'ck_ok',
            definition: '([a]>(0))',
            is_disabled: false,
            is_not_trusted: false,
          },
          {
            object_id: 2,
            parent_object_id: 10,
            name: 'ck_odd',
            definition: '(??)',
            is_disabled: true,
            is_not_trusted: true,
          },
        ],
      }),
      { expression: parse, module: () => undefined },
    );
    expect(model.tables[0]!.checks).toEqual([
      {
        name: 'ck_ok',
        expression: { source: '([a]>(0))', dialect: 'tsql', tree: { kind: 'literal', value: '([a]>(0))' } },
      },
      { name: 'ck_odd', expression: { source: '(??)', dialect: 'tsql' }, disabled: true },
    ]);
  });
});
