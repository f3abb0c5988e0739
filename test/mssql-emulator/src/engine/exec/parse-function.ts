// PARSE(text AS type [USING culture]) and TRY_PARSE: text read as .NET reads it in a culture (SQL
// Server runs them on the CLR). Numbers: NumberStyles.Number for integers and decimal (group
// separators anywhere, a fraction of zeros into an integer, a trailing sign), Float for float/real
// (an exponent, no group separators), Currency for money (the culture's symbol, parentheses).
// Dates: ISO 8601, numbers in the culture's day/month/year order, month and weekday names (the
// culture's and English), a time with AM/PM, an offset. Without USING the session language's culture
// (us_english: en-US). PARSE fails with 9819, TRY_PARSE gives NULL; a bad culture is 9818 in both.

import type { Parse } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert, toText, type Value } from '../types/convert.js';
import { isCharType, isExactNumeric, isIntType } from '../types/sql-type.js';
import {
  checkRange,
  daysFromCivil,
  formatMoment,
  roundMoment,
  TICKS_PER_DAY,
  type Moment,
} from '../types/temporal.js';
import { resolveDataType } from './data-type.js';
import { compileExpr } from './expressions.js';
import type { CompileCtx, Compiled } from './scope.js';

const VARCHAR: SqlType = { name: 'varchar', length: 8000 };
const DATE_TYPES = new Set(['date', 'time', 'datetime', 'smalldatetime', 'datetime2', 'datetimeoffset']);
/** Cultures whose .NET calendar is not the Gregorian one (dates there are not read by the emulator). */
const OTHER_CALENDARS = new Set(['ar-sa', 'th-th', 'fa-ir', 'dv-mv', 'ps-af', 'prs-af']);

export function compileParse(node: Parse, cc: CompileCtx): Compiled {
  const fn = node.try ? 'TRY_PARSE' : 'PARSE';
  const type = resolveDataType(node.type, cc.session.db, 'cast').type;
  const numeric = isIntType(type) || isExactNumeric(type) || type.name === 'float' || type.name === 'real';
  if ((!numeric && !DATE_TYPES.has(type.name)) || type.name === 'bit')
    throw new SqlError(10761, `Invalid data type ${type.name} in function ${fn}.`, 15);
  const text = compileExpr(node.expr, cc);
  const culture = node.culture ? compileExpr(node.culture, cc) : undefined;
  for (const [i, arg] of [text, culture].entries())
    if (arg && !isCharType(arg.type))
      throw new SqlError(
        8116,
        `Argument data type ${arg.type.name} is invalid for argument ${i + 1} of parse function.`,
        16,
      );
  return {
    type,
    nullable: true,
    eval: (row, ctx) => {
      const given = culture ? culture.eval(row, ctx) : 'en-US';
      const name = given === null ? null : toText(given, culture?.type ?? VARCHAR);
      const c = cultureOf(name);
      const v = text.eval(row, ctx);
      if (v === null) return null;
      const s = toText(v, text.type);
      const parsed = numeric ? parseNumber(s, type, c) : parseDate(s, type, c);
      if (parsed !== undefined) return parsed;
      if (node.try) return null;
      throw new SqlError(
        9819,
        `Error converting string value '${s}' into data type ${type.name} using culture '${culture ? name : ''}'.`,
        16,
      );
    },
  };
}

// ------------------------------------------------------------------------------------- cultures

interface Culture {
  name: string;
  decimal: string;
  groups: string[];
  currencies: string[];
  order: ('day' | 'month' | 'year')[];
  months: Map<string, number>;
  words: Set<string>;
  pm: Set<string>;
  am: Set<string>;
}

const cultures = new Map<string, Culture>();

/** The culture of a USING name: as .NET accepts it (case-insensitive, `_` for `-`), else 9818. */
function cultureOf(given: string | null): Culture {
  const name = given?.replace(/_/g, '-').toLowerCase();
  if (
    name === undefined ||
    !/^([a-z]{2,3}(-[a-z0-9]{1,8})*|[a-z]-[a-z0-9]{1,8}(-[a-z0-9]{1,8})*)$/.test(name)
  )
    throw new SqlError(
      9818,
      `The culture parameter '${given ?? 'NULL'}' provided in the function call is not supported.`,
      16,
    );
  let c = cultures.get(name);
  if (!c) {
    c = buildCulture(name);
    cultures.set(name, c);
  }
  return c;
}

/** Currency by region, for the symbol money text may carry. */
const CURRENCIES: Record<string, string> = {
  US: 'USD',
  GB: 'GBP',
  JP: 'JPY',
  CN: 'CNY',
  CH: 'CHF',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  IN: 'INR',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  PL: 'PLN',
  CZ: 'CZK',
  HU: 'HUF',
  RU: 'RUB',
  BR: 'BRL',
  MX: 'MXN',
  KR: 'KRW',
  TR: 'TRY',
  ZA: 'ZAR',
};
const EURO = 'AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK'.split(' ');

