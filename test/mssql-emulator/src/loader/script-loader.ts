// Runs sqlcmd batches on an engine session the way sqlcmd does: each batch is sent, its results are
// drained, and an error (class > 10) either stops the load (the default, like `sqlcmd -b`) or is
// recorded and the load goes on (`continueOnError`, or `:on error ignore` in the script).

import type { EngineSession, SqlErrorInfo } from '../engine-api.js';
import type { SqlcmdBatch } from '@ferry/tsql';

/** A batch that raised an error while loading. */
export interface BatchFailure {
  file: string;
  /** 1-based number of the batch in its file. */
  batch: number;
  /** Script line of the error (the batch's first line plus the error's line in the batch). */
  line: number;
  number: number;
  class: number;
  message: string;
  /** Later errors of the same batch (a batch whose statements continue after an error can raise several). */
  more?: { line: number; number: number; message: string }[];
}

export interface LoadSummary {
  /** Batches sent (each `GO n` repetition counts once). */
  batches: number;
  failures: BatchFailure[];
}

export interface LoadOptions {
  /** Record failing batches and go on instead of stopping at the first. */
  continueOnError?: boolean;
}

/** The load stopped at a failing batch (without continueOnError). */
export class LoadError extends Error {
  constructor(
    readonly failure: BatchFailure,
    readonly summary: LoadSummary,
  ) {
    super(describeFailure(failure));
  }
}

export function emptySummary(): LoadSummary {
  return { batches: 0, failures: [] };
}

/** Runs the batches in order on `session`, adding to `summary`; throws LoadError when an error stops the load. */
export async function runBatches(
  session: EngineSession,
  batches: SqlcmdBatch[],
  summary: LoadSummary,
  options: LoadOptions = {},
): Promise<void> {
  for (const batch of batches) {
    summary.batches++;
    const failure = await runBatch(session, batch);
    if (!failure) continue;
    summary.failures.push(failure);
    const goOn = batch.onError ? batch.onError === 'ignore' : options.continueOnError === true;
    if (!goOn) throw new LoadError(failure, summary);
  }
}

/** Runs one batch (`count` times), draining its results; returns its errors, if any. */
export async function runBatch(
  session: EngineSession,
  batch: SqlcmdBatch,
): Promise<BatchFailure | undefined> {
  const signal = new AbortController().signal;
  const errors: SqlErrorInfo[] = [];
  for (let n = 0; n < batch.count; n++) {
    for await (const r of session.executeBatch(batch.text, signal)) {
      if (r.kind === 'rows')
        for (const row of r.resultSet.rows as Iterable<unknown>) if (row === undefined) break;
      if (r.kind === 'error') errors.push(r.error);
    }
  }
  if (errors.length === 0) return undefined;
  const at = (e: SqlErrorInfo) => batch.line + Math.max(e.lineNumber, 1) - 1;
  const [first, ...rest] = errors;
  return {
    file: batch.file,
    batch: batch.batch,
    line: at(first),
    number: first.number,
    class: first.class,
    message: first.message,
    ...(rest.length
      ? { more: rest.map((e) => ({ line: at(e), number: e.number, message: e.message })) }
      : {}),
  };
}

export function describeFailure(f: BatchFailure): string {
  return `${f.file}, batch ${f.batch}, line ${f.line}: Msg ${f.number}, Level ${f.class}: ${f.message}`;
}

/** The summary as lines of text: batch count, then each failing batch with its errors. */
export function formatLoadSummary(summary: LoadSummary): string {
  const lines = [`${summary.batches} batches run, ${summary.failures.length} failed`];
  for (const f of summary.failures) {
    lines.push(`  ${describeFailure(f)}`);
    for (const m of f.more ?? []) lines.push(`    line ${m.line}: Msg ${m.number}: ${m.message}`);
  }
  return lines.join('\n');
}
