// Built-in scalar functions and @@ system functions: metadata (OBJECT_ID, OBJECT_NAME, SCHEMA_NAME,
// TYPE_NAME, DB_NAME, COLUMNPROPERTY, SERVERPROPERTY...), NULL handling, strings, dates, math.

import { compileCdcFunction } from './change-data-capture.js';
import { SECURITY_FUNCTIONS } from '../security/security-functions.js';
import { COMPRESS_FUNCTIONS } from './compress-functions.js';
import { FLOAT_FUNCTIONS } from './float-functions.js';
import { HASH_FUNCTIONS } from '../hash/hash-functions.js';
import { DATE_FROM_PARTS } from './date-from-parts.js';
import type { ColumnRef, Expression, FunctionCall } from '@ferry/tsql';
import { splitObjectName } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { compileFulltextPredicate } from './fulltext-search.js';
import { compileEventData } from './ddl-triggers.js';
import { SqlError } from '../errors.js';
import { convert, isVariant, toText, type Value } from '../types/convert.js';
import { parseDec, rescale, formatDec } from '../types/decimal.js';
import {
  codePageOf,
  isCharType,
  isNumericType,
  isTemporalType,
  isUnicodeType,
  maxLengthOf,
  precisionOf,
  scaleOf,
  typeText,
} from '../types/sql-type.js';
import { DEFAULT_COLLATION, SYSTEM_TYPES } from '../types/system-types.js';
import {
  civilFromDays,
  formatMoment,
  momentOf,
  monthName,
  nowMoment,
  roundMoment,
} from '../types/temporal.js';
import type { Table } from '../storage/objects.js';
import { caseSensitive } from './compare.js';
import { jsonString } from './for-clause.js';
import { coerce, commonType, compileExpr, likeRegex } from './expressions.js';
import type { CompileCtx, Compiled, EvalCtx } from './scope.js';
import type { SessionState } from './session-state.js';
import { compileTriggerFunction } from './triggers.js';
import { compileCatchFunction } from './catch-functions.js';
import { compileCursorFunction } from './cursors.js';
import { compileJsonFunction } from './json-functions.js';
import { compileXmlColumnMethod } from './xml-methods.js';
import { compileUserFunction } from './user-functions.js';
import { runStatements } from './statements.js';
import { compileClrMethod } from './clr-types.js';

const INT: SqlType = { name: 'int' };
const SYSNAME: SqlType = { name: 'nvarchar', length: 128, collation: DEFAULT_COLLATION };
const nv = (length: number): SqlType => ({ name: 'nvarchar', length, collation: DEFAULT_COLLATION });
/** LEFT/RIGHT/REPLICATE return varchar for non-Unicode input, nvarchar for Unicode; (max) stays (max). */
const sameText = (t: SqlType, length: number): SqlType =>
  isUnicodeType(t)
    ? nv(t.length === -1 ? -1 : length)
    : { name: 'varchar', length: t.length === -1 ? -1 : length * 2, collation: DEFAULT_COLLATION };

export const PRODUCT_VERSION = '16.0.4135.4';
/** When the emulated build's resource database was last updated (SERVERPROPERTY('ResourceLastUpdateDateTime')). */
const RESOURCE_LAST_UPDATE = '2024-09-05 18:21:05.000';
export const VERSION_TEXT =
  'Microsoft SQL Server 2022 (RTM-CU15) (KB5041321) - 16.0.4135.4 (X64) \n\tJul 10 2024 14:09:09 \n\tCopyright (C) 2022 Microsoft Corporation\n\tDeveloper Edition (64-bit) on Linux (Ferry SQL Server emulator) <X64>';

type Fn = (args: Compiled[], cc: CompileCtx, raw: readonly Expression[]) => Compiled;

const fn =
  (type: SqlType, f: (vals: Value[], ctx: EvalCtx) => Value, nullable = true) =>
  (args: Compiled[]): Compiled => ({
    type,
    nullable,
    eval: (row, ctx) =>
      f(
        args.map((a) => a.eval(row, ctx)),
        ctx,
      ),
  });

/** A function returning NULL when any argument is NULL. */
const strict =
  (type: SqlType, f: (vals: Value[], ctx: EvalCtx, args: Compiled[]) => Value) =>
  (args: Compiled[]): Compiled => ({
    type,
    nullable: true,
    eval: (row, ctx) => {
      const vals = args.map((a) => a.eval(row, ctx));
      return vals.some((v) => v === null) ? null : f(vals, ctx, args);
    },
  });

/** The varying form of a character type (char(n) -> varchar(n)): what SUBSTRING and the trims return. */
function varying(t: SqlType): SqlType {
  return isCharType(t) ? { ...t, name: t.name.startsWith('n') ? 'nvarchar' : 'varchar' } : t;
}

const CHAR_1: SqlType = { name: 'char', length: 1, collation: DEFAULT_COLLATION };

function text(v: Value, t: SqlType): string {
  return toText(v, t);
}

/** Resolves 'schema.name' text (with optional brackets) in the current database. */
function objectIdOf(session: SessionState, name: string, type?: string): number | null {
  const parts = splitObjectName(name);
  const objName = parts[parts.length - 1];
  const schemaName = parts.length >= 2 ? parts[parts.length - 2] || 'dbo' : 'dbo';
  const db = objName.startsWith('#')
    ? session.server.database('tempdb')
    : parts.length >= 3
      ? session.server.database(parts[parts.length - 3])
      : session.db;
  if (!db || objName.startsWith('##')) return null;
  const schema = db.schema(schemaName);
  if (!schema) return null;
  const obj = db.findObject(schema.schemaId, session.objectName(objName));
  if (!obj) return null;
  if (type && obj.type.trim() !== type.trim().toUpperCase()) return null;
  return obj.objectId;
}

