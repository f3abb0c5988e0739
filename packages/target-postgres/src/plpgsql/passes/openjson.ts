// OPENJSON(json [, path]) in FROM / APPLY -> a derived table over json functions (json, not jsonb: the
// rows come in the document's order and fragments keep their text).
// - The default schema: key, value (a string unquoted, an object or array as its JSON text, NULL for
//   null) and type (SQL Server's codes: 0 null, 1 string, 2 number, 3 true/false, 4 array, 5 object),
//   one row per property of an object (json_each) or element of an array (its index as the key).
// - WITH (name type ['path'] [AS JSON], ...): one row per element of an array, or the object itself;
//   each column the scalar at its path ('$.name' by default) as JSON_VALUE reads it (NULL for an object
//   or array; a strict path raises when the property is missing) cast to its type, AS JSON the
//   fragment's text.
// A path that is not a literal SQL Server accepts leaves the call as it was, with its action item.
// The document (after the path) is computed once, in a one-row derived table `document (value)` that the
// rows are read from laterally: the argument expression is written, and evaluated, once.

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowerExpression } from '../lower-expression.js';
import { lowered, type Lowered } from '../lowered.js';
import { pg, type PgExpression, type PgFromItem, type PgSelect } from '../../pg/ast.js';
import { parseJsonPath, type JsonPath } from './json-path.js';
import { pgTypeNamed, type PgType } from '../../pg/pg-type.js';
import type { TargetColumn, TargetRelation } from '../name-resolver.js';
import { jsonScalarText } from './json-functions.js';

/** The document as the rows read it: the column of the one-row derived table that computes it. */
const root = pg.name('document', 'value');

/** `CASE json_typeof(root) WHEN kind THEN value END`: the document when it is of that kind, else NULL. */
function when(kind: string, value: PgExpression = root): PgExpression {
  return {
    kind: 'Case',
    operand: pg.call('json_typeof', root),
    whens: [{ when: pg.string(kind), then: value }],
  };
}

/** SQL Server's `type` column of OPENJSON: a code per JSON type. */
function typeCode(value: PgExpression): PgExpression {
  const codes = ['null', 'string', 'number', 'boolean', 'array'] as const;
  return {
    kind: 'Case',
    operand: pg.call('json_typeof', value),
    whens: codes.map((t, i) => ({ when: pg.string(t), then: pg.number(i) })),
    else: pg.number(5),
  };
}

/** `(SELECT document AS value) AS document CROSS JOIN LATERAL rows`: the document computed once. */
function fromDocument(document: PgExpression, rows: PgFromItem): PgFromItem {
  const once = pg.select({ ...pg.selectCore([], []), columns: [{ expr: document, alias: 'value' }] });
  const left: PgFromItem = { kind: 'SubqueryFrom', query: once, alias: 'document' };
  return { kind: 'Join', type: 'CROSS', lateral: true, left, right: rows, notes: [] };
}

/** The default schema's rows: properties of an object, then (for an array) its elements by index. */
function defaultSchema(document: PgExpression): PgSelect {
  const properties = pg.selectCore(
    [pg.name('key'), pg.name('value')],
    [{ kind: 'FunctionFrom', call: pg.call('json_each', when('object')), notes: [] }],
  );
  const index = pg.cast(pg.name('i'), pgTypeNamed('text'));
  const last = pg.binary('-', pg.call('json_array_length', when('array')), pg.number(1));
  const elements = {
    ...pg.selectCore(
      [index, pg.call('json_extract_path', root, index)],
      [{ kind: 'FunctionFrom', call: pg.call('generate_series', pg.number(0), last), alias: 'i', notes: [] }],
    ),
  };
  const value = pg.name('e', 'value');
  return pg.select({
    ...pg.selectCore(
      [],
      [
        fromDocument(document, {
          kind: 'SubqueryFrom',
          query: pg.select({ kind: 'SetOperation', op: 'UNION ALL', left: properties, right: elements }),
          alias: 'e',
        }),
      ],
    ),
    columns: [
      { expr: pg.name('e', 'key') },
      { expr: pg.binary('#>>', value, pg.string('{}')), alias: 'value' },
      { expr: typeCode(value), alias: 'type' },
    ],
  });
}

/**
 * A WITH column's value in the row `v.value`: AS JSON the fragment's text, else the scalar as JSON_VALUE
 * reads it, cast to the column's type; undefined when its path is not one SQL Server accepts.
 */
