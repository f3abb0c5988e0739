// SQL Server's JSON functions on text -> jsonb path queries (PostgreSQL 12+): JSON_VALUE (a scalar as
// text, NULL for an object or array), JSON_QUERY (an object or array, NULL for a scalar), ISJSON,
// JSON_MODIFY (jsonb_set_lax, PostgreSQL 13+: a NULL value deletes the property in lax mode).
// SQL Server's lax mode (a missing path is NULL) is a strict path query with errors silenced, so that
// an array is not unwrapped as PostgreSQL's lax mode would.

import type { Expression, FunctionCall } from '@ferry/tsql';
import type { Generator } from '../generator.js';
import type { PgExpression } from '../../pg/ast.js';
import { pg } from '../../pg/ast.js';
import { parseJsonPath, type JsonPath } from './json-path.js';
import { pgTypeNamed } from '../../pg/pg-type.js';
import type { Diagnostics } from '../lowered.js';

const scalar = '@.type() != "object" && @.type() != "array"';
const composite = '@.type() == "object" || @.type() == "array"';

/** `jsonb_path_query_first(json, 'strict path ? (filter)', '{}', silent)`: silent in lax mode. */
function jsonbPathQuery(json: PgExpression, path: JsonPath, filter: string): PgExpression {
  return pg.call(
    'jsonb_path_query_first',
    pg.cast(json, pgTypeNamed('jsonb')),
    pg.cast(pg.string(`strict ${path.body} ? (${filter})`), pgTypeNamed('jsonpath')),
    pg.string('{}'),
    pg.bool(!path.strict),
  );
}

/** The path of a call's second argument (`$` when absent), undefined when it is not a literal path. */
function callPath(c: FunctionCall): JsonPath | undefined {
  const literal = c.args[1];
  if (literal && literal.kind !== 'StringLiteral') return undefined;
  const path = parseJsonPath(literal?.value ?? '$');
  return path && !path.append ? path : undefined;
}

/**
 * The scalar at a path as text (a string unquoted), NULL for an object, array or JSON null, and (lax)
 * for a missing path: JSON_VALUE, and OPENJSON's WITH columns. `#>> '{}'` is immutable, so a computed
 * column may use it.
 */
export function jsonScalarText(json: PgExpression, path: JsonPath): PgExpression {
  return pg.binary('#>>', jsonbPathQuery(json, path, scalar), pg.string('{}'));
}

/** JSON_VALUE(json, path). */
export function jsonValue(c: FunctionCall, [json]: PgExpression[]): PgExpression | undefined {
  const path = c.args.length === 2 ? callPath(c) : undefined;
  return path && jsonScalarText(json!, path);
}

/** Functions whose result is JSON: FOR JSON and JSON_MODIFY take it as JSON, not as a string. */
const jsonResultFunctions = new Set(['json_query', 'json_modify', 'json_object', 'json_array']);

/** Whether a T-SQL expression gives JSON text that FOR JSON and JSON_MODIFY embed as JSON (a FOR JSON subquery, JSON_QUERY). */
export function producesJson(e: Expression): boolean {
  if (e.kind === 'Subquery') return e.query.for?.mode === 'JSON';
  return (
    e.kind === 'FunctionCall' && !e.name.schema && jsonResultFunctions.has(e.name.name.name.toLowerCase())
  );
}

const jsonText = (json: PgExpression, c: FunctionCall, d: Diagnostics, what: string) =>
  d.note(
    pg.cast(json, pgTypeNamed('text')),
    'TSQL_JSON_TEXT',
    'low',
    c.pos,
    `${what}'s text is jsonb's: keys in jsonb's order, one space after ':' and ','`,
    'compare JSON values as jsonb, not as text',
  );

/** A text[] literal of path steps: `{a,"b c",0}`. */
function textArray(steps: readonly string[]): PgExpression {
  const element = (s: string) => (/^[\p{L}\p{N}_$-]+$/u.test(s) ? s : `"${s.replace(/["\\]/g, '\\$&')}"`);
  return pg.string(`{${steps.map(element).join(',')}}`);
}

/**
 * JSON_MODIFY(json, path, value): the property set (created when missing in lax mode), deleted by a NULL
 * in lax mode, set to null in strict mode; `append $.list` adds to the end of an array. A string value
 * becomes a JSON string; JSON_QUERY or a FOR JSON subquery is set as JSON.
 */