const DATEPARTS: Record<string, string> = {
  year: 'year',
  yy: 'year',
  yyyy: 'year',
  quarter: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  month: 'month',
  mm: 'month',
  m: 'month',
  dayofyear: 'dayofyear',
  dy: 'dayofyear',
  y: 'dayofyear',
  day: 'day',
  dd: 'day',
  d: 'day',
  week: 'week',
  wk: 'week',
  ww: 'week',
  weekday: 'weekday',
  dw: 'weekday',
  iso_week: 'iso_week',
  isowk: 'iso_week',
  isoww: 'iso_week',
  hour: 'hour',
  hh: 'hour',
  minute: 'minute',
  mi: 'minute',
  n: 'minute',
  second: 'second',
  ss: 'second',
  s: 'second',
  millisecond: 'millisecond',
  ms: 'millisecond',
  microsecond: 'microsecond',
  mcs: 'microsecond',
  nanosecond: 'nanosecond',
  ns: 'nanosecond',
};

function datePartOf(e: Expression): string {
  const name = e.kind === 'ColumnRef' ? e.column.name : e.kind === 'StringLiteral' ? e.value : '';
  const p = DATEPARTS[name.toLowerCase()];
  if (!p) throw new SqlError(155, `'${name}' is not a recognized datepart option.`, 15);
  return p;
}

/** DATEADD/DATEDIFF have no ISO_WEEK (9810). */
function noIsoWeek(part: string, fn: string, given: SqlType): string {
  const t = readAsDate(given, DATETIME);
  if (part === 'iso_week')
    throw new SqlError(
      9810,
      `The datepart iso_week is not supported by date function ${fn} for data type ${t.name}.`,
      16,
    );
  return part;
}

const DATETIME: SqlType = { name: 'datetime' };
const DATETIME2: SqlType = { name: 'datetime2', scale: 7 };

/**
 * The type a date function reads an argument of type `t` as: text as `text`, a number as datetime
 * (its days since 1900-01-01: DATEDIFF(month, 0, @d)), a date/time type as itself.
 */
function readAsDate(t: SqlType, text: SqlType): SqlType {
  if (isCharType(t)) return text;
  return isNumericType(t) ? DATETIME : t;
}

/** A date function's argument as text of its date/time type (see readAsDate). */
function dateText(v: Value, t: SqlType, as: SqlType, ctx: EvalCtx): string {
  return String(as === t ? v : convert(v, t, as, 0, ctx.session));
}

function datePart(part: string, v: Value, t: SqlType, ctx: EvalCtx): number {
  const tt = readAsDate(t, DATETIME2);
  const m = momentOf(dateText(v, t, tt, ctx), tt.name);
  const [y, mo, d] = civilFromDays(m.days);
  const sec = Math.floor(m.ticks / 10_000_000);
  switch (part) {
    case 'year':
      return y;
    case 'quarter':
      return Math.ceil(mo / 3);
    case 'month':
      return mo;
    case 'day':
      return d;
    case 'dayofyear':
      return m.days - civilDays(y, 1, 1) + 1;
    case 'weekday':
      return ((m.days + 1) % 7) + 1;
    case 'week':
      return Math.floor((m.days - civilDays(y, 1, 1) + ((civilDays(y, 1, 1) + 1) % 7)) / 7) + 1;
    case 'iso_week': {
      // ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday.
      const thursday = m.days - (m.days % 7) + 3;
      return Math.floor((thursday - civilDays(civilFromDays(thursday)[0], 1, 1)) / 7) + 1;
    }
    case 'hour':
      return Math.floor(sec / 3600);
    case 'minute':
      return Math.floor(sec / 60) % 60;
    case 'second':
      return sec % 60;
    case 'millisecond':
      return Math.floor((m.ticks % 10_000_000) / 10_000);
    case 'microsecond':
      return Math.floor((m.ticks % 10_000_000) / 10);
    default:
      return (m.ticks % 10_000_000) * 100;
  }
}

const UNIT_TICKS: Record<string, number> = {
  hour: 36_000_000_000,
  minute: 600_000_000,
  second: 10_000_000,
  millisecond: 10_000,
  microsecond: 10,
};

