// Reads a sqlcmd script into the T-SQL batches sqlcmd would send: `GO [n]` ends a batch, `$(name)`
// is replaced by the scripting variable's value, `:setvar`, `:on error exit|ignore`, `:r file` and
// `:exit`/`:quit` are carried out while reading. Other sqlcmd commands fail naming themselves.

import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { scanSqlcmdScript } from '../parser/index.js';
import { endOfBlockComment, endOfQuoted } from '../parser/text-runs.js';

/** One batch as sqlcmd sends it, with where it came from. */
export interface SqlcmdBatch {
  /** The file (or `script` for a text) and 1-based line of the batch's first line. */
  file: string;
  line: number;
  /** 1-based number of the batch in its file. */
  batch: number;
  text: string;
  /** `GO n` repeats a batch. */
  count: number;
  /** `:on error` in force when the batch runs (undefined: the loader's own setting). */
  onError?: 'exit' | 'ignore';
}

export interface SqlcmdVariables {
  /** Values that win over the script's `:setvar` (the emulator's `--var`; see the README). */
  overrides: Map<string, string>;
  /** Values set by `:setvar` while reading (and defaults such as a project's DatabaseName). */
  values: Map<string, string>;
}

/** A sqlcmd scripting error: reading the script stops here, as sqlcmd stops. */
export class SqlcmdScriptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}, line ${line}: ${detail}`);
  }
}

/** Variables with names folded to lower case (sqlcmd variable names are case-insensitive). */
export function sqlcmdVariables(
  overrides: Record<string, string> = {},
  defaults: Record<string, string> = {},
): SqlcmdVariables {
  const fold = (r: Record<string, string>) =>
    new Map(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));
  return { overrides: fold(overrides), values: fold(defaults) };
}

/** Reads a script file, or a script text when `file` is undefined (labelled `script`). */
export function readSqlcmdScript(
  source: { file: string } | { text: string; label?: string },
  variables: SqlcmdVariables,
): SqlcmdBatch[] {
  const reader = new ScriptReader(variables);
  if ('file' in source) reader.readFile(source.file);
  else reader.readText(source.text, source.label ?? 'script', process.cwd());
  return reader.batches;
}

class ScriptReader {
  readonly batches: SqlcmdBatch[] = [];
  private onError: 'exit' | 'ignore' | undefined;
  private exited = false;
  private readonly including: string[] = [];

  constructor(private readonly variables: SqlcmdVariables) {}

  readFile(file: string): void {
    const path = resolve(file);
    if (this.including.includes(path))
      throw new SqlcmdScriptError(file, 1, `':r' includes the file in itself.`);
    this.including.push(path);
    this.readText(decodeScript(readFileSync(path)), file, dirname(path));
    this.including.pop();
  }

  readText(text: string, file: string, dir: string): void {
    let pending: { text: string; line: number } | undefined;
    let number = 0;
    const flush = (count: number) => {
      if (pending && pending.text.trim() !== '')
        this.batches.push({
          file,
          line: pending.line,
          batch: ++number,
          text: pending.text,
          count,
          ...(this.onError ? { onError: this.onError } : {}),
        });
      pending = undefined;
    };
    for (const item of scanSqlcmdScript(text)) {
      if (this.exited) return;
      if (item.kind === 'go') flush(item.count);
      else if (item.kind === 'text') {
        const substituted = this.substitute(item.text, file, item.line);
        pending = pending
          ? { ...pending, text: pending.text + substituted }
          : { text: substituted, line: item.line };
      } else {
        // The command's line stays in the batch as an empty line, so error lines keep their numbers.
        if (pending) pending = { ...pending, text: pending.text + '\n' };
        if (item.name === 'r') {
          flush(1);
          this.readFile(resolve(dir, includePath(unquote(this.substitute(item.args, file, item.line)))));
        } else this.command(item.name, this.substitute(item.args, file, item.line), file, item.line);
      }
    }
    flush(1);
  }

  private command(name: string, args: string, file: string, line: number): void {
    if (name === 'setvar') {
      const m = /^([A-Za-z_][\w-]*)(?:\s+(.*))?$/.exec(args);
      if (!m)
        throw new SqlcmdScriptError(file, line, `':setvar ${args}': expected a variable name and a value.`);
      const key = m[1].toLowerCase();
      if (m[2] === undefined) this.variables.values.delete(key);
      else this.variables.values.set(key, unquote(m[2].trim()));
    } else if (name === 'on') {
      const m = /^error\s+(exit|ignore)$/i.exec(args);
      if (!m)
        throw new SqlcmdScriptError(
          file,
          line,
          `':on ${args}': expected ':on error exit' or ':on error ignore'.`,
        );
      this.onError = m[1].toLowerCase() as 'exit' | 'ignore';
    } else if ((name === 'exit' || name === 'quit') && (args === '' || args === '()')) {
      this.exited = true;
    } else {
      throw new SqlcmdScriptError(
        file,
        line,
        `the sqlcmd command ':${name}' is not supported yet by the emulator's loader.`,
      );
    }
  }

  /**
   * Replaces `$(name)`. An undefined variable stops the script, as in sqlcmd, except inside a
   * comment, where it stays as written (as an SSDT deploy leaves its post-deployment template's
   * commented `$(TableName)`).
   */
  private substitute(text: string, file: string, line: number): string {
    if (!text.includes('$(')) return text;
    return text.replace(/\$\(([A-Za-z_][\w-]*)\)/g, (match: string, name: string, offset: number) => {
      const key = name.toLowerCase();
      const value = this.variables.overrides.get(key) ?? this.variables.values.get(key);
      if (value === undefined) {
        if (insideComment(text, offset)) return match;
        const at = line + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
        throw new SqlcmdScriptError(file, at, `'${name}' scripting variable not defined.`);
      }
      return value;
    });
  }
}

/** A script file's text: UTF-16 (LE or BE) or UTF-8 by its byte order mark, as sqlcmd reads it; UTF-8 without one. */
export function decodeScript(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * An `:r` path as this machine reads it: sqlcmd runs on Windows, where `\` separates folders
 * (`:r ..\Procedures\p.sql`, as SSDT projects write it); elsewhere it is read as `/`.
 */
function includePath(path: string): string {
  return sep === '/' ? path.replaceAll('\\', '/') : path;
}

/** sqlcmd values may be double-quoted; `""` inside stands for one quote. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/""/g, '"')
    : value;
}

/** Whether `offset` lies in a -- or (nested) block comment of T-SQL `text` that starts in code. */
function insideComment(text: string, offset: number): boolean {
  let i = 0;
  while (i < offset) {
    const two = text.slice(i, i + 2);
    if (two === '--') {
      const end = text.indexOf('\n', i);
      if (end < 0 || end > offset) return true;
      i = end;
    } else if (two === '/*') {
      const k = endOfBlockComment(text, i);
      if (k < 0 || k > offset) return true;
      i = k;
    } else if (text[i] === "'" || text[i] === '"' || text[i] === '[') {
      const k = endOfQuoted(text, i + 1, text[i] === '[' ? ']' : text[i]);
      if (k < 0 || k > offset) return false;
      i = k;
    } else i++;
  }
  return false;
}
