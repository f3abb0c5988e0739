// Applies replicated changes: per table, each touched key is deleted and the keys whose last change
// is an upsert are inserted with their last values; then the applied position is recorded, all in
// the caller's transaction. Applying the same changes again leaves the same rows (idempotent).

import {
  stringifyValueJson,
  type ChangePosition,
  type RowChange,
  type TableChanges,
  type Value,
} from '@ferry/core';
import type pg from 'pg';
import { quoteIdent } from '../ddl/identifiers.js';
import type { StateTables } from '../state/state-tables.js';

/** Rows per statement (PostgreSQL allows 65535 parameters in one). */
const rowsPerStatement = 500;

/** A canonical value as a query parameter: PostgreSQL reads its text as the column's type. */
function parameter(v: Value): unknown {
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/** The last change of each key, in the order keys were first touched. */
export function lastChanges(changes: readonly RowChange[]): RowChange[] {
  const last = new Map<string, RowChange>();
  for (const c of changes) {
    const k = stringifyValueJson(c.key);
    last.delete(k);
    last.set(k, c);
  }
  return [...last.values()];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Applies one table's changes on `client` (inside a transaction); returns the changes applied. */
export async function applyTableChanges(
  client: pg.PoolClient,
  name: string,
  t: TableChanges,
): Promise<number> {
  const touched = lastChanges(t.changes);
  const key = t.key.map(quoteIdent);
  const keyList = key.length === 1 ? key[0]! : `(${key.join(', ')})`;
  for (const part of chunks(touched, rowsPerStatement)) {
    const params: unknown[] = [];
    const tuples = part.map((c) => {
      const refs = c.key.map((v) => `$${params.push(parameter(v))}`);
      return refs.length === 1 ? refs[0]! : `(${refs.join(', ')})`;
    });
    await client.query(`DELETE FROM ${name} WHERE ${keyList} IN (${tuples.join(', ')})`, params);
  }
  const upserts = touched.filter((c) => c.kind === 'upsert');
  const columns = t.columns.map(quoteIdent).join(', ');
  for (const part of chunks(
    upserts,
    Math.max(1, Math.min(rowsPerStatement, Math.floor(60_000 / t.columns.length))),
  )) {
    const params: unknown[] = [];
    const rows = part.map((c) => `(${c.row!.map((v) => `$${params.push(parameter(v))}`).join(', ')})`);
    await client.query(`INSERT INTO ${name} (${columns}) VALUES ${rows.join(', ')}`, params);
  }
  return t.changes.length;
}

/** Records the applied position of a run, in the transaction of the changes it covers. */
export async function recordAppliedPosition(
  client: pg.PoolClient,
  state: StateTables,
  checkpoint: { runId: string; position: ChangePosition },
  changes: number,
): Promise<void> {
  await client.query(
    `INSERT INTO ${state.replication} (run_id, position, changes) VALUES ($1, $2, $3)
     ON CONFLICT (run_id) DO UPDATE SET position = EXCLUDED.position, changes = ${state.replication}.changes + EXCLUDED.changes, applied_at = now()`,
    [checkpoint.runId, checkpoint.position, changes],
  );
}

export async function appliedPosition(
  db: pg.Pool | pg.PoolClient,
  state: StateTables,
  runId: string,
): Promise<ChangePosition | undefined> {
  const exists = await db.query<{ r: string | null }>(`SELECT to_regclass(${state.runsRegclass}) AS r`);
  if (!exists.rows[0]?.r) return undefined;
  const { rows } = await db.query<{ position: string }>(
    `SELECT position FROM ${state.replication} WHERE run_id = $1`,
    [runId],
  );
  return rows[0]?.position;
}

/** Asks the run replicating into this target to cut over (`ferry cutover`); false if it records no replication. */
export async function requestCutover(db: pg.Pool, state: StateTables, runId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE ${state.replication} SET cutover_requested_at = coalesce(cutover_requested_at, now()) WHERE run_id = $1`,
    [runId],
  );
  return (rowCount ?? 0) > 0;
}

export async function cutoverRequested(
  db: pg.Pool,
  state: StateTables,
  runId: string,
): Promise<Date | undefined> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT cutover_requested_at AS at FROM ${state.replication} WHERE run_id = $1`,
    [runId],
  );
  return rows[0]?.at ?? undefined;
}