function buildCulture(name: string): Culture {
  let locale: string;
  try {
    locale = Intl.getCanonicalLocales(name)[0];
  } catch {
    throw new SqlError(
      9818,
      `The culture parameter '${name}' provided in the function call is not supported.`,
      16,
    );
  }
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const region = new Intl.Locale(locale).maximize().region ?? '';
  const code = EURO.includes(region) ? 'EUR' : CURRENCIES[region];
  const currencies = new Set<string>();
  if (code)
    for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
      const f = new Intl.NumberFormat(locale, { style: 'currency', currency: code, currencyDisplay });
      const sym = f.formatToParts(1).find((p) => p.type === 'currency')?.value;
      if (sym) currencies.add(sym === '￥' ? '¥' : sym).add(sym);
    }
  const dateParts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(Date.UTC(2010, 11, 13)))
    .map((p) => p.type)
    .filter((t): t is 'day' | 'month' | 'year' => t === 'day' || t === 'month' || t === 'year');
  const months = new Map<string, number>();
  const words = new Set<string>();
  const key = (s: string) => s.toLowerCase().replace(/\.$/, '');
  for (const loc of [locale, 'en-US']) {
    for (let m = 0; m < 12; m++) {
      const d = new Date(Date.UTC(2010, m, 13));
      for (const month of ['long', 'short'] as const) {
        months.set(key(new Intl.DateTimeFormat(loc, { month, timeZone: 'UTC' }).format(d)), m + 1);
        const withDay = new Intl.DateTimeFormat(loc, {
          month,
          day: 'numeric',
          timeZone: 'UTC',
        }).formatToParts(d);
        months.set(key(withDay.find((p) => p.type === 'month')!.value), m + 1);
      }
    }
    for (let w = 0; w < 7; w++)
      for (const weekday of ['long', 'short'] as const)
        words.add(
          key(
            new Intl.DateTimeFormat(loc, { weekday, timeZone: 'UTC' }).format(
              new Date(Date.UTC(2010, 0, 3 + w)),
            ),
          ),
        );
  }
  const period = (h: number) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' })
      .formatToParts(new Date(Date.UTC(2010, 0, 1, h)))
      .find((p) => p.type === 'dayPeriod')
      ?.value.toLowerCase();
  return {
    name,
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    // .NET Framework's French group separator is U+00A0, and a space is read as it.
    groups: group === '\u202f' || group === '\u00a0' ? ['\u00a0', ' '] : [group],
    currencies: [...currencies],
    order: dateParts.length === 3 ? dateParts : ['month', 'day', 'year'],
    months,
    words,
    am: new Set(['am', period(9) ?? 'am']),
    pm: new Set(['pm', period(15) ?? 'pm']),
  };
}

// -------------------------------------------------------------------------------------- numbers

const WHITE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

