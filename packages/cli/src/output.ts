// Where the `ferry` command writes: human text or a JSON event stream, always through redact().

import { createColors } from 'picocolors';
import { redact, ExitCode } from '@ferry/core';

export interface OutputOptions {
  json: boolean;
  color: boolean;
  verbose: boolean;
  /** True when an interactive task list can be drawn (TTY, colors on, not CI, not --json). */
  interactive: boolean;
}

export interface Output extends OutputOptions {
  /** A line for humans on stdout (suppressed in --json mode). */
  line(text?: string): void;
  /** A line for humans on stderr. */
  note(text: string): void;
  /** One JSON event on stdout (only in --json mode). */
  event(value: object): void;
  /** Prints an error the way the exit code tells: one clear message, the stack only with --verbose. */
  error(error: unknown): ExitCode;
}

export function createOutput(
  options: OutputOptions,
  stdout = process.stdout,
  stderr = process.stderr,
): Output {
  const write = (stream: NodeJS.WritableStream, text: string) => stream.write(redact(text));
  return {
    ...options,
    line(text = '') {
      if (!options.json) write(stdout, `${text}\n`);
    },
    note(text) {
      write(stderr, `${text}\n`);
    },
    event(value) {
      if (options.json) write(stdout, `${JSON.stringify(value, jsonReplacer)}\n`);
    },
    error(error) {
      const e = ferryError(error);
      const exitCode = e?.exitCode ?? ExitCode.failed;
      const colors = createColors(options.color && Boolean(stderr.isTTY));
      const message = describeError(error, options.verbose, colors.red);
      if (options.json) {
        this.event({
          type: 'error',
          code: e?.code ?? 'FAILED',
          message: errorMessage(error),
          where: e?.where,
          hint: e?.hint,
          exitCode,
        });
      }
      write(stderr, `${message}\n`);
      return exitCode;
    },
  };
}

interface FerryErrorLike extends Error {
  exitCode: ExitCode;
  code: string;
  where?: string;
  hint?: string;
}

/**
 * The error as a FerryError, recognised by shape: a config file is loaded in its own module
 * namespace, so errors its plugins throw come from another copy of the FerryError class.
 */
function ferryError(error: unknown): FerryErrorLike | undefined {
  const e = error as Partial<FerryErrorLike> | undefined;
  return error instanceof Error && typeof e?.exitCode === 'number' && typeof e.code === 'string'
    ? (error as FerryErrorLike)
    : undefined;
}

/** JSON.stringify replacer for values a row or a report may carry (bigint, Buffer, Error). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorMessage(value);
  return value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The text printed for a failure: message, where, hint; with `verbose` the stacks of it and its causes. */
export function describeError(error: unknown, verbose: boolean, highlight = (s: string) => s): string {
  if (!(error instanceof Error)) return `${highlight('error')}: ${String(error)}`;
  const lines: string[] = [];
  const e = ferryError(error);
  lines.push(`${highlight(e?.code === 'CONFIG_INVALID' ? 'config error' : 'error')}: ${error.message}`);
  if (e?.where && !error.message.includes(e.where)) lines.push(`  where: ${e.where}`);
  if (e?.hint) lines.push(`  hint: ${e.hint}`);
  let cause = error.cause;
  while (cause instanceof Error) {
    if (!error.message.includes(cause.message)) lines.push(`  cause: ${cause.message}`);
    cause = cause.cause;
  }
  if (verbose) {
    lines.push('', error.stack ?? '');
    let c = error.cause;
    while (c instanceof Error) {
      lines.push(`caused by: ${c.stack ?? c.message}`);
      c = c.cause;
    }
  }
  return lines.join('\n');
}
