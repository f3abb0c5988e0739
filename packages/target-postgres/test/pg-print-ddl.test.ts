// The printer of PostgreSQL DDL: what converted modules become (views, functions and procedures with
// their parameters and bodies, statement triggers reading transition tables, domains), and the schema
// around the data (tables and partitions, sequences, keys, indexes, comments, policies, roles, grants).

import { describe, expect, it } from 'vitest';
import { pg, type PgDdlStatement, type PgModuleStatement } from '../src/pg/ast.js';
import { printDdl } from '../src/pg/print-ddl.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';

const one = pg.select(pg.selectCore([pg.number(1)], []));

describe('printDdl', () => {
  it.each<[string, PgModuleStatement, string]>([
    [
      'a view with its columns and CHECK OPTION',
      { kind: 'CreateView', name: ['dbo', 'V'], columns: ['a'], query: one, checkOption: true },
      'CREATE OR REPLACE VIEW dbo."V" (a) AS SELECT 1 WITH CHECK OPTION',
    ],
    [
      'a SQL function returning a table, run as its owner',
      {
        kind: 'CreateRoutine',
        routine: 'FUNCTION',
        name: ['dbo', 'f'],
        params: [
          { name: 'p_a', type: pgTypeNamed('integer'), default: pg.number(0) },
          { mode: 'OUT', name: 'p_b', type: pgTypeNamed('text') },
        ],
        returns: { kind: 'Table', columns: [{ name: 'x', type: pgTypeNamed('integer') }] },
        securityDefiner: true,
        body: { language: 'sql', query: one },
      },
      'CREATE OR REPLACE FUNCTION dbo.f(p_a integer DEFAULT 0, OUT p_b text) RETURNS TABLE (x integer) LANGUAGE sql SECURITY DEFINER AS $body$ SELECT 1 $body$',
    ],
    [
      'a PL/pgSQL procedure',
      {
        kind: 'CreateRoutine',
        routine: 'PROCEDURE',
        name: ['dbo', 'p'],
        params: [],
        securityDefiner: false,
        body: {
          language: 'plpgsql',
          body: { columnsWin: false, declarations: [], statements: [{ kind: 'Return' }] },
        },
      },
      'CREATE OR REPLACE PROCEDURE dbo.p() LANGUAGE plpgsql AS $body$\nBEGIN\n  RETURN;\nEND\n$body$',
    ],
    [
      'a statement trigger with its transition tables',
      {
        kind: 'CreateTrigger',
        name: 'trg_update',
        event: 'UPDATE',
        table: ['dbo', 'orders'],
        newTable: 'inserted',
        oldTable: 'deleted',
        function: ['dbo', 'trg_update'],
      },
      'CREATE OR REPLACE TRIGGER trg_update AFTER UPDATE ON dbo.orders REFERENCING NEW TABLE AS inserted OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION dbo.trg_update()',
    ],
    [
      'a domain with a remark',
      {
        kind: 'CreateDomain',
        name: ['dbo', 'id'],
        type: pgTypeNamed('varchar', 11),
        remark: 'kept on columns',
      },
      'CREATE DOMAIN dbo.id AS varchar(11) /* kept on columns */',
    ],
  ])('%s', (_name, tree, sql) => {
    expect(printDdl(tree)).toBe(sql);
  });
});

const qty = pg.name('qty');
const positive = pg.binary('>', qty, pg.number(0));
const orders = ['Sales', 'order'];

