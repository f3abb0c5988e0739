// SQL Server style errors raised by the engine (number, severity class, state, message).

export class SqlError extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
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
