// T-SQL built-in functions -> PostgreSQL: a table from function name to the tree it lowers to
// (ISNULL -> COALESCE, GETDATE -> LOCALTIMESTAMP, LEN -> length(rtrim()), CHARINDEX -> strpos, ...).
// A new built-in function is added here, and only here.

import type { Expression, FunctionCall } from '@ferry/tsql';
import { splitObjectName } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { printName } from '../../pg/print-expression.js';
import { lowerOrderItem, lowerWindow } from '../lower-window.js';
import { columnOf, isDatetime } from './infer-type.js';
import { errorFunction } from './error-handling.js';
import { isJson, jsonModify, jsonQuery, jsonValue, stringEscape } from './json-functions.js';
import {
  dateAdd,
  dateDiff,
  dateName,
  datePart,
  datePartOf,
  datetimeRounded,
  hasFractionOfSecond,
} from './date-functions.js';
import { columnMethod } from './hierarchy-methods.js';
import {
  colLength,
  objectName,
  ownObjectName,
  relationAtRunTime,
  schemaName,
  serverProperty,
} from './system-catalog.js';
import { isInteger, isNamed, numericScale, pgTypeNamed } from '../../pg/pg-type.js';
import { isMoneyType } from '../data-types.js';
import { regexPattern } from './like-brackets.js';
import { assignedValue } from './bit-literals.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, lowered, type Lowered } from '../lowered.js';
import { freeText } from './full-text.js';
import { hashBytes } from './hash-bytes.js';
import { floatText, isFloat } from './float-text.js';

/**
 * A built-in function's lowering, given its arguments lowered; undefined when the call has no
 * conversion. Its diagnostics go to `d`, the function call pass's (returned with the call).
 */
type Lowering = (
  call: FunctionCall,
  args: PgExpression[],
  g: Generator,
  d: Diagnostics,
) => PgExpression | undefined;

/** Aggregates whose DISTINCT / window / WITHIN GROUP forms lower as in PostgreSQL. */
const aggregates = new Set([
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
  'json_value',
  'json_query',
  'string_escape',
]);

/** The same function under a PostgreSQL name (DISTINCT kept for aggregates). */
const rename =
  (to: string): Lowering =>
  (c, args) => ({
    kind: 'Call',
    fn: { builtin: to },
    args,
    ...(c.distinct && aggregates.has(c.name.name.name.toLowerCase()) ? { distinct: true } : {}),
  });
const niladic =
  (lowered: () => PgExpression): Lowering =>
  (c) =>
    c.args.length === 0 ? lowered() : undefined;

/** A date function of a date part: its arguments after the part from `firstDate` on are dates. */
function withPart(
  fn: (part: string, a: PgExpression[]) => PgExpression | undefined,
  firstDate = 0,
): Lowering {
  return (c, args) => {
    const part = c.args[0] && datePart(c.args[0]);
    if (!part) return undefined;
    const values = args.slice(1).map((a, i) => (i < firstDate ? a : dateArgument(c.args[i + 1]!, a)));
    return fn(part, values);
  };
}

/**
 * A literal date argument as a timestamp: a string is a date in SQL Server (implicit conversion), an
 * integer the number of days since 1900-01-01 (`DATEDIFF(month, 0, d)`); PostgreSQL needs the cast.
 */
function dateArgument(e: Expression, lowered: PgExpression): PgExpression {
  if (e.kind === 'StringLiteral') return pg.cast(lowered, pgTypeNamed('timestamp'));
  if (e.kind !== 'NumberLiteral' || e.numberKind !== 'integer') return lowered;
  const day = new Date(Date.UTC(1900, 0, 1) + Number(e.text) * 86_400_000);
  return pg.cast(pg.string(day.toISOString().slice(0, 10)), pgTypeNamed('timestamp'));
}

/** QUOTENAME's quote characters and the closing delimiter each one puts (and doubles inside). */
const quoteDelimiters: Record<string, [open: string, close: string]> = {
  '[': ['[', ']'],
  ']': ['[', ']'],
  '"': ['"', '"'],
  "'": ["'", "'"],
  '(': ['(', ')'],
  ')': ['(', ')'],
  '<': ['<', '>'],
  '>': ['<', '>'],
  '{': ['{', '}'],
  '}': ['{', '}'],
  '`': ['`', '`'],
};

