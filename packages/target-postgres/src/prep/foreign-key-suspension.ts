// FK enforcement during a load into existing tables (prep modes truncate and do-nothing).
// Preferred: load sessions run with session_replication_role = replica (superuser or PG15+ grant).
// Otherwise the FKs touching the loaded tables are saved in <state>.suspended_foreign_keys, dropped
// before the load and re-created after it; the saved definitions survive a crash for --resume.

import type { PlanStep, Table } from '@ferry/core';
import {
  pg,
  type PgExpression,
  type PgFromItem,
  type PgSelect,
  type PgSelectCore,
  type PgStatement,
} from '../pg/ast.js';
import { pgTypeNamed } from '../pg/pg-type.js';
import { printDdl } from '../pg/print-ddl.js';
import { printDml } from '../pg/print-query.js';
import { targetLabel, targetPath, type PlanContext } from '../ddl/plan-context.js';

export type FkEnforcement = 'replica' | 'drop-and-recreate';

export const fkSuspendKind = 'fk-suspend';
export const fkRestoreKind = 'fk-restore';

const join = (left: PgFromItem, right: PgFromItem, on: PgExpression): PgFromItem => ({
  kind: 'Join',
  type: 'INNER',
  lateral: false,
  left,
  right,
  on,
  notes: [],
});

/** `schema.table` of a constraint's table, quoted as PostgreSQL quotes names (format's %I). */
const constrainedTable = pg.call(
  'format',
  pg.string('%I.%I'),
  pg.name('n', 'nspname'),
  pg.name('cl', 'relname'),
);

/** `SELECT columns FROM the foreign keys from or to one of the tables`. */
function foreignKeysTouching(ctx: PlanContext, tables: Table[], columns: PgSelectCore['columns']): PgSelect {
  const regclasses: PgExpression = {
    kind: 'Array',
    items: tables.map((t) => ({
      kind: 'Cast',
      expr: pg.relation(targetPath(ctx, t)),
      type: pgTypeNamed('regclass'),
      shorthand: true,
    })),
  };
  const anyOf = (left: PgExpression): PgExpression => ({
    kind: 'QuantifiedArray',
    left,
    op: '=',
    quantifier: 'ANY',
    array: regclasses,
  });
  const from = join(
    join(
      pg.table(['pg_constraint'], 'c'),
      pg.table(['pg_class'], 'cl'),
      pg.binary('=', pg.name('cl', 'oid'), pg.name('c', 'conrelid')),
    ),
    pg.table(['pg_namespace'], 'n'),
    pg.binary('=', pg.name('n', 'oid'), pg.name('cl', 'relnamespace')),
  );
  const where = pg.binary(
    'AND',
    pg.binary('=', pg.name('c', 'contype'), pg.string('f')),
    pg.binary('OR', anyOf(pg.name('c', 'conrelid')), anyOf(pg.name('c', 'confrelid'))),
  );
  return pg.select(pg.selectCore(columns, [from], where));
}

/** `DO $$ DECLARE r record; BEGIN FOR r IN query LOOP EXECUTE format(command, ...r's columns); END LOOP; ... END $$`. */
function forEachRow(
  query: PgSelect,
  command: string,
  args: string[],
  before: PgStatement[] = [],
  after: PgStatement[] = [],
): string {
  const execute: PgStatement = {
    kind: 'Execute',
    command: pg.call('format', pg.string(command), ...args.map((a) => pg.name('r', a))),
  };
  return printDdl({
    kind: 'Do',
    declarations: [{ kind: 'Variable', name: 'r', type: pgTypeNamed('record') }],
    body: [...before, { kind: 'ForQuery', target: 'r', query, body: [execute] }, ...after],
  });
}

/** Drops (after saving) every FK from or to the given existing tables. Skipped by apply() when replica mode is allowed. */
export function fkSuspendStep(ctx: PlanContext, tables: Table[], dependsOn: string[]): PlanStep {
  const saved = ctx.state.suspendedForeignKeys;
  const text = (name: string) => ({ name, type: pgTypeNamed('text'), notNull: true });
  const save = foreignKeysTouching(ctx, tables, [
    { expr: constrainedTable },
    { expr: pg.name('c', 'conname') },
    { expr: pg.call('pg_get_constraintdef', pg.name('c', 'oid')) },
  ]);
  const drop = foreignKeysTouching(ctx, tables, [
    { expr: constrainedTable, alias: 'tbl' },
    { expr: pg.name('c', 'conname') },
  ]);
  return {
    id: 'pre-data:fk-suspend:*',
    phase: 'pre-data',
    kind: fkSuspendKind,
    object: tables.map((t) => targetLabel(ctx, t)).join(', '),
    dependsOn,
    statements: [
      `-- Run only when this login may not SET session_replication_role = replica (then load sessions skip FK checks instead)`,
      printDdl({ kind: 'CreateSchema', name: ctx.state.schema, ifNotExists: true }),
      printDdl({
        kind: 'CreateTable',
        name: saved,
        ifNotExists: true,
        columns: [text('table_name'), text('constraint_name'), text('definition')],
        primaryKey: ['table_name', 'constraint_name'],
      }),
      printDml({
        kind: 'Insert',
        notes: [],
        table: saved,
        columns: ['table_name', 'constraint_name', 'definition'],
        source: save,
        onConflictDoNothing: true,
      }),
      forEachRow(drop, 'ALTER TABLE %s DROP CONSTRAINT %I', ['tbl', 'conname']),
    ],
  };
}

/** Re-creates every FK saved by fkSuspendStep (nothing when none was saved). */
export function fkRestoreStep(ctx: PlanContext, dependsOn: string[]): PlanStep {
  const saved = ctx.state.suspendedForeignKeys;
  const columns = ['table_name', 'constraint_name', 'definition'];
  const rows = pg.select(
    pg.selectCore(
      columns.map((c) => pg.name(c)),
      [pg.table(saved)],
    ),
  );
  const nothingSaved: PgStatement = {
    kind: 'If',
    branches: [
      {
        condition: {
          kind: 'IsNull',
          expr: pg.call('to_regclass', pg.relation(saved)),
          not: false,
        },
        body: [{ kind: 'Return' }],
      },
    ],
  };
  return {
    id: 'post-data:fk-restore:*',
    phase: 'post-data',
    kind: fkRestoreKind,
    object: saved.join('.'),
    dependsOn,
    statements: [
      forEachRow(
        { ...rows, orderBy: columns.slice(0, 2).map((c) => ({ expr: pg.name(c) })) },
        'ALTER TABLE %s ADD CONSTRAINT %I %s',
        columns,
        [nothingSaved],
        [{ kind: 'Dml', dml: { kind: 'Delete', notes: [], table: saved, using: [], trailing: [] } }],
      ),
    ],
  };
}
