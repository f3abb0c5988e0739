// SQL Server's JSON functions on text -> jsonb path queries (PostgreSQL 12+): JSON_VALUE (a scalar as
// text, NULL for an object or array), JSON_QUERY (an object or array, NULL for a scalar), ISJSON.
// SQL Server's lax mode (a missing path is NULL) is a strict path query with errors silenced, so that
// an array is not unwrapped as PostgreSQL's lax mode would.

import type { FunctionCall } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';

const scalar = '@.type() != "object" && @.type() != "array"';
const composite = '@.type() == "object" || @.type() == "array"';

/** `jsonb_path_query_first(json, 'strict path ? (filter)', '{}', silent)` for a literal path, else undefined. */
function pathQuery(c: FunctionCall, json: PgExpression, filter: string): PgExpression | undefined {
  const path = c.args[1];
  if (path && path.kind !== 'StringLiteral') return undefined;
  const text = path?.kind === 'StringLiteral' ? path.value.trim() : '$';
  const strict = /^strict\s/i.test(text);
  const body = text.replace(/^(lax|strict)\s+/i, '');
  return pg.call(
    'jsonb_path_query_first',
    pg.cast(json, 'jsonb'),
    pg.cast(pg.string(`strict ${body} ? (${filter})`), 'jsonpath'),
    pg.string('{}'),
    pg.bool(!strict),
  );
}

/** JSON_VALUE(json, path): the scalar's text (a string unquoted), NULL for an object, array or JSON null. */
export function jsonValue(c: FunctionCall, [json]: PgExpression[]): PgExpression | undefined {
  const value = c.args.length === 2 ? pathQuery(c, json!, scalar) : undefined;
  // `#>> '{}'`: the value's text, a string unquoted (immutable, so a computed column may use it)
  return value && pg.binary('#>>', value, pg.string('{}'));
}

/** JSON_QUERY(json [, path]): the object or array as JSON text (jsonb's normalised form), NULL for a scalar. */
export function jsonQuery(c: FunctionCall, [json]: PgExpression[], g: Generator): PgExpression | undefined {
  const value = c.args.length <= 2 ? pathQuery(c, json!, composite) : undefined;
  return (
    value &&
    g.ctx.note(
      pg.cast(value, 'text'),
      'TSQL_JSON_TEXT',
      'low',
      c.pos,
      "JSON_QUERY's text is jsonb's: keys in jsonb's order, one space after ':' and ','",
      'compare JSON values as jsonb, not as text',
    )
  );
}

/** ISJSON(s): 1 for a JSON object or array, 0 otherwise, NULL for NULL (PostgreSQL 16+: pg_input_is_valid). */
export function isJson(c: FunctionCall, [s]: PgExpression[]): PgExpression | undefined {
  if (c.args.length !== 1) return undefined;
  const text = pg.cast(s!, 'text');
  const valid = pg.call('pg_input_is_valid', text, pg.string('jsonb'));
  const composite: PgExpression = {
    kind: 'InList',
    expr: pg.call('left', pg.call('ltrim', text), pg.number(1)),
    list: [pg.string('{'), pg.string('[')],
    not: false,
  };
  const isNull: PgExpression = { kind: 'IsNull', expr: s!, not: false };
  return pg.paren({
    kind: 'Case',
    whens: [
      { when: isNull, then: pg.null() },
      { when: pg.binary('AND', valid, composite), then: pg.number(1) },
    ],
    else: pg.number(0),
  });
}

/**
 * STRING_ESCAPE(s, 'json'): s as the inside of a JSON string - to_json's quoting without the quotes,
 * and `/` escaped as SQL Server does.
 */
export function stringEscape(c: FunctionCall, [s]: PgExpression[]): PgExpression | undefined {
  const type = c.args[1];
  if (c.args.length !== 2 || type?.kind !== 'StringLiteral' || type.value.toLowerCase() !== 'json')
    return undefined;
  const quoted = pg.cast(pg.call('to_json', pg.cast(s!, 'text')), 'text');
  const inside = pg.call(
    'substr',
    quoted,
    pg.number(2),
    pg.binary('-', pg.call('length', quoted), pg.number(2)),
  );
  return pg.call('replace', inside, pg.string('/'), pg.string('\\/'));
}