/**
 * QUOTENAME(s [, q]): s between q's delimiters with the closing one doubled; NULL for more than 128
 * characters or an unknown quote character. A quote character that is not a literal is not converted.
 */
const quoteName: Lowering = (c, [s]) => {
  const q = c.args[1];
  if (q && q.kind !== 'StringLiteral') return undefined;
  const delimiters = quoteDelimiters[q?.kind === 'StringLiteral' ? q.value : '['];
  if (!delimiters) return pg.null();
  const [open, close] = delimiters;
  const quoted = pg.binary(
    '||',
    pg.binary('||', pg.string(open), pg.call('replace', s!, pg.string(close), pg.string(close + close))),
    pg.string(close),
  );
  return pg.caseWhen(pg.binary('>', pg.call('length', s!), pg.number(128)), pg.null(), quoted);
};

/**
 * PATINDEX('pattern', s) of a literal pattern -> regexp_instr(s, regex): where the first match
 * starts, 0 for none, NULL for NULL. A pattern that is not a literal, or a target older than
 * PostgreSQL 15, is not converted.
 */
const patIndex: Lowering = (c, [, s], g) => {
  const pattern = c.args[0];
  if (pattern?.kind !== 'StringLiteral' || !s || g.ctx.names.serverVersion < 15) return undefined;
  return pg.call('regexp_instr', s, pg.string(regexPattern(pattern.value)));
};

/**
 * ISNUMERIC / ISDATE(s): 1 when PostgreSQL's input function of `type` accepts s as text, else 0 (NULL
 * included), as pg_input_is_valid tells (PostgreSQL 16+); `differs` names the inputs SQL Server
 * judges otherwise, in a low action item.
 */
const validAs =
  (type: string, differs: string): Lowering =>
  (c, [s], g, d) => {
    if (!s || c.args.length !== 1 || g.ctx.names.serverVersion < 16) return undefined;
    const valid = pg.call('pg_input_is_valid', pg.cast(s, pgTypeNamed('text')), pg.string(type));
    const name = c.name.name.name.toUpperCase();
    const message = `${name}() converted as PostgreSQL's ${type} input reads text: ${differs}`;
    return d.note(
      pg.paren(pg.caseWhen(valid, pg.number(1), pg.number(0))),
      'TSQL_VALIDITY_TEST',
      'low',
      c.pos,
      message,
    );
  };

const localTimestamp = niladic(() => pg.keyword('LOCALTIMESTAMP'));
const utcTimestamp = niladic(() => pg.atTimeZone(pg.call('now'), pg.string('UTC')));
const randomUuid = niladic(() => pg.call('gen_random_uuid'));

/**
 * CHECKSUM(NEWID()), the idiom for a random int: SQL Server's hash of a random uniqueidentifier, any
 * int alike; a random int here. CHECKSUM of anything else is SQL Server's own hash: no conversion.
 */
function checksum(c: FunctionCall): PgExpression | undefined {
  const [arg, ...rest] = c.args;
  const random =
    !rest.length &&
    arg?.kind === 'FunctionCall' &&
    !arg.name.schema &&
    arg.name.name.name.toLowerCase() === 'newid' &&
    !arg.args.length;
  if (!random) return undefined;
  const draw = pg.call('floor', pg.binary('*', pg.call('random'), pg.number('4294967296')));
  return pg.cast(pg.binary('-', draw, pg.number('2147483648')), pgTypeNamed('integer'));
}
const datePartValue =
  (field: string) =>
  (_c: FunctionCall, [d]: PgExpression[]) =>
    pg.cast(pg.extract(field, d!), pgTypeNamed('integer'));

/** `CASE WHEN strpos(...) = 0 THEN 0 ELSE ...`: CHARINDEX with a start position. */
function charindexFrom(find: PgExpression, s: PgExpression, start: PgExpression): PgExpression {
  const from = pg.call('greatest', start, pg.number(1));
  const position = pg.call('strpos', pg.call('substr', s, from), find);
  const found = pg.binary('-', pg.binary('+', position, from), pg.number(1));
  return pg.paren(pg.caseWhen(pg.binary('=', position, pg.number(0)), pg.number(0), found));
}

