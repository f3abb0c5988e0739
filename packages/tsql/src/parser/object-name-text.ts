// An object name written in a string, as OBJECT_ID('dbo.[Order Details]') or IDENT_CURRENT('t') read it:
// not T-SQL syntax (unquoted parts may hold spaces or reserved words), only dots, brackets and quotes.

/**
 * The parts of a multi-part name given as text, outermost first: split on dots outside `[...]` and
 * `"..."` (which are removed), each part trimmed; an empty part (`tempdb..#t`) is ''.
 */
export function splitObjectName(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '[' || c === '"') {
      const end = text.indexOf(c === '[' ? ']' : '"', i + 1);
      current += text.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? text.length : end;
    } else if (c === '.') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}
