// The endpoint API every source and target implements, built-in or third-party.

import type { Batch } from '../pipeline/batch.js';
import type { ColumnFix } from '../pipeline/column-fixes.js';
import type { QualifiedName, SchemaModel, Table } from '../model/schema-model.js';
import type { ActionItem } from '../report/action-item.js';
import type { Value } from '../pipeline/batch.js';
import type { ChangeApplier, ChangeCapture } from './change-capture.js';
import type { TableDigester } from '../validate/row-digest.js';

/** A contiguous key range of a table: `lower <= key < upper`, either bound open when absent. */
export interface KeyRange {
  /** 0-based position of this range among the table's ranges. */
  index: number;
  /** Key column names (source names), in key order. */
  key: string[];
  /** Inclusive lower bound (one value per key column), absent for the first range. */
  lower?: Value[];
  /** Exclusive upper bound, absent for the last range. */
  upper?: Value[];
}

/** A comparison a row filter makes on one column (DMS source filter operators). */
export type ColumnPredicateOp =
  'eq' | 'ne' | 'le' | 'ge' | 'between' | 'not-between' | 'is-null' | 'is-not-null';

/**
 * One condition on one source column, as data: each source renders it in its own dialect (with
 * query parameters where it has them, never by pasting values into SQL text).
 */
export interface ColumnPredicate {
  column: string;
  op: ColumnPredicateOp;
  /**
   * One value for eq/ne/le/ge, two (low, high) for between/not-between, none for the null tests.
   * Canonical values of the column's logical type (see batch.ts), except that an integer column's
   * value is a number or bigint of any size and a decimal's keeps the digits written.
   */
  values: Value[];
}

/** A row filter: the row passes when any of its predicates holds. */
export interface RowFilter {
  anyOf: ColumnPredicate[];
}

/** Which rows of a table a read or a count covers, besides its key range. */
export interface RowSelection {
  /** The per-table `where` option: source-dialect text, passed through as the user wrote it. */
  where?: string;
  /** Structured filters (DMS source filters), all of which a row passes. */
  filters?: RowFilter[];
}

export interface IntrospectOptions {
  /** Only objects whose `schema.name` passes this filter need to be described in detail. */
  include?: (o: QualifiedName) => boolean;
}

export interface IntrospectionResult {
  model: SchemaModel;
  actionItems: ActionItem[];
}

export interface ReadOptions extends RowSelection {
  /** Source column names to read, in this order; batches carry values in this order. */
  columns: string[];
  range?: KeyRange;
  batchRows: number;
  batchBytes: number;
  signal?: AbortSignal;
  /**
   * Return each value of a LOB column (see `isLobType`) as its `lobDigest` instead of the value.
   * Validation asks it only of a target whose `readsLobDigests` is true.
   */
  lobDigests?: boolean;
  /**
   * Fast path: deliver the rows in the binary row format (`Batch.binary`), asked only when
   * `binaryReadProblem` found none for these columns.
   */
  binaryRows?: boolean;
  /**
   * With `binaryRows`, under the `fix` policy: the source makes the documented fixes in the binary
   * rows itself and counts them (see binary-rows.ts), instead of sending those rows as values.
   */
  fixValues?: boolean;
  /**
   * With `binaryRows`: batches may end inside a row with a large value (`BinaryRows.partial`), so
   * that such a row is never held whole. For a reader that passes the bytes on in order (one COPY),
   * not one that walks the tuples of each batch.
   */
  splitRows?: boolean;
}

export interface SourceEndpoint {
  readonly name: string;
  /**
   * Its data lives in this endpoint object (an in-memory test endpoint): another instance opened in a
   * worker thread would not see it, so a run with such an endpoint moves its data on the main thread.
   */
  readonly inProcess?: boolean;
  introspect(options?: IntrospectOptions): Promise<IntrospectionResult>;
  /** Splits a table into up to `count` key ranges; a table without a usable key gives one open range. */
  ranges?(table: Table, count: number): Promise<KeyRange[]>;
  read(table: Table, options: ReadOptions): AsyncIterable<Batch>;
  count(table: Table, range?: KeyRange, rows?: RowSelection): Promise<number>;
  /** `read` honours `lobDigests`: it hashes LOB values where they are stored and sends the digests. */
  readonly readsLobDigests?: boolean;
  /**
   * Fast path: why `read` cannot deliver these columns of `table` in the binary row format (e.g. a
   * type it does not decode on the bytes), or undefined when it can. A source without it has no fast path.
   */
  binaryReadProblem?(table: Table, columns: readonly string[]): string | undefined;
  /** Change capture, for `load.mode` `full-load-and-cdc` and `cdc-only`; a source without it cannot replicate. */
  readonly changes?: ChangeCapture;
  /**
   * Opens a connection ahead of the first request: a task worker calls it while the run is planned,
   * so that its first task does not wait for the login. A failure is left to the request that meets it.
   */
  warmUp?(): Promise<void>;
  close(): Promise<void>;
}