/** `fractions / 10^precision` seconds, as DATETIME2FROMPARTS and TIMEFROMPARTS read their last two arguments. */
const fraction = (f: PgExpression, p: PgExpression) =>
  pg.binary('/', f, pg.call('power', pg.number('10.0'), p));

/**
 * AVG has its argument's type in SQL Server: an integer average is truncated, a money average rounded
 * to 4 decimals, a decimal(p, s) average rounded to max(s, 6); PostgreSQL's numeric average has more.
 */
const avg: Lowering = (c, args, g, d) => {
  const average = windowed(c, rename('avg')(c, args, g, d)!, g, d);
  const arg = c.args[0];
  const type = arg && g.typeOf(arg);
  if (!type) return average;
  if (isInteger(type))
    return pg.cast(pg.call('trunc', average), pgTypeNamed(isNamed(type, 'bigint') ? 'bigint' : 'integer'));
  const scale = numericScale(type);
  if (scale === undefined) return average;
  return pg.call('round', average, pg.number(isMoney(arg, g) ? 4 : Math.max(scale, 6)));
};

/** Whether an expression is of SQL Server's money or smallmoney type (both map to numeric). */
function isMoney(e: Expression, g: Generator): boolean {
  if (e.kind === 'Cast' || e.kind === 'Convert') return isMoneyType(e.type.name);
  return e.kind === 'ColumnRef' && isMoneyType(columnOf(e, g.ctx)?.sourceType);
}

/**
 * IS_MEMBER(role) / IS_ROLEMEMBER(role [, principal]): 1 or 0, NULL for a role the database does
 * not have (as SQL Server answers; PostgreSQL's pg_has_role would raise an error instead). The fixed
 * role db_owner, named by a literal, is the database's owner: a member of the role that owns the
 * database (a superuser is a member of every role), as dbo and sysadmin are of db_owner.
 */
const roleMember: Lowering = (c, [role, principal]) => {
  if (!role || c.args.length > 2) return undefined;
  const who = principal ?? pg.keyword('current_user');
  const written = c.args[0];
  if (written?.kind === 'StringLiteral' && written.value.toLowerCase() === 'db_owner') {
    const owner = pg.select({
      ...pg.selectCore([{ expr: pg.name('datdba') }], [pg.table(['pg_catalog', 'pg_database'])]),
      where: pg.binary('=', pg.name('datname'), pg.call('current_database')),
    });
    const member = pg.call('pg_has_role', who, { kind: 'Subquery', query: owner }, pg.string('MEMBER'));
    return pg.paren(pg.caseWhen(member, pg.number(1), pg.number(0)));
  }
  const roleOid = pg.call('to_regrole', pg.cast(role, pgTypeNamed('text')));
  const member = pg.call('pg_has_role', who, roleOid, pg.string('MEMBER'));
  const isNull: PgExpression = { kind: 'IsNull', expr: roleOid, not: false };
  return pg.paren(pg.caseWhen(isNull, pg.null(), pg.caseWhen(member, pg.number(1), pg.number(0))));
};

/**
 * IDENT_CURRENT('schema.table'): the last value of the table's identity sequence, in any session
 * (its seed before any row), for a table of the migration named by a literal.
 */
const identCurrent: Lowering = (c, _args, g) => {
  const arg = c.args[0];
  if (c.args.length !== 1 || arg?.kind !== 'StringLiteral') return undefined;
  const parts = splitObjectName(arg.value);
  const name = parts.pop()!;
  const rel = g.ctx.names.relation(parts.pop() || undefined, name);
  if (!rel?.identity) return undefined;
  const sequence = pg.call(
    'pg_get_serial_sequence',
    pg.relation([rel.schema, rel.name]),
    pg.string(rel.identity.column),
  );
  return pg.call(
    'COALESCE',
    pg.call('pg_sequence_last_value', pg.cast(sequence, pgTypeNamed('regclass'))),
    pg.number(rel.identity.seed),
  );
};

/**
 * OBJECT_ID('name' [, 'U' | 'V']) of a table or view named by a literal -> its oid as an integer, NULL
 * when it does not exist (to_regclass): a #temp table (`tempdb..#t`) in the session's pg_temp, another
 * name as the migration names it. Of a procedure or function (`'P'`, `'FN'`, `'IF'`, `'TF'`): its
 * routine's oid (to_regproc). Other object types (constraints) have no conversion.
 */
