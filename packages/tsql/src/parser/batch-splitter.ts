// Splits a T-SQL script into batches on `GO` lines, as sqlcmd and SSMS do: GO counts only when it
// stands alone on a line (optionally with a repeat count and a trailing -- comment), and never
// inside a string, quoted identifier or comment. In sqlcmd mode, lines that start with a sqlcmd
// command (`:setvar`, `:on error`, `:r`...) outside strings and comments are reported as commands.

import { endOfBlockComment, endOfQuoted } from './text-runs.js';

export interface ScriptBatch {
  /** The batch text, without the GO line. */
  text: string;
  /** 1-based line of the batch's first line in the script. */
  startLine: number;
  /** `GO 5` runs the batch 5 times; 1 otherwise. */
  count: number;
}

/** A piece of a sqlcmd script, in script order. */
export type SqlcmdScriptItem =
  /** T-SQL text (whole lines, line ends included) starting at `line`. */
  | { kind: 'text'; text: string; line: number }
  /** A GO line: the batch read so far runs `count` times. */
  | { kind: 'go'; count: number; line: number }
  /** A sqlcmd command line such as `:setvar Name "value"`: `name` lower case without the colon, `args` trimmed. */
  | { kind: 'command'; name: string; args: string; line: number };

const GO_LINE = /^[ \t]*go(?:[ \t]+(\d+))?[ \t]*(?:--.*)?\r?$/i;

/** sqlcmd's commands (`:!!` runs a shell command); a line starting with another `:word` is T-SQL text. */
const SQLCMD_COMMAND_LINE =
  /^[ \t]*:(setvar|on|r|out|error|perftrace|connect|exit|quit|reset|ed|list|listvar|serverlist|help|xml|!!)(?![\w])(.*?)\r?$/i;

const NEWLINE = 10;
const QUOTE = 39; // '
const DOUBLE_QUOTE = 34; // "
const OPEN_BRACKET = 91; // [
const DASH = 45;
const SLASH = 47;
const STAR = 42;

/** Splits on GO lines. Batches that contain only whitespace are dropped. */
export function splitBatches(script: string): ScriptBatch[] {
  const batches: ScriptBatch[] = [];
  let text: { text: string; line: number } | undefined;
  for (const item of scanScript(script, false)) {
    if (item.kind === 'text') text = item;
    else if (item.kind === 'go') {
      if (text && text.text.trim() !== '')
        batches.push({ text: text.text, startLine: text.line, count: item.count });
      text = undefined;
    }
  }
  if (text && text.text.trim() !== '') batches.push({ text: text.text, startLine: text.line, count: 1 });
  return batches;
}

/** Splits a sqlcmd script into T-SQL text, GO lines and sqlcmd command lines, in order. */
export function scanSqlcmdScript(script: string): SqlcmdScriptItem[] {
  return scanScript(script, true);
}

function scanScript(script: string, sqlcmd: boolean): SqlcmdScriptItem[] {
  const items: SqlcmdScriptItem[] = [];
  const length = script.length;
  let textStart = 0;
  let textStartLine = 1;
  let line = 1;
  let i = 0;

  /** Moves `i` to `end`, counting the line breaks passed (linear even on very long lines). */
  let nextNewline = -2; // -2: not searched yet; -1: no line break after this point
  const skipTo = (end: number): void => {
    if (nextNewline !== -1 && nextNewline < i) nextNewline = script.indexOf('\n', i);
    while (nextNewline >= 0 && nextNewline < end) {
      line++;
      nextNewline = script.indexOf('\n', nextNewline + 1);
    }
    i = end;
  };

  /** Index just past a quoted run or block comment, the script's end when it does not end. */
  const orEnd = (k: number) => (k < 0 ? length : k);

  /** At the start of a line in code: GO lines and sqlcmd command lines become items of their own. */
  const atLineStart = (): void => {
    for (let before = -1; before !== i && i < length;) {
      before = i;
      atSeparatorLine();
    }
  };

  const atSeparatorLine = (): void => {
    const lineEnd = script.indexOf('\n', i);
    const end = lineEnd < 0 ? length : lineEnd;
    const lineText = script.slice(i, end);
    const go = GO_LINE.exec(lineText);
    const command = go || !sqlcmd ? null : SQLCMD_COMMAND_LINE.exec(lineText);
    if (!go && !command) return;
    if (i > textStart) items.push({ kind: 'text', text: script.slice(textStart, i), line: textStartLine });
    if (go) items.push({ kind: 'go', count: go[1] ? Number(go[1]) : 1, line });
    else items.push({ kind: 'command', name: command![1].toLowerCase(), args: command![2].trim(), line });
    i = lineEnd < 0 ? length : lineEnd + 1;
    line++;
    textStart = i;
    textStartLine = line;
  };

  atLineStart();
  while (i < length) {
    const code = script.charCodeAt(i);
    if (code === NEWLINE) {
      line++;
      i++;
      atLineStart();
    } else if (code === QUOTE || code === DOUBLE_QUOTE) {
      skipTo(orEnd(endOfQuoted(script, i + 1, code === QUOTE ? "'" : '"')));
    } else if (code === OPEN_BRACKET) {
      skipTo(orEnd(endOfQuoted(script, i + 1, ']')));
    } else if (code === DASH && script.charCodeAt(i + 1) === DASH) {
      const lineEnd = script.indexOf('\n', i);
      i = lineEnd < 0 ? length : lineEnd;
    } else if (code === SLASH && script.charCodeAt(i + 1) === STAR) {
      skipTo(orEnd(endOfBlockComment(script, i)));
    } else i++;
  }
  if (length > textStart) items.push({ kind: 'text', text: script.slice(textStart), line: textStartLine });
  return items;
}
