// CAST / CONVERT / TRY_CAST / TRY_CONVERT: types through pgType, SQL Server's truncation of a fraction
// cast to an integer type, and CONVERT's date styles as to_char / to_timestamp formats.

import type { Cast, Convert, Expression } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowerExpression } from '../lower-expression.js';
import { Diagnostics, lowered, noted, type Lowered } from '../lowered.js';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { isDateTimeType } from '../data-types.js';
import { dateStyles } from './convert-style.js';
import { datetimeRounded, hasFractionOfSecond } from './date-functions.js';
import { floatText, isFloat } from './float-text.js';
import {
  isFractional,
  isInteger,
  isNamed,
  isText,
  printPgType,
  pgTypeNamed,
  rankOf,
  type PgType,
} from '../../pg/pg-type.js';

/**
 * SQL Server truncates a fractional value cast to an integer type; PostgreSQL rounds: trunc() first.
 * PostgreSQL casts a real to numeric through its 6 shortest digits (102074.3125 -> 102074); SQL
 * Server keeps the value: through double precision, which holds every real exactly. A float or real
 * cast to a string without a style (or style 0) is written as SQL Server writes it (float-text.ts).
 */
function castValue(expr: Expression, type: PgType, g: Generator, styled = false): Lowered<PgExpression> {
  const value = lowerExpression(expr, g);
  const from = g.typeOf(expr);
  if (isInteger(type) && isFractional(from)) return lowered(pg.call('trunc', value.node), value.diagnostics);
  if (!styled && isText(type) && isFloat(from)) return lowered(floatText(value.node), value.diagnostics);
  if (isNamed(type, 'numeric') && isNamed(from, 'real'))
    return lowered(pg.cast(value.node, pgTypeNamed('double precision')), value.diagnostics);
  return value;
}

/**
 * TRY_CAST / TRY_CONVERT (no style) of a string: the string cast when PostgreSQL's input function
 * for the type accepts it, else NULL (pg_input_is_valid, PostgreSQL 16+). The test is inside the cast
 * (CAST(CASE WHEN valid THEN s END AS t)) so that constant folding never casts an invalid literal.
 * A string target needs no test: an explicit cast truncates, as SQL Server does. Undefined for other
 * sources (a number out of range still raises: the caller's action item), and on a target older than
 * PostgreSQL 16.
 */
function tryFromText(e: Cast | Convert, type: PgType, g: Generator): Lowered<PgExpression> | undefined {
  if (!isText(g.typeOf(e.expr))) return undefined;
  if (e.kind === 'Convert' && e.style && !(e.style.kind === 'NumberLiteral' && Number(e.style.text) === 0))
    return undefined;
  if (!isText(type) && g.ctx.names.serverVersion < 16) return undefined;
  const { node: value, diagnostics } = lowerExpression(e.expr, g);
  if (isText(type)) return lowered(pg.cast(value, type), diagnostics);
  const valid = pg.call('pg_input_is_valid', value, pg.string(printPgType(type)));
  return lowered(pg.cast({ kind: 'Case', whens: [{ when: valid, then: value }] }, type), diagnostics);
}

/**
 * A string literal with a fraction of a second cast to datetime: on datetime's 1/300 s ticks, as SQL
 * Server reads it ('...00.004' is .003), where timestamp(3) would keep any millisecond.
 */
function onDatetimeTicks(e: Cast | Convert, cast: PgExpression): PgExpression {
  const datetime = e.type.name.toLowerCase() === 'datetime' && !e.type.schema;
  return datetime && hasFractionOfSecond(e.expr) ? datetimeRounded(cast) : cast;
}

export function lowerCast(e: Cast, g: Generator): Lowered<PgExpression> {
  const type = g.type(e.type, 'cast');
  const d = new Diagnostics();
  const cast = () => onDatetimeTicks(e, pg.cast(d.take(castValue(e.expr, type, g)), type));
  if (!e.try) return d.result(cast());
  const tried = tryFromText(e, type, g);
  if (tried) return tried;
  return d.result(
    d.note(
      cast,
      'TSQL_TRY_CAST',
      'medium',
      e.pos,
      'TRY_CAST returns NULL on failure; CAST raises an error',
      'validate the input first, or write a function that catches the error',
    ),
  );
}

/** CONVERT(type, value[, style]), the style applied where PostgreSQL has the same format. */
function convertWithStyle(
  e: Convert,
  type: PgType,
  value: PgExpression,
  g: Generator,
): Lowered<PgExpression> {
  if (!e.style) return lowered(pg.cast(value, type));
  const style = e.style.kind === 'NumberLiteral' ? Number(e.style.text) : NaN;
  const template = rankOf(g.typeOf(e.expr)) >= 0 ? undefined : dateStyles[style];
  if (template && isText(type)) return lowered(pg.cast(pg.call('to_char', value, pg.string(template)), type));
  if (template && isDateTimeType(e.type.name)) return lowered(fromStyledText(value, template, type));
  if (style === 0) return lowered(pg.cast(value, type));
  return noted(
    pg.cast(value, type),
    'TSQL_CONVERT_STYLE',
    'medium',
    e.pos,
    `CONVERT style ${e.style.kind === 'NumberLiteral' ? e.style.text : '(expression)'} has no PostgreSQL equivalent; the value is cast with the default format`,
    'use to_char/to_timestamp with the format you need',
  );
}

/**
 * Text read as a date/time in a style's format. SQL Server reads ISO 8601 text (`yyyy-mm-dd...`)
 * whatever the style: that is cast as it is (a literal by its text, else by its fifth character, the
 * `-` after the year, which no other style's text has there).
 */
function fromStyledText(value: PgExpression, template: string, type: PgType): PgExpression {
  const styled = pg.cast(pg.call('to_timestamp', value, pg.string(template)), type);
  if (template.startsWith('YYYY-')) return styled;
  const iso = /^\d{4}-/;
  if (value.kind === 'String') return iso.test(value.value) ? pg.cast(value, type) : styled;
  const isoText = pg.binary('=', pg.call('substr', value, pg.number(5), pg.number(1)), pg.string('-'));
  return pg.caseWhen(isoText, pg.cast(value, type), styled);
}

export function lowerConvert(e: Convert, g: Generator): Lowered<PgExpression> {
  const type = g.type(e.type, 'cast');
  const d = new Diagnostics();
  const styled = !!e.style && !(e.style.kind === 'NumberLiteral' && Number(e.style.text) === 0);
  const value = d.take(castValue(e.expr, type, g, styled));
  if (!e.try) return d.result(onDatetimeTicks(e, d.take(convertWithStyle(e, type, value, g))));
  const tried = tryFromText(e, type, g);
  if (tried) return d.result(d.take(tried));
  return d.result(
    d.note(
      () => d.take(convertWithStyle(e, type, value, g)),
      'TSQL_TRY_CONVERT',
      'medium',
      e.pos,
      'TRY_CONVERT returns NULL on failure; CAST raises an error',
      'validate the input first, or write a function that catches the error',
    ),
  );
}
