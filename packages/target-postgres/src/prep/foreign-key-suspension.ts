// FK enforcement during a load into existing tables (prep modes truncate and do-nothing).
// Preferred: load sessions run with session_replication_role = replica (superuser or PG15+ grant).
// Otherwise the FKs touching the loaded tables are saved in <state>.suspended_foreign_keys, dropped
// before the load and re-created after it; the saved definitions survive a crash for --resume.

import type { PlanStep, Table } from '@ferry/core';
import { quoteLiteral } from '../ddl/identifiers.js';
import { printDdl } from '../pg/print-ddl.js';
import { targetName, type PlanContext } from '../ddl/plan-context.js';

export type FkEnforcement = 'replica' | 'drop-and-recreate';

export const fkSuspendKind = 'fk-suspend';
export const fkRestoreKind = 'fk-restore';

const touching = (tables: string) => `
  FROM pg_constraint c
  JOIN pg_class cl ON cl.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = cl.relnamespace
  WHERE c.contype = 'f'
    AND (c.conrelid = ANY (${tables}) OR c.confrelid = ANY (${tables}))`;

/** Drops (after saving) every FK from or to the given existing tables. Skipped by apply() when replica mode is allowed. */
export function fkSuspendStep(ctx: PlanContext, tables: Table[], dependsOn: string[]): PlanStep {
  const saved = ctx.state.suspendedForeignKeys;
  const list = `ARRAY[${tables.map((t) => `${quoteLiteral(targetName(ctx, t))}::regclass`).join(', ')}]`;
  return {
    id: 'pre-data:fk-suspend:*',
    phase: 'pre-data',
    kind: fkSuspendKind,
    object: tables.map((t) => `${ctx.schemaFor(t.schema)}.${t.name}`).join(', '),
    dependsOn,
    statements: [
      `-- Run only when this login may not SET session_replication_role = replica (then load sessions skip FK checks instead)`,
      printDdl({ kind: 'CreateSchema', name: ctx.state.schema, ifNotExists: true }),
      `CREATE TABLE IF NOT EXISTS ${saved} (
  table_name text NOT NULL,
  constraint_name text NOT NULL,
  definition text NOT NULL,
  PRIMARY KEY (table_name, constraint_name)
)`,
      `INSERT INTO ${saved} (table_name, constraint_name, definition)
SELECT format('%I.%I', n.nspname, cl.relname), c.conname, pg_get_constraintdef(c.oid)${touching(list)}
ON CONFLICT DO NOTHING`,
      `DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT format('%I.%I', n.nspname, cl.relname) AS tbl, c.conname${touching(list)}
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
END $$`,
    ],
  };
}

/** Re-creates every FK saved by fkSuspendStep (nothing when none was saved). */
export function fkRestoreStep(ctx: PlanContext, dependsOn: string[]): PlanStep {
  const saved = ctx.state.suspendedForeignKeys;
  return {
    id: 'post-data:fk-restore:*',
    phase: 'post-data',
    kind: fkRestoreKind,
    object: `${ctx.state.schema}.suspended_foreign_keys`,
    dependsOn,
    statements: [
      `DO $$
DECLARE r record;
BEGIN
  IF to_regclass(${quoteLiteral(saved)}) IS NULL THEN
    RETURN;
  END IF;
  FOR r IN SELECT table_name, constraint_name, definition FROM ${saved} ORDER BY table_name, constraint_name
  LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.table_name, r.constraint_name, r.definition);
  END LOOP;
  DELETE FROM ${saved};
END $$`,
    ],
  };
}
