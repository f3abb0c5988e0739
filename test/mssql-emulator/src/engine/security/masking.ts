// Dynamic data masking: the masking functions of `MASKED WITH (FUNCTION = '...')` and the values a
// user without UNMASK reads, per data type as SQL Server masks them.

import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, toText, type Value } from '../types/convert.js';
import type { Table } from '../storage/objects.js';
import type { Database } from '../storage/database.js';
import type { SessionState } from '../exec/session-state.js';
import { canUnmask } from './context.js';

export type MaskFunction =
  | { kind: 'default' }
  | { kind: 'email' }
  | { kind: 'partial'; prefix: number; padding: string; suffix: number }
  | { kind: 'random'; low: number; high: number }
  | { kind: 'datetime'; part: 'Y' | 'M' | 'D' | 'h' | 'm' | 's' };

const TEXT_TYPES = new Set(['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext']);
const NUMERIC_TYPES = new Set([
  'bigint',
  'bit',
  'decimal',
  'int',
  'money',
  'numeric',
  'smallint',
  'smallmoney',
  'tinyint',
  'float',
  'real',
]);
const TEMPORAL_TYPES = new Set(['date', 'datetime2', 'datetime', 'datetimeoffset', 'smalldatetime', 'time']);
const BINARY_TYPES = new Set(['binary', 'varbinary', 'image']);

const invalid = (text: string, column: string) =>
  new SqlError(15616, `Invalid masking function '${text}' specified for column '${column}'.`, 16);

/** Parses a masking function as written (`partial(1, "xxxx", 0)`); error 15616 when it is not one. */
export function parseMask(text: string, column: string, type: SqlType): MaskFunction {
  const m = /^\s*(\w+)\s*\((.*)\)\s*$/s.exec(text);
  if (!m) throw invalid(text, column);
  const name = m[1].toLowerCase();
  const args = m[2].trim() === '' ? [] : splitArgs(m[2]);
  if (name === 'default' && args.length === 0) return { kind: 'default' };
  if (name === 'email' && args.length === 0 && TEXT_TYPES.has(type.name)) return { kind: 'email' };
  if (name === 'partial' && args.length === 3 && TEXT_TYPES.has(type.name)) {
    const [prefix, suffix] = [Number(args[0]), Number(args[2])];
    const padding = /^"(.*)"$/s.exec(args[1])?.[1];
    if (
      Number.isInteger(prefix) &&
      Number.isInteger(suffix) &&
      prefix >= 0 &&
      suffix >= 0 &&
      padding !== undefined
    )
      return { kind: 'partial', prefix, padding, suffix };
  }
  if (name === 'random' && args.length === 2 && NUMERIC_TYPES.has(type.name)) {
    const [low, high] = args.map(Number);
    if (Number.isFinite(low) && Number.isFinite(high)) return { kind: 'random', low, high };
  }
  if (name === 'datetime' && args.length === 1 && TEMPORAL_TYPES.has(type.name)) {
    const part = /^"([YMDhms])"$/.exec(args[0])?.[1];
    if (part) return { kind: 'datetime', part: part as 'Y' };
  }
  throw invalid(text, column);
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      args.push(current.trim());
      current = '';
    } else current += ch;
  }
  args.push(current.trim());
  return args;
}

/** The value a user without UNMASK reads. NULL stays NULL. */
export function maskValue(mask: MaskFunction, v: Value, type: SqlType): Value {
  if (v === null) return null;
  switch (mask.kind) {
    case 'default':
      return defaultMask(type);
    case 'email': {
      const first = toText(v, type).slice(0, 1);
      return `${first}XXX@XXXX.com`;
    }
    case 'partial': {
      const s = toText(v, type);
      const chars = [...s];
      if (chars.length <= mask.prefix + mask.suffix) return mask.padding;
      return (
        chars.slice(0, mask.prefix).join('') + mask.padding + chars.slice(chars.length - mask.suffix).join('')
      );
    }
    case 'random': {
      const r = mask.low + Math.random() * (mask.high - mask.low);
      const integral = !['float', 'real', 'decimal', 'numeric', 'money', 'smallmoney'].includes(type.name);
      return convert(integral ? Math.round(r) : r, { name: 'float' }, type);
    }
    case 'datetime':
      return maskDatePart(mask.part, v, type);
  }
}

/** default(): 'xxxx' (fewer for shorter columns), 0, 1900-01-01 00:00:00, one 0x00 byte, `<masked />`. */
export function defaultMask(type: SqlType): Value {
  if (TEXT_TYPES.has(type.name)) {
    const len = type.length ?? 1;
    return 'x'.repeat(len > 0 && len < 4 ? len : 4);
  }
  if (NUMERIC_TYPES.has(type.name)) return convert(0, { name: 'int' }, type);
  if (TEMPORAL_TYPES.has(type.name))
    return convert(
      type.name === 'time' ? '00:00:00' : '1900-01-01 00:00:00',
      { name: 'varchar', length: 30 },
      type,
    );
  if (BINARY_TYPES.has(type.name)) return Buffer.from([0]);
  if (type.name === 'uniqueidentifier') return '00000000-0000-0000-0000-000000000000';
  if (type.name === 'xml') return '<masked />';
  return null;
}

const PART_SLICE: Record<string, [number, number, string]> = {
  Y: [0, 4, '1900'],
  M: [5, 7, '01'],
  D: [8, 10, '01'],
  h: [11, 13, '00'],
  m: [14, 16, '00'],
  s: [17, 19, '00'],
};

function maskDatePart(part: string, v: Value, type: SqlType): Value {
  const text = String(v);
  const offset = type.name === 'time' ? -11 : 0;
  const [from, to, value] = PART_SLICE[part];
  if (from + offset < 0) return v;
  return text.slice(0, from + offset) + value + text.slice(to + offset);
}

/** ALTER COLUMN c ADD MASKED WITH (FUNCTION = '...') (mask given) or DROP MASKED. */
export function alterMask(table: Table, columnName: string, mask: string | undefined): void {
  const col = table.columns.find((c) => c.name.toLowerCase() === columnName.toLowerCase());
  if (!col)
    throw new SqlError(
      4924,
      `ALTER TABLE ALTER COLUMN failed because column '${columnName}' does not exist in table '${table.name}'.`,
      16,
    );
  if (mask === undefined) {
    if (col.mask === undefined)
      throw new SqlError(16007, `The column '${col.name}' does not have a data masking function.`, 16);
    delete col.mask;
    return;
  }
  parseMask(mask, col.name, col.type);
  col.mask = mask;
}

/** The masks the session reads a table's columns through (undefined when it sees every value). */
export function columnMasks(
  session: SessionState,
  db: Database,
  table: Table,
): (MaskFunction | undefined)[] | undefined {
  if (!table.columns.some((c) => c.mask !== undefined) || canUnmask(session, db, table)) return undefined;
  return table.columns.map((c) => (c.mask === undefined ? undefined : parseMask(c.mask, c.name, c.type)));
}