function dateAdd(part: string, n: number, value: string, t: SqlType): string {
  if (!Number.isInteger(n)) n = Math.trunc(n);
  const m = momentOf(value, t.name);
  const scale = t.name === 'datetime' ? 3 : t.name === 'smalldatetime' ? 0 : (t.scale ?? 7);
  let days = m.days;
  let ticks = m.ticks;
  if (part === 'year' || part === 'quarter' || part === 'month') {
    const months = n * (part === 'year' ? 12 : part === 'quarter' ? 3 : 1);
    const [y, mo, d] = civilFromDays(days);
    const total = y * 12 + (mo - 1) + months;
    const ny = Math.floor(total / 12);
    const nm = (total % 12) + 1;
    const last = [
      31,
      (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0 ? 29 : 28,
      31,
      30,
      31,
      30,
      31,
      31,
      30,
      31,
      30,
      31,
    ][nm - 1];
    days = civilDays(ny, nm, Math.min(d, last));
  } else if (part === 'day' || part === 'dayofyear' || part === 'weekday') days += n;
  else if (part === 'week') days += 7 * n;
  else if (part === 'nanosecond') ticks += Math.round(n / 100);
  else ticks += n * UNIT_TICKS[part];
  const carry = Math.floor(ticks / 864_000_000_000);
  days += carry;
  ticks -= carry * 864_000_000_000;
  if (t.name === 'time') days = m.days;
  const [y] = civilFromDays(days);
  if (y < 1 || y > 9999)
    throw new SqlError(517, `Adding a value to a '${t.name}' column caused an overflow.`, 16);
  return formatMoment(roundMoment({ days, ticks, offset: m.offset }, t.name, scale), t.name, scale);
}

function moment(v: Value, t: SqlType, ctx: EvalCtx) {
  const tt = readAsDate(t, DATETIME2);
  const m = momentOf(dateText(v, t, tt, ctx), tt.name);
  // datetimeoffset values are compared in UTC.
  if (t.name !== 'datetimeoffset') return m;
  const ticks = m.ticks - m.offset * 600_000_000;
  const shift = Math.floor(ticks / 864_000_000_000);
  return { days: m.days + shift, ticks: ticks - shift * 864_000_000_000, offset: 0 };
}

/** DATEDIFF: the number of `part` boundaries crossed between two moments. */
function dateDiff(
  part: string,
  a: { days: number; ticks: number },
  b: { days: number; ticks: number },
): number {
  const [y1, m1] = civilFromDays(a.days);
  const [y2, m2] = civilFromDays(b.days);
  let r: number;
  if (part === 'year') r = y2 - y1;
  else if (part === 'quarter') r = y2 * 4 + Math.floor((m2 - 1) / 3) - (y1 * 4 + Math.floor((m1 - 1) / 3));
  else if (part === 'month') r = y2 * 12 + m2 - (y1 * 12 + m1);
  else if (part === 'day' || part === 'dayofyear' || part === 'weekday') r = b.days - a.days;
  else if (part === 'week') r = Math.floor((b.days + 1) / 7) - Math.floor((a.days + 1) / 7);
  else {
    const unit = part === 'nanosecond' ? 1 : UNIT_TICKS[part];
    const ta = BigInt(a.days) * 864_000_000_000n + BigInt(a.ticks);
    const tb = BigInt(b.days) * 864_000_000_000n + BigInt(b.ticks);
    const q = (t: bigint) => (part === 'nanosecond' ? t * 100n : t / BigInt(unit));
    const d = q(tb) - q(ta);
    if (d > 2147483647n || d < -2147483648n)
      throw new SqlError(
        535,
        'The datediff function resulted in an overflow. The number of dateparts separating two date/time instances is too large. Try to use datediff with a less precise datepart.',
        16,
      );
    return Number(d);
  }
  return r;
}

function civilDays(y: number, m: number, d: number): number {
  return momentOf(
    `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    'date',
  ).days;
}

const now =
  (type: string, scale = 7) =>
  () => {
    const m = nowMoment();
    return formatMoment(roundMoment(m, type, scale), type, scale);
  };

function serverProperty(name: string): Value {
  switch (name.toLowerCase()) {
    case 'productversion':
      return { type: nv(128), value: PRODUCT_VERSION };
    case 'productmajorversion':
      return { type: nv(128), value: PRODUCT_VERSION.split('.')[0] };
    case 'productminorversion':
      return { type: nv(128), value: PRODUCT_VERSION.split('.')[1] };
    case 'resourceversion':
      return { type: nv(128), value: PRODUCT_VERSION };
    case 'resourcelastupdatedatetime':
      return { type: { name: 'datetime' }, value: RESOURCE_LAST_UPDATE };
    case 'productlevel':
      return { type: nv(128), value: 'RTM' };
    case 'productupdatelevel':
      return { type: nv(128), value: 'CU15' };
    case 'edition':
      return { type: nv(128), value: 'Developer Edition (64-bit)' };
    case 'engineedition':
      return { type: INT, value: 3 };
    case 'editionid':
      return { type: { name: 'bigint' }, value: -2117995310n };
    case 'servername':
    case 'machinename':
      return { type: nv(128), value: 'ferry-emulator' };
    case 'collation':
      return { type: nv(128), value: DEFAULT_COLLATION };
    case 'lcid':
      return { type: INT, value: 1033 };
    case 'isxtpsupported':
    case 'isfulltextinstalled':
      return { type: INT, value: 1 };
    case 'instancedefaultdatapath':
      return { type: nv(128), value: '/var/opt/mssql/data/' };
    case 'instancedefaultlogpath':
      return { type: nv(128), value: '/var/opt/mssql/data/' };
    case 'isintegratedsecurityonly':
    case 'isclustered':
    case 'ishadrenabled':
    case 'ispolybaseinstalled':
      return { type: INT, value: 0 };
    case 'processid':
      return { type: INT, value: process.pid };
    default:
      return null;
  }
}

const FUNCTIONS: Record<string, Fn> = {
  // ---- metadata
  object_id: (a) =>
    fn(INT, ([n, t], ctx) =>
      n === null
        ? null
        : objectIdOf(ctx.session, String(n), t === null || t === undefined ? undefined : String(t)),
    )(a),
  object_name: (a) =>
    fn(SYSNAME, ([id, dbid], ctx) => {
      if (id === null) return null;
      const db =
        dbid === undefined || dbid === null ? ctx.session.db : ctx.session.server.databaseById(Number(dbid));
      return db?.objects.get(Number(id))?.name ?? null;
    })(a),
  object_schema_name: (a) =>
    fn(SYSNAME, ([id, dbid], ctx) => {
      if (id === null) return null;
      const db =
        dbid === undefined || dbid === null ? ctx.session.db : ctx.session.server.databaseById(Number(dbid));
      const o = db?.objects.get(Number(id));
      return o ? db!.schemaById(o.schemaId)!.name : null;
    })(a),
  schema_name: (a) =>
    fn(SYSNAME, ([id], ctx) =>
      a.length === 0 ? 'dbo' : id === null ? null : (ctx.session.db.schemaById(Number(id))?.name ?? null),
    )(a),
  schema_id: (a) =>
    fn(INT, ([n], ctx) =>
      a.length === 0 ? 1 : n === null ? null : (ctx.session.db.schema(String(n))?.schemaId ?? null),
    )(a),
  type_name: (a) =>
    fn(SYSNAME, ([id], ctx) => {
      if (id === null) return null;
      const sys = SYSTEM_TYPES.find((t) => t.userTypeId === Number(id));
      return sys?.name ?? ctx.session.db.userTypes.find((u) => u.userTypeId === Number(id))?.name ?? null;
    })(a),
  type_id: (a) =>
    fn(INT, ([n], ctx) => {
      if (n === null) return null;
      const name = splitObjectName(String(n)).pop()!.toLowerCase();
      return (
        SYSTEM_TYPES.find((t) => t.name === name)?.userTypeId ??
        ctx.session.db.userType(undefined, name)?.userTypeId ??
        null
      );
    })(a),
  db_name: (a) =>
    fn(SYSNAME, ([id], ctx) =>
      a.length === 0
        ? ctx.session.db.name
        : id === null
          ? null
          : (ctx.session.server.databaseById(Number(id))?.name ?? null),
    )(a),
  db_id: (a) =>
    fn({ name: 'smallint' }, ([n], ctx) =>
      a.length === 0
        ? ctx.session.db.databaseId
        : n === null
          ? null
          : (ctx.session.server.database(String(n))?.databaseId ?? null),
    )(a),
  // COL_LENGTH('table', 'column'): the column's defined length in bytes (sys.columns.max_length: -1 for
  // max), NULL when the table or the column does not exist.
  col_length: (a) =>
    fn({ name: 'smallint' }, ([t, col], ctx) => {
      if (t === null || col === null) return null;
      const id = objectIdOf(ctx.session, String(t));
      const table = id === null ? undefined : (ctx.session.db.table(id) as Table | undefined);
      const c = table?.columns.find((x) => x.name.toLowerCase() === String(col).toLowerCase());
      return c ? maxLengthOf(c.type) : null;
    })(a),
  columnproperty: (a) =>
    fn(INT, ([id, col, prop], ctx) => {
      if (id === null || col === null || prop === null) return null;
      const t = ctx.session.db.table(Number(id)) as Table | undefined;
      const c = t?.columns.find((x) => x.name.toLowerCase() === String(col).toLowerCase());
      if (!c) return null;
      switch (String(prop).toLowerCase()) {
        case 'isidentity':
          return c.identity ? 1 : 0;
        case 'iscomputed':
          return c.computed ? 1 : 0;
        case 'allowsnull':
          return c.nullable ? 1 : 0;
        case 'precision':
          return c.type.length !== undefined ? c.type.length : precisionOf(c.type);
        case 'scale':
          return scaleOf(c.type);
        case 'columnid':
          return c.columnId;
        case 'isrowguidcol':
          return c.isRowGuidCol ? 1 : 0;
        case 'charmaxlen':
          return c.type.length ?? null;
        case 'isdeterministic':
          return c.computed ? 1 : null;
        default:
          return null;
      }
    })(a),
  objectproperty: (a) =>
    fn(INT, ([id, prop], ctx) => {
      if (id === null || prop === null) return null;
      const o = ctx.session.db.objects.get(Number(id));
      if (!o) return null;
      const p = String(prop).toLowerCase();
      const is = (t: string) => (o.type === t ? 1 : 0);
      if (p === 'isusertable') return is('U');
      if (p === 'isview') return is('V');
      if (p === 'isprocedure') return is('P');
      if (p === 'istrigger') return is('TR');
      if (p === 'ismsshipped') return 0;
      if (p === 'isprimarykey') return is('PK');
      if (p === 'istable') return is('U');
      return null;
    })(a),
  serverproperty: (a) =>
    fn({ name: 'sql_variant' }, ([n]) => (n === null ? null : serverProperty(String(n))))(a),
  databasepropertyex: (a) =>
    fn({ name: 'sql_variant' }, ([db, p], ctx) => {
      if (db === null || p === null || !ctx.session.server.database(String(db))) return null;
      const prop = String(p).toLowerCase();
      if (prop === 'collation') return { type: nv(128), value: DEFAULT_COLLATION };
      if (prop === 'status') return { type: nv(128), value: 'ONLINE' };
      if (prop === 'updateability') return { type: nv(128), value: 'READ_WRITE' };
      if (prop === 'edition') return { type: nv(128), value: 'Developer' };
      return null;
    })(a),
  sql_variant_property: (a) =>
    fn({ name: 'sql_variant' }, ([v, p]) => {
      if (v === null || p === null || !isVariant(v)) return null;
      const t = v.type;
      switch (String(p).toLowerCase()) {
        case 'basetype':
          return { type: SYSNAME, value: t.name };
        case 'precision':
          return { type: INT, value: precisionOf(t) };
        case 'scale':
          return { type: INT, value: scaleOf(t) };
        case 'maxlength':
          return { type: INT, value: maxLengthOf(t) };
        case 'collation':
          return t.collation ? { type: SYSNAME, value: t.collation } : null;
        case 'totalbytes':
          return { type: INT, value: maxLengthOf(t) + 2 };
        default:
          return null;
      }
    })(a),
  ident_current: (a) =>
    fn({ name: 'numeric', precision: 38, scale: 0 }, ([n], ctx) => {
      if (n === null) return null;
      const id = objectIdOf(ctx.session, String(n));
      const t = id === null ? undefined : (ctx.session.db.table(id) as Table | undefined);
      const c = t?.columns.find((x) => x.identity);
      if (!c?.identity) return null;
      return (c.identity.last ?? c.identity.seed).toString();
    })(a),
  scope_identity: () => ({
    type: { name: 'numeric', precision: 38, scale: 0 },
    nullable: true,
    eval: (_r, ctx) => ctx.session.scopeIdentity?.toString() ?? null,
  }),
  ...SECURITY_FUNCTIONS,
  ...HASH_FUNCTIONS,
  ...COMPRESS_FUNCTIONS,
  ...FLOAT_FUNCTIONS,
  ...DATE_FROM_PARTS,
  host_name: () => ({ type: SYSNAME, nullable: true, eval: () => 'ferry-emulator' }),
  app_name: () => ({ type: SYSNAME, nullable: true, eval: (_r, ctx) => ctx.session.appName }),
  has_dbaccess: (a) =>
    fn(INT, ([n], ctx) => (n === null ? null : ctx.session.server.database(String(n)) ? 1 : 0))(a),
  // ---- @@ functions
  '@@version': () => ({ type: nv(300), nullable: false, eval: () => VERSION_TEXT }),
  '@@spid': () => ({ type: { name: 'smallint' }, nullable: false, eval: (_r, ctx) => ctx.session.spid }),
  '@@servername': () => ({ type: nv(128), nullable: true, eval: () => 'ferry-emulator' }),
  '@@servicename': () => ({ type: nv(128), nullable: true, eval: () => 'MSSQLSERVER' }),
  '@@identity': () => ({
    type: { name: 'numeric', precision: 38, scale: 0 },
    nullable: true,
    eval: (_r, ctx) => ctx.session.identity?.toString() ?? null,
  }),
  '@@rowcount': () => ({ type: INT, nullable: false, eval: (_r, ctx) => ctx.session.rowcount }),
  '@@error': () => ({ type: INT, nullable: false, eval: (_r, ctx) => ctx.session.error }),
  '@@trancount': () => ({ type: INT, nullable: false, eval: (_r, ctx) => ctx.session.trancount }),
  '@@language': () => ({ type: nv(128), nullable: false, eval: (_r, ctx) => ctx.session.language }),
  '@@langid': () => ({ type: { name: 'smallint' }, nullable: false, eval: () => 0 }),
  '@@datefirst': () => ({ type: { name: 'tinyint' }, nullable: false, eval: () => 7 }),
  '@@max_precision': () => ({ type: { name: 'tinyint' }, nullable: false, eval: () => 38 }),
  '@@textsize': () => ({ type: INT, nullable: false, eval: () => 2147483647 }),
  '@@options': () => ({ type: INT, nullable: false, eval: () => 5496 }),
  '@@procid': () => ({
    type: INT,
    nullable: false,
    eval: (_r, ctx) => ctx.session.modules[ctx.session.modules.length - 1]?.objectId ?? 0,
  }),
  // ---- NULL handling
  isnull: (a, cc) => {
    if (a.length !== 2) throw argCount('isnull', 2);
    const type = isNullLiteral(a[0]) ? a[1].type : a[0].type;
    const b = coerce(a[1], type, cc);
    return { type, nullable: a[1].nullable, eval: (row, ctx) => a[0].eval(row, ctx) ?? b.eval(row, ctx) };
  },
  coalesce: (a, cc) => {
    const typed = a.filter((x) => !isNullLiteral(x));
    let t = (typed[0] ?? a[0]).type;
    for (const x of typed.slice(1)) t = commonType(t, x.type);
    if (isCharType(t))
      t = { ...t, length: Math.max(...a.map((x) => (x.type.length === -1 ? 1e9 : (x.type.length ?? 30)))) };
    if ((t.length ?? 0) >= 1e9) t = { ...t, length: -1 };
    const cs = a.map((x) => coerce(x, t, cc));
    return {
      type: t,
      nullable: cs.every((c) => c.nullable),
      eval: (row, ctx) => {
        for (const c of cs) {
          const v = c.eval(row, ctx);
          if (v !== null) return v;
        }
        return null;
      },
    };
  },
  nullif: (a, cc) => {
    const t = commonType(a[0].type, a[1].type);
    const x = coerce(a[0], t, cc);
    const y = coerce(a[1], t, cc);
    return {
      type: a[0].type,
      nullable: true,
      eval: (row, ctx) => {
        const v = a[0].eval(row, ctx);
        const xv = x.eval(row, ctx);
        const yv = y.eval(row, ctx);
        return xv !== null && yv !== null && toText(xv, t).toLowerCase() === toText(yv, t).toLowerCase()
          ? null
          : v;
      },
    };
  },
  iif: (a, cc) => {
    const t = commonType(a[1].type, a[2].type);
    const b = coerce(a[1], t, cc);
    const c = coerce(a[2], t, cc);
    return {
      type: t,
      nullable: true,
      eval: (row, ctx) => (a[0].eval(row, ctx) === true ? b.eval(row, ctx) : c.eval(row, ctx)),
    };
  },
  // CHOOSE(i, v1, v2, ...): the i-th value (i truncated to an integer), NULL out of range.
  choose: (a, cc) => {
    const [index, ...values] = a;
    if (!index || !values.length) throw new Error('CHOOSE needs an index and at least one value');
    const t = values.map((v) => v.type).reduce((x, y) => commonType(x, y));
    const vs = values.map((v) => coerce(v, t, cc));
    return {
      type: t,
      nullable: true,
      eval: (row, ctx) => {
        const i = index.eval(row, ctx);
        const n = i === null ? NaN : Math.trunc(Number(i));
        return n >= 1 && n <= vs.length ? vs[n - 1]!.eval(row, ctx) : null;
      },
    };
  },
  // ---- strings
  len: (a) => strict(INT, ([v], _c, args) => text(v, args[0].type).replace(/ +$/, '').length)(a),
  datalength: (a) =>
    strict(INT, ([v], _c, args) => {
      const t = args[0].type;
      if (Buffer.isBuffer(v)) return v.length;
      if (typeof v === 'string' && isCharType(t))
        return isUnicodeType(t) ? v.length * 2 : codePageOf(t).encode(v).length;
      return maxLengthOf(t);
    })(a),
  upper: (a) => strict(a[0].type, ([v], _c, args) => text(v, args[0].type).toUpperCase())(a),
  lower: (a) => strict(a[0].type, ([v], _c, args) => text(v, args[0].type).toLowerCase())(a),
  ltrim: (a) => strict(varying(a[0].type), ([v], _c, args) => text(v, args[0].type).replace(/^ +/, ''))(a),
  rtrim: (a) => strict(varying(a[0].type), ([v], _c, args) => text(v, args[0].type).replace(/ +$/, ''))(a),
  trim: (a) => strict(varying(a[0].type), ([v], _c, args) => text(v, args[0].type).trim())(a),
  substring: (a) =>
    strict(varying(a[0].type), ([v, s, l], _c, args) => {
      const start = Number(s);
      const len = Number(l);
      if (len < 0)
        throw new SqlError(537, 'Invalid length parameter passed to the LEFT or SUBSTRING function.', 16);
      const from = Math.max(start, 1) - 1;
      const to = Math.max(start + len - 1, 0);
      if (Buffer.isBuffer(v)) return v.subarray(from, Math.max(from, to));
      return text(v, args[0].type).slice(from, Math.max(from, to));
    })(a),
  left: (a) =>
    strict(sameText(a[0].type, 4000), ([v, n], _c, args) => text(v, args[0].type).slice(0, Number(n)))(a),
  right: (a) =>
    strict(sameText(a[0].type, 4000), ([v, n], _c, args) => {
      const s = text(v, args[0].type);
      return Number(n) <= 0 ? '' : s.slice(-Number(n));
    })(a),
  replace: (a) =>
    strict(nv(-1), ([v, f, r], _c, args) => {
      const s = text(v, args[0].type);
      const find = text(f, args[1].type);
      if (find === '') return s;
      return s.replace(new RegExp(find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), () =>
        text(r, args[2].type),
      );
    })(a),
  // STUFF(s, start, length, insert): NULL for a start outside 1..LEN(s) or a negative length; a NULL insert just deletes.
  stuff: (a) => ({
    type: sameText(a[0].type, 4000),
    nullable: true,
    eval: (row, ctx) => {
      const [v, st, l, r] = a.map((x) => x.eval(row, ctx));
      if (v === null || st === null || l === null) return null;
      const s = text(v, a[0].type);
      const start = Number(st);
      const len = Number(l);
      if (start < 1 || start > s.length || len < 0) return null;
      return s.slice(0, start - 1) + (r === null ? '' : text(r, a[3].type)) + s.slice(start - 1 + len);
    },
  }),
  charindex: (a) =>
    strict(INT, ([f, v, s], _c, args) => {
      const hay = text(v, args[1].type).toLowerCase();
      return hay.indexOf(text(f, args[0].type).toLowerCase(), Math.max(Number(s ?? 1), 1) - 1) + 1;
    })(a),
  // PATINDEX(pattern, s): the 1-based position where the LIKE pattern first matches, 0 if nowhere. The
  // pattern runs to the end of s; without a leading % it can match only at the start, as in LIKE.
  patindex: (a) =>
    strict(a[1].type.length === -1 ? { name: 'bigint' } : INT, ([p, v], _c, args) => {
      const t = args[1].type;
      const padded = text(v, t);
      const s = t.name === 'char' || t.name === 'nchar' ? padded.replace(/ +$/, '') : padded;
      const pattern = text(p, args[0].type);
      const rest = pattern.replace(/^%+/, '');
      if (rest === '') return 1;
      const re = likeRegex(rest, undefined, caseSensitive(t));
      if (rest === pattern) return re.test(s) ? 1 : 0;
      for (let i = 0; i < s.length; i++) if (re.test(s.slice(i))) return i + 1;
      return 0;
    })(a),
  concat: (a) =>
    fn(nv(-1), (vals, _c) => vals.map((v, i) => (v === null ? '' : text(v, a[i].type))).join(''), false)(a),
  quotename: (a) =>
    strict(nv(258), ([v, q], _c, args) => {
      const s = text(v, args[0].type);
      const c = q === undefined ? '[' : String(q);
      if (c === '[' || c === ']') return `[${s.replace(/]/g, ']]')}]`;
      if (c === '"') return `"${s.replace(/"/g, '""')}"`;
      return `'${s.replace(/'/g, "''")}'`;
    })(a),
  // STRING_ESCAPE(s, 'json'): JSON's escapes for " \ / and control characters; 'json' is the only type SQL Server has.
  string_escape: (a) =>
    strict(nv(-1), ([v, t], _c, args) => {
      if (String(t).toLowerCase() !== 'json')
        throw new SqlError(
          40517,
          `STRING_ESCAPE type '${String(t)}' is not supported by the SQL Server emulator.`,
          16,
        );
      return jsonString(text(v, args[0].type)).slice(1, -1);
    })(a),
  replicate: (a) => {
    // Past 8,000 bytes only a (max) input keeps growing; other inputs are cut there, as SQL Server does.
    const type = sameText(a[0].type, 4000);
    const limit = type.length === -1 ? undefined : type.length;
    return strict(type, ([v, n], _c, args) =>
      text(v, args[0].type)
        .repeat(Math.max(0, Number(n)))
        .slice(0, limit),
    )(a);
  },
  space: (a) => strict({ name: 'varchar', length: 8000 }, ([n]) => ' '.repeat(Math.max(0, Number(n))))(a),
  reverse: (a) => strict(a[0].type, ([v], _c, args) => [...text(v, args[0].type)].reverse().join(''))(a),
  // The character of a byte of the default code page (CHAR(128) is '€' in 1252); NULL out of 0..255.
  char: (a) =>
    strict(CHAR_1, ([n]) => {
      const b = Number(n);
      return b >= 0 && b <= 255 ? codePageOf(CHAR_1).decode(Buffer.of(b)) : null;
    })(a),
  nchar: (a) => strict({ name: 'nchar', length: 1 }, ([n]) => String.fromCodePoint(Number(n)))(a),
  ascii: (a) =>
    strict(INT, ([v], _c, args) => codePageOf(args[0].type).encode(text(v, args[0].type))[0] ?? null)(a),
  unicode: (a) => strict(INT, ([v], _c, args) => text(v, args[0].type).codePointAt(0) ?? null)(a),
  str: (a) =>
    strict({ name: 'varchar', length: 10 }, ([v, l, d]) => {
      const len = l === undefined ? 10 : Number(l);
      const s = Number(v).toFixed(d === undefined ? 0 : Number(d));
      return s.length > len ? '*'.repeat(len) : s.padStart(len, ' ');
    })(a),
  isnumeric: (a) =>
    fn(
      INT,
      ([v]) => (v === null ? 0 : /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(String(v)) ? 1 : 0),
      false,
    )(a),
  // ISDATE(x): 1 when text converts to datetime (in the session's DATEFORMAT; more than 3 fraction
  // digits do not), a datetime/smalldatetime is not NULL; 0 otherwise. Other date/time types: 8116.
  isdate: (a) => {
    const t = a[0].type;
    if (isTemporalType(t) && t.name !== 'datetime' && t.name !== 'smalldatetime')
      throw new SqlError(
        8116,
        `Argument data type ${t.name} is invalid for argument 1 of isdate function.`,
        16,
      );
    return fn(
      INT,
      ([v], ctx) => {
        if (v === null || !(isCharType(t) || isTemporalType(t))) return 0;
        if (isTemporalType(t)) return 1;
        if (/\.\d{4,}/.test(text(v, t))) return 0;
        try {
          convert(v, t, DATETIME, 0, ctx.session);
          return 1;
        } catch (e) {
          if (e instanceof SqlError) return 0;
          throw e;
        }
      },
      false,
    )(a);
  },
  // RAND(): a float in [0, 1), one value per reference and statement (as SQL Server, not per row).
  // A seed gives SQL Server's own sequence, which is not documented: refused.
  rand: (a) => {
    if (a.length) throw new SqlError(40517, 'RAND(seed) is not supported by the SQL Server emulator.', 16);
    let drawn: { statement: number; value: number } | undefined;
    return {
      type: { name: 'float' },
      nullable: false,
      eval: (_row, ctx) => {
        if (drawn?.statement !== ctx.session.statementCount)
          drawn = { statement: ctx.session.statementCount, value: Math.random() };
        return drawn.value;
      },
    };
  },
  newid: () => ({
    type: { name: 'uniqueidentifier' },
    nullable: false,
    eval: () => crypto.randomUUID().toUpperCase(),
  }),
  newsequentialid: () => {
    throw new SqlError(
      302,
      "The newsequentialid() built-in function can only be used in a DEFAULT expression for a column of type 'uniqueidentifier' in a CREATE TABLE or ALTER TABLE statement. It cannot be combined with other operators to form a complex scalar expression.",
      16,
    );
  },
  // ---- dates
  getdate: () => ({ type: { name: 'datetime' }, nullable: false, eval: now('datetime') }),
  current_timestamp: () => ({ type: { name: 'datetime' }, nullable: false, eval: now('datetime') }),
  getutcdate: () => ({
    type: { name: 'datetime' },
    nullable: false,
    eval: () => {
      const m = nowMoment();
      return formatMoment(
        roundMoment({ ...m, ticks: m.ticks - m.offset * 600_000_000 }, 'datetime'),
        'datetime',
      );
    },
  }),
  sysdatetime: () => ({ type: { name: 'datetime2', scale: 7 }, nullable: false, eval: now('datetime2') }),
  sysutcdatetime: () => ({ type: { name: 'datetime2', scale: 7 }, nullable: false, eval: now('datetime2') }),
  sysdatetimeoffset: () => ({
    type: { name: 'datetimeoffset', scale: 7 },
    nullable: false,
    eval: now('datetimeoffset'),
  }),
  year: (a) => strict(INT, ([v], ctx, args) => datePart('year', v, args[0].type, ctx))(a),
  month: (a) => strict(INT, ([v], ctx, args) => datePart('month', v, args[0].type, ctx))(a),
  day: (a) => strict(INT, ([v], ctx, args) => datePart('day', v, args[0].type, ctx))(a),
  datepart: (a, _cc, raw) => {
    const part = datePartOf(raw[0]);
    return strict(INT, ([, v], ctx, args) => datePart(part, v, args[1].type, ctx))(a);
  },
  datename: (a, _cc, raw) => {
    const part = datePartOf(raw[0]);
    return strict(nv(30), ([, v], ctx, args) => {
      const n = datePart(part, v, args[1].type, ctx);
      if (part === 'month') return new Date(2000, n - 1, 1).toLocaleString('en-US', { month: 'long' });
      if (part === 'weekday')
        return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][n - 1];
      return String(n);
    })(a);
  },
  dateadd: (a, _cc, raw) => {
    const part = noIsoWeek(datePartOf(raw[0]), 'dateadd', a[2].type);
    const t = readAsDate(a[2].type, DATETIME);
    return strict(t, ([, n, v], ctx, args) => dateAdd(part, Number(n), dateText(v, args[2].type, t, ctx), t))(
      a,
    );
  },
  // EOMONTH(d [, months]): the last day of d's month, months later; a date.
  eomonth: (a) =>
    strict({ name: 'date' }, ([v, n], ctx, args) => {
      let d = String(convert(v, args[0]!.type, { name: 'date' }, 0, ctx.session));
      if (n !== undefined) d = String(dateAdd('month', Number(n), d, { name: 'date' })).slice(0, 10);
      const [y, m] = d.split('-').map(Number);
      return `${d.slice(0, 8)}${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`;
    })(a),
  datediff: (a, _cc, raw) => {
    const part = noIsoWeek(datePartOf(raw[0]), 'datediff', a[2].type);
    return strict(INT, ([, x, y], ctx, args) =>
      dateDiff(part, moment(x, args[1].type, ctx), moment(y, args[2].type, ctx)),
    )(a);
  },
  todatetimeoffset: (a) => {
    const scale =
      a[0].type.name === 'datetime2' || a[0].type.name === 'datetimeoffset'
        ? (a[0].type.scale ?? 7)
        : a[0].type.name === 'datetime'
          ? 3
          : 7;
    const t: SqlType = { name: 'datetimeoffset', scale };
    return strict(t, ([v, off], ctx, args) => {
      const m = momentOf(
        String(convert(v, args[0].type, { name: 'datetime2', scale: 7 }, 0, ctx.session)),
        'datetime2',
      );
      const text = isCharType(args[1].type) ? String(off).trim() : undefined;
      const offset =
        text !== undefined
          ? (text.startsWith('-') ? -1 : 1) * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)))
          : Number(convert(off, args[1].type, INT, 0, ctx.session));
      if (offset < -840 || offset > 840)
        throw new SqlError(
          8117,
          'The timezone provided to builtin function todatetimeoffset is invalid.',
          16,
        );
      return formatMoment(roundMoment({ ...m, offset }, 'datetimeoffset', scale), 'datetimeoffset', scale);
    })(a);
  },
  // ---- math
  abs: (a) =>
    strict(a[0].type, ([v]) =>
      typeof v === 'string'
        ? v.replace(/^-/, '')
        : typeof v === 'bigint'
          ? v < 0n
            ? -v
            : v
          : Math.abs(Number(v)),
    )(a),
  round: (a) =>
    strict(a[0].type, ([v, n, trunc], _c, args) => {
      const digits = Number(n);
      const t = args[0].type;
      if (typeof v === 'number' && (t.name === 'float' || t.name === 'real')) {
        const f = 10 ** digits;
        return trunc ? Math.trunc(v * f) / f : Math.round(v * f) / f;
      }
      const d = parseDec(String(v));
      const scale = typeof v === 'string' ? d.s : 0;
      const r = rescale(rescale(d, Math.max(digits, 0), !!trunc && Number(trunc) !== 0), scale);
      const out = formatDec(
        digits < 0
          ? rescale(
              { v: (rescale(d, 0).v / 10n ** BigInt(-digits) + 0n) * 10n ** BigInt(-digits), s: 0 },
              scale,
            )
          : r,
      );
      return typeof v === 'string' ? out : Number(out);
    })(a),
  floor: (a) =>
    strict(a[0].type, ([v]) =>
      typeof v === 'string'
        ? formatDec(rescale(floorDec(v), parseDec(v).s))
        : typeof v === 'number'
          ? Math.floor(v)
          : v,
    )(a),
  ceiling: (a) =>
    strict(a[0].type, ([v]) =>
      typeof v === 'string'
        ? formatDec(rescale(negFloor(v), parseDec(v).s))
        : typeof v === 'number'
          ? Math.ceil(v)
          : v,
    )(a),
  sign: (a) =>
    strict(a[0].type, ([v]) => (typeof v === 'string' ? String(Math.sign(Number(v))) : Math.sign(Number(v))))(
      a,
    ),
  power: (a) => strict({ name: 'float' }, ([x, y]) => Number(x) ** Number(y))(a),
  sqrt: (a) => strict({ name: 'float' }, ([x]) => Math.sqrt(Number(x)))(a),
  checksum: (a) =>
    fn(
      INT,
      (vals) => {
        let h = 0;
        for (const v of vals) for (const ch of String(v)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
        return h;
      },
      false,
    )(a),
};

