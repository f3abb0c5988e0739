// SQL Server style errors raised by the engine (number, severity class, state, message).

export class SqlError extends Error {
  readonly number: number;
  readonly severity: number;
  readonly state: number;

  constructor(number: number, message: string, severity = 16, state = 1) {
    // A SQL error is an answer for the client, not a bug: no JS stack. The compiler also throws and
    // catches SQL errors while it resolves names, where capturing stacks cost most of a load's time.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.number = number;
    this.severity = severity;
    this.state = state;
  }
}

export const syntaxError = (near: string) => new SqlError(102, `Incorrect syntax near '${near}'.`, 15);
export const invalidObject = (name: string) => new SqlError(208, `Invalid object name '${name}'.`, 16);
export const invalidColumn = (name: string) => new SqlError(207, `Invalid column name '${name}'.`, 16);
export const notSupported = (what: string) =>
  new SqlError(
    40517,
    `Keyword or statement option '${what}' is not supported in this version of SQL Server.`,
    16,
  );
