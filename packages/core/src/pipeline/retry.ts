// Bounded retries of transient failures (dropped connection, deadlock, throttling, admin
// shutdown) with exponential backoff and full jitter; permanent failures pass through at once.

import { FerryError } from '../errors.js';
import { InterruptedError } from './interrupted-error.js';

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  attempts: number;
  /** First backoff; attempt n waits a random time in [0, min(maxMs, baseMs * 2^(n-1))]. */
  baseMs: number;
  maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 30_000 };

export interface RetryNotice {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

/** True when the error, or an error it wraps, says retrying may succeed. */
export function isTransient(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof InterruptedError) return false;
    if (e instanceof FerryError) return e.transient;
  }
  return false;
}

/** The wait before retry n (1-based): full jitter over an exponential ceiling. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, fails permanently, or `policy.attempts` are used; waits between
 * attempts (an abort ends the wait with InterruptedError). Resolves with the value and the retries made.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  options: { signal?: AbortSignal; onRetry?: (notice: RetryNotice) => void; where?: string } = {},
): Promise<{ value: T; retries: number }> {
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), retries: n - 1 };
    } catch (error) {
      if (n >= policy.attempts || !isTransient(error) || options.signal?.aborted) throw error;
      const delayMs = backoffMs(policy, n);
      options.onRetry?.({ attempt: n, delayMs, error });
      await sleep(delayMs, options.signal, options.where);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, where: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new InterruptedError(where, signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
