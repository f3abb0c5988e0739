// The error the T-SQL lexer and parser throw: SQL Server's error number and message shape, with
// the 1-based line and column in the original script (the emulator sends number and line as-is).

export interface TsqlSyntaxErrorInfo {
  /** 102 Incorrect syntax near 'x'. | 156 ... near the keyword 'x'. | 105 Unclosed quotation mark | 113 Missing end comment mark. */
  number: number;
  line: number;
  column: number;
  /** The token text the error is reported near ('' at the end of input of an empty batch). */
  near: string;
}

export class TsqlSyntaxError extends Error {
  readonly number: number;
  readonly line: number;
  readonly column: number;
  readonly near: string;
  /** Extra context for humans (what the parser expected); not part of SQL Server's message. */
  readonly detail?: string;
  /**
   * Set when the text is valid T-SQL that this parser does not support yet, naming the construct
   * (e.g. `DBCC`, `CREATE STATISTICS`, `DDL trigger`), so a converter can report it as such.
   */
  readonly unsupported?: string;

  constructor(message: string, info: TsqlSyntaxErrorInfo, detail?: string, unsupported?: string) {
    super(message);
    this.name = 'TsqlSyntaxError';
    this.number = info.number;
    this.line = info.line;
    this.column = info.column;
    this.near = info.near;
    this.detail = detail;
    this.unsupported = unsupported;
  }

  /** `Incorrect syntax near 'x'.` (102) or `Incorrect syntax near the keyword 'x'.` (156). */
  static near(
    near: string,
    line: number,
    column: number,
    isKeyword: boolean,
    detail?: string,
    unsupported?: string,
  ): TsqlSyntaxError {
    const message = isKeyword
      ? `Incorrect syntax near the keyword '${near}'.`
      : `Incorrect syntax near '${near}'.`;
    return new TsqlSyntaxError(
      message,
      { number: isKeyword ? 156 : 102, line, column, near },
      detail,
      unsupported,
    );
  }
}
