// The contract between the emulator's TDS protocol layer (which speaks to clients) and its
// SQL engine (which executes T-SQL). The protocol layer never parses SQL; the engine never
// touches bytes on the wire.

/** A SQL Server type as the protocol layer must describe it in COLMETADATA / RETURNVALUE. */
export interface SqlType {
  /** Lower-case SQL Server type name: int, bigint, decimal, nvarchar, datetime2, uniqueidentifier, sql_variant, ... */
  name: string;
  /** Declared length in characters (char types) or bytes (binary types); -1 for (max). */
  length?: number;
  precision?: number;
  scale?: number;
  /** Collation name for character types, e.g. SQL_Latin1_General_CP1_CI_AS. */
  collation?: string;
}

export interface ResultColumn {
  name: string;
  type: SqlType;
  nullable: boolean;
  identity?: boolean;
  computed?: boolean;
}

/**
 * Values use Ferry's canonical forms (see @ferry/core Batch): numbers for bit(0/1 or boolean)/tinyint/
 * smallint/int/real/float, bigint for bigint, exact decimal strings for decimal/numeric/money,
 * strings for character/xml, Buffer for binary/rowversion, `YYYY-MM-DD`, `HH:MM:SS.fffffff`,
 * `YYYY-MM-DD HH:MM:SS.fffffff`, `YYYY-MM-DD HH:MM:SS.fffffff+HH:MM` for temporal types, the
 * canonical upper-case text of a uniqueidentifier, and for sql_variant `{ type: SqlType, value }`.
 */
export type EngineValue = unknown;

export interface ResultSet {
  columns: ResultColumn[];
  /** Rows are pulled lazily so that generated tables stream and TCP backpressure can pause them. */
  rows: AsyncIterable<EngineValue[]> | Iterable<EngineValue[]>;
  /** `schema.table` the rows come from, when a single base table or inline table-valued function (lets faults target it). */
  source?: string;
}

export interface SqlErrorInfo {
  number: number;
  state: number;
  class: number;
  message: string;
  lineNumber: number;
  procName?: string;
}

export type StatementResult =
  | { kind: 'rows'; resultSet: ResultSet }
  /** End of one statement; rowCount when the statement counts rows (DONE_COUNT). */
  | { kind: 'done'; rowCount?: number }
  | { kind: 'error'; error: SqlErrorInfo }
  | { kind: 'info'; info: SqlErrorInfo }
  | { kind: 'envchange-database'; database: string }
  /** An explicit transaction began or ended (ENVCHANGE 8/9/10 with its 8-byte descriptor). */
  | { kind: 'envchange-transaction'; change: 'begin' | 'commit' | 'rollback'; descriptor: bigint }
  /** RPC only: the procedure's RETURN value (RETURNSTATUS token; 0 is sent when none is given). */
  | { kind: 'return-status'; status: number }
  /** RPC only: the final value of an OUTPUT parameter (RETURNVALUE token; unreturned outputs echo their input). */
  | { kind: 'return-value'; name: string; type: SqlType; value: EngineValue };

export interface RpcParameter {
  name: string;
  type: SqlType;
  value: EngineValue;
  output: boolean;
}

export interface EngineSession {
  readonly database: string;
  /** Executes a SQL batch. Results are yielded in order; an 'error' result ends the failing statement. */
  executeBatch(sql: string, signal: AbortSignal): AsyncIterable<StatementResult>;
  /** Executes an RPC request (sp_executesql, sp_prepare..., or a stored procedure by name). */
  executeRpc(procedure: string, params: RpcParameter[], signal: AbortSignal): AsyncIterable<StatementResult>;
  close(): void;
}

export interface Engine {
  /** Checks a SQL login; null when it is accepted, else the error to send (18456). */
  authenticate(user: string, password: string, database: string | undefined): SqlErrorInfo | null;
  openSession(login: { user: string; database?: string; appName?: string }): EngineSession;
}
