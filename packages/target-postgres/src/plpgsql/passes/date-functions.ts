// DATEADD / DATEDIFF / DATEPART / DATENAME / YEAR / MONTH / DAY / EOMONTH with SQL Server's
// semantics: DATEDIFF counts boundaries crossed (not elapsed units); weeks start on Sunday.

import type { Expression } from '@ferry/tsql';

/** The canonical date part of a T-SQL date-part argument (`yy`, `month`, `dw`...). */
export function datePart(e: Expression): string | undefined {
  const word =
    e.kind === 'ColumnRef' && !e.table
      ? e.column.name.toLowerCase()
      : e.kind === 'StringLiteral'
        ? e.value.toLowerCase()
        : undefined;
  if (!word) return undefined;
  const parts: Record<string, string[]> = {
    year: ['year', 'yy', 'yyyy'],
    quarter: ['quarter', 'qq', 'q'],
    month: ['month', 'mm', 'm'],
    dayofyear: ['dayofyear', 'dy', 'y'],
    day: ['day', 'dd', 'd'],
    week: ['week', 'wk', 'ww'],
    weekday: ['weekday', 'dw', 'w'],
    hour: ['hour', 'hh'],
    minute: ['minute', 'mi', 'n'],
    second: ['second', 'ss', 's'],
    millisecond: ['millisecond', 'ms'],
    microsecond: ['microsecond', 'mcs'],
    nanosecond: ['nanosecond', 'ns'],
  };
  for (const [part, names] of Object.entries(parts)) if (names.includes(word)) return part;
  return undefined;
}

const intervalUnit: Record<string, string> = {
  year: '1 year',
  quarter: '3 months',
  month: '1 month',
  dayofyear: '1 day',
  day: '1 day',
  weekday: '1 day',
  week: '7 days',
  hour: '1 hour',
  minute: '1 minute',
  second: '1 second',
  millisecond: '1 millisecond',
  microsecond: '1 microsecond',
};

/** DATEADD(part, n, d): n whole units (SQL Server truncates a fractional n). */
export function dateAdd(part: string, n: string, d: string): string | undefined {
  const unit = intervalUnit[part];
  return unit && `(${d} + trunc(${n})::integer * INTERVAL '${unit}')`;
}

const field = (f: string, d: string) => `EXTRACT(${f} FROM ${d})`;

/** DATEDIFF(part, a, b): the number of `part` boundaries crossed from a to b. */
export function dateDiff(part: string, a: string, b: string): string | undefined {
  const years = `(${field('YEAR', b)} - ${field('YEAR', a)})`;
  const epochOf = (unit: string, d: string) => `EXTRACT(EPOCH FROM date_trunc('${unit}', ${d}))`;
  switch (part) {
    case 'year':
      return `CAST(${years} AS integer)`;
    case 'quarter':
      return `CAST(${years} * 4 + ${field('QUARTER', b)} - ${field('QUARTER', a)} AS integer)`;
    case 'month':
      return `CAST(${years} * 12 + ${field('MONTH', b)} - ${field('MONTH', a)} AS integer)`;
    case 'day':
    case 'dayofyear':
      return `(CAST(${b} AS date) - CAST(${a} AS date))`;
    case 'week':
      return `((CAST(${b} AS date) - CAST(${field('DOW', b)} AS integer)) - (CAST(${a} AS date) - CAST(${field('DOW', a)} AS integer))) / 7`;
    case 'hour':
      return `CAST((${epochOf('hour', b)} - ${epochOf('hour', a)}) / 3600 AS integer)`;
    case 'minute':
      return `CAST((${epochOf('minute', b)} - ${epochOf('minute', a)}) / 60 AS integer)`;
    case 'second':
      return `CAST(${epochOf('second', b)} - ${epochOf('second', a)} AS integer)`;
    case 'millisecond':
      return `CAST((${epochOf('milliseconds', b)} - ${epochOf('milliseconds', a)}) * 1000 AS integer)`;
    default:
      return undefined;
  }
}

/** DATEPART(part, d) as an integer (weekday with SET DATEFIRST 7, the us_english default: Sunday = 1). */
export function datePartOf(part: string, d: string): string | undefined {
  const simple: Record<string, string> = {
    year: 'YEAR',
    quarter: 'QUARTER',
    month: 'MONTH',
    day: 'DAY',
    dayofyear: 'DOY',
    hour: 'HOUR',
    minute: 'MINUTE',
  };
  if (simple[part]) return `CAST(${field(simple[part]!, d)} AS integer)`;
  switch (part) {
    case 'second':
      return `CAST(floor(${field('SECOND', d)}) AS integer)`;
    case 'millisecond':
      return `CAST(floor(${field('MILLISECONDS', d)}) AS integer) % 1000`;
    case 'weekday':
      return `CAST(${field('DOW', d)} AS integer) + 1`;
    case 'week':
      return `CAST(floor((${field('DOY', d)} + ${field('DOW', `date_trunc('year', ${d})`)} - 1) / 7) AS integer) + 1`;
    default:
      return undefined;
  }
}

/** DATENAME(part, d): month and weekday names (us_english), other parts as the number's text. */
export function dateName(part: string, d: string): string | undefined {
  if (part === 'month') return `to_char(${d}, 'FMMonth')`;
  if (part === 'weekday') return `to_char(${d}, 'FMDay')`;
  const n = datePartOf(part, d);
  return n && `CAST(${n} AS text)`;
}