function floorDec(v: string) {
  const d = parseDec(v);
  const t = rescale(d, 0, true);
  return d.v < 0n && rescale(t, d.s).v !== d.v ? { v: t.v - 1n, s: 0 } : t;
}
function negFloor(v: string) {
  const d = parseDec(v);
  const t = rescale(d, 0, true);
  return d.v > 0n && rescale(t, d.s).v !== d.v ? { v: t.v + 1n, s: 0 } : t;
}

/** A NULL literal: typed int by SQL Server, but ISNULL/COALESCE take their type from the other arguments. */
const isNullLiteral = (c: Compiled) =>
  c.constant === true &&
  c.nullable &&
  c.type.name === 'int' &&
  c.eval([], { session: undefined as never, outer: [] }) === null;

const argCount = (name: string, n: number) =>
  new SqlError(174, `The ${name} function requires ${n} argument(s).`, 15);

export function compileFunction(call: FunctionCall, cc: CompileCtx): Compiled {
  const name = call.name.name.name.toLowerCase();
  const user = compileUserFunction(call, cc, runStatements);
  if (user) return user;
  const clr = call.name.schema ? compileColumnMethod(call, cc) : undefined;
  if (clr) return clr;
  const xmlMethod = compileXmlColumnMethod(call, cc);
  if (xmlMethod) return xmlMethod;
  const cdc =
    call.name.schema?.name.toLowerCase() === 'sys'
      ? compileCdcFunction(
          name,
          call.args.map((a) => compileExpr(a, cc)),
        )
      : undefined;
  if (cdc) return cdc;
  if (call.name.schema)
    throw new SqlError(
      4121,
      `Cannot find either column "${call.name.schema.name}" or the user-defined function or aggregate "${call.name.schema.name}.${call.name.name.name}", or the name is ambiguous.`,
      16,
    );
  const f = FUNCTIONS[name];
  if (!f) {
    const special =
      compileTriggerFunction(call, cc) ??
      compileCatchFunction(call) ??
      compileCursorFunction(call) ??
      compileJsonFunction(call, cc) ??
      compileEventData(call, cc) ??
      compileFulltextPredicate(call, cc);
    if (special) return special;
  }
  if (!f) throw new SqlError(195, `'${call.name.name.name}' is not a recognized built-in function name.`, 15);
  const skipFirst = name === 'datepart' || name === 'datename' || name === 'dateadd' || name === 'datediff';
  const args = call.args.map((a, i) =>
    skipFirst && i === 0 ? { type: INT, nullable: false, eval: () => 0 } : compileExpr(a, cc),
  );
  return f(args, cc, call.args);
}