export type PrepMode = 'drop-and-create' | 'truncate' | 'do-nothing';

/** One executable step of a plan phase, rendered by the target (DDL text is kept for `ferry plan`). */
export interface PlanStep {
  id: string;
  phase: 'pre-data' | 'post-data';
  /** e.g. `schema`, `table`, `sequence`, `primary-key`, `index`, `foreign-key`, `view`, `routine`, `trigger`, `comment`. */
  kind: string;
  /** Target object concerned, e.g. `northwind.orders`. */
  object: string;
  statements: string[];
  /** Ids of steps applied before this one (order only). */
  dependsOn?: string[];
  /**
   * Ids of steps this step cannot apply without (also applied before it): when one of them failed or
   * was skipped, this step is skipped and reported, not attempted (an index of a table that failed).
   */
  requires?: string[];
  /**
   * Target-model tables (`schema.name`, as `DataTask.target`) this step creates or prepares for loading:
   * when it fails or is skipped, their data tasks are skipped and reported (no rows go into a table
   * that is missing or was not prepared).
   */
  prepares?: string[];
  actionItems?: ActionItem[];
  /**
   * Converted code (views, routines, triggers, domains), as opposed to the tables, keys and indexes
   * generated from the model. Any step that fails is reported and the run goes on (see `applySteps`);
   * this only sets how its failure is worded.
   */
  optional?: boolean;
}

export interface TargetPlanOptions {
  /** Prep mode per target table (`schema.name`); default `drop-and-create`. */
  prep: (table: QualifiedName) => PrepMode;
  /**
   * Target schema (of the target-shaped model) of a source schema that converted code names, as the
   * rules map it; default: matched among the model's schemas by the naming strategies.
   */
  sourceSchema?: (schema: string) => string;
  /**
   * The plan is made without reaching the target's server (ferry convert, plan, assess --offline): what
   * the target would read from its server (its version) comes from its config or defaults.
   */
  offline?: boolean;
}

export interface TargetPlan {
  steps: PlanStep[];
  actionItems: ActionItem[];
}

/** A row the target refused under the `reject` error policy, with why (for the reject table/file). */
export interface RejectedRow {
  /** Target table, `schema.name`. */
  table: string;
  /** 1-based position of the row among the rows given to this write call. */
  rowNumber: number;
  /** Key column values of the row (target names), when the table has a key. */
  key: Record<string, Value>;
  /** Target column whose value was refused. */
  column: string;
  /** Stable code, e.g. `NUL_IN_TEXT`, `SUB_MICROSECOND`. */
  code: string;
  reason: string;
  /** The row's values, in WriteOptions.columns order. */
  row: Value[];
}

export interface WriteOptions {
  /** Target column names, in batch value order. */
  columns: string[];
  signal?: AbortSignal;
  /** Called after each batch is durably handed to the target. */
  onProgress?: (rows: number, bytes: number) => void;
  /**
   * What to do with a value the target cannot store faithfully (NUL in text, sub-microsecond time...):
   * `fail` (default: error naming table, column, row and key), `fix` (documented fix-up, counted in
   * WriteResult.fixes), `reject` (row skipped and handed to onReject).
   */
  onError?: 'fail' | 'reject' | 'fix';
  onReject?: (rejected: RejectedRow) => void | Promise<void>;
  /**
   * Columns whose values came out of user code (a row transform or a computed column). The target
   * checks each of their values against the column's logical type (`canonicalValueProblem`) and
   * applies `onError` to a value that does not fit (code `WRONG_TYPE`, never fixed: under `fix` it
   * fails), instead of coercing it. Source values are trusted to be canonical and not checked again.
   */
  userColumns?: string[];
  /**
   * The task this write loads, for targets with `checkpoints`: the target records the task as
   * finished (and its rejected rows) in the SAME transaction that commits the rows, so a task is
   * either loaded and recorded, or neither. It claims the task in that transaction before loading:
   * a task already done fails with `TASK_ALREADY_LOADED`, one another process is loading with
   * `TASK_CLAIMED` (neither loads a row).
   */
  checkpoint?: TaskCheckpoint;
}

/** Identifies a data task of a run for a checkpointed write. */
export interface TaskCheckpoint {
  runId: string;
  /** DataTask id, e.g. `app.orders#2`. */
  taskId: string;
}

