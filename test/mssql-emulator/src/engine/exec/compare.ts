// Ordering and equality of SQL values of one type: numbers numerically, decimals exactly, strings by
// the case-insensitive, accent-sensitive default collation ignoring trailing spaces, temporal values
// chronologically (datetimeoffset in UTC), uniqueidentifier in SQL Server's byte-group order.

import { compareHierarchyIds } from '../types/hierarchyid.js';
import type { SqlType } from '../../engine-api.js';
import { cmpDec, parseDec } from '../types/decimal.js';
import { isVariant, type Value } from '../types/convert.js';
import { isCharType, isExactNumeric } from '../types/sql-type.js';
import { momentOf } from '../types/temporal.js';

const collator = new Intl.Collator('en', { sensitivity: 'accent' });
const trimEnd = (s: string) => s.replace(/ +$/, '');
// Tested per value on sorts, groupings and joins: each collation name is matched once.
const caseSensitiveCollations = new Map<string, boolean>();
/** Case-sensitive and binary collations (`..._CS_AS`, `..._BIN2`) compare by character codes. */
export function caseSensitive(t: SqlType): boolean {
  const c = t.collation;
  if (!c) return false;
  let cs = caseSensitiveCollations.get(c);
  if (cs === undefined) caseSensitiveCollations.set(c, (cs = /_CS_|_BIN2?$/i.test(c)));
  return cs;
}

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.endsWith(' ') ? trimEnd(a) : a;
  const y = b.endsWith(' ') ? trimEnd(b) : b;
  if (x === y) return 0;
  return collator.compare(x, y);
}

/** Compares two non-null values already converted to `type`. */
export function compareValues(a: Value, b: Value, type: SqlType): number {
  if (isVariant(a) || isVariant(b)) {
    const x = isVariant(a) ? a.value : a;
    const y = isVariant(b) ? b.value : b;
    return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (isExactNumeric(type)) return cmpDec(parseDec(a), parseDec(b));
    if (type.name === 'datetimeoffset') {
      const x = momentOf(a, type.name);
      const y = momentOf(b, type.name);
      const ux = x.days * 1440 + Math.floor(x.ticks / 600_000_000) - x.offset;
      const uy = y.days * 1440 + Math.floor(y.ticks / 600_000_000) - y.offset;
      if (ux !== uy) return ux < uy ? -1 : 1;
      const fx = x.ticks % 600_000_000;
      const fy = y.ticks % 600_000_000;
      return fx < fy ? -1 : fx > fy ? 1 : 0;
    }
    if (type.name === 'hierarchyid') return compareHierarchyIds(a, b);
    if (type.name === 'uniqueidentifier') return compareGuids(a, b);
    if (isCharType(type) && !caseSensitive(type)) return compareStrings(a, b);
    if (isCharType(type)) {
      const x = trimEnd(a);
      const y = trimEnd(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  // Mixed JS representations of one SQL type (number vs bigint).
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The character positions of a uniqueidentifier's text in SQL Server's order: the last group first, the first last. */
const GUID_ORDER = [
  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 19, 20, 21, 22, 14, 15, 16, 17, 9, 10, 11, 12,
].concat([0, 1, 2, 3, 4, 5, 6, 7]);

/** Compares two uniqueidentifier texts (hex digits in either case) without building strings: sorts run it per pair. */
function compareGuids(a: string, b: string): number {
  for (const i of GUID_ORDER) {
    // Upper-case a hex letter: clear bit 0x20 of a-f only (digits stay).
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 97) x -= 32;
    if (y >= 97) y -= 32;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A key equal for values the collation considers equal (GROUP BY, DISTINCT, UNION, unique checks). */
export function valueKey(v: Value, type: SqlType): string {
  if (v === null) return '\u0000NULL';
  if (isVariant(v)) return valueKey(v.value, v.type);
  if (typeof v === 'string') {
    if (isExactNumeric(type)) {
      const d = parseDec(v);
      return 'd' + (d.v === 0n ? '0' : v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
    }
    if (isCharType(type))
      return 's' + (caseSensitive(type) ? trimEnd(v) : trimEnd(v).toLowerCase().normalize('NFC'));
    if (type.name === 'uniqueidentifier') return 'g' + v.toUpperCase();
    return 't' + v;
  }
  if (Buffer.isBuffer(v)) return 'b' + v.toString('hex');
  if (typeof v === 'boolean') return v ? 'n1' : 'n0';
  return 'n' + String(v);
}