/** `s` as a number of `type` in the culture, undefined when .NET would not read it or it does not fit. */
function parseNumber(input: string, type: SqlType, c: Culture): Value | undefined {
  const money = type.name === 'money' || type.name === 'smallmoney';
  const float = type.name === 'float' || type.name === 'real';
  let s = input.replace(WHITE, '');
  let negative = false;
  if (money && s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  const stripCurrency = () => {
    if (!money) return;
    for (const sym of c.currencies) {
      if (s.startsWith(sym)) s = s.slice(sym.length).replace(WHITE, '');
      else if (s.endsWith(sym)) s = s.slice(0, -sym.length).replace(WHITE, '');
    }
  };
  stripCurrency();
  const sign = /^[+-]/.exec(s) ?? /[+-]$/.exec(s);
  if (sign) {
    if (negative) return undefined;
    negative = sign[0] === '-';
    s = sign.index === 0 ? s.slice(1) : s.slice(0, -1);
    stripCurrency();
  }
  let int = '';
  let frac = '';
  let exp = '';
  let i = 0;
  for (; i < s.length; i++) {
    if (/\d/.test(s[i])) int += s[i];
    else if (!float && c.groups.some((g) => s.startsWith(g, i))) continue;
    else break;
  }
  if (s.startsWith(c.decimal, i)) {
    i += c.decimal.length;
    while (i < s.length && /\d/.test(s[i])) frac += s[i++];
  }
  if (float) {
    const e = /^[eE][+-]?\d+/.exec(s.slice(i));
    if (e) {
      exp = e[0];
      i += e[0].length;
    }
  }
  if (i !== s.length || int + frac === '') return undefined;
  const text = `${negative ? '-' : ''}${int || '0'}${frac ? '.' + frac : ''}${exp}`;
  if (float) {
    const n = Number(text);
    const max = type.name === 'real' ? 3.4028235e38 : Number.MAX_VALUE;
    return Number.isFinite(n) && Math.abs(n) <= max ? (type.name === 'real' ? Math.fround(n) : n) : undefined;
  }
  // An integer takes a fraction of zeros only (.NET: 123.0 is 123, 123.5 overflows).
  if (isIntType(type) && /[1-9]/.test(frac)) return undefined;
  try {
    return convert(isIntType(type) ? `${negative ? '-' : ''}${int || '0'}` : text, VARCHAR, type);
  } catch (e) {
    if (e instanceof SqlError) return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------- dates

const TIME = /(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?\s*([^\s\d:+-]+\.?)?/u;

/** `s` as a value of the date/time `type` in the culture, undefined when it is not one. */
function parseDate(input: string, type: SqlType, c: Culture): Value | undefined {
  if (OTHER_CALENDARS.has(c.name))
    throw new SqlError(
      40517,
      `PARSE of dates in culture '${c.name}' (not a Gregorian calendar) is not supported by the SQL Server emulator.`,
      16,
    );
  let s = input.replace(WHITE, '').replace(/(\d)T(\d)/, '$1 $2');
  let offset: number | undefined;
  const off = /(?:\s*Z|\s*([+-])(\d{1,2}):(\d{2}))$/.exec(s);
  if (off && /\d:\d/.test(s)) {
    offset = off[1] ? (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3])) : 0;
    if (Math.abs(offset) > 14 * 60) return undefined;
    s = s.slice(0, off.index);
  }
  let ticks = 0;
  let hasTime = false;
  const t = TIME.exec(s);
  if (t) {
    let h = Number(t[1]);
    const word = t[5]?.toLowerCase().replace(/\.$/, '');
    // A word after the time is its AM/PM marker, or belongs to the date.
    const marker = word !== undefined && (c.am.has(word) || c.pm.has(word)) ? word : undefined;
    const consumed = marker === undefined && t[5] ? t[0].length - t[5].length : t[0].length;
    if (marker !== undefined && (h < 1 || h > 12)) return undefined;
    if (marker !== undefined) h = (h % 12) + (c.pm.has(marker) ? 12 : 0);
    const [m, sec] = [Number(t[2]), Number(t[3] ?? 0)];
    if (h > 23 || m > 59 || sec > 59) return undefined;
    const fraction = Math.round(Number(`0.${t[4] ?? '0'}`) * 1e7);
    ticks = ((h * 60 + m) * 60 + sec) * 1e7 + fraction;
    hasTime = true;
    s = (s.slice(0, t.index) + ' ' + s.slice(t.index + consumed)).replace(WHITE, '');
  }
  const date = s === '' ? today() : readDate(s, c);
  if (!date) return undefined;
  let m: Moment = { days: date, ticks, offset: 0 };
  if (offset !== undefined && type.name !== 'datetimeoffset') {
    // Converted to the server's time (UTC here).
    const utc = m.days * TICKS_PER_DAY + m.ticks - offset * 600_000_000;
    m = {
      days: Math.floor(utc / TICKS_PER_DAY),
      ticks: utc - Math.floor(utc / TICKS_PER_DAY) * TICKS_PER_DAY,
      offset: 0,
    };
  } else if (offset !== undefined) m = { ...m, offset };
  if (!hasTime && type.name === 'time') m = { ...m, ticks: 0 };
  const scale = type.scale ?? 7;
  const r = roundMoment(m, type.name, scale);
  try {
    checkRange(r, type.name, 'nvarchar');
  } catch {
    return undefined;
  }
  return formatMoment(r, type.name, scale);
}

function today(): number {
  const d = new Date();
  return daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Days of the date in `s` (numbers, month names, weekday names), undefined when it is not a date. */
function readDate(s: string, c: Culture): number | undefined {
  const tokens = s.match(/\d+|[\p{L}]+\.?/gu) ?? [];
  if (s.replace(/\d+|[\p{L}]+\.?|[\s/.,-]/gu, '') !== '') return undefined;
  const numbers: string[] = [];
  let month: number | undefined;
  for (const tok of tokens) {
    if (/^\d/.test(tok)) numbers.push(tok);
    else {
      const k = tok.toLowerCase().replace(/\.$/, '');
      if (c.words.has(k)) continue;
      const mo = c.months.get(k);
      if (mo === undefined || month !== undefined) return undefined;
      month = mo;
    }
  }
  let y: string | undefined;
  let mo: number | undefined = month;
  let d: string | undefined;
  if (month !== undefined) {
    if (numbers.length !== 2 && numbers.length !== 1) return undefined;
    const yearAt = numbers.findIndex((n) => n.length > 2 || Number(n) > 31);
    if (numbers.length === 1) [d, y] = [numbers[0], String(new Date().getUTCFullYear())];
    else if (yearAt === 0) [y, d] = numbers;
    else [d, y] = numbers;
  } else if (numbers.length === 3) {
    const order = numbers[0].length > 2 ? (['year', 'month', 'day'] as const) : c.order;
    const at = (p: 'day' | 'month' | 'year') => numbers[order.indexOf(p)];
    [y, mo, d] = [at('year'), Number(at('month')), at('day')];
  } else return undefined;
  let year = Number(y);
  if (y!.length <= 2) year += year <= 49 ? 2000 : 1900;
  const day = Number(d);
  if (mo! < 1 || mo! > 12 || day < 1 || year < 1 || year > 9999) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo! - 1];
  return day <= length ? daysFromCivil(year, mo!, day) : undefined;
}
