// Ongoing replication (`load.mode` `full-load-and-cdc` / `cdc-only`): the source's captured changes
// after the start position are applied to the target in commit order, each cycle up to the source's
// position at that moment, in one target transaction that also records the position applied.

import { FerryError, NotSupportedError } from '../errors.js';
import { qualifiedName, type QualifiedName } from '../model/schema-model.js';
import type {
  ChangeCapture,
  ChangeApplier,
  ChangePosition,
  CounterValue,
  RowChange,
  TableChanges,
} from '../plugins/change-capture.js';
import type { TableMapping } from '../rules/table-mapping.js';
import type { RunEvent } from './run-events.js';
import { withRetries, type RetryPolicy } from '../pipeline/retry.js';
import { createBatchMapper, type BatchMapper } from '../pipeline/row-mapper.js';
import { stringifyValueJson } from '../plugins/value-json.js';
import { errorText } from './run-phase.js';
import type { Migration } from './open-migration.js';

/** A table replicated: its mapping and the key columns changes are applied by, source and target names. */
export interface ReplicatedTable {
  mapping: TableMapping;
  sourceKey: string[];
  targetKey: string[];
  /** The positions of the key columns in a shaped row (`mapping.columns`). */
  keyAt: number[];
  /** A change's row (read columns) as the target row, as the load shapes rows: transform, added columns. */
  shape: BatchMapper;
}

export interface Replication {
  capture: ChangeCapture;
  applier: ChangeApplier;
  tables: ReplicatedTable[];
}

/**
 * Checks that every mapped table can be replicated, before anything is written: the endpoints have
 * the capabilities, each table's changes are captured and it has key columns, and no user code
 * shapes its rows (not supported yet).
 */
export async function prepareReplication(
  migration: Migration,
  mappings: readonly TableMapping[],
): Promise<Replication> {
  const capture = migration.source.changes;
  const applier = migration.target.changes;
  const mode = migration.config.load.mode;
  if (!capture)
    throw new FerryError(
      `Source ${migration.source.name} cannot capture changes: load.mode '${mode}' needs it`,
      {
        code: 'REPLICATION_NOT_SUPPORTED',
        where: 'load.mode',
      },
    );
  if (!applier)
    throw new FerryError(
      `Target ${migration.target.name} cannot apply changes: load.mode '${mode}' needs it`,
      {
        code: 'REPLICATION_NOT_SUPPORTED',
        where: 'load.mode',
      },
    );
  const tables: ReplicatedTable[] = [];
  for (const mapping of mappings) {
    const name = qualifiedName(mapping.source);
    // The source selects the loaded rows by them; a change is not checked against them.
    if (mapping.where || mapping.filters)
      throw new NotSupportedError(`replicating ${name}, whose rows a where or source filter selects,`, {
        where: `tables.${name}`,
      });
    const sourceKey = await capture.prepare(mapping.source, migration.config.tables[name]?.keyColumns);
    const keyAt = sourceKey.map((k) => {
      const at = mapping.columns.findIndex((c) => c.source === k);
      if (at < 0)
        throw new FerryError(
          `Key column ${k} of ${name} is not migrated: its changes cannot be applied by key`,
          {
            code: 'REPLICATION_NEEDS_KEY',
            where: `tables.${name}`,
          },
        );
      return at;
    });
    const targetKey = keyAt.map((at) => mapping.columns[at].target);
    tables.push({ mapping, sourceKey, targetKey, keyAt, shape: createBatchMapper(mapping) });
  }
  return { capture, applier, tables };
}

export interface ReplicateOptions {
  runId: string;
  /** The position applied so far (the start position of the full load, or the resumed run's). */
  from: ChangePosition;
  signal?: AbortSignal;
  pollMs?: number;
  /** Consecutive failed attempts of a cycle allowed for transient errors (`load.retries`). */
  retries: RetryPolicy;
  /** At cutover, how long the source's position must stand still to count as writes stopped (default 2000). */
  quietMs?: number;
  emit: (event: RunEvent) => void;
  named: (table: string) => string;
}

export interface ReplicationResult {
  position: ChangePosition;
  changes: number;
  cycles: number;
}

/**
 * Applies changes until a cutover is asked for (`ferry cutover`): then, once the source's position
 * stands still (writes stopped), applies the last changes and returns. Throws when `signal` aborts.
 */
export async function replicate(
  replication: Replication,
  options: ReplicateOptions,
): Promise<ReplicationResult> {
  const started = Date.now();
  const state: ReplicationResult & { last: boolean } = {
    position: options.from,
    changes: 0,
    cycles: 0,
    last: false,
  };
  for (;;) {
    options.signal?.throwIfAborted();
    // A dropped connection or a restarting database fails a cycle, which runs again from the applied position.
    await withRetries(options.retries, () => cycle(replication, options, state, started), {
      ...(options.signal ? { signal: options.signal } : {}),
      where: 'replication',
      onRetry: (n) =>
        options.emit({
          type: 'warning',
          where: 'replication',
          message: `cycle failed (attempt ${n.attempt}: ${errorText(n.error)}); again in ${(n.delayMs / 1000).toFixed(1)} s`,
        }),
    });
    if (state.last) return { position: state.position, changes: state.changes, cycles: state.cycles };
    await pause(options.pollMs ?? 500, options.signal);
  }
}

