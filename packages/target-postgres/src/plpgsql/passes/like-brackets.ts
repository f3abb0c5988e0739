// LIKE with T-SQL character classes (`[A-Z]`, `[^0-9]`) -> SIMILAR TO, which has the same classes,
// `%` and `_`; SIMILAR TO's own metacharacters are escaped. Patterns without `[` stay LIKE.

import type { Like } from '@ferry/tsql';

/** The SIMILAR TO pattern for a literal LIKE pattern with character classes, else undefined. */
export function similarPattern(e: Like): string | undefined {
  if (e.pattern.kind !== 'StringLiteral' || e.escape || !e.pattern.value.includes('[')) return undefined;
  let out = '';
  let inClass = false;
  for (const ch of e.pattern.value) {
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (!inClass && '|*+?{}()\\'.includes(ch)) {
      out += `\\${ch}`;
      continue;
    }
    out += ch;
  }
  return out;
}
