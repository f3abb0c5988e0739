// The change-capture capability of a source (`load.mode` with `cdc`): where its change stream stands,
// and the committed changes of a table between two positions, in commit order.

import type { Value } from '../pipeline/batch.js';
import type { QualifiedName, Table } from '../model/schema-model.js';

/**
 * A position in a source's change stream (SQL Server: a log sequence number), as text of a fixed
 * width per source, so that positions of one source compare as strings in commit order.
 */
export type ChangePosition = string;

/** One committed change of a row, by key: after it the row is `row`, or gone. */
export interface RowChange {
  /** Position of the transaction that made it. */
  position: ChangePosition;
  kind: 'upsert' | 'delete';
  /** The row's key values, in the order of `ChangeReadOptions.key`. */
  key: Value[];
  /** Upserts: the row's values in the order of `ChangeReadOptions.columns`. */
  row?: Value[];
}

export interface ChangeReadOptions {
  /** Source column names to deliver, in this order. */
  columns: string[];
  /** Source columns that identify a row. */
  key: string[];
  /** Changes after this position... */
  after: ChangePosition;
  /** ...up to and including this one. */
  upTo: ChangePosition;
  signal?: AbortSignal;
}

/** A change of a captured table's definition, made after a position (e.g. a column added). */
export interface SchemaChange {
  /** Source table, `schema.name`. */
  table: string;
  /** The change as the source recorded it (its DDL statement). */
  change: string;
  position: ChangePosition;
}

/**
 * The last value a source counter handed out (an integer as decimal text): an identity column's
 * (`column` set) or a sequence's. At cutover the target's counters are set past them.
 */
export interface CounterValue {
  /** The table of an identity column, or the sequence. */
  object: QualifiedName;
  column?: string;
  last: string;
}

export interface ChangeCapture {
  /** The position of the last committed change: a full load that reads after it misses nothing. */
  current(): Promise<ChangePosition>;
  /** When the transaction at `position` committed (for lag in seconds); undefined if unknown. */
  committedAt(position: ChangePosition): Promise<Date | undefined>;
  /**
   * The key columns to replicate `table` by: `keyColumns` when given, else its primary key or a
   * unique index. Refuses (a FerryError naming the table) a table whose changes are not captured,
   * saying how to capture them, and a table without key unless `keyColumns` are named.
   */
  prepare(table: Table, keyColumns?: readonly string[]): Promise<string[]>;
  /** Changes of `table` in (`after`, `upTo`], in commit order; a key update is a delete and an upsert. */
  changes(table: Table, options: ChangeReadOptions): Promise<RowChange[]>;
  /** Changes to the definition of these tables after `after`. */
  schemaChanges(tables: readonly Table[], after: ChangePosition): Promise<SchemaChange[]>;
  /** The last values of these tables' identity columns and of these sequences; counters never used are left out. */
  counters(tables: readonly Table[], sequences: readonly QualifiedName[]): Promise<CounterValue[]>;
}

/** The changes of one target table to apply: values in target column names. */
export interface TableChanges {
  /** The target-shaped table (as `TargetEndpoint.write` gets it). */
  table: Table;
  /** Target columns of `RowChange.row`, in order. */
  columns: string[];
  /** Target columns of `RowChange.key`, in order. */
  key: string[];
  changes: RowChange[];
}

/** The change-applying capability of a target (`TargetEndpoint.changes`). */
export interface ChangeApplier {
  /**
   * Applies the changes of every table up to `checkpoint.position` and records that position as
   * the run's applied one, all in one transaction: a crash applies all of them or none. Idempotent:
   * each key ends as its last change left it (an upsert or a delete by key).
   */
  apply(
    tables: readonly TableChanges[],
    checkpoint: { runId: string; position: ChangePosition },
  ): Promise<void>;
  /** The position a run last applied (recorded by `apply`); undefined if it applied none. */
  applied(runId: string): Promise<ChangePosition | undefined>;
  /** Asks the replicating run `runId` to cut over (from another process); false if it replicates nothing. */
  requestCutover(runId: string): Promise<boolean>;
  /** When a cutover of `runId` was asked for; undefined if it was not. */
  cutoverRequested(runId: string): Promise<Date | undefined>;
  /**
   * Sets the target's identity columns and sequences (target names) past the source's last values,
   * so that rows inserted on the target after cutover do not collide; an identity never goes below
   * its table's rows. Returns the counters set.
   */
  restartCounters(counters: readonly CounterValue[]): Promise<number>;
}