export function jsonModify(
  c: FunctionCall,
  [json, , value]: PgExpression[],
  _g: Generator,
  d: Diagnostics,
): PgExpression | undefined {
  const literal = c.args[1];
  const path = literal?.kind === 'StringLiteral' ? parseJsonPath(literal.value) : undefined;
  const arg = c.args[2];
  if (!path || !arg || (!path.steps.length && !path.append)) return undefined;
  const doc = pg.cast(json!, pgTypeNamed('jsonb'));
  const newValue = producesJson(arg)
    ? pg.cast(value!, pgTypeNamed('jsonb'))
    : arg.kind === 'NullLiteral'
      ? pg.cast(pg.null(), pgTypeNamed('jsonb'))
      : pg.call('to_jsonb', arg.kind === 'StringLiteral' ? pg.cast(value!, pgTypeNamed('text')) : value!);
  const modified = path.append
    ? pg.call('jsonb_insert', doc, textArray([...path.steps, '-1']), newValue, pg.bool(true))
    : path.strict
      ? pg.call(
          'jsonb_set',
          doc,
          textArray(path.steps),
          pg.call('coalesce', newValue, pg.cast(pg.string('null'), pgTypeNamed('jsonb'))),
          pg.bool(false),
        )
      : pg.call(
          'jsonb_set_lax',
          doc,
          textArray(path.steps),
          newValue,
          pg.bool(true),
          pg.string('delete_key'),
        );
  return jsonText(modified, c, d, 'JSON_MODIFY');
}

/**
 * JSON_QUERY(json [, path]): the object or array at the path as JSON text, NULL for a scalar or (lax) a
 * missing path. Lax: through json, so the fragment's text is the document's, as SQL Server returns it;
 * strict (raises when missing): a jsonb path query, jsonb's text.
 */
export function jsonQuery(
  c: FunctionCall,
  [json]: PgExpression[],
  _g: Generator,
  d: Diagnostics,
): PgExpression | undefined {
  const path = callPath(c);
  if (c.args.length > 2 || !path) return undefined;
  if (path.strict) return jsonText(jsonbPathQuery(json!, path, composite), c, d, 'JSON_QUERY');
  const document = pg.cast(json!, pgTypeNamed('json'));
  const fragment = path.steps.length
    ? pg.call('json_extract_path', document, ...path.steps.map((s) => pg.string(s)))
    : document;
  const isComposite: PgExpression = {
    kind: 'InList',
    expr: pg.call('json_typeof', fragment),
    list: [pg.string('object'), pg.string('array')],
    not: false,
  };
  return { kind: 'Case', whens: [{ when: isComposite, then: pg.cast(fragment, pgTypeNamed('text')) }] };
}

/**
 * ISJSON(s): 1 for a JSON object or array, 0 otherwise, NULL for NULL (PostgreSQL 16+:
 * pg_input_is_valid). An older target has no test that does not raise: the first character decides,
 * with an action item.
 */
export function isJson(
  c: FunctionCall,
  [s]: PgExpression[],
  g: Generator,
  d: Diagnostics,
): PgExpression | undefined {
  if (c.args.length !== 1) return undefined;
  const text = pg.cast(s!, pgTypeNamed('text'));
  const composite: PgExpression = {
    kind: 'InList',
    expr: pg.call('left', pg.call('ltrim', text), pg.number(1)),
    list: [pg.string('{'), pg.string('[')],
    not: false,
  };
  const isNull: PgExpression = { kind: 'IsNull', expr: s!, not: false };
  const modern = g.ctx.names.serverVersion >= 16;
  const valid = modern
    ? pg.binary('AND', pg.call('pg_input_is_valid', text, pg.string('jsonb')), composite)
    : composite;
  const test = pg.paren({
    kind: 'Case',
    whens: [
      { when: isNull, then: pg.null() },
      { when: valid, then: pg.number(1) },
    ],
    else: pg.number(0),
  });
  return modern
    ? test
    : d.note(
        test,
        'TSQL_ISJSON',
        'medium',
        c.pos,
        `ISJSON only looks at the first character on PostgreSQL ${g.ctx.names.serverVersion} (pg_input_is_valid needs 16): ill-formed JSON starting with { or [ gives 1`,
        'validate the JSON in a PL/pgSQL function that catches the cast error, or target PostgreSQL 16+',
      );
}

/**
 * STRING_ESCAPE(s, 'json'): s as the inside of a JSON string - to_json's quoting without the quotes,
 * and `/` escaped as SQL Server does.
 */
export function stringEscape(c: FunctionCall, [s]: PgExpression[]): PgExpression | undefined {
  const type = c.args[1];
  if (c.args.length !== 2 || type?.kind !== 'StringLiteral' || type.value.toLowerCase() !== 'json')
    return undefined;
  const quoted = pg.cast(pg.call('to_json', pg.cast(s!, pgTypeNamed('text'))), pgTypeNamed('text'));
  const inside = pg.call(
    'substr',
    quoted,
    pg.number(2),
    pg.binary('-', pg.call('length', quoted), pg.number(2)),
  );
  return pg.call('replace', inside, pg.string('/'), pg.string('\\/'));
}