/** A data task as recorded in a target's state: the task (plain data) and how far it got. */
export interface RecordedTask {
  taskId: string;
  /** Source table, `schema.name`. */
  source: string;
  /** Target table, `schema.name`. */
  target: string;
  range?: KeyRange;
  state: 'pending' | 'done';
  /** Rows committed (done tasks). */
  rows: number;
  /** Rows rejected under the `reject` policy (done tasks). */
  rejected: number;
  /** Times the task's rows were committed (1 for a task loaded once). */
  loads: number;
  finishedAt?: Date;
}

/** A run as recorded in a target's state. */
export interface RecordedRun {
  runId: string;
  /** Fingerprint of the mapped source tables when the run began (see `sourceFingerprint`). */
  fingerprint: string;
  state: 'loading' | 'done' | 'failed' | 'interrupted';
  startedAt: Date;
  tasks: RecordedTask[];
  /** Ids of the post-data steps this run applied (recorded with `ApplyOptions.checkpoint`). */
  doneSteps: string[];
}

export interface ApplyOptions {
  /** The target records the step as applied in the step's own transaction (for `--resume`). */
  checkpoint?: { runId: string };
}

/** The process that holds (or asks for) a target's run lease, as a refusal names it. */
export interface LeaseHolder {
  host: string;
  pid: number;
  /** When the holder's run started. */
  startedAt: Date;
}

/**
 * A target's run lease. Taken (`CheckpointStore.lease`) before the run plans, it writes nothing to
 * the target until `hold` (so a run refused, by the lease or by its plan, leaves the target as it
 * was); held until released, or until the holder's session ends: a dead holder holds nothing.
 */