function schemaColumn(c: S.OpenJsonColumn, g: Generator): PgExpression | undefined {
  const path = parseJsonPath(c.path ?? `$.${JSON.stringify(c.name.name)}`);
  if (!path || path.append) return undefined;
  const row = pg.name('v', 'value');
  if (!c.asJson) return pg.cast(jsonScalarText(row, path), g.type(c.dataType, 'cast'));
  const steps = path.steps.map((s) => pg.string(s));
  return pg.cast(steps.length ? pg.call('json_extract_path', row, ...steps) : row, pgTypeNamed('text'));
}

/** The explicit schema's rows: one per element of an array, or the object. */
function explicitSchema(
  document: PgExpression,
  columns: readonly S.OpenJsonColumn[],
  g: Generator,
): PgSelect | undefined {
  const values = columns.map((c) => schemaColumn(c, g));
  if (!values.every((v) => v !== undefined)) return undefined;
  const rows: PgExpression = {
    kind: 'Case',
    operand: pg.call('json_typeof', root),
    whens: [
      { when: pg.string('array'), then: root },
      { when: pg.string('object'), then: pg.call('json_build_array', root) },
    ],
  };
  return pg.select({
    ...pg.selectCore(
      [],
      [
        fromDocument(document, {
          kind: 'FunctionFrom',
          call: pg.call('json_array_elements', rows),
          alias: 'v',
          columns: ['value'],
          notes: [],
        }),
      ],
    ),
    columns: values.map((expr, i) => ({ expr, alias: g.ctx.names.name(columns[i]!.name.name) })),
  });
}

/** The document and the path of an OPENJSON call this pass converts; undefined for any other. */
function openJsonArguments(t: S.TableFunctionRef): { json: S.Expression; path?: JsonPath } | undefined {
  const { call } = t;
  if (call.name.schema || call.name.name.name.toLowerCase() !== 'openjson') return undefined;
  const [json, pathArg] = call.args;
  if (!json || call.args.length > 2) return undefined;
  const path = pathArg?.kind === 'StringLiteral' ? parseJsonPath(pathArg.value) : undefined;
  if (pathArg && (!path || path.append || path.strict)) return undefined;
  return { json, ...(path && { path }) };
}

/**
 * A converted OPENJSON as a relation in scope: the default schema's key and value (text) and type
 * (integer), or the WITH schema's columns with their types (AS JSON: text).
 */
export function openJsonRelation(t: S.TableFunctionRef, g: Generator): TargetRelation | undefined {
  if (!openJsonArguments(t)) return undefined;
  const text = pgTypeNamed('text');
  const declared: [string, PgType][] = t.withSchema
    ? t.withSchema.map((c) => [c.name.name, c.asJson ? text : g.type(c.dataType, 'cast')])
    : [
        ['key', text],
        ['value', text],
        ['type', pgTypeNamed('integer')],
      ];
  const columns = new Map<string, TargetColumn>(
    declared.map(([name, type], i) => {
      const source = t.columns?.[i]?.name ?? name;
      return [source.toLowerCase(), { name: g.ctx.names.name(source), type }];
    }),
  );
  return {
    schema: '',
    name: g.ctx.names.name(t.alias?.name ?? 'openjson'),
    column: (sourceName) => columns.get(sourceName.toLowerCase()),
  };
}

/** OPENJSON as a derived table, or undefined for any other table function or an OPENJSON not converted. */
export function openJsonFrom(t: S.TableFunctionRef, g: Generator): Lowered<PgFromItem> | undefined {
  const args = openJsonArguments(t);
  if (!args) return undefined;
  const { json, path } = args;
  const value = lowerExpression(json, g);
  const document = pg.cast(value.node, pgTypeNamed('json'));
  const atPath = path?.steps.length
    ? pg.call('json_extract_path', document, ...path.steps.map((s) => pg.string(s)))
    : document;
  const query = t.withSchema ? explicitSchema(atPath, t.withSchema, g) : defaultSchema(atPath);
  if (!query) return undefined;
  const alias = g.ctx.names.name(t.alias?.name ?? 'openjson');
  const columns = t.columns && { columns: t.columns.map((c) => g.ctx.names.name(c.name)) };
  return lowered({ kind: 'SubqueryFrom', query, alias, ...columns }, value.diagnostics);
}
