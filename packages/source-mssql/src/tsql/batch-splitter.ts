// Splits a T-SQL script into batches on `GO` lines, as sqlcmd and SSMS do: GO counts only when it
// stands alone on a line (optionally with a repeat count and a trailing -- comment), and never
// inside a string, quoted identifier or comment.

export interface ScriptBatch {
  /** The batch text, without the GO line. */
  text: string;
  /** 1-based line of the batch's first line in the script. */
  startLine: number;
  /** `GO 5` runs the batch 5 times; 1 otherwise. */
  count: number;
}

const GO_LINE = /^[ \t]*go(?:[ \t]+(\d+))?[ \t]*(?:--.*)?\r?$/i;

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
  const length = script.length;
  let batchStart = 0;
  let batchStartLine = 1;
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

  /** Index just past the delimiter `close` that ends a quoted run starting at `from` ('' and ]] escape it). */
  const endOfQuoted = (from: number, close: string): number => {
    let k = from;
    for (;;) {
      const next = script.indexOf(close, k);
      if (next < 0) return length;
      if (script[next + 1] === close) k = next + 2;
      else return next + 1;
    }
  };

  /** Index just past the end mark of a (nested) block comment opened at `from`. */
  const endOfBlockComment = (from: number): number => {
    let depth = 0;
    let k = from;
    while (k < length) {
      const open = script.indexOf('/*', k);
      const close = script.indexOf('*/', k);
      if (close < 0) return length;
      if (open >= 0 && open < close) {
        depth++;
        k = open + 2;
      } else {
        depth--;
        k = close + 2;
        if (depth === 0) return k;
      }
    }
    return length;
  };

  /** At the start of a line in code: GO lines (one or more in a row) end the batch. */
  const atLineStart = (): void => {
    for (let before = -1; before !== i && i < length;) {
      before = i;
      atGoLine();
    }
  };

  const atGoLine = (): void => {
    const lineEnd = script.indexOf('\n', i);
    const end = lineEnd < 0 ? length : lineEnd;
    const match = GO_LINE.exec(script.slice(i, end));
    if (!match) return;
    const text = script.slice(batchStart, i);
    if (text.trim() !== '')
      batches.push({ text, startLine: batchStartLine, count: match[1] ? Number(match[1]) : 1 });
    i = lineEnd < 0 ? length : lineEnd + 1;
    line++;
    batchStart = i;
    batchStartLine = line;
  };

  atLineStart();
  while (i < length) {
    const code = script.charCodeAt(i);
    if (code === NEWLINE) {
      line++;
      i++;
      atLineStart();
    } else if (code === QUOTE || code === DOUBLE_QUOTE) {
      skipTo(endOfQuoted(i + 1, code === QUOTE ? "'" : '"'));
    } else if (code === OPEN_BRACKET) {
      skipTo(endOfQuoted(i + 1, ']'));
    } else if (code === DASH && script.charCodeAt(i + 1) === DASH) {
      const lineEnd = script.indexOf('\n', i);
      i = lineEnd < 0 ? length : lineEnd;
    } else if (code === SLASH && script.charCodeAt(i + 1) === STAR) {
      skipTo(endOfBlockComment(i));
    } else i++;
  }
  const rest = script.slice(batchStart);
  if (rest.trim() !== '') batches.push({ text: rest, startLine: batchStartLine, count: 1 });
  return batches;
}
