// Checks a value against the canonical form of its logical type (the contract in batch.ts), for
// values that came out of user code (row transforms, computed columns): sources are trusted to
// decode canonically, user code is not, and a target must not coerce a wrong value silently.

import type { LogicalType } from '../model/logical-type.js';
import type { Value } from './batch.js';

/** Why `value` is not a canonical value of `type` (a sentence for messages), or undefined when it is. */
export function canonicalValueProblem(type: LogicalType, value: Exclude<Value, null>): string | undefined {
  const reason = contractChecks[type.kind](value, type as never);
  return reason === undefined ? undefined : `${reason}, got ${describe(value)}`;
}

type Check<K extends LogicalType['kind']> = (
  value: Exclude<Value, null>,
  type: Extract<LogicalType, { kind: K }>,
) => string | undefined;

const integerRange = { int8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647] } as const;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** A check that reads the value only. */
type ValueOnly = (value: Exclude<Value, null>) => string | undefined;

function smallInteger(kind: keyof typeof integerRange): ValueOnly {
  const [min, max] = integerRange[kind];
  return (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `expected an integer in ${min}..${max} (${kind})`;
}

const int64: Check<'int64'> = (v) => {
  const n =
    typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
  return n !== undefined && n >= int64Min && n <= int64Max
    ? undefined
    : `expected an integer in ${int64Min}..${int64Max} (int64: a bigint, or a number up to 2^53)`;
};

/** `[-]digits[.digits]` fitting decimal(p,s) without rounding; a JS number is read as its shortest digits. */
const decimal: Check<'decimal'> = (v, t) => {
  const expected = `expected decimal text fitting decimal(${t.precision},${t.scale})`;
  const text =
    typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  const m = text === undefined ? null : /^[+-]?0*(\d*)(?:\.(\d*?)0*)?$/.exec(text);
  if (!m || !/\d/.test(text!)) return expected;
  if (m[1].length > t.precision - t.scale) return `${expected} (too many integer digits)`;
  if ((m[2] ?? '').length > t.scale)
    return `${expected} (more fraction digits than ${t.scale}: it would be rounded)`;
  return undefined;
};

const float32: Check<'float32'> = (v) =>
  typeof v !== 'number'
    ? 'expected a number (float32)'
    : Number.isFinite(v) && !Number.isFinite(Math.fround(v))
      ? 'expected a number within the range of float32 (real)'
      : undefined;

const codePoints = (s: string) => {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0xd800 || c > 0xdbff || k + 1 === s.length) n++;
    else {
      // A pair counts once; a lone high surrogate counts as one.
      if ((s.charCodeAt(k + 1) & 0xfc00) === 0xdc00) k++;
      n++;
    }
  }
  return n;
};

const text: Check<'text'> = (v, t) => {
  if (typeof v !== 'string') return 'expected text (a string)';
  if (t.length !== 'max' && v.length > t.length && codePoints(v) > t.length)
    return `expected text of at most ${t.length} characters`;
  return undefined;
};

