// The run state Ferry keeps in the target's state schema (`state.schema`, default `ferry`): runs, their
// data tasks, applied steps, rejected rows. Table names, key bounds, counts and states only: no
// connection settings, never a secret.

import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { pg, type PgColumnDefinition, type PgSchemaStatement } from '../pg/ast.js';
import { pgTypeNamed } from '../pg/pg-type.js';
import { printDdl } from '../pg/print-ddl.js';

/** Quoted names of the state tables in one schema. */
export interface StateTables {
  schema: string;
  runs: string;
  tasks: string;
  steps: string;
  rejectedRows: string;
  /** Schema and name (a tree's name, unquoted): the FKs fk-suspend dropped, until fk-restore re-creates them. */
  suspendedForeignKeys: readonly string[];
  /** One row per lease (`lease_key` 'run'): who holds the target's run lease. */
  lease: string;
  /** One row per replicating run: the change position applied last, written with the changes. */
  replication: string;
  /** `to_regclass` argument (a string literal) of the runs table: whether the state exists yet. */
  runsRegclass: string;
}

/** Each state table's name in the state schema, by its field of StateTables. */
const tableNames = {
  runs: 'runs',
  tasks: 'tasks',
  steps: 'steps',
  rejectedRows: 'rejected_rows',
  suspendedForeignKeys: 'suspended_foreign_keys',
  lease: 'lease',
  replication: 'replication',
} as const;
type StateTable = keyof typeof tableNames;

export function stateTables(schema: string): StateTables {
  const q = (table: StateTable) => `${quoteIdent(schema)}.${tableNames[table]}`;
  return {
    schema,
    runs: q('runs'),
    tasks: q('tasks'),
    steps: q('steps'),
    rejectedRows: q('rejectedRows'),
    suspendedForeignKeys: [schema, tableNames.suspendedForeignKeys],
    lease: q('lease'),
    replication: q('replication'),
    runsRegclass: quoteLiteral(q('runs')),
  };
}

/** The state schema and its tables, created when missing. */
function stateTablesDdl(s: StateTables): PgSchemaStatement[] {
  const table = (
    name: StateTable,
    columns: PgColumnDefinition[],
    keys: { primaryKey?: string[]; ofRun?: boolean },
  ): PgSchemaStatement => ({
    kind: 'CreateTable',
    name: [s.schema, tableNames[name]],
    ifNotExists: true,
    columns,
    ...(keys.primaryKey && { primaryKey: keys.primaryKey }),
    // A run's rows go with it.
    ...(keys.ofRun && {
      foreignKeys: [
        {
          kind: 'ForeignKey',
          columns: ['run_id'],
          references: [s.schema, tableNames.runs],
          referencedColumns: ['run_id'],
          onDelete: 'CASCADE',
        },
      ],
    }),
  });
  const now = { default: pg.call('now') };
  const zero = { default: pg.number(0) };
  return [
    { kind: 'CreateSchema', name: s.schema, ifNotExists: true },
    table(
      'runs',
      [
        column('run_id', 'uuid'),
        column('fingerprint', 'text'),
        column('state', 'text'),
        column('started_at', 'timestamptz', now),
        column('finished_at', 'timestamptz', nullable),
      ],
      { primaryKey: ['run_id'] },
    ),
    table(
      'tasks',
      [
        column('run_id', 'uuid'),
        column('task_id', 'text'),
        column('source_table', 'text'),
        column('target_table', 'text'),
        column('range_bounds', 'jsonb', nullable),
        column('state', 'text', { default: pg.string('pending') }),
        column('rows', 'bigint', zero),
        column('rejected', 'bigint', zero),
        column('loads', 'integer', zero),
        column('finished_at', 'timestamptz', nullable),
      ],
      { primaryKey: ['run_id', 'task_id'], ofRun: true },
    ),
    table(
      'steps',
      [column('run_id', 'uuid'), column('step_id', 'text'), column('finished_at', 'timestamptz', now)],
      { primaryKey: ['run_id', 'step_id'], ofRun: true },
    ),
    table(
      'rejectedRows',
      [
        column('id', 'bigserial'),
        column('run_id', 'uuid'),
        column('task_id', 'text'),
        column('target_table', 'text'),
        column('row_number', 'bigint'),
        column('key_values', 'text'),
        column('column_name', 'text'),
        column('code', 'text'),
        column('reason', 'text'),
        column('row_values', 'text'),
        column('rejected_at', 'timestamptz', now),
      ],
      { primaryKey: ['id'] },
    ),
    table(
      'replication',
      [
        column('run_id', 'uuid'),
        column('position', 'text'),
        column('changes', 'bigint', zero),
        column('applied_at', 'timestamptz', now),
        column('cutover_requested_at', 'timestamptz', nullable),
      ],
      { primaryKey: ['run_id'], ofRun: true },
    ),
    table(
      'lease',
      [
        column('lease_key', 'text'),
        column('host', 'text'),
        column('pid', 'integer'),
        column('started_at', 'timestamptz'),
        column('heartbeat_at', 'timestamptz'),
        column('backend_pid', 'integer'),
      ],
      { primaryKey: ['lease_key'] },
    ),
  ];
}

const nullable = { notNull: false };

/** A column of a state table: NOT NULL unless told otherwise. */
function column(name: string, type: string, options: Partial<PgColumnDefinition> = {}): PgColumnDefinition {
  return { name, type: pgTypeNamed(type), notNull: true, ...options };
}

/** The state schema and its tables as one script. */
export function stateTablesSql(s: StateTables): string {
  return stateTablesDdl(s).map(printDdl).join(';\n\n');
}
