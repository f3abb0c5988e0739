// What one execution of a routine or view produced on one side, in a form both sides share.

import type { LogicalType } from '@ferry/core';

/**
 * One result set. SQL Server side: its columns' logical types and rows normalised by them.
 * PostgreSQL side: rows as PostgreSQL's text (no types), normalised when compared, by the SQL
 * Server side's types.
 */
export interface ResultSet {
  columns: string[];
  types?: LogicalType[];
  rows: (string | null)[][];
}

export interface Execution {
  /** The statement sent (for the report). */
  sql: string;
  ok: boolean;
  /** The side's error (number/SQLSTATE and message) when `ok` is false. */
  error?: string;
  resultSets: ResultSet[];
  /** Output parameters by source parameter name (without @). */
  outputs: Record<string, string | null>;
  /** SQL Server side: the output parameters' logical types. */
  outputTypes?: Record<string, LogicalType>;
}

export function failed(sql: string, error: unknown): Execution {
  return { sql, ok: false, error: errorText(error), resultSets: [], outputs: {} };
}

export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // mssql reports the last error of a batch; the first one (e.g. before 3998 "uncommittable
  // transaction") is the cause.
  const preceding = (error as { precedingErrors?: Error[] }).precedingErrors;
  const e = (preceding?.[0] ?? error) as Error & { number?: number; code?: string };
  const code = typeof e.number === 'number' ? e.number : e.code;
  return `${code !== undefined ? `${code}: ` : ''}${e.message.split('\n')[0]}`;
}
