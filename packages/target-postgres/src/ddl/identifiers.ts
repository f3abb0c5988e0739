// PostgreSQL identifiers: quoted only where needed, and checked against the 63-byte limit.

import { FerryError, type TargetCapabilities } from '@ferry/core';
import { reservedWords } from './reserved-words.js';

/** What PostgreSQL's identifiers and DDL are like: the target endpoint declares these to core. */
export const postgresCapabilities: TargetCapabilities = {
  product: 'PostgreSQL',
  // PostgreSQL truncates longer identifiers (NAMEDATALEN - 1).
  identifierMaxBytes: 63,
  reservedWords,
  caseFolding: 'lower',
  transactionalDdl: true,
};

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const maxIdentifierBytes = postgresCapabilities.identifierMaxBytes;

const bare = /^[a-z_][a-z0-9_$]*$/;

/** Quotes an identifier unless it is lower-case ASCII and not a keyword that needs quoting. */
export function quoteIdent(name: string): string {
  if (bare.test(name) && !reservedWords.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal (standard_conforming_strings: only quotes are doubled). */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export interface NamedObject {
  /** What the name belongs to, e.g. `column northwind.orders.order_id`. */
  what: string;
  name: string;
}

/** Raises one error listing every name PostgreSQL would silently truncate. */
export function checkIdentifierLengths(objects: Iterable<NamedObject>): void {
  const tooLong: string[] = [];
  for (const o of objects) {
    const bytes = Buffer.byteLength(o.name, 'utf8');
    if (bytes > maxIdentifierBytes) tooLong.push(`${o.what}: "${o.name}" is ${bytes} bytes`);
  }
  if (tooLong.length) {
    throw new FerryError(
      `${tooLong.length} name(s) exceed PostgreSQL's ${maxIdentifierBytes}-byte identifier limit and would be truncated:\n` +
        tooLong.map((t) => `  - ${t}`).join('\n'),
      {
        code: 'TARGET_NAME_TOO_LONG',
        where: tooLong[0].split(':')[0],
        exitCode: 2,
        hint: 'rename these objects with a rename rule in the migration config',
      },
    );
  }
}
