// Runs one phase of a migration between its start and end events, and turns aborts into
// InterruptedError; shared by plan, run, validate and assess.

import { FerryError } from '../errors.js';
import { InterruptedError } from '../pipeline/interrupted-error.js';
import { redact } from '../secrets.js';
import type { RunEvent, RunEventSink, RunPhase } from './run-events.js';

export interface PhaseOptions {
  onEvent?: RunEventSink;
  signal?: AbortSignal;
}

export function emitter(options: PhaseOptions): (event: RunEvent) => void {
  return (event) => options.onEvent?.(event);
}

/** Throws InterruptedError when the run was cancelled. */
export function checkAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw new InterruptedError(where, signal.reason);
}

/**
 * The error a phase ends with, as a FerryError whose message is redacted: FerryErrors keep their
 * class, code, where and hint; anything else is wrapped, naming the phase.
 */
export function asFerryError(error: unknown, phase: RunPhase): FerryError {
  if (error instanceof FerryError) {
    error.message = redact(error.message);
    return error;
  }
  return new FerryError(`${phase} failed: ${errorText(error)}`, { where: phase, cause: error });
}

export function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/**
 * Emits `phase-start`, runs `body`, emits `phase-end` with ok/failed/interrupted and the time taken.
 * `body` may return a detail line and a status (a validation mismatch is `failed`) for the end event.
 */
export async function runPhase<T>(
  phase: RunPhase,
  options: PhaseOptions & { dryRun?: boolean; start?: Partial<Extract<RunEvent, { type: 'phase-start' }>> },
  body: () => Promise<{ value: T; detail?: string; status?: 'ok' | 'failed' | 'skipped' }>,
): Promise<T> {
  const emit = emitter(options);
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  emit({ type: 'phase-start', phase, ...(options.dryRun ? { dryRun: true } : {}), ...options.start });
  try {
    checkAborted(options.signal, phase);
    const { value, detail, status } = await body();
    emit({
      type: 'phase-end',
      phase,
      status: status ?? 'ok',
      seconds: seconds(),
      ...(detail ? { detail } : {}),
    });
    return value;
  } catch (thrown) {
    const error = asFerryError(thrown, phase);
    const interrupted =
      error instanceof InterruptedError ||
      (error instanceof FerryError && error.code === 'INTERRUPTED') ||
      options.signal?.aborted;
    emit({
      type: 'phase-end',
      phase,
      status: interrupted ? 'interrupted' : 'failed',
      seconds: seconds(),
      detail: errorText(error),
    });
    throw error;
  }
}
