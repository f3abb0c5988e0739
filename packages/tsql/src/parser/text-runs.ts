// Where a quoted run or a (nested) block comment of T-SQL text ends, for the scanners that skip them
// without tokenizing: the batch splitter and the sqlcmd script reader.

/** Index just past the `close` that ends a quoted run starting at `from` ('' and ]] escape it), or -1 when none does. */
export function endOfQuoted(text: string, from: number, close: string): number {
  let k = from;
  for (;;) {
    const next = text.indexOf(close, k);
    if (next < 0) return -1;
    if (text[next + 1] === close) k = next + 2;
    else return next + 1;
  }
}

/** Index just past the end mark of a (nested) block comment opened at `from`, or -1 when it is not closed. */
export function endOfBlockComment(text: string, from: number): number {
  let depth = 0;
  let k = from;
  while (k < text.length) {
    const open = text.indexOf('/*', k);
    const close = text.indexOf('*/', k);
    if (close < 0) return -1;
    if (open >= 0 && open < close) {
      depth++;
      k = open + 2;
    } else {
      depth--;
      k = close + 2;
      if (depth === 0) return k;
    }
  }
  return -1;
}
