// Date/time values: parsing string literals as SQL Server does (DATEFORMAT, ISO 8601, yyyymmdd),
// rounding to each type's precision (datetime to 1/300 s, smalldatetime to the minute) and formatting.

import { SqlError } from '../errors.js';

/** A point in time: days since 0001-01-01, 100 ns ticks since midnight, offset in minutes. */
export interface Moment {
  days: number;
  ticks: number;
  offset: number;
}

export const TICKS_PER_DAY = 864_000_000_000;
export type DateFormat = 'mdy' | 'dmy' | 'ymd' | 'ydm' | 'myd' | 'dym';

function rawDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe;
}
const EPOCH = rawDays(1, 1, 1);

/** Days since 0001-01-01 in the proleptic Gregorian calendar. */
export function daysFromCivil(y: number, m: number, d: number): number {
  return rawDays(y, m, d) - EPOCH;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + EPOCH;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const daysInMonth = (y: number, m: number) =>
  [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const convFail = () =>
  new SqlError(241, 'Conversion failed when converting date and/or time from character string.', 16);

function validDate(y: number, m: number, d: number): number {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw convFail();
  return daysFromCivil(y, m, d);
}

/** Two-digit years: 0-49 -> 20xx, 50-99 -> 19xx (two digit year cutoff 2049). */
const fullYear = (y: string) => (y.length <= 2 ? (Number(y) < 50 ? 2000 : 1900) + Number(y) : Number(y));

function parseTime(text: string, legacy = true): { ticks: number; offset: number | null } {
  const m =
    /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:([.:])(\d{1,7}))?)?\s*(am|pm)?\s*(z|[+-]\d{1,2}:\d{2})?$/i.exec(
      text.trim(),
    );
  if (!m) throw convFail();
  let h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (m[6]) {
    if (h > 12) throw convFail();
    if (m[6].toLowerCase() === 'pm' && h < 12) h += 12;
    if (m[6].toLowerCase() === 'am' && h === 12) h = 0;
  }
  if (h > 23 || mi > 59 || s > 59) throw convFail();
  // `.123` is a decimal fraction; `:123` (legacy datetime form) counts milliseconds.
  if (m[4] === ':' && (m[5].length > 3 || !legacy)) throw convFail();
  const frac = m[5] ? (m[4] === ':' ? Number(m[5]) * 10_000 : Number(m[5].padEnd(7, '0'))) : 0;
  let offset: number | null = null;
  if (m[7]) {
    if (m[7].toLowerCase() === 'z') offset = 0;
    else {
      const [oh, om] = m[7].slice(1).split(':').map(Number);
      offset = (m[7][0] === '-' ? -1 : 1) * (oh * 60 + om);
    }
  }
  return { ticks: ((h * 60 + mi) * 60 + s) * 10_000_000 + frac, offset };
}

/** Parses a character string into a Moment; `target` decides how ambiguous forms are read. */
export function parseMoment(input: string, dateformat: DateFormat, target: string): Moment {
  const text = input.trim();
  if (text === '') return { days: daysFromCivil(1900, 1, 1), ticks: 0, offset: 0 };
  let datePart = text;
  let timePart = '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(.*)$/i.exec(text);
  if (iso) {
    datePart = `${iso[1]}-${iso[2]}-${iso[3]}`;
    timePart = iso[4];
  } else {
    const sp = /^(\S+(?:\s+\S+\s+\d{4})?)\s+(.*)$/.exec(text);
    if (sp && /\d:\d/.test(sp[2])) {
      datePart = sp[1];
      timePart = sp[2];
    } else if (/^\d{1,2}:\d/.test(text)) {
      datePart = '';
      timePart = text;
    }
  }
  let days = daysFromCivil(1900, 1, 1);
  if (datePart) days = parseDate(datePart, dateformat, target);
  let ticks = 0;
  let offset = 0;
  if (timePart) {
    const t = parseTime(timePart, target === 'datetime' || target === 'smalldatetime');
    ticks = t.ticks;
    if (t.offset !== null) offset = t.offset;
  }
  return { days, ticks, offset };
}

function parseDate(text: string, dateformat: DateFormat, target: string): number {
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return validDate(+m[1], +m[2], +m[3]);
  m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (m) {
    // For datetime/smalldatetime the order of month and day follows DATEFORMAT (ydm under dmy).
    const legacy = target === 'datetime' || target === 'smalldatetime';
    const dayFirst = legacy && dateformat.indexOf('d') < dateformat.indexOf('m');
    return dayFirst ? validDate(+m[1], +m[4], +m[3]) : validDate(+m[1], +m[3], +m[4]);
  }
  m = /^(\d{1,4})([-/.])(\d{1,4})\2(\d{1,4})$/.exec(text);
  if (m) {
    const parts = [m[1], m[3], m[4]];
    const order = dateformat.split('');
    const get = (c: string) => parts[order.indexOf(c)];
    return validDate(fullYear(get('y')), +get('m'), +get('d'));
  }
  return alphabeticDate(text);
}

/**
 * SQL Server's alphabetical date formats: the month by name or abbreviation anywhere ("Jul 4 1996",
 * "4 Jul 1996", "July 4, 1996", "1996 APRIL 15", "2013-January-01"), commas optional, the day 1
 * when absent ("April 1996"). A four-digit number is the year; otherwise the day comes first.
 */
