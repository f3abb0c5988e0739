// Human-readable figures shared by the reports and messages: bytes, durations, counts, rates, plurals.

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return m < 60
    ? `${m}m${String(s).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A rate, or `-` when there is none (0: nothing moved, or over too short a time to measure). */
export function formatRate(perSec: number): string {
  if (!(perSec > 0) || !Number.isFinite(perSec)) return '-';
  return perSec >= 100 ? formatCount(perSec) : perSec.toFixed(1);
}

/** Shortest time a rate is measured over: below it, timer resolution makes any rate meaningless. */
const minRateSeconds = 0.01;

/** `amount` per second over `seconds`, or 0 (no rate) when nothing moved or the time is too short to measure. */
export function perSecond(amount: number, seconds: number): number {
  return amount > 0 && seconds >= minRateSeconds ? amount / seconds : 0;
}

/** `1 row`, `2 rows`: the count and the word, plural unless the count is 1. */
export function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;
}
