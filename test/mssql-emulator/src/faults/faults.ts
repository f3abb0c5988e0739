// Fault injection at the protocol level: drop the connection or raise an error after N rows of a
// table, delay rows or requests, refuse logins. Set at start, changed at runtime with `faults.set()`.

import type { SqlErrorInfo } from '../engine-api.js';

export interface FaultConfig {
  /** Closes the TCP connection after `afterRows` rows of `table` (`schema.table`) were sent. */
  dropConnection?: { table: string; afterRows: number; times?: number };
  /** Sends an ERROR token then DONE_ERROR after `afterRows` rows of `table`, ending the request. */
  errorMidResult?: { table: string; afterRows: number; times?: number; error?: Partial<SqlErrorInfo> };
  /** Sleeps before every row (optionally only rows of `table`) and/or before every request. */
  delay?: { perRowMs?: number; perRequestMs?: number; table?: string };
  /** Refuses the next `times` logins ('all' = until cleared) with `error` (default 18456). */
  refuseLogins?: { times: number | 'all'; error?: Partial<SqlErrorInfo> };
}

/** What the row loop must do after a row. */
export type RowFault =
  { kind: 'drop' } | { kind: 'error'; error: SqlErrorInfo } | { kind: 'delay'; ms: number };

/** A fault fires `times` times (default once) and then disarms itself. */
const DEFAULT_TIMES = 1;

export class Faults {
  private config: FaultConfig = {};
  private remaining = new Map<keyof FaultConfig, number>();

  constructor(initial: FaultConfig = {}) {
    this.set(initial);
  }

  /** Replaces the given kinds of fault; a key set to undefined removes that fault. */
  set(config: FaultConfig): void {
    for (const key of Object.keys(config) as Array<keyof FaultConfig>) {
      const value = config[key];
      if (value === undefined) {
        delete this.config[key];
        this.remaining.delete(key);
        continue;
      }
      (this.config as Record<string, unknown>)[key] = value;
      const times = 'times' in value ? value.times : undefined;
      this.remaining.set(key, times === 'all' ? Infinity : (times ?? DEFAULT_TIMES));
    }
  }

  clear(): void {
    this.config = {};
    this.remaining.clear();
  }

  get current(): Readonly<FaultConfig> {
    return this.config;
  }

  /** The error to refuse a login with, or null to let it proceed. */
  takeLoginRefusal(user: string): SqlErrorInfo | null {
    const f = this.config.refuseLogins;
    if (!f || !this.consume('refuseLogins')) return null;
    return {
      number: 18456,
      state: 1,
      class: 14,
      message: `Login failed for user '${user}'.`,
      lineNumber: 1,
      ...f.error,
    };
  }

  requestDelayMs(): number {
    return this.config.delay?.perRequestMs ?? 0;
  }

  /** Per-result hook for the row loop, or null when no fault concerns rows of `source`. */
  forResult(source: string | undefined): ((rowsSent: number) => RowFault | null) | null {
    const { dropConnection, errorMidResult, delay } = this.config;
    const drop = dropConnection && sameTable(dropConnection.table, source) ? dropConnection : undefined;
    const error = errorMidResult && sameTable(errorMidResult.table, source) ? errorMidResult : undefined;
    const rowDelay =
      delay?.perRowMs && (delay.table === undefined || sameTable(delay.table, source)) ? delay.perRowMs : 0;
    if (!drop && !error && !rowDelay) return null;
    return (rowsSent) => {
      if (
        drop &&
        rowsSent === drop.afterRows &&
        this.config.dropConnection === drop &&
        this.consume('dropConnection')
      )
        return { kind: 'drop' };
      if (
        error &&
        rowsSent === error.afterRows &&
        this.config.errorMidResult === error &&
        this.consume('errorMidResult')
      ) {
        return {
          kind: 'error',
          error: {
            number: 50000,
            state: 1,
            class: 16,
            message: `Injected fault after ${rowsSent} rows of ${source}.`,
            lineNumber: 1,
            ...error.error,
          },
        };
      }
      return rowDelay ? { kind: 'delay', ms: rowDelay } : null;
    };
  }

  private consume(key: keyof FaultConfig): boolean {
    const left = this.remaining.get(key) ?? 0;
    if (left <= 0) return false;
    if (left === 1) {
      delete this.config[key];
      this.remaining.delete(key);
    } else this.remaining.set(key, left - 1);
    return true;
  }
}

function normalise(name: string): string {
  return name.replace(/[[\]"]/g, '').toLowerCase();
}

function sameTable(wanted: string, source: string | undefined): boolean {
  if (source === undefined) return false;
  const w = normalise(wanted);
  const s = normalise(source);
  return w === s || (!w.includes('.') && s === `dbo.${w}`);
}
