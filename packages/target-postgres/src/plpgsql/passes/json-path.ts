// SQL Server JSON path literals (`lax $.a."b c"[0]`, `strict $.x`, JSON_MODIFY's `append $.list`) read
// into their steps, for PostgreSQL's json_extract_path / jsonb_set paths and jsonpath text.

export interface JsonPath {
  readonly strict: boolean;
  /** JSON_MODIFY's `append`. */
  readonly append: boolean;
  /** The path without its mode words, e.g. `$.a[0]` (SQL Server's syntax is jsonpath's for these paths). */
  readonly body: string;
  /** Keys and array indexes, e.g. ['a', '0']. */
  readonly steps: readonly string[];
}

/** One step after `$`: `.key`, `."quoted key"` or `[index]`; undefined at a character that starts none. */
function step(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] === '[') {
    const close = text.indexOf(']', at);
    const index = text.slice(at + 1, close).trim();
    return close > at && /^\d+$/.test(index) ? { value: index, end: close + 1 } : undefined;
  }
  if (text[at] !== '.') return undefined;
  if (text[at + 1] === '"') {
    let value = '';
    for (let i = at + 2; i < text.length; i++) {
      if (text[i] === '\\') value += text[++i] ?? '';
      else if (text[i] === '"') return { value, end: i + 1 };
      else value += text[i];
    }
    return undefined;
  }
  let end = at + 1;
  while (end < text.length && /[\p{L}\p{N}_$]/u.test(text[end]!)) end++;
  return end > at + 1 ? { value: text.slice(at + 1, end), end } : undefined;
}

/** The path of a literal, or undefined when it is not one SQL Server would accept. */
export function parseJsonPath(literal: string): JsonPath | undefined {
  const modes = /^\s*(append\s+)?(?:(lax|strict)\s+)?/i.exec(literal)!;
  const append = modes[1] !== undefined;
  const strict = modes[2]?.toLowerCase() === 'strict';
  const body = literal.slice(modes[0].length).trim();
  if (!body.startsWith('$')) return undefined;
  const steps: string[] = [];
  for (let at = 1; at < body.length;) {
    const next = step(body, at);
    if (!next) return undefined;
    steps.push(next.value);
    at = next.end;
  }
  return { strict, append, body, steps };
}