function alphabeticDate(text: string): number {
  const parts = text.split(/[\s,/.-]+/).filter(Boolean);
  const names = parts.filter((p) => /^[a-z]+$/i.test(p));
  const numbers = parts.filter((p) => /^\d{1,4}$/.test(p));
  if (names.length !== 1 || numbers.length + 1 !== parts.length || numbers.length < 1 || numbers.length > 2)
    throw convFail();
  const month = monthOf(names[0]!);
  const yearAt = numbers.findIndex((n) => n.length === 4);
  if (numbers.length === 1) {
    if (yearAt !== 0) throw convFail();
    return validDate(+numbers[0]!, month, 1);
  }
  const [day, year] = yearAt === 0 ? [numbers[1]!, numbers[0]!] : [numbers[0]!, numbers[1]!];
  if (day.length > 2) throw convFail();
  return validDate(fullYear(year), month, +day);
}

/** The month of an English month name or its three-letter abbreviation (us_english). */
function monthOf(name: string): number {
  const lower = name.toLowerCase();
  const i = MONTHS.indexOf(lower.slice(0, 3));
  if (i < 0 || (lower.length > 3 && FULL_MONTHS[i] !== lower)) throw convFail();
  return i + 1;
}

function carry(m: Moment): Moment {
  if (m.ticks >= TICKS_PER_DAY) return { ...m, days: m.days + 1, ticks: m.ticks - TICKS_PER_DAY };
  return m;
}

/** Rounds a moment to the precision of `type` (scale = fractional digits for datetime2/time/datetimeoffset). */
export function roundMoment(m: Moment, type: string, scale = 7): Moment {
  switch (type) {
    case 'date':
      return { days: m.days, ticks: 0, offset: 0 };
    case 'datetime': {
      // 1/300 s ticks: 100ns -> round(ticks * 300 / 1e7), half up.
      const t300 = Math.floor((m.ticks * 3) / 100_000 + 0.5);
      const r = carry({ days: m.days, ticks: Math.round((t300 * 1e7) / 300), offset: 0 });
      return r;
    }
    case 'smalldatetime': {
      // Through datetime precision first: 29.998 s rounds down, 29.999 s (-> 30.000) up.
      const dt = roundMoment(m, 'datetime');
      const min = Math.floor(dt.ticks / 600_000_000 + 0.5);
      return carry({ days: dt.days, ticks: min * 600_000_000, offset: 0 });
    }
    default: {
      const unit = 10 ** (7 - scale);
      const t = Math.floor(m.ticks / unit + 0.5) * unit;
      const r = carry({ ...m, ticks: t });
      return type === 'time' ? { days: 0, ticks: r.ticks % TICKS_PER_DAY, offset: 0 } : r;
    }
  }
}

export function checkRange(m: Moment, type: string, from: string): void {
  const [y] = civilFromDays(m.days);
  const bad =
    (type === 'datetime' && y < 1753) ||
    (type === 'smalldatetime' && (y < 1900 || m.days > daysFromCivil(2079, 6, 6)));
  if (bad || y > 9999)
    throw new SqlError(
      242,
      `The conversion of a ${from} data type to a ${type} data type resulted in an out-of-range value.`,
      16,
    );
}

const p2 = (n: number) => String(n).padStart(2, '0');

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
}

/** `HH:MM:SS[.f{digits}]` */
export function formatTime(ticks: number, digits: number): string {
  const totalSec = Math.floor(ticks / 10_000_000);
  const frac = ticks % 10_000_000;
  const base = `${p2(Math.floor(totalSec / 3600))}:${p2(Math.floor(totalSec / 60) % 60)}:${p2(totalSec % 60)}`;
  return digits > 0 ? `${base}.${String(frac).padStart(7, '0').slice(0, digits)}` : base;
}

export function formatOffset(offset: number): string {
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** Canonical text of a moment stored in `type` (Ferry's canonical temporal forms). */
export function formatMoment(m: Moment, type: string, scale = 7): string {
  switch (type) {
    case 'date':
      return formatDate(m.days);
    case 'time':
      return formatTime(m.ticks, scale);
    case 'datetime': {
      // 1/300 s ticks display rounded to the millisecond: .000, .003, .007.
      const ms = Math.round(m.ticks / 10_000);
      return `${formatDate(m.days)} ${formatTime(ms * 10_000, 3)}`;
    }
    case 'smalldatetime':
      return `${formatDate(m.days)} ${formatTime(m.ticks, 0)}`;
    case 'datetimeoffset':
      return `${formatDate(m.days)} ${formatTime(m.ticks, scale)}${formatOffset(m.offset)}`;
    default:
      return `${formatDate(m.days)} ${formatTime(m.ticks, scale)}`;
  }
}

/** Reads back a canonical temporal string (as produced by formatMoment). */
export function momentOf(value: string, type: string): Moment {
  if (type === 'time') return { days: 0, ticks: parseTime(value).ticks, offset: 0 };
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}:\d{2}(?:\.\d+)?))?([+-]\d{2}:\d{2})?$/.exec(value);
  if (!m) throw convFail();
  const t = m[4] ? parseTime(m[4]) : { ticks: 0 };
  let offset = 0;
  if (m[5]) offset = (m[5][0] === '-' ? -1 : 1) * (Number(m[5].slice(1, 3)) * 60 + Number(m[5].slice(4, 6)));
  const r = { days: daysFromCivil(+m[1], +m[2], +m[3]), ticks: t.ticks, offset };
  return type === 'datetime' ? roundMoment(r, 'datetime') : r;
}

export function monthName(m: number): string {
  const n = MONTHS[m - 1];
  return n[0].toUpperCase() + n.slice(1);
}

/** The current time as a Moment (local clock, no offset). */
export function nowMoment(): Moment {
  const d = new Date();
  const days = daysFromCivil(d.getFullYear(), d.getMonth() + 1, d.getDate());
  const ticks =
    (((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds()) * 10_000;
  return { days, ticks, offset: -d.getTimezoneOffset() };
}