/** One cycle: the cutover check, the DDL check, and the changes up to the source's position applied. */
async function cycle(
  { capture, applier, tables }: Replication,
  options: ReplicateOptions,
  state: ReplicationResult & { last: boolean },
  started: number,
): Promise<void> {
  const requested = state.last ? undefined : await applier.cutoverRequested(options.runId);
  if (requested) {
    state.last = true;
    options.emit({
      type: 'cutover',
      stage: 'requested',
      position: state.position,
      at: requested.toISOString(),
    });
    const stopped = await writesStopped(capture, options.quietMs ?? 2_000, options.signal);
    options.emit({
      type: 'cutover',
      stage: 'writes-stopped',
      position: stopped,
      at: new Date().toISOString(),
    });
  }
  const ddl = await capture.schemaChanges(
    tables.map((t) => t.mapping.source),
    state.position,
  );
  if (ddl.length > 0) {
    const d = ddl[0]!;
    throw new FerryError(`Replication stopped: table ${d.table} was changed on the source (${d.change})`, {
      code: 'REPLICATION_SOURCE_DDL',
      where: d.table,
      hint: 'Changes of a table definition are not replicated: apply the change to the target table, then run a full load of that table again',
    });
  }
  const upTo = await capture.current();
  if (upTo <= state.position) return;
  const sets: TableChanges[] = [];
  for (const t of tables) {
    const rows = await capture.changes(t.mapping.source, {
      columns: t.mapping.readColumns,
      key: t.sourceKey,
      after: state.position,
      upTo,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (rows.length > 0)
      sets.push({
        table: t.mapping.target,
        columns: t.mapping.columns.map((c) => c.target),
        key: t.targetKey,
        changes: rows.map((c) => shapeChange(t, c)),
      });
  }
  const count = sets.reduce((n, s) => n + s.changes.length, 0);
  const transactions = new Set(sets.flatMap((s) => s.changes.map((c) => c.position))).size;
  const committed = await capture.committedAt(upTo);
  await applier.apply(sets, { runId: options.runId, position: upTo });
  state.position = upTo;
  state.changes += count;
  state.cycles += 1;
  options.emit({
    type: 'replication',
    position: upTo,
    changes: count,
    totalChanges: state.changes,
    changesPerSecond: Math.round(state.changes / Math.max(0.001, (Date.now() - started) / 1000)),
    lagSeconds: committed ? Math.max(0, (Date.now() - committed.getTime()) / 1000) : 0,
    transactionsBehind: transactions,
    tables: sets.map((s) => options.named(qualifiedName(s.table))),
  });
}

/**
 * At cutover: sets the target's identity columns and sequences past the source's last values (read
 * now, after the last changes), so that inserts on the target do not collide. Returns the counters set.
 */
export async function restartCounters(
  { capture, applier, tables }: Replication,
  sequences: readonly { source: QualifiedName; target: QualifiedName }[],
): Promise<number> {
  const values = await capture.counters(
    tables.map((t) => t.mapping.source),
    sequences.map((s) => s.source),
  );
  const mappings = new Map(tables.map((t) => [qualifiedName(t.mapping.source), t.mapping]));
  const targets = new Map(sequences.map((s) => [qualifiedName(s.source), s.target]));
  const onTarget = values.flatMap((v): CounterValue[] => {
    if (v.column === undefined) {
      const sequence = targets.get(qualifiedName(v.object));
      return sequence ? [{ object: sequence, last: v.last }] : [];
    }
    const mapping = mappings.get(qualifiedName(v.object));
    const column = mapping?.columns.find((c) => c.source === v.column);
    return mapping && column ? [{ object: mapping.target, column: column.target, last: v.last }] : [];
  });
  return applier.restartCounters(onTarget);
}

/**
 * A change as the target applies it: an upsert's row shaped as the load shapes rows (row transform,
 * added columns); a row the transform drops is deleted by key. A transform may not change the key:
 * the change's key would no longer find the target row.
 */
function shapeChange(t: ReplicatedTable, change: RowChange): RowChange {
  if (change.kind === 'delete') return change;
  const [row] = t.shape({ rows: [change.row!], bytes: 0 }).rows;
  if (!row) return { position: change.position, kind: 'delete', key: change.key };
  t.keyAt.forEach((at, i) => {
    const value = row[at];
    if (stringifyValueJson(value) !== stringifyValueJson(change.key[i])) {
      const name = qualifiedName(t.mapping.source);
      throw new FerryError(
        `The row transform of ${name} changed key column ${t.sourceKey[i]} (${stringifyValueJson(change.key[i])} -> ${stringifyValueJson(value)}): its changes cannot be applied by key`,
        {
          code: 'REPLICATION_TRANSFORM_KEY',
          where: `tables.${name}.transform`,
          hint: 'Replication applies a change to the target row of the same key: let the transform keep the key columns as they are',
        },
      );
    }
  });
  return { ...change, row };
}

/** Waits until the source's position stays the same for `ms`; returns it. */
async function writesStopped(
  capture: ChangeCapture,
  ms: number,
  signal?: AbortSignal,
): Promise<ChangePosition> {
  let seen = await capture.current();
  for (;;) {
    await pause(ms, signal);
    signal?.throwIfAborted();
    const now = await capture.current();
    if (now === seen) return now;
    seen = now;
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
