// T-SQL built-in functions -> PostgreSQL: a table from function name to render function
// (ISNULL -> COALESCE, GETDATE -> LOCALTIMESTAMP, LEN -> length(rtrim()), CHARINDEX -> strpos, ...).

import type { FunctionCall } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { dateAdd, dateDiff, dateName, datePart, datePartOf } from './date-functions.js';

type Render = (call: FunctionCall, args: string[], g: Generator) => string | undefined;

const rename =
  (to: string): Render =>
  (_c, args) =>
    `${to}(${args.join(', ')})`;
const niladic =
  (sql: string): Render =>
  (c) =>
    c.args.length === 0 ? sql : undefined;

function withPart(fn: (part: string, a: string[], g: Generator) => string | undefined): Render {
  return (c, _args, g) => {
    const part = c.args[0] && datePart(c.args[0]);
    if (!part) return undefined;
    // A string argument is a date in SQL Server (implicit conversion); PostgreSQL needs the cast.
    const args = c.args
      .slice(1)
      .map((a) => (a.kind === 'StringLiteral' ? `CAST(${g.expr(a)} AS timestamp)` : g.expr(a)));
    return fn(part, args, g);
  };
}

export const builtinFunctions: Record<string, Render> = {
  isnull: rename('COALESCE'),
  coalesce: rename('COALESCE'),
  nullif: rename('NULLIF'),
  iif: (_c, [c, a, b]) => `CASE WHEN ${c} THEN ${a} ELSE ${b} END`,
  getdate: niladic('LOCALTIMESTAMP'),
  sysdatetime: niladic('LOCALTIMESTAMP'),
  current_timestamp: niladic('LOCALTIMESTAMP'),
  getutcdate: niladic("(now() AT TIME ZONE 'UTC')"),
  sysutcdatetime: niladic("(now() AT TIME ZONE 'UTC')"),
  sysdatetimeoffset: niladic('now()'),
  newid: niladic('gen_random_uuid()'),
  newsequentialid: niladic('gen_random_uuid()'),
  dateadd: withPart((p, [n, d]) => dateAdd(p, n!, d!)),
  datediff: withPart((p, [a, b]) => dateDiff(p, a!, b!)),
  datepart: withPart((p, [d]) => datePartOf(p, d!)),
  datename: withPart((p, [d]) => dateName(p, d!)),
  year: (_c, [d]) => `CAST(EXTRACT(YEAR FROM ${d}) AS integer)`,
  month: (_c, [d]) => `CAST(EXTRACT(MONTH FROM ${d}) AS integer)`,
  day: (_c, [d]) => `CAST(EXTRACT(DAY FROM ${d}) AS integer)`,
  eomonth: (c, [d, n]) =>
    c.args.length === 1
      ? `CAST(date_trunc('month', ${d}) + INTERVAL '1 month' - INTERVAL '1 day' AS date)`
      : `CAST(date_trunc('month', ${d}) + (${n} + 1) * INTERVAL '1 month' - INTERVAL '1 day' AS date)`,
  len: (_c, [s]) => `length(rtrim(${s}))`,
  datalength: rename('octet_length'),
  charindex: (c, [find, s, start]) =>
    c.args.length === 2
      ? `strpos(${s}, ${find})`
      : `(CASE WHEN strpos(substr(${s}, greatest(${start}, 1)), ${find}) = 0 THEN 0 ELSE strpos(substr(${s}, greatest(${start}, 1)), ${find}) + greatest(${start}, 1) - 1 END)`,
  substring: (c, [s, start, n]) =>
    c.args.length === 3 ? `substring(${s} FROM ${start} FOR ${n})` : undefined,
  left: rename('left'),
  right: rename('right'),
  replicate: rename('repeat'),
  space: (_c, [n]) => `repeat(' ', ${n})`,
  stuff: (_c, [s, start, n, r]) => `overlay(${s} PLACING ${r} FROM ${start} FOR ${n})`,
  upper: rename('upper'),
  lower: rename('lower'),
  ltrim: (c, [s]) => (c.args.length === 1 ? `ltrim(${s})` : undefined),
  rtrim: (c, [s]) => (c.args.length === 1 ? `rtrim(${s})` : undefined),
  trim: (c, [s, chars]) => (c.args.length === 1 ? `trim(${s})` : `trim(BOTH ${chars} FROM ${s})`),
  replace: rename('replace'),
  reverse: rename('reverse'),
  ascii: rename('ascii'),
  unicode: rename('ascii'),
  char: rename('chr'),
  nchar: rename('chr'),
  concat: rename('concat'),
  concat_ws: rename('concat_ws'),
  abs: rename('abs'),
  ceiling: rename('ceil'),
  floor: rename('floor'),
  round: (c, [x, n, fn]) =>
    c.args.length === 3
      ? `(CASE WHEN ${fn} = 0 THEN round(${x}, ${n}) ELSE trunc(${x}, ${n}) END)`
      : c.args.length === 2
        ? `round(${x}, ${n})`
        : undefined,
  power: rename('power'),
  square: (_c, [x]) => `power(${x}, 2)`,
  sqrt: rename('sqrt'),
  exp: rename('exp'),
  log: (c, [x, b]) => (c.args.length === 1 ? `ln(${x})` : `log(${b}, ${x})`),
  log10: (_c, [x]) => `log(${x})`,
  pi: niladic('pi()'),
  rand: (c) => (c.args.length === 0 ? 'random()' : undefined),
  sign: rename('sign'),
  sin: rename('sin'),
  cos: rename('cos'),
  tan: rename('tan'),
  asin: rename('asin'),
  acos: rename('acos'),
  atan: rename('atan'),
  atn2: rename('atan2'),
  degrees: rename('degrees'),
  radians: rename('radians'),
  count: rename('count'),
  count_big: rename('count'),
  sum: rename('sum'),
  // AVG of an integer column is an integer in SQL Server (truncated), numeric in PostgreSQL.
  avg: (c, [x], g) =>
    c.args[0] && /^(smallint|integer|bigint)$/.test(g.typeOf(c.args[0]) ?? '') && !c.over
      ? `CAST(trunc(avg(${x})) AS ${g.typeOf(c.args[0]) === 'bigint' ? 'bigint' : 'integer'})`
      : `avg(${x})`,
  min: rename('min'),
  max: rename('max'),
  stdev: rename('stddev_samp'),
  stdevp: rename('stddev_pop'),
  var: rename('var_samp'),
  varp: rename('var_pop'),
  row_number: rename('row_number'),
  rank: rename('rank'),
  dense_rank: rename('dense_rank'),
  ntile: rename('ntile'),
  lag: rename('lag'),
  lead: rename('lead'),
  first_value: rename('first_value'),
  last_value: rename('last_value'),
  percent_rank: rename('percent_rank'),
  cume_dist: rename('cume_dist'),
  string_agg: rename('string_agg'),
  grouping: rename('GROUPING'),
  grouping_id: rename('GROUPING'),
  error_message: niladic('SQLERRM'),
  db_name: niladic('current_database()'),
  suser_sname: niladic('session_user'),
  user_name: niladic('current_user'),
  host_name: niladic('inet_client_addr()::text'),
};

/** Aggregates whose DISTINCT / window / WITHIN GROUP forms render as in PostgreSQL. */
export const aggregates = new Set([
  'count',
  'count_big',
  'sum',
  'avg',
  'min',
  'max',
  'stdev',
  'stdevp',
  'var',
  'varp',
  'string_agg',
]);
