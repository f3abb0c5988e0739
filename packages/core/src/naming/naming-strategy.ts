// Naming strategies for target identifiers: `preserve`, `lowercase`, `snake_case`
// (`OrderID` -> `order_id`, `Order Details` -> `order_details`, `HTMLPage` -> `html_page`), `fold` (as
// the target folds unquoted names); and the target's reserved words, read from its capabilities.

import { createHash } from 'node:crypto';
import type { CaseFolding, TargetCapabilities } from '../plugins/endpoint.js';

export type NamingStrategyName = 'preserve' | 'snake_case' | 'lowercase' | 'fold';

/** snake_case that keeps Unicode letters: word breaks at case changes and at non-alphanumerics. */
export function toSnakeCase(name: string): string {
  const snake = name
    .replace(/([\p{Ll}\p{Nd}])(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1_$2')
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .toLowerCase()
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return snake || name.toLowerCase();
}

/** A name as the target reads it unquoted: lower or upper case, or as written. */
export function foldCase(name: string, folding: CaseFolding): string {
  switch (folding) {
    case 'lower':
      return name.toLowerCase();
    case 'upper':
      return name.toUpperCase();
    case 'none':
      return name;
  }
}

/** `name` after the naming strategy; `folding` is the target's case folding (the `fold` strategy's). */
export function applyNaming(strategy: NamingStrategyName, name: string, folding: CaseFolding): string {
  switch (strategy) {
    case 'preserve':
      return name;
    case 'lowercase':
      return name.toLowerCase();
    case 'snake_case':
      return toSnakeCase(name);
    case 'fold':
      return foldCase(name, folding);
  }
}

/**
 * Whether `name` is one of the target's reserved words as the target reads it, so that every statement
 * must quote it. A name the target would fold to another case is quoted anyway, for its case.
 */
export function isReservedWord(
  name: string,
  target: Pick<TargetCapabilities, 'reservedWords' | 'caseFolding'>,
): boolean {
  return foldCase(name, target.caseFolding) === name && target.reservedWords.has(name.toLowerCase());
}

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/**
 * Fits a generated-object name (constraint, index, trigger) into the target's `maxBytes` (its
 * TargetCapabilities.identifierMaxBytes): the longest prefix that fits in `maxBytes - 9` bytes, `_`,
 * and 8 hex digits of its SHA-1, so distinct long names stay distinct.
 */
export function shortenIdentifier(name: string, maxBytes: number): string {
  if (identifierBytes(name) <= maxBytes) return name;
  let prefix = '';
  for (const ch of name) {
    if (identifierBytes(prefix + ch) > maxBytes - 9) break;
    prefix += ch;
  }
  return `${prefix}_${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}
