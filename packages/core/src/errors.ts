// Errors Ferry reports to users: each carries what failed, where, and the exit code it maps to.

/** Exit codes of the `ferry` command (documented in the README). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  validationMismatch: 3,
  /** The run (or `ferry apply`) completed, but the target refused some objects: listed in the report. */
  objectsFailed: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface FerryErrorOptions {
  /** Where the problem is: config path, `schema.table`, column, row key... */
  where?: string;
  /** What the user can do about it. */
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
  /** A stable machine-readable code, e.g. `CONFIG_INVALID`, `SOURCE_LOGIN_FAILED`. */
  code?: string;
  /** True when retrying the same operation may succeed (dropped connection, throttling...). */
  transient?: boolean;
}

export class FerryError extends Error {
  readonly where?: string;
  readonly hint?: string;
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly transient: boolean;

  constructor(message: string, options: FerryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FerryError';
    this.where = options.where;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.code = options.code ?? 'FAILED';
    this.transient = options.transient ?? false;
  }
}

/** Raised for a feature that is designed but not built yet; names the feature. */
export class NotSupportedError extends FerryError {
  constructor(feature: string, options: FerryErrorOptions = {}) {
    super(`${feature} is not supported yet`, { code: 'NOT_SUPPORTED', ...options });
    this.name = 'NotSupportedError';
  }
}

export class ConfigError extends FerryError {
  readonly issues: string[];
  constructor(message: string, issues: string[] = [], options: FerryErrorOptions = {}) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message, {
      exitCode: ExitCode.usage,
      code: 'CONFIG_INVALID',
      ...options,
    });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