function objectId(
  c: FunctionCall,
  [nameArg]: PgExpression[],
  g: Generator,
  d: Diagnostics,
): PgExpression | undefined {
  const [name, type] = c.args;
  const kind = type?.kind === 'StringLiteral' ? type.value.trim().toUpperCase() : type ? '?' : 'U';
  const routine = routineTypes.has(kind);
  if (!routine && kind !== 'U' && kind !== 'V') return undefined;
  if (name?.kind !== 'StringLiteral') {
    const oid = routine ? undefined : relationAtRunTime(nameArg!, g.ctx.names);
    return (
      oid &&
      d.note(
        pg.cast(pg.cast(oid, pgTypeNamed('oid')), pgTypeNamed('integer')),
        'TSQL_OBJECT_ID',
        'low',
        c.pos,
        'OBJECT_ID of a name known at run time looks the relation up after the naming strategy, in the default schema when the name has one part; names the rules or a collision named otherwise are not followed',
        'check that the names this code receives are migrated under the naming strategy',
      )
    );
  }
  const parts = splitObjectName(name.value);
  const last = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2] || undefined : undefined;
  let target: string[];
  if (routine)
    target = g.ctx.names.renamedObject(schema, last) ?? [g.ctx.names.schema(schema), g.ctx.names.name(last)];
  else if (last.startsWith('#')) target = ['pg_temp', g.ctx.names.name(last.replace(/^#+/, ''))];
  else {
    const rel = g.ctx.names.relation(schema, last);
    target = rel ? [rel.schema, rel.name] : [g.ctx.names.schema(schema), g.ctx.names.name(last)];
  }
  const regclass = pg.call(routine ? 'to_regproc' : 'to_regclass', pg.string(printName(target)));
  return pg.cast(pg.cast(regclass, pgTypeNamed('oid')), pgTypeNamed('integer'));
}

/** OBJECT_ID's types of procedures and functions (SQL, CLR). */
const routineTypes = new Set(['P', 'PC', 'FN', 'IF', 'TF', 'FS', 'FT']);

/** A money column's value as SQL Server writes it as text (style 0: two decimals); others as they are. */
export function moneyAsText(e: Expression, value: PgExpression, g: Generator): PgExpression {
  return isMoney(e, g) && e.kind === 'ColumnRef' ? pg.call('round', value, pg.number(2)) : value;
}

export const builtinFunctions: Record<string, Lowering> = {
  isnull: rename('COALESCE'),
  coalesce: rename('COALESCE'),
  nullif: rename('NULLIF'),
  iif: (_c, [c, a, b]) => pg.caseWhen(c!, a!, b!),
  object_id: objectId,
  object_name: objectName,
  col_length: colLength,
  serverproperty: serverProperty,
  schema_name: schemaName,
  // UPDATE(col) in a trigger: true for INSERT, false for DELETE; for UPDATE taken as true (a statement
  // trigger does not tell the columns set: the trigger's TSQL_UPDATE_FUNCTION item says so).
  update: (_c, _args, g) => {
    const tt = g.ctx.transitionTables;
    return tt ? pg.bool(!!tt.inserted) : undefined;
  },
  // CHOOSE(i, a, b, ...): the i-th value, NULL when i is out of range (a CASE without ELSE).
  choose: (_c, [index, ...values]) => ({
    kind: 'Case',
    operand: index!,
    whens: values.map((value, i) => ({ when: pg.number(i + 1), then: value })),
  }),
  getdate: localTimestamp,
  sysdatetime: localTimestamp,
  current_timestamp: localTimestamp,
  getutcdate: utcTimestamp,
  sysutcdatetime: utcTimestamp,
  sysdatetimeoffset: niladic(() => pg.call('now')),
  newid: randomUuid,
  newsequentialid: randomUuid,
  checksum,
  // DATEADD of a date is a date in SQL Server (date + interval is a timestamp in PostgreSQL); of
  // milliseconds to a datetime, a datetime on its 1/300 s ticks
  // (a string is read as a datetime: its fraction of a second on a tick first)
  dateadd: (c, args, g, diagnostics) => {
    const [part, , date] = c.args;
    const datetime = !!date && (date.kind === 'StringLiteral' || isDatetime(date, g.ctx));
    const start = (d: PgExpression) => (date && hasFractionOfSecond(date) ? datetimeRounded(d) : d);
    const sum = withPart((p, [n, d]) => dateAdd(p, n!, start(d!)), 1)(c, args, g, diagnostics);
    if (!sum || !part || !date) return sum;
    if (isNamed(g.typeOf(date), 'date')) return pg.cast(sum, pgTypeNamed('date'));
    return datetime && datePart(part) === 'millisecond' ? datetimeRounded(sum) : sum;
  },
  datediff: withPart((p, [a, b]) => dateDiff(p, a!, b!)),
  datepart: withPart((p, [d]) => datePartOf(p, d!)),
  datename: withPart((p, [d]) => dateName(p, d!)),
  year: datePartValue('YEAR'),
  month: datePartValue('MONTH'),
  day: datePartValue('DAY'),
  eomonth: (c, [d, n]) => {
    const monthStart = pg.call('date_trunc', pg.string('month'), d!);
    const months = n
      ? pg.binary('*', pg.paren(pg.binary('+', n, pg.number(1))), pg.interval('1 month'))
      : pg.interval('1 month');
    return pg.cast(
      pg.binary('-', pg.binary('+', monthStart, months), pg.interval('1 day')),
      pgTypeNamed('date'),
    );
  },
  datefromparts: (_c, [y, m, d]) => pg.call('make_date', y!, m!, d!),
  // DATETIMEFROMPARTS(y, mo, d, h, mi, s, ms) / DATETIME2FROMPARTS(..., fractions, precision)
  datetimefromparts: (_c, [y, mo, d, h, mi, s, ms]) =>
    pg.call(
      'make_timestamp',
      y!,
      mo!,
      d!,
      h!,
      mi!,
      pg.binary('+', s!, pg.binary('/', ms!, pg.number('1000.0'))),
    ),
  datetime2fromparts: (_c, [y, mo, d, h, mi, s, f, p]) =>
    pg.call('make_timestamp', y!, mo!, d!, h!, mi!, pg.binary('+', s!, fraction(f!, p!))),
  smalldatetimefromparts: (_c, [y, mo, d, h, mi]) =>
    pg.call('make_timestamp', y!, mo!, d!, h!, mi!, pg.number(0)),
  timefromparts: (_c, [h, mi, s, f, p]) =>
    pg.call('make_time', h!, mi!, pg.binary('+', s!, fraction(f!, p!))),
  len: (_c, [s]) => pg.call('length', pg.call('rtrim', s!)),
  datalength: rename('octet_length'),
  charindex: (c, [find, s, start]) =>
    c.args.length === 2 ? pg.call('strpos', s!, find!) : charindexFrom(find!, s!, start!),
  substring: (c, [s, start, n]) =>
    c.args.length === 3
      ? pg.keywordCall(
          'substring',
          { value: s! },
          { keyword: 'FROM', value: start! },
          { keyword: 'FOR', value: n! },
        )
      : undefined,
  left: rename('left'),
  right: rename('right'),
  replicate: rename('repeat'),
  space: (_c, [n]) => pg.call('repeat', pg.string(' '), n!),
  stuff: (_c, [s, start, n, r]) =>
    pg.keywordCall(
      'overlay',
      { value: s! },
      { keyword: 'PLACING', value: r! },
      { keyword: 'FROM', value: start! },
      { keyword: 'FOR', value: n! },
    ),
  upper: rename('upper'),
  lower: rename('lower'),
  ltrim: (c, [s]) => (c.args.length === 1 ? pg.call('ltrim', s!) : undefined),
  rtrim: (c, [s]) => (c.args.length === 1 ? pg.call('rtrim', s!) : undefined),
  trim: (c, [s, chars]) =>
    c.args.length === 1
      ? pg.call('trim', s!)
      : pg.keywordCall('trim', { keyword: 'BOTH', value: chars! }, { keyword: 'FROM', value: s! }),
  replace: rename('replace'),
  quotename: quoteName,
  patindex: patIndex,
  isnumeric: validAs(
    'numeric',
    "currency symbols, thousands separators and a lone sign or '.' are numeric only in SQL Server, NaN and Infinity only in PostgreSQL",
  ),
  isdate: validAs('timestamp', 'the accepted formats follow DateStyle, not SET DATEFORMAT / LANGUAGE'),
  reverse: rename('reverse'),
  ascii: rename('ascii'),
  unicode: rename('ascii'),
  char: rename('chr'),
  nchar: rename('chr'),
  // a money column becomes text with two decimals in SQL Server (9.95, not numeric(19,4)'s 9.9500)
  // CONCAT converts each argument to a string as CAST does: money with 2 decimals, a float's 6 digits.
  concat: (c, args, g) =>
    pg.call(
      'concat',
      ...args.map((a, i) => (isFloat(g.typeOf(c.args[i]!)) ? floatText(a) : moneyAsText(c.args[i]!, a, g))),
    ),
  concat_ws: rename('concat_ws'),
  abs: rename('abs'),
  ceiling: rename('ceil'),
  floor: rename('floor'),
  round: (c, [x, n, fn]) =>
    c.args.length === 3
      ? pg.paren(
          pg.caseWhen(pg.binary('=', fn!, pg.number(0)), pg.call('round', x!, n!), pg.call('trunc', x!, n!)),
        )
      : c.args.length === 2
        ? pg.call('round', x!, n!)
        : undefined,
  power: rename('power'),
  square: (_c, [x]) => pg.call('power', x!, pg.number(2)),
  sqrt: rename('sqrt'),
  exp: rename('exp'),
  log: (c, [x, b]) => (c.args.length === 1 ? pg.call('ln', x!) : pg.call('log', b!, x!)),
  log10: (_c, [x]) => pg.call('log', x!),
  pi: niladic(() => pg.call('pi')),
  rand: niladic(() => pg.call('random')),
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
  avg,
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
  string_agg: (c, args, g, d) =>
    c.withinGroup
      ? {
          kind: 'Call',
          fn: { builtin: 'string_agg' },
          args,
          orderBy: d.takeAll(c.withinGroup.map((o) => lowerOrderItem(o, g))),
        }
      : rename('string_agg')(c, args, g, d),
  grouping: rename('GROUPING'),
  grouping_id: rename('GROUPING'),
  json_value: jsonValue,
  json_query: jsonQuery,
  json_modify: jsonModify,
  isjson: isJson,
  string_escape: stringEscape,
  ...Object.fromEntries(
    ['error_number', 'error_message', 'error_severity', 'error_state', 'error_line', 'error_procedure'].map(
      (name): [string, Lowering] => [name, (c, _args, g, d) => errorFunction(c, g, d)],
    ),
  ),
  // Inside PL/pgSQL there is always a transaction, and in an EXCEPTION handler the failed block is
  // already rolled back: the transaction is committable.
  xact_state: (c, _args, _g, d) =>
    c.args.length
      ? undefined
      : d.note(
          pg.number(1),
          'TSQL_XACT_STATE',
          'low',
          c.pos,
          'XACT_STATE() is 1: PL/pgSQL always runs in a transaction, committable in an EXCEPTION handler (the failed block is rolled back)',
          'check the transaction handling around it',
        ),
  ident_current: identCurrent,
  scope_identity: (c, _args, _g, d) =>
    c.args.length
      ? undefined
      : d.note(
          pg.call('lastval'),
          'TSQL_IDENTITY_VALUE',
          'medium',
          c.pos,
          'SCOPE_IDENTITY() -> lastval(): the last sequence value of the session, including one a trigger drew',
          'use INSERT ... RETURNING to get the new key',
        ),
  db_name: niladic(() => pg.call('current_database')),
  suser_sname: niladic(() => pg.keyword('session_user')),
  // The login that connected, also under EXECUTE AS: PostgreSQL's session_user, which SET ROLE and
  // SECURITY DEFINER leave as it is.
  original_login: niladic(() => pg.keyword('session_user')),
  user_name: niladic(() => pg.keyword('current_user')),
  // The niladic CURRENT_USER / USER (the database user) and SESSION_USER / SYSTEM_USER (the login).
  current_user: niladic(() => pg.keyword('current_user')),
  user: niladic(() => pg.keyword('current_user')),
  session_user: niladic(() => pg.keyword('session_user')),
  system_user: niladic(() => pg.keyword('session_user')),
  is_member: (c, args, g, d) => (c.args.length === 1 ? roleMember(c, args, g, d) : undefined),
  is_rolemember: roleMember,
  freetext: (c, args, _g, d) => freeText(c, args, d),
  hashbytes: hashBytes,
  // SESSION_CONTEXT(key): the value the application set for its session (sp_set_session_context), a
  // custom setting session_context.<key> in PostgreSQL (set_config(..., false)); NULL when unset.
  session_context: (_c, [key]) =>
    pg.call('current_setting', pg.binary('||', pg.string('session_context.'), key!), pg.bool(true)),
  host_name: niladic(() => ({
    kind: 'Cast',
    expr: pg.call('inet_client_addr'),
    type: pgTypeNamed('text'),
    shorthand: true,
  })),
};

/** Built-ins whose result is a string (type inference: `+` on their result is concatenation). */
export const textResultFunctions = new Set([
  'left',
  'right',
  'substring',
  'upper',
  'lower',
  'ltrim',
  'rtrim',
  'trim',
  'replace',
  'replicate',
  'stuff',
  'concat',
  'concat_ws',
  'char',
  'nchar',
  'space',
  'format',
  'datename',
  'str',
  'quotename',
  'reverse',
  'string_agg',
  'json_value',
  'json_query',
  'json_modify',
  'string_escape',
]);

/** Built-ins whose lowering puts the call under its OVER clause itself (AVG rounds the windowed average). */
const builtinsWindowed = new Set(['avg']);

/** A function call: a user function by its target name, a built-in by the table above, else an action item. */
export function lowerFunctionCall(e: FunctionCall, g: Generator): Lowered<PgExpression> {
  const method = columnMethod(e, g);
  if (method) return lowerExpression(method, g);
  const own = ownObjectName(e, g);
  if (own) return lowered(own);
  const d = new Diagnostics();
  const name = e.name.name.name.toLowerCase();
  const args = d.takeAll(e.args.map((a) => lowerExpression(a, g)));
  let call: PgExpression | undefined;
  if (e.name.schema || tableFunctionOfModel(e, g)) {
    const [schema, fn] = g.objectNameParts(e.name);
    call = { kind: 'Call', fn: { schema, name: fn }, args: userFunctionArguments(e, args, g) };
  } else if (e.star) {
    call = { kind: 'Call', fn: { builtin: 'count' }, args: [], star: true };
  } else {
    call = builtinFunctions[name]?.(e, args, g, d);
    // Kept as written, but a `*` argument (the full-text functions' all columns) is left out: PostgreSQL has no such argument.
    if (!call)
      return d.result(
        d.note(
          pg.call(name, ...args.filter((_, i) => e.args[i]!.kind !== 'Star')),
          'TSQL_FUNCTION',
          'high',
          e.pos,
          `function ${e.name.name.text}() has no PostgreSQL conversion`,
          'rewrite the call with PostgreSQL functions',
        ),
      );
  }
  return d.result(builtinsWindowed.has(name) && !e.name.schema ? call : windowed(e, call, g, d));
}

/**
 * A one-part call of a table-valued function of the model (`FROM Lines(@id)`; SQL Server names a
 * scalar one with its schema): resolved as tables are, in the module's schema, then dbo.
 */
function tableFunctionOfModel(e: FunctionCall, g: Generator): boolean {
  const returns = g.ctx.names.userFunction(undefined, e.name.name.name)?.returns.kind;
  return returns !== undefined && returns !== 'scalar' && !builtinFunctions[e.name.name.name.toLowerCase()];
}

/**
 * The arguments of a call to a function of the model fitted to its parameters: a bit parameter is
 * boolean, which PostgreSQL does not take an integer for (`f(@x, 0)` passes false).
 */
function userFunctionArguments(e: FunctionCall, args: PgExpression[], g: Generator): PgExpression[] {
  const params = g.ctx.names.userFunction(e.name.schema?.name, e.name.name.name)?.params;
  if (!params) return args;
  return args.map((a, i) =>
    params[i]?.dataType.name.toLowerCase() === 'bit' ? assignedValue(a, pgTypeNamed('boolean')) : a,
  );
}

/** The call under the function's OVER clause, if it has one. */
function windowed(c: FunctionCall, call: PgExpression, g: Generator, d: Diagnostics): PgExpression {
  return c.over ? { kind: 'Window', expr: call, over: d.take(lowerWindow(c.over, g)) } : call;
}