const bytes = (v: Exclude<Value, null>, t: LogicalType) => {
  if (!Buffer.isBuffer(v)) return 'expected bytes (a Buffer)';
  if (t.kind === 'binary' && t.length !== 'max' && v.length > t.length)
    return `expected at most ${t.length} bytes`;
  return undefined;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid: Check<'uuid'> = (v) =>
  typeof v === 'string' && uuidPattern.test(v) ? undefined : 'expected a uuid (8-4-4-4-12 hex digits)';

const daysIn = (y: number, m: number) =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

const dateText = '(\\d{4})-(\\d\\d)-(\\d\\d)';
const timeText = '(\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d+))?';
const datePattern = new RegExp(`^${dateText}$`);
const timePattern = new RegExp(`^${timeText}$`);
const stampPattern = new RegExp(`^${dateText} ${timeText}$`);
const stampTzPattern = new RegExp(`^${dateText} ${timeText}([+-])(\\d\\d):(\\d\\d)$`);

const validDate = (m: string[], at: number) => {
  const [y, mo, d] = [Number(m[at]), Number(m[at + 1]), Number(m[at + 2])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
};
const validTime = (m: string[], at: number, precision: number) =>
  Number(m[at]) <= 23 &&
  Number(m[at + 1]) <= 59 &&
  Number(m[at + 2]) <= 59 &&
  (m[at + 3] ?? '').length <= precision;

const date: Check<'date'> = (v) => {
  const m = typeof v === 'string' ? datePattern.exec(v) : null;
  return m && validDate(m, 1) ? undefined : 'expected a date YYYY-MM-DD';
};

const time: Check<'time'> = (v, t) => {
  const m = typeof v === 'string' ? timePattern.exec(v) : null;
  return m && validTime(m, 1, t.precision)
    ? undefined
    : `expected a time HH:MM:SS with at most ${t.precision} fraction digits`;
};

const timestamp: Check<'timestamp'> = (v, t) => {
  const m = typeof v === 'string' ? stampPattern.exec(v) : null;
  return m && validDate(m, 1) && validTime(m, 4, t.precision)
    ? undefined
    : `expected a timestamp YYYY-MM-DD HH:MM:SS with at most ${t.precision} fraction digits`;
};

const timestamptz: Check<'timestamptz'> = (v, t) => {
  const m = typeof v === 'string' ? stampTzPattern.exec(v) : null;
  const offset = m ? Number(m[9]) * 60 + Number(m[10]) : Infinity;
  return m && validDate(m, 1) && validTime(m, 4, t.precision) && offset <= 14 * 60 && Number(m[10]) <= 59
    ? undefined
    : `expected a timestamp with offset YYYY-MM-DD HH:MM:SS+HH:MM with at most ${t.precision} fraction digits`;
};

const json: Check<'json'> = (v) => {
  if (typeof v !== 'string') return 'expected JSON text (a string)';
  try {
    JSON.parse(v);
    return undefined;
  } catch {
    return 'expected valid JSON text';
  }
};

/** A hierarchyid as SQL Server prints it: `/`, `/1/3/`, `/1.2/-4/`. */
const hierarchyPath = /^\/(?:-?\d+(?:\.-?\d+)*\/)*$/;

const string =
  (what: string): ValueOnly =>
  (v) =>
    typeof v === 'string' ? undefined : `expected ${what} (a string)`;

const contractChecks: { [K in LogicalType['kind']]: Check<K> } = {
  bool: (v) => (typeof v === 'boolean' ? undefined : 'expected a boolean (true or false)'),
  int8: smallInteger('int8'),
  int16: smallInteger('int16'),
  int32: smallInteger('int32'),
  int64,
  decimal,
  float32,
  float64: (v) => (typeof v === 'number' ? undefined : 'expected a number (float64)'),
  text,
  binary: bytes,
  rowversion: bytes,
  uuid,
  date,
  time,
  timestamp,
  timestamptz,
  json,
  xml: string('xml text'),
  interval: string('interval text'),
  variant: string('text'),
  spatial: bytes,
  hierarchy: (v) =>
    typeof v === 'string' && hierarchyPath.test(v) ? undefined : 'expected a hierarchyid path such as /1/3/',
  unknown: (v) => (typeof v === 'string' || Buffer.isBuffer(v) ? undefined : 'expected text or bytes'),
};

/** A value for messages: its JS type and (cut after 60 characters) its text. */
function describe(value: Exclude<Value, null>): string {
  if (Buffer.isBuffer(value)) return `${value.length} bytes`;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const cut = text.length > 60 ? `${text.slice(0, 60)}...` : text;
  return `${typeof value === 'bigint' ? 'bigint' : typeof value} ${cut}${typeof value === 'bigint' ? 'n' : ''}`;
}