export { typeText, monthName };

/** The emulator's NEWSEQUENTIALID() values: a random GUID whose first group counts up. */
const sequentialGuid = {
  base: crypto.randomUUID().toUpperCase().slice(8),
  next: Math.floor(Math.random() * 2 ** 31),
};

/**
 * A column DEFAULT that is NEWSEQUENTIALID() alone (the only place SQL Server allows it): each value
 * greater than the previous one in uniqueidentifier order. Undefined for any other expression.
 */
export function compileSequentialIdDefault(expr: Expression): Compiled | undefined {
  if (expr.kind !== 'FunctionCall' || expr.name.schema || expr.args.length) return undefined;
  if (expr.name.name.name.toLowerCase() !== 'newsequentialid') return undefined;
  return {
    type: { name: 'uniqueidentifier' },
    nullable: false,
    eval: () => {
      sequentialGuid.next = (sequentialGuid.next + 1) % 2 ** 32;
      return sequentialGuid.next.toString(16).toUpperCase().padStart(8, '0') + sequentialGuid.base;
    },
  };
}

/** `col.STAsBinary()`, `t.col.GetLevel()`: the parser reads a method of a column as a schema-qualified function. */
function compileColumnMethod(call: FunctionCall, cc: CompileCtx): Compiled | undefined {
  const n = call.name;
  if (n.server) return undefined;
  const target: ColumnRef = {
    kind: 'ColumnRef',
    ...(n.database ? { table: { kind: 'ObjectName', name: n.database, pos: call.pos } } : {}),
    column: n.schema!,
    pos: call.pos,
  };
  let compiled: Compiled;
  try {
    compiled = compileExpr(target, cc);
  } catch {
    return undefined;
  }
  return compileClrMethod(
    compiled,
    n.name.name,
    call.args.map((a) => compileExpr(a, cc)),
  );
}
