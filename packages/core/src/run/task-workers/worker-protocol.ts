// The messages between the main thread and a task worker thread. Tasks (data tasks and table
// validations), progress, events and results cross; the rows loaded never do. The one exception is a
// task's rejected rows, handed on to the main thread's reject file with flow control (reject-flow.ts).
// Errors cross as plain data and become FerryErrors again.

import { FerryError, type ExitCode } from '../../errors.js';
import type { SchemaModel } from '../../model/schema-model.js';
import type { KeyRange, RejectedRow } from '../../plugins/endpoint.js';
import type { Value } from '../../pipeline/batch.js';
import type { DataTask } from '../../pipeline/data-task.js';
import { InterruptedError } from '../../pipeline/interrupted-error.js';
import type { TaskResult } from '../../pipeline/scheduler.js';
import type { TableValidation } from '../../validate/validate-table.js';
import { redact } from '../../secrets.js';
import type { MigrationOrigin } from '../open-migration.js';
import type { MessagePort } from 'node:worker_threads';

/** What a worker is started with (`workerData`): it opens the migration at once. */
export interface TaskWorkerInit {
  origin: MigrationOrigin;
  /** CPU cores, and the run's jobs at once when the starting thread knows it (else the config's load.parallelism): jobsPerWorker. */
  cores: number;
  parallelism?: number;
  /** The starting thread is loading the config: wait for `config` (its compiled module) rather than compile it too. */
  configFollows?: boolean;
}

/** Sent once the run is planned, before any task. */
export interface TaskWorkerStart {
  /** The source model as the main thread introspected it: the worker applies the config's rules to it. */
  sourceModel: SchemaModel;
  runId?: string;
}

/** A job for a worker: a data task, or the validation of the target table `table` (`schema.name`) over the source key ranges `ranges`. */
export type JobMessage =
  { type: 'run'; task: DataTask } | { type: 'validate'; table: string; ranges: KeyRange[] };

/**
 * To a worker. A job comes with the port of a channel of its own (a worker may run several at once):
 * its progress, events and result come back over it, and `stop` (ToJob) goes over it.
 */
export type ToWorker =
  /** The config as the starting thread compiled it (none: a JSON or YAML config, or not known: load it). */
  | { type: 'config'; module?: string }
  | ({ type: 'start' } & TaskWorkerStart)
  | (JobMessage & { port: MessagePort })
  | { type: 'close' };

/** To a running job, over its port; `handed`: one of its rejected rows was handed on (reject-flow.ts). */
export type ToJob = { type: 'stop' } | { type: 'handed' };

/** From a job over its port; `log` (the endpoints' messages) also comes from the worker itself. */
export type FromWorker =
  | { type: 'progress'; rows: number; bytes: number }
  | { type: 'reject'; rejected: RejectedRow }
  | { type: 'retry'; attempt: number; delayMs: number; error: WireError }
  | { type: 'log'; message: string }
  | { type: 'done'; result: TaskResult }
  | { type: 'validated'; result: TableValidation }
  | { type: 'failed'; error: WireError };

/** An error as data (structured clone keeps only an Error's message and stack). */
export interface WireError {
  name: string;
  message: string;
  interrupted: boolean;
  code?: string;
  where?: string;
  hint?: string;
  transient?: boolean;
  exitCode?: ExitCode;
}

export function toWire(error: unknown): WireError {
  const message = redact(error instanceof Error ? error.message : String(error));
  const name = error instanceof Error ? error.name : 'Error';
  if (!(error instanceof FerryError)) return { name, message, interrupted: false };
  const { code, where, hint, transient, exitCode } = error;
  return { name, message, interrupted: code === 'INTERRUPTED', code, where, hint, transient, exitCode };
}

export function fromWire(wire: WireError): FerryError {
  if (wire.interrupted) return new InterruptedError(wire.where);
  const error = new FerryError(wire.message, {
    code: wire.code,
    where: wire.where,
    hint: wire.hint,
    transient: wire.transient,
    exitCode: wire.exitCode,
  });
  error.name = wire.name;
  return error;
}

/** A value after structured clone: a Buffer arrives as a plain Uint8Array. */
function revive(value: Value): Value {
  const cloned = value as Value | Uint8Array;
  return cloned instanceof Uint8Array && !Buffer.isBuffer(cloned)
    ? Buffer.from(cloned.buffer, cloned.byteOffset, cloned.byteLength)
    : value;
}

const reviveAll = (values: Value[] | undefined) => values?.map(revive);

export function reviveRange(cloned: KeyRange): KeyRange {
  const range: KeyRange = { ...cloned };
  if (range.lower) range.lower = reviveAll(range.lower);
  if (range.upper) range.upper = reviveAll(range.upper);
  return range;
}

export function reviveTask(task: DataTask): DataTask {
  return task.range ? { ...task, range: reviveRange(task.range) } : task;
}

export function reviveValidation(result: TableValidation): TableValidation {
  const ranges = result.ranges.map((r) => (r.range ? { ...r, range: reviveRange(r.range) } : r));
  return { ...result, ranges };
}

export function reviveRejected(rejected: RejectedRow): RejectedRow {
  const key = Object.fromEntries(Object.entries(rejected.key).map(([k, v]) => [k, revive(v)]));
  return { ...rejected, key, row: rejected.row.map(revive) };
}
