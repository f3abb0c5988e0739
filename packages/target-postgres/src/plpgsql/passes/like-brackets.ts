// LIKE with T-SQL character classes (`[A-Z]`, `[^0-9]`) -> SIMILAR TO, which has the same classes,
// `%` and `_`; SIMILAR TO's own metacharacters are escaped. Patterns without `[` stay LIKE.
// PATINDEX's pattern -> a POSIX regular expression (regexPattern).

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

/**
 * The POSIX regular expression matching where a LIKE pattern's match starts (PATINDEX): `%` -> `.*`,
 * `_` -> `.`, classes kept, other metacharacters escaped; anchored at the start unless the pattern
 * starts with `%`, at the end unless it ends with `%`.
 */
export function regexPattern(pattern: string): string {
  const unanchoredStart = pattern.startsWith('%');
  const rest = pattern.slice(unanchoredStart ? 1 : 0);
  const unanchoredEnd = rest.endsWith('%') || (unanchoredStart && rest === '');
  const middle = rest.endsWith('%') ? rest.slice(0, -1) : rest;
  let out = '';
  let inClass = false;
  for (const ch of middle) {
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '\\' ? '\\\\' : ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
    } else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += '.^$|*+?{}()\\]'.includes(ch) ? `\\${ch}` : ch;
  }
  return `${unanchoredStart ? '' : '^'}${out}${unanchoredEnd ? '' : '$'}`;
}