export interface RunLease {
  /** A sentence naming the previous holder, when this lease was taken over from a dead one. */
  readonly tookOver?: string;
  /**
   * Aborted (reason: a FerryError `RUN_LEASE_LOST`) when the lease's session ended and the lease
   * could not be taken back (another run took it, or the target stayed unreachable): the run must
   * stop changing the target.
   */
  readonly lost: AbortSignal;
  /**
   * Records the holder in the target's run state (creating it) and starts the heartbeat; runs a dead
   * holder left `loading` are recorded `interrupted`. Called once the run is about to change the target.
   */
  hold(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Run state kept by a target (PostgreSQL: the `ferry` schema), for `ferry run --resume`.
 * Never holds secrets: table names, key bounds, counts and states only.
 *
 * Concurrency: a run (or resume) first takes the target's run lease, so a second run is refused
 * while the first lives. Each checkpointed write then claims its task inside the load's own
 * transaction before any row goes in (a task already done, or being loaded by another process, is
 * refused), and commits only while its run is still `loading` (a run whose lease was taken over is
 * `interrupted`), so no range is ever loaded twice, whichever process (or, later, worker) runs it.
 */
export interface CheckpointStore {
  /**
   * Takes the target's run lease for `holder` (nothing written yet: see `RunLease.hold`). Refuses
   * (`RUN_LEASE_HELD`, exit 2, naming the holder's host, pid and start time) while another process
   * holds it, or may still hold it: a holder whose session ended is taken over once it is known
   * dead (its pid gone on this host, or no heartbeat for a while). `notify` hears what the lease
   * does on its own (its session ended and it was taken back).
   */
  lease(holder: LeaseHolder, notify?: (message: string) => void): Promise<RunLease>;
  /** Records a run whose pre-data is done and whose data tasks are about to load. */
  begin(run: {
    runId: string;
    fingerprint: string;
    tasks: readonly { id: string; source: string; target: string; range?: KeyRange }[];
  }): Promise<void>;
  /** Records that an unfinished run (`--resume`) is loading again. */
  reopen(runId: string): Promise<void>;
  /** The most recent run that did not finish (`state` not `done`), with its tasks; undefined if none. */
  unfinished(): Promise<RecordedRun | undefined>;
  /** Records how a run ended. */
  end(runId: string, state: RecordedRun['state']): Promise<void>;
}

export interface WriteResult {
  rows: number;
  bytes: number;
  /** Values fixed under the `fix` policy, by code (e.g. `{ NUL_IN_TEXT: 2 }`). */
  fixes?: Record<string, number>;
  /** Values changed by a documented rule, per column and rule (the `fix` policy's fixes and END_OF_TIME). */
  columnFixes?: ColumnFix[];
  /** Rows rejected under the `reject` policy. */
  rejected?: number;
}

/** How a database folds unquoted identifiers: `lower` (PostgreSQL), `upper` (Oracle, Snowflake), or `none`. */
export type CaseFolding = 'lower' | 'upper' | 'none';

/**
 * What a target database's identifiers and DDL are like. Each target plugin declares them on its
 * endpoint; core's naming and rules read them instead of assuming one database (dlt's destination
 * capabilities are the model).
 */
export interface TargetCapabilities {
  /** The database's name for messages, e.g. `PostgreSQL`. */
  readonly product: string;
  /** Longest identifier in UTF-8 bytes: longer generated names are shortened, longer mapped names refused. */
  readonly identifierMaxBytes: number;
  /** Key words that cannot stand unquoted as an identifier (lower case). */
  readonly reservedWords: ReadonlySet<string>;
  /** How the database folds unquoted identifiers (the `fold` naming strategy writes names that way). */
  readonly caseFolding: CaseFolding;
  /** Whether DDL runs inside a transaction, so a failed step leaves nothing behind. */
  readonly transactionalDdl: boolean;
}

export interface TargetEndpoint {
  readonly name: string;
  readonly capabilities: TargetCapabilities;
  /**
   * Its data lives in this endpoint object (an in-memory test endpoint): another instance opened in a
   * worker thread would not see it, so a run with such an endpoint moves its data on the main thread.
   */
  readonly inProcess?: boolean;
  /**
   * Where the target puts an object of the target-shaped model, when not where the model says
   * (PostgreSQL's `schema` option puts every object in that schema): the name summaries and reports
   * show. Absent: where the model says.
   */
  place?(o: QualifiedName): QualifiedName;
  /** Renders the pre-data and post-data steps for a target-shaped model. */
  plan(model: SchemaModel, options: TargetPlanOptions): Promise<TargetPlan>;
  apply(step: PlanStep, options?: ApplyOptions): Promise<void>;
  /** Writes all batches into `table` (a target-shaped table of the model). */
  write(table: Table, batches: AsyncIterable<Batch>, options: WriteOptions): Promise<WriteResult>;
  count(table: Table, range?: KeyRange): Promise<number>;
  /**
   * Fast path: why `write` cannot take rows of these columns in the binary row format (a type
   * override, a column it loads otherwise, a policy that needs every row's values), or undefined
   * when it can. A target without it has no fast path; one with it also reads binary rows back
   * (`read` with `binaryRows`), for validation.
   */
  binaryWriteProblem?(
    table: Table,
    columns: readonly string[],
    options: Pick<WriteOptions, 'onError'>,
  ): string | undefined;
  /** Reads rows back in canonical values (for validation streamed through Ferry). */
  read?(table: Table, options: ReadOptions): AsyncIterable<Batch>;
  /**
   * Validation's server-side checksum of a table the fast path loads: digests of `columns` computed
   * where the rows are stored (see validate/row-digest.ts), or why the target cannot compute them
   * (then validation reads the rows back).
   */
  digester?(table: Table, columns: readonly string[]): Promise<TableDigester | string>;
  /** `read` honours `lobDigests`: it hashes LOB values where they are stored and sends the digests. */
  readonly readsLobDigests?: boolean;
  /** Run state for checkpoints and `--resume`; a target without it cannot resume. */
  readonly checkpoints?: CheckpointStore;
  /** Applies replicated changes (`load.mode` with `cdc`); a target without it cannot replicate. */
  readonly changes?: ChangeApplier;
  /**
   * Opens a verification of a converted schema: steps applied in one transaction that is rolled back
   * (targets with transactional DDL). `ferry assess` applies the whole plan through it.
   */
  verifySchema?(): Promise<SchemaVerification>;
  /** As SourceEndpoint.warmUp: a connection opened while the run is planned. */
  warmUp?(): Promise<void>;
  close(): Promise<void>;
}

/** A name a converted body uses that resolves to nothing in the target (after every step applied). */
export interface UnresolvedName {
  kind: 'relation' | 'function';
  /** As written in the body: `schema.name` or `name`. */
  name: string;
  /** The routine whose body uses it. */
  routine: string;
}

/** A schema applied step by step inside one transaction that `close` rolls back: nothing stays on the target. */
export interface SchemaVerification {
  /**
   * Applies a step as `TargetEndpoint.apply` would (same statements, same steps left out), inside the
   * verification's transaction; throws the target's error when refused (leaving the transaction usable).
   */
  apply(step: PlanStep): Promise<void>;
  /** What a step holds: no statement at all (comments only: nothing was converted), and the names its bodies use that resolve to nothing. */
  inspect(step: PlanStep): Promise<{ statements: number; unresolved: UnresolvedName[] }>;
  /** Rolls everything back and releases the connection. */
  close(): Promise<void>;
}
