// Verification of a converted schema on a real PostgreSQL: every step applied inside ONE transaction
// (a savepoint per step, so a refused step leaves the others usable) that is rolled back at the end,
// since PostgreSQL's DDL is transactional. After the steps, the names the PL/pgSQL bodies use are
// resolved against pg_catalog and the objects just created; PostgreSQL checks only a body's syntax
// when the routine is created, so a call to a function that does not exist would otherwise show up
// only when the routine runs.

import type pg from 'pg';
import type { PlanStep, SchemaVerification, UnresolvedName } from '@ferry/core';
import { stepError } from '../connection.js';
import type { BodyReference } from './body-references.js';

/** Runs a step's statements on `client` in order (a one-line `-- note` is not sent). */
export async function runStepStatements(client: pg.ClientBase, step: PlanStep): Promise<void> {
  for (const sql of step.statements) {
    if (sql.startsWith('--') && !sql.includes('\n')) continue;
    await client.query(sql);
  }
}

/**
 * Begins the verification's transaction on `client` (released by `close`). `leftOut` says which steps
 * `apply` would not run on this target (they are left out here too). PostgreSQL's parser (WebAssembly)
 * is loaded only here: a load (and each task worker thread) never needs it.
 */
export async function openVerification(
  client: pg.PoolClient,
  leftOut: (step: PlanStep) => Promise<boolean>,
): Promise<SchemaVerification> {
  const { bodyReferences, loadParser, statementCount } = await import('./body-references.js');
  await loadParser();
  await client.query('BEGIN');
  let savepoints = 0;
  return {
    async apply(step) {
      if (await leftOut(step)) return;
      const savepoint = `ferry_verify_${++savepoints}`;
      await client.query(`SAVEPOINT ${savepoint}`);
      try {
        await runStepStatements(client, step);
        await client.query(`RELEASE SAVEPOINT ${savepoint}`);
      } catch (err) {
        await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw stepError(step, err);
      }
    },
    async inspect(step) {
      // A statement the parser cannot read counts as one: PostgreSQL decides about it when applied.
      const statements = step.statements.reduce((n, sql) => n + (statementCount(sql) ?? 1), 0);
      const unresolved = await unresolvedNames(client, bodyReferences(step.statements));
      return { statements, unresolved };
    },
    async close() {
      try {
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    },
  };
}

/**
 * The references that resolve to nothing: a relation by `to_regclass` (the search path for an
 * unqualified name), a function or procedure by name in pg_proc (its schema, else the search path).
 */
async function unresolvedNames(
  client: pg.ClientBase,
  refs: readonly BodyReference[],
): Promise<UnresolvedName[]> {
  if (!refs.length) return [];
  const { rows } = await client.query<{ i: string }>(
    `SELECT r.i
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(kind, schema_name, name, i)
      WHERE CASE r.kind
              WHEN 'relation' THEN to_regclass(concat_ws('.', quote_ident(r.schema_name), quote_ident(r.name))) IS NULL
              ELSE NOT EXISTS (
                SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE p.proname = r.name
                   AND CASE WHEN r.schema_name IS NULL THEN n.nspname = ANY (current_schemas(true))
                            ELSE n.nspname = r.schema_name END)
            END`,
    [refs.map((r) => r.kind), refs.map((r) => r.schema ?? null), refs.map((r) => r.name)],
  );
  return rows.map(({ i }) => {
    const r = refs[Number(i) - 1];
    return { kind: r.kind, name: r.schema ? `${r.schema}.${r.name}` : r.name, routine: r.routine };
  });
}
