// DATEADD / DATEDIFF / DATEPART / DATENAME / YEAR / MONTH / DAY / EOMONTH with SQL Server's
// semantics: DATEDIFF counts boundaries crossed (not elapsed units); weeks start on Sunday.

import type { Expression } from '@ferry/tsql';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { pgTypeNamed } from '../../pg/pg-type.js';

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
    iso_week: ['iso_week', 'isowk', 'isoww'],
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

const integer = (e: PgExpression) => pg.cast(e, pgTypeNamed('integer'));
const asDate = (e: PgExpression) => pg.cast(e, pgTypeNamed('date'));

/** DATEADD(part, n, d): n whole units (SQL Server truncates a fractional n). */
export function dateAdd(part: string, n: PgExpression, d: PgExpression): PgExpression | undefined {
  const unit = intervalUnit[part];
  if (!unit) return undefined;
  const units: PgExpression = {
    kind: 'Cast',
    expr: pg.call('trunc', n),
    type: pgTypeNamed('integer'),
    shorthand: true,
  };
  return pg.paren(pg.binary('+', d, pg.binary('*', units, pg.interval(unit))));
}

/**
 * A timestamp rounded to SQL Server's datetime precision, 1/300 s ticks (half up) shown to the
 * millisecond (.000, .003, .007): what DATEADD(millisecond, n, d) of a datetime gives, which
 * timestamp(3) alone would keep at any millisecond (23:59:59.998 where SQL Server has .997).
 */
export function datetimeRounded(t: PgExpression): PgExpression {
  const second = pg.call('date_trunc', pg.string('second'), t);
  const micros = pg.extract('MICROSECONDS', pg.paren(pg.binary('-', t, second)));
  const ticks = pg.call(
    'floor',
    pg.binary('+', pg.binary('*', micros, pg.number('0.0003')), pg.number('0.5')),
  );
  const millis = pg.binary('/', pg.binary('*', ticks, pg.number(10)), pg.number('3.0'));
  return pg.cast(
    pg.binary('+', second, pg.binary('*', millis, pg.interval('1 millisecond'))),
    pgTypeNamed('timestamp', 3),
  );
}

/** A string literal with a fraction of a second (`'2024-07-01T10:00:00.004'`): read as a datetime, it is rounded. */
export function hasFractionOfSecond(e: Expression): boolean {
  return e.kind === 'StringLiteral' && /\d:\d\d?[.]\d/.test(e.value);
}

/** DATEDIFF(part, a, b): the number of `part` boundaries crossed from a to b. */
export function dateDiff(part: string, a: PgExpression, b: PgExpression): PgExpression | undefined {
  const difference = (field: string) => pg.binary('-', pg.extract(field, b), pg.extract(field, a));
  const years = pg.paren(difference('YEAR'));
  const epochOf = (unit: string, d: PgExpression) =>
    pg.extract('EPOCH', pg.call('date_trunc', pg.string(unit), d));
  const epochs = (unit: string) => pg.binary('-', epochOf(unit, b), epochOf(unit, a));
  const inUnits = (count: PgExpression, field: string) =>
    integer(
      pg.binary(
        '-',
        pg.binary('+', pg.binary('*', years, count), pg.extract(field, b)),
        pg.extract(field, a),
      ),
    );
  const weekStart = (d: PgExpression) => pg.paren(pg.binary('-', asDate(d), integer(pg.extract('DOW', d))));
  switch (part) {
    case 'year':
      return integer(years);
    case 'quarter':
      return inUnits(pg.number(4), 'QUARTER');
    case 'month':
      return inUnits(pg.number(12), 'MONTH');
    case 'day':
    case 'dayofyear':
      return pg.paren(pg.binary('-', asDate(b), asDate(a)));
    case 'week':
      return pg.binary('/', pg.paren(pg.binary('-', weekStart(b), weekStart(a))), pg.number(7));
    case 'hour':
      return integer(pg.binary('/', pg.paren(epochs('hour')), pg.number(3600)));
    case 'minute':
      return integer(pg.binary('/', pg.paren(epochs('minute')), pg.number(60)));
    case 'second':
      return integer(epochs('second'));
    case 'millisecond':
      return integer(pg.binary('*', pg.paren(epochs('milliseconds')), pg.number(1000)));
    default:
      return undefined;
  }
}

const simpleFields: Record<string, string> = {
  year: 'YEAR',
  quarter: 'QUARTER',
  month: 'MONTH',
  day: 'DAY',
  dayofyear: 'DOY',
  hour: 'HOUR',
  minute: 'MINUTE',
  iso_week: 'WEEK',
};

/** DATEPART(part, d) as an integer (weekday with SET DATEFIRST 7, the us_english default: Sunday = 1). */
export function datePartOf(part: string, d: PgExpression): PgExpression | undefined {
  const simple = simpleFields[part];
  if (simple) return integer(pg.extract(simple, d));
  switch (part) {
    case 'second':
      return integer(pg.call('floor', pg.extract('SECOND', d)));
    case 'millisecond':
      return pg.binary('%', integer(pg.call('floor', pg.extract('MILLISECONDS', d))), pg.number(1000));
    case 'weekday':
      return pg.binary('+', integer(pg.extract('DOW', d)), pg.number(1));
    case 'week': {
      const yearStart = pg.call('date_trunc', pg.string('year'), d);
      const days = pg.binary(
        '-',
        pg.binary('+', pg.extract('DOY', d), pg.extract('DOW', yearStart)),
        pg.number(1),
      );
      return pg.binary(
        '+',
        integer(pg.call('floor', pg.binary('/', pg.paren(days), pg.number(7)))),
        pg.number(1),
      );
    }
    default:
      return undefined;
  }
}

/** DATENAME(part, d): month and weekday names (us_english), other parts as the number's text. */
export function dateName(part: string, d: PgExpression): PgExpression | undefined {
  if (part === 'month') return pg.call('to_char', d, pg.string('FMMonth'));
  if (part === 'weekday') return pg.call('to_char', d, pg.string('FMDay'));
  const n = datePartOf(part, d);
  return n && pg.cast(n, pgTypeNamed('text'));
}