describe('printDdl: the schema around the data', () => {
  it.each<[string, PgDdlStatement, string]>([
    [
      'a schema',
      { kind: 'CreateSchema', name: 'Sales', ifNotExists: true },
      'CREATE SCHEMA IF NOT EXISTS "Sales"',
    ],
    [
      'an extension, after a remark',
      { kind: 'CreateExtension', name: 'postgis', remark: 'needed by\ngeography' },
      '-- needed by geography\nCREATE EXTENSION IF NOT EXISTS postgis',
    ],
    [
      'a sequence with every option',
      {
        kind: 'CreateSequence',
        name: ['dbo', 'seq'],
        ifNotExists: false,
        as: 'integer',
        start: '10',
        increment: '-1',
        min: '-100',
        max: '100',
        cycle: true,
        cache: 20,
      },
      'CREATE SEQUENCE dbo.seq AS integer START WITH 10 INCREMENT BY -1 MINVALUE -100 MAXVALUE 100 CYCLE CACHE 20',
    ],
    [
      'a sequence with none',
      {
        kind: 'CreateSequence',
        name: ['dbo', 'seq'],
        ifNotExists: true,
        as: 'bigint',
        start: '1',
        increment: '1',
        cycle: false,
      },
      'CREATE SEQUENCE IF NOT EXISTS dbo.seq AS bigint START WITH 1 INCREMENT BY 1',
    ],
    [
      'dropping a table with what depends on it',
      { kind: 'DropRelation', relation: 'TABLE', name: orders, ifExists: true, cascade: true },
      'DROP TABLE IF EXISTS "Sales"."order" CASCADE',
    ],
    [
      'a table: one column a line, remarks before their column, clauses before NOT NULL',
      {
        kind: 'CreateTable',
        name: orders,
        columns: [
          { name: 'id', type: pgTypeNamed('bigint'), identity: { seed: '1', increment: '1' }, notNull: true },
          { name: 'qty', type: pgTypeNamed('integer'), default: pg.number(1) },
          {
            name: 'Total',
            type: pgTypeNamed('numeric', 9, 2),
            generated: pg.binary('*', qty, pg.name('price')),
          },
          { name: 'note', type: pgTypeNamed('text'), remarks: ['CODE: what was lost,\nover two lines'] },
          { name: 'at', type: pgTypeNamed('timestamp'), default: { kind: 'SourceText', text: 'now()' } },
        ],
        partitionByRange: 'Day',
      },
      [
        'CREATE TABLE "Sales"."order" (',
        '  id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1) NOT NULL,',
        '  qty integer DEFAULT 1,',
        '  "Total" numeric(9,2) GENERATED ALWAYS AS (qty * price) STORED,',
        '  -- CODE: what was lost, over two lines',
        '  note text,',
        '  at timestamp DEFAULT now()',
        ') PARTITION BY RANGE ("Day")',
      ].join('\n'),
    ],
    [
      'a range partition, from MINVALUE',
      {
        kind: 'CreatePartition',
        name: ['Sales', 'order_p1'],
        parent: orders,
        range: {
          from: 'MINVALUE',
          to: pg.binary('+', pg.cast(pg.string('5'), pgTypeNamed('integer')), pg.number(1)),
        },
      },
      `CREATE TABLE "Sales".order_p1 PARTITION OF "Sales"."order" FOR VALUES FROM (MINVALUE) TO (CAST('5' AS integer) + 1)`,
    ],
    [
      'the default partition',
      { kind: 'CreatePartition', name: ['Sales', 'order_null'], parent: orders },
      'CREATE TABLE "Sales".order_null PARTITION OF "Sales"."order" DEFAULT',
    ],
    [
      'truncating several tables at once',
      { kind: 'TruncateTables', tables: [orders, ['dbo', 'line']] },
      'TRUNCATE "Sales"."order", dbo.line',
    ],
    [
      'a primary key',
      {
        kind: 'AlterTable',
        table: orders,
        action: {
          kind: 'AddConstraint',
          name: 'PK_order',
          constraint: { kind: 'PrimaryKey', columns: ['id', 'Line'] },
          notValid: false,
        },
      },
      'ALTER TABLE "Sales"."order" ADD CONSTRAINT "PK_order" PRIMARY KEY (id, "Line")',
    ],
    [
      'a unique constraint',
      {
        kind: 'AlterTable',
        table: orders,
        action: {
          kind: 'AddConstraint',
          name: 'uq',
          constraint: { kind: 'Unique', columns: ['code'] },
          notValid: false,
        },
      },
      'ALTER TABLE "Sales"."order" ADD CONSTRAINT uq UNIQUE (code)',
    ],
    [
      'a check not validated on existing rows',
      {
        kind: 'AlterTable',
        table: orders,
        action: {
          kind: 'AddConstraint',
          name: 'ck_qty',
          constraint: { kind: 'Check', expr: positive },
          notValid: true,
        },
      },
      'ALTER TABLE "Sales"."order" ADD CONSTRAINT ck_qty CHECK (qty > 0) NOT VALID',
    ],
    [
      'a foreign key with its actions; NO ACTION is not written',
      {
        kind: 'AlterTable',
        table: orders,
        action: {
          kind: 'AddConstraint',
          name: 'fk_customer',
          constraint: {
            kind: 'ForeignKey',
            columns: ['customer_id'],
            references: ['dbo', 'customer'],
            referencedColumns: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          },
          notValid: false,
        },
      },
      'ALTER TABLE "Sales"."order" ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES dbo.customer (id) ON DELETE SET NULL',
    ],
    [
      'validating a constraint',
      { kind: 'AlterTable', table: orders, action: { kind: 'ValidateConstraint', name: 'fk_customer' } },
      'ALTER TABLE "Sales"."order" VALIDATE CONSTRAINT fk_customer',
    ],
    [
      'a column default set later',
      {
        kind: 'AlterTable',
        table: orders,
        action: {
          kind: 'SetDefault',
          column: 'Code',
          default: { kind: 'Call', fn: { schema: 'dbo', name: 'next_code' }, args: [] },
        },
      },
      'ALTER TABLE "Sales"."order" ALTER COLUMN "Code" SET DEFAULT dbo.next_code()',
    ],
    [
      'row-level security enabled',
      { kind: 'AlterTable', table: orders, action: { kind: 'EnableRowLevelSecurity' } },
      'ALTER TABLE "Sales"."order" ENABLE ROW LEVEL SECURITY',
    ],
    [
      'a unique partial index with a descending column and included columns',
      {
        kind: 'CreateIndex',
        name: 'IX_qty',
        unique: true,
        table: orders,
        columns: [
          { name: 'qty', descending: true },
          { name: 'id', descending: false },
        ],
        include: ['Note'],
        where: positive,
      },
      'CREATE UNIQUE INDEX "IX_qty" ON "Sales"."order" (qty DESC, id) INCLUDE ("Note") WHERE qty > 0',
    ],
    [
      'a plain index',
      {
        kind: 'CreateIndex',
        name: 'ix',
        unique: false,
        table: ['dbo', 't'],
        columns: [{ name: 'a', descending: false }],
        include: [],
      },
      'CREATE INDEX ix ON dbo.t (a)',
    ],
    [
      'a comment on a table, quotes doubled',
      { kind: 'CommentOn', target: 'TABLE', name: orders, text: "the customer's orders" },
      `COMMENT ON TABLE "Sales"."order" IS 'the customer''s orders'`,
    ],
    [
      'a comment on a column',
      { kind: 'CommentOn', target: 'COLUMN', name: [...orders, 'Qty'], text: 'units' },
      `COMMENT ON COLUMN "Sales"."order"."Qty" IS 'units'`,
    ],
    [
      'a permissive policy',
      {
        kind: 'CreatePolicy',
        name: 'p_filter',
        table: orders,
        permissive: true,
        command: 'ALL',
        using: { kind: 'Exists', query: pg.select(pg.selectCore([pg.call('f', qty)], [])) },
        withCheck: pg.bool(true),
      },
      'CREATE POLICY p_filter ON "Sales"."order" AS PERMISSIVE FOR ALL USING (EXISTS (SELECT f(qty))) WITH CHECK (true)',
    ],
    [
      'a restrictive policy with only a check',
      {
        kind: 'CreatePolicy',
        name: 'P block',
        table: orders,
        permissive: false,
        command: 'INSERT',
        withCheck: positive,
      },
      'CREATE POLICY "P block" ON "Sales"."order" AS RESTRICTIVE FOR INSERT WITH CHECK (qty > 0)',
    ],
    [
      'a row trigger',
      {
        kind: 'CreateRowTrigger',
        name: 'order_computed',
        events: ['INSERT', 'UPDATE'],
        table: orders,
        function: ['Sales', 'order_computed'],
      },
      'CREATE TRIGGER order_computed BEFORE INSERT OR UPDATE ON "Sales"."order" FOR EACH ROW EXECUTE FUNCTION "Sales".order_computed()',
    ],
    [
      'dropping a trigger',
      { kind: 'DropTrigger', name: 'Trg', table: orders },
      'DROP TRIGGER IF EXISTS "Trg" ON "Sales"."order"',
    ],
    [
      'a column privilege on a table, grantable',
      {
        kind: 'Grant',
        privileges: [{ privilege: 'UPDATE', columns: ['Note'] }],
        on: { kind: 'TABLE', name: orders },
        to: { kind: 'Role', name: 'Clerk' },
        withGrantOption: true,
      },
      'GRANT UPDATE ("Note") ON TABLE "Sales"."order" TO "Clerk" WITH GRANT OPTION',
    ],
    [
      'privileges on a sequence to PUBLIC',
      {
        kind: 'Grant',
        privileges: [{ privilege: 'USAGE' }, { privilege: 'UPDATE' }],
        on: { kind: 'SEQUENCE', name: ['dbo', 'seq'] },
        to: { kind: 'Public' },
        withGrantOption: false,
      },
      'GRANT USAGE, UPDATE ON SEQUENCE dbo.seq TO PUBLIC',
    ],
    [
      'usage on a schema',
      {
        kind: 'Grant',
        privileges: [{ privilege: 'USAGE' }],
        on: { kind: 'SCHEMA', schema: 'Sales' },
        to: { kind: 'Role', name: 'reader' },
        withGrantOption: false,
      },
      'GRANT USAGE ON SCHEMA "Sales" TO reader',
    ],
    [
      'every routine of a schema',
      {
        kind: 'Grant',
        privileges: [{ privilege: 'EXECUTE' }],
        on: { kind: 'ALL ROUTINES IN SCHEMA', schema: 'dbo' },
        to: { kind: 'Role', name: 'reader' },
        withGrantOption: false,
      },
      'GRANT EXECUTE ON ALL ROUTINES IN SCHEMA dbo TO reader',
    ],
    [
      'default privileges on the tables a schema gets later',
      {
        kind: 'AlterDefaultPrivileges',
        schema: 'Sales',
        privileges: ['SELECT', 'INSERT'],
        on: 'TABLES',
        to: { kind: 'Role', name: 'writer' },
        withGrantOption: true,
      },
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "Sales" GRANT SELECT, INSERT ON TABLES TO writer WITH GRANT OPTION',
    ],
    ['a role to a role', { kind: 'GrantRole', role: 'Readers', to: 'clerk' }, 'GRANT "Readers" TO clerk'],
    [
      'an anonymous block',
      {
        kind: 'Do',
        body: [
          {
            kind: 'If',
            branches: [
              {
                condition: {
                  kind: 'IsNull',
                  expr: pg.call('to_regclass', { kind: 'RelationLiteral', parts: orders }),
                  not: false,
                },
                body: [{ kind: 'Raise', level: 'EXCEPTION', format: '100%% missing', args: [], using: [] }],
              },
            ],
          },
        ],
      },
      [
        'DO $$',
        'BEGIN',
        `  IF to_regclass('"Sales"."order"') IS NULL THEN`,
        `    RAISE EXCEPTION '100%% missing';`,
        '  END IF;',
        'END $$',
      ].join('\n'),
    ],
    [
      'an anonymous block with a variable, FOREACH over an array and a handler of named conditions',
      {
        kind: 'Do',
        declarations: [{ kind: 'Variable', name: 't', type: pgTypeNamed('regclass') }],
        body: [
          {
            kind: 'ForEach',
            target: 't',
            array: { kind: 'Array', items: [pg.call('to_regclass', pg.string('a')), pg.null()] },
            body: [{ kind: 'CreateRole', name: 'App Reader' }],
          },
        ],
        onError: [{ kind: 'Null' }],
        catches: { conditions: ['duplicate_object', 'unique_violation'] },
      },
      [
        'DO $$',
        'DECLARE',
        '  t regclass;',
        'BEGIN',
        `  FOREACH t IN ARRAY ARRAY[to_regclass('a'), NULL] LOOP`,
        '    CREATE ROLE "App Reader" NOLOGIN;',
        '  END LOOP;',
        'EXCEPTION WHEN duplicate_object OR unique_violation THEN',
        '  NULL;',
        'END $$',
      ].join('\n'),
    ],
    [
      'an anonymous block whose text holds $$ is quoted with another tag',
      { kind: 'Do', body: [{ kind: 'CreateRole', name: 'a$$b' }] },
      ['DO $do1$', 'BEGIN', '  CREATE ROLE a$$b NOLOGIN;', 'END $do1$'].join('\n'),
    ],
    [
      'a table of its own, created unless it exists, with its primary key',
      {
        kind: 'CreateTable',
        name: ['ferry', 'saved'],
        ifNotExists: true,
        columns: [{ name: 'k', type: pgTypeNamed('text'), notNull: true }],
        primaryKey: ['k'],
      },
      'CREATE TABLE IF NOT EXISTS ferry.saved (\n  k text NOT NULL,\n  PRIMARY KEY (k)\n)',
    ],
    [
      'a table of its own with a foreign key, after its primary key',
      {
        kind: 'CreateTable',
        name: ['ferry', 'steps'],
        ifNotExists: true,
        columns: [{ name: 'run_id', type: pgTypeNamed('uuid'), notNull: true }],
        primaryKey: ['run_id'],
        foreignKeys: [
          {
            kind: 'ForeignKey',
            columns: ['run_id'],
            references: ['ferry', 'runs'],
            referencedColumns: ['run_id'],
            onDelete: 'CASCADE',
          },
        ],
      },
      'CREATE TABLE IF NOT EXISTS ferry.steps (\n  run_id uuid NOT NULL,\n  PRIMARY KEY (run_id),\n  FOREIGN KEY (run_id) REFERENCES ferry.runs (run_id) ON DELETE CASCADE\n)',
    ],
    [
      'a query run for its effect',
      pg.select(
        pg.selectCore(
          [pg.call('setval', pg.string('s'), pg.number(1))],
          [{ kind: 'Table', name: orders, notes: [] }],
        ),
      ),
      `SELECT setval('s', 1) FROM "Sales"."order"`,
    ],
  ])('%s', (_name, tree, sql) => {
    expect(printDdl(tree)).toBe(sql);
  });
});
