// The run state Ferry keeps in the target's state schema (`state.schema`, default `ferry`): runs, their
// data tasks, applied steps, rejected rows. Table names, key bounds, counts and states only: no
// connection settings, never a secret.

import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';

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

export function stateTables(schema: string): StateTables {
  const q = (name: string) => `${quoteIdent(schema)}.${name}`;
  return {
    schema,
    runs: q('runs'),
    tasks: q('tasks'),
    steps: q('steps'),
    rejectedRows: q('rejected_rows'),
    suspendedForeignKeys: [schema, 'suspended_foreign_keys'],
    lease: q('lease'),
    replication: q('replication'),
    runsRegclass: quoteLiteral(q('runs')),
  };
}

export function stateTablesSql(s: StateTables): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s.schema)};

CREATE TABLE IF NOT EXISTS ${s.runs} (
  run_id      uuid PRIMARY KEY,
  fingerprint text NOT NULL,
  state       text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE IF NOT EXISTS ${s.tasks} (
  run_id       uuid NOT NULL REFERENCES ${s.runs} ON DELETE CASCADE,
  task_id      text NOT NULL,
  source_table text NOT NULL,
  target_table text NOT NULL,
  range_bounds jsonb,
  state        text NOT NULL DEFAULT 'pending',
  rows         bigint NOT NULL DEFAULT 0,
  rejected     bigint NOT NULL DEFAULT 0,
  loads        integer NOT NULL DEFAULT 0,
  finished_at  timestamptz,
  PRIMARY KEY (run_id, task_id)
);

CREATE TABLE IF NOT EXISTS ${s.steps} (
  run_id      uuid NOT NULL REFERENCES ${s.runs} ON DELETE CASCADE,
  step_id     text NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, step_id)
);

CREATE TABLE IF NOT EXISTS ${s.rejectedRows} (
  id           bigserial PRIMARY KEY,
  run_id       uuid NOT NULL,
  task_id      text NOT NULL,
  target_table text NOT NULL,
  row_number   bigint NOT NULL,
  key_values   text NOT NULL,
  column_name  text NOT NULL,
  code         text NOT NULL,
  reason       text NOT NULL,
  row_values   text NOT NULL,
  rejected_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ${s.replication} (
  run_id     uuid PRIMARY KEY REFERENCES ${s.runs} ON DELETE CASCADE,
  position   text NOT NULL,
  changes    bigint NOT NULL DEFAULT 0,
  applied_at timestamptz NOT NULL DEFAULT now(),
  cutover_requested_at timestamptz
);

CREATE TABLE IF NOT EXISTS ${s.lease} (
  lease_key    text PRIMARY KEY,
  host         text NOT NULL,
  pid          integer NOT NULL,
  started_at   timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  backend_pid  integer NOT NULL
)`;
}
