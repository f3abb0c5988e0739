// DMS-style object patterns: `schema.table[.column]` with AWS DMS's wildcards: `%` any run of
// characters, `_` one character, `[_]` a literal underscore, `[ab]` / `[a-d]` sets. Case-sensitive.

export interface ObjectLocator {
  schema: string;
  table?: string;
  column?: string;
}

export type LocatorLevel = 'schema' | 'table' | 'column';

const partsOf: Record<LocatorLevel, number> = { schema: 1, table: 2, column: 3 };

/**
 * Parses `dbo`, `dbo.Orders` or `dbo.Orders.OrderID` (by level). A table name may itself contain dots
 * in the table form (`dbo.a.b` is table `a.b`); in the column form the last part is the column.
 * Returns an error text when the number of parts does not fit the level.
 */
export function parseLocator(text: string, level: LocatorLevel): ObjectLocator | { error: string } {
  const parts = text.split('.');
  const want = partsOf[level];
  const example = { schema: 'schema', table: 'schema.table', column: 'schema.table.column' }[level];
  if (parts.length < want || parts.some((p) => p === '') || (level === 'schema' && parts.length > 1)) {
    return { error: `expected ${example} (% as wildcard), got ${JSON.stringify(text)}` };
  }
  if (level === 'schema') return { schema: parts[0]! };
  if (level === 'table') return { schema: parts[0]!, table: parts.slice(1).join('.') };
  return { schema: parts[0]!, table: parts.slice(1, -1).join('.'), column: parts[parts.length - 1]! };
}

const cache = new Map<string, RegExp>();
const special = /[%_[]/;

function toRegExp(pattern: string): RegExp {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const close = ch === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (ch === '%') body += '.*';
    else if (ch === '_') body += '.';
    else if (close > 0) {
      const set = pattern.slice(i + 1, close);
      body += `[${set.startsWith('^') ? '^' : ''}${set.replace(/^\^/, '').replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else body += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, 's');
}

/** True when `name` matches the DMS-style `pattern` (`%`, `_`, `[set]`). */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!special.test(pattern)) return pattern === name;
  let re = cache.get(pattern);
  if (!re) cache.set(pattern, (re = toRegExp(pattern)));
  return re.test(name);
}

/** A pattern that matches exactly `name` (wildcard characters bracketed). */
export function exactPattern(name: string): string {
  return name.replace(/[%_[]/g, '[$&]');
}

/** True when the locator matches the object (unset locator parts match anything). */
export function matchesLocator(
  locator: ObjectLocator,
  schema: string,
  table?: string,
  column?: string,
): boolean {
  if (!matchesPattern(locator.schema, schema)) return false;
  if (locator.table !== undefined && (table === undefined || !matchesPattern(locator.table, table)))
    return false;
  if (locator.column !== undefined && (column === undefined || !matchesPattern(locator.column, column)))
    return false;
  return true;
}

export function formatLocator(l: ObjectLocator): string {
  return [l.schema, l.table, l.column].filter((p) => p !== undefined).join('.');
}
