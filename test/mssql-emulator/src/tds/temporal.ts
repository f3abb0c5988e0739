// Canonical temporal strings <-> the integers TDS carries: days since 0001-01-01 or 1900-01-01,
// 100 ns ticks since midnight, offsets in minutes. Exact integer arithmetic, no Date objects.

export const TICKS_PER_DAY = 864_000_000_000;
/** Days from 0001-01-01 to 1900-01-01. */
export const DAYS_TO_1900 = 693_595;

/** Days since 0001-01-01 (proleptic Gregorian) for a civil date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 306; // 0001-01-01 is day 0
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 306;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)$/;
const DATETIMEOFFSET =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?) ?(?:([+-])(\d{2}):(\d{2})|Z)$/;

export function parseDate(text: string): number {
  const m = DATE.exec(text);
  if (!m) throw new Error(`'${text}' is not a date (YYYY-MM-DD)`);
  return checkedDays(Number(m[1]), Number(m[2]), Number(m[3]), text);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkedDays(y: number, mo: number, d: number, text: string): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]))
    throw new Error(`'${text}' is not a valid date`);
  return daysFromCivil(y, mo, d);
}

/** Digits of text[from, to) as a number, or -1 when any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Fast path for the canonical `YYYY-MM-DD HH:MM:SS[.f...]` form; null when the text is not in it. */
function parseCanonicalDateTime(text: string, end: number): { days: number; ticks: number } | null {
  if (
    end < 19 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  )
    return null;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const s = digits(text, 17, 19);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  let fraction = 0;
  if (end > 19) {
    if (text.charCodeAt(19) !== 46 || end - 20 > 7 || end === 20) return null;
    fraction = digits(text, 20, end);
    if (fraction < 0) return null;
    fraction *= 10 ** (7 - (end - 20));
  }
  return { days: checkedDays(y, mo, d, text), ticks: ((h * 60 + mi) * 60 + s) * 10_000_000 + fraction };
}

/** 100 ns ticks since midnight. */
export function parseTime(text: string): number {
  const m = TIME.exec(text);
  if (!m) throw new Error(`'${text}' is not a time (HH:MM:SS.fffffff)`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) throw new Error(`'${text}' is not a valid time`);
  const fraction = Number((m[4] ?? '').padEnd(7, '0'));
  return ((h * 60 + mi) * 60 + s) * 10_000_000 + fraction;
}

export function parseDateTime(text: string): { days: number; ticks: number } {
  const fast = parseCanonicalDateTime(text, text.length);
  if (fast) return fast;
  const m = DATETIME.exec(text);
  if (!m) throw new Error(`'${text}' is not a datetime (YYYY-MM-DD HH:MM:SS.fffffff)`);
  return { days: parseDate(m[1]), ticks: parseTime(m[2]) };
}

export function parseDateTimeOffset(text: string): { days: number; ticks: number; offsetMinutes: number } {
  const m = DATETIMEOFFSET.exec(text);
  if (!m) throw new Error(`'${text}' is not a datetimeoffset (YYYY-MM-DD HH:MM:SS.fffffff+HH:MM)`);
  const offsetMinutes = m[3] ? (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5])) : 0;
  if (Math.abs(offsetMinutes) > 14 * 60) throw new Error(`'${text}': offset is outside -14:00..+14:00`);
  return { days: parseDate(m[1]), ticks: parseTime(m[2]), offsetMinutes };
}

/** Ticks rounded to `scale` fractional digits, as SQL Server rounds on conversion; returns units of 10^-scale s. */
export function ticksToScale(ticks: number, scale: number): number {
  const unit = 10 ** (7 - scale);
  return Math.round(ticks / unit);
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** HH:MM:SS[.f{scale}] from units of 10^-scale seconds. */
export function formatTime(units: number, scale: number): string {
  const perSecond = 10 ** scale;
  const seconds = Math.floor(units / perSecond);
  const fraction = units - seconds * perSecond;
  const base = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return scale > 0 ? `${base}.${pad(fraction, scale)}` : base;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
}
