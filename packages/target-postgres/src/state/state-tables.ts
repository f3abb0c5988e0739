// The run state Ferry keeps in the target's `ferry` schema: runs, their data tasks, rejected rows.
// Table names, key bounds, counts and states only: no connection settings, never a secret.

export const stateTablesSql = `
CREATE SCHEMA IF NOT EXISTS ferry;

CREATE TABLE IF NOT EXISTS ferry.runs (
  run_id      uuid PRIMARY KEY,
  fingerprint text NOT NULL,
  state       text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE IF NOT EXISTS ferry.tasks (
  run_id       uuid NOT NULL REFERENCES ferry.runs ON DELETE CASCADE,
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

CREATE TABLE IF NOT EXISTS ferry.steps (
  run_id      uuid NOT NULL REFERENCES ferry.runs ON DELETE CASCADE,
  step_id     text NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, step_id)
);

CREATE TABLE IF NOT EXISTS ferry.rejected_rows (
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
)`;
