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

/** Splits on GO lines. Batches that contain only whitespace are dropped. */
export function splitBatches(script: string): ScriptBatch[] {
  const batches: ScriptBatch[] = [];
  let batchStart = 0;
  let batchStartLine = 1;
  let line = 1;
  /** What the scanner is inside at the current position. */
  let state: 'code' | "'" | '"' | ']' | 'block' = 'code';
  let depth = 0;
  let i = 0;

  let lineStart = true;

  while (i < script.length) {
    if (lineStart) {
      lineStart = false;
      if (state === 'code' && /^[ \t]*[gG]/.test(script.slice(i, i + 64))) {
        const nl = script.indexOf('\n', i);
        const lineEnd = nl < 0 ? script.length : nl;
        const match = GO_LINE.exec(script.slice(i, lineEnd));
        if (match) {
          const text = script.slice(batchStart, i);
          if (text.trim() !== '') batches.push({ text, startLine: batchStartLine, count: match[1] ? Number(match[1]) : 1 });
          i = nl < 0 ? script.length : nl + 1;
          line++;
          batchStart = i;
          batchStartLine = line;
          lineStart = true;
          continue;
        }
      }
    }
    const ch = script[i];
    if (ch === '\n') {
      line++;
      i++;
      lineStart = true;
      continue;
    }
    switch (state) {
      case 'code':
        if (ch === "'" || ch === '"') state = ch;
        else if (ch === '[') state = ']';
        else if (ch === '-' && script[i + 1] === '-') {
          const nl = script.indexOf('\n', i);
          i = nl < 0 ? script.length : nl;
          continue;
        } else if (ch === '/' && script[i + 1] === '*') {
          state = 'block';
          depth = 1;
          i += 2;
          continue;
        }
        break;
      case "'":
      case '"':
      case ']':
        if (ch === state) {
          if (script[i + 1] === state) i++;
          else state = 'code';
        }
        break;
      case 'block':
        if (ch === '/' && script[i + 1] === '*') {
          depth++;
          i += 2;
          continue;
        }
        if (ch === '*' && script[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) state = 'code';
          continue;
        }
        break;
    }
    i++;
  }
  const rest = script.slice(batchStart);
  if (rest.trim() !== '') batches.push({ text: rest, startLine: batchStartLine, count: 1 });
  return batches;
}
