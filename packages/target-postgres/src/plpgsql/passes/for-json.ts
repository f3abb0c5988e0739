// FOR JSON PATH / AUTO -> the JSON text SQL Server writes, built from the rows of the query (see
// for-clause.ts): `[{"k":v,...},...]` without spaces, keys in select-list order, `/` escaped as `\/`.
// PATH nests dotted keys (`'a.b'` -> {"a":{"b":...}}); NULL properties are left out unless
// INCLUDE_NULL_VALUES; ROOT('name') wraps the array, WITHOUT_ARRAY_WRAPPER drops the brackets. A
// nested FOR JSON subquery or JSON_QUERY is embedded as JSON, not as a string. Each value is to_json's
// text (json keeps key order where jsonb would sort the keys), and the text is concatenated rather than
// built with json_build_object, whose text has spaces SQL Server's has not. `*` and `t.*` over tables
// are written out as their columns, named as at the source. AUTO over joined tables nests them
// (for-json-auto.ts).

import type * as S from '@ferry/tsql';
import type { Generator } from '../generator.js';
import { lowered, type Lowered } from '../lowered.js';
import { scopeOf } from '../lower-query.js';
import { pg, type PgExpression, type PgSelect } from '../../pg/ast.js';
import { producesJson } from './json-functions.js';
import { autoLevels, nestedObjects } from './for-json-auto.js';
import { isNamed, pgTypeNamed, type PgType } from '../../pg/pg-type.js';
import {
  aggregateRows,
  concatenate,
  expandStars,
  forOption,
  forRows,
  selectColumns,
  type ForColumn,
} from './for-clause.js';

/** The result column SQL Server gives a FOR JSON query. */
const forJsonColumn = 'JSON_F52E2B61-18A1-11d1-B105-00805F49916B';

const jsonOptions = new Set(['PATH', 'AUTO', 'ROOT', 'INCLUDE_NULL_VALUES', 'WITHOUT_ARRAY_WRAPPER']);

/** A JSON string as SQL Server writes it: quotes, backslash, solidus and control characters escaped. */
export function jsonString(s: string): string {
  return JSON.stringify(s).replace(/\//g, '\\/');
}

type JsonNode =
  | { readonly key: string; readonly column: ForColumn }
  | { readonly key: string; readonly children: JsonNode[] };

/** The object's tree: consecutive columns whose dotted keys share a prefix fill the same nested object. */
function jsonTree(columns: readonly ForColumn[], keys: readonly (readonly string[])[]): JsonNode[] {
  const root: JsonNode[] = [];
  columns.forEach((column, i) => {
    const path = keys[i]!;
    let target = root;
    for (const key of path.slice(0, -1)) {
      const last = target[target.length - 1];
      if (last && last.key === key && 'children' in last) target = last.children;
      else {
        const children: JsonNode[] = [];
        target.push({ key, children });
        target = children;
      }
    }
    target.push({ key: path[path.length - 1]!, column });
  });
  return root;
}

/** A column's key path: its alias or column name, split at dots under PATH; undefined when SQL Server refuses it. */
function keyPath(c: S.SelectColumn, path: boolean): string[] | undefined {
  const name = c.alias?.name ?? (c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined);
  if (name === undefined) return undefined; // error 13605: a column without a name
  if (!path) return [name];
  const parts = name.split('.');
  return parts.every((p) => p !== '') ? parts : undefined; // error 13603
}

/**
 * A value as SQL Server writes it in JSON: binary as a base64 string (encode's lines joined), a
 * uniqueidentifier in upper case, other values as to_json writes them.
 */
function jsonValue(value: PgExpression, type: PgType | undefined): PgExpression {
  if (isNamed(type, 'bytea'))
    return pg.call(
      'translate',
      pg.call('encode', value, pg.string('base64')),
      pg.call('chr', pg.number(10)),
      pg.string(''),
    );
  if (isNamed(type, 'uuid')) return pg.call('upper', pg.cast(value, pgTypeNamed('text')));
  return value;
}

function valueText(c: ForColumn, includeNulls: boolean, g: Generator): PgExpression {
  const text = producesJson(c.item.expr)
    ? c.value
    : pg.call(
        'replace',
        pg.cast(pg.call('to_json', jsonValue(c.value, g.typeOf(c.item.expr))), pgTypeNamed('text')),
        pg.string('/'),
        pg.string('\\/'),
      );
  return includeNulls ? pg.call('coalesce', text, pg.string('null')) : text;
}

/** `'"key":' || value`, or a nested object, NULL (so left out by concat_ws) when it has no property. */
function property(n: JsonNode, includeNulls: boolean, g: Generator): PgExpression {
  const key = `${jsonString(n.key)}:`;
  if ('column' in n) return concatenate(pg.string(key), valueText(n.column, includeNulls, g));
  const members = objectMembers(n.children, includeNulls, g);
  return concatenate(pg.string(`${key}{`), pg.call('nullif', members, pg.string('')), pg.string('}'));
}

function objectMembers(nodes: readonly JsonNode[], includeNulls: boolean, g: Generator): PgExpression {
  return pg.call('concat_ws', pg.string(','), ...nodes.map((n) => property(n, includeNulls, g)));
}

/** The query of a FOR JSON clause, or undefined when it is not converted (see the module comment). */
export function forJsonQuery(
  query: S.Select,
  clause: S.ForClause,
  g: Generator,
): Lowered<PgSelect> | undefined {
  const s = expandStars(query, g);
  if (!s) return undefined;
  const mode = clause.items[0]?.name;
  if (mode !== 'PATH' && mode !== 'AUTO') return undefined;
  if (!clause.items.every((o) => jsonOptions.has(o.name))) return undefined;
  const root = forOption(clause, 'ROOT');
  const unwrapped = !!forOption(clause, 'WITHOUT_ARRAY_WRAPPER');
  if (root && unwrapped) return undefined; // error 13620
  const from = s.query.kind === 'QuerySpec' ? s.query.from : [];
  const joined = from.length > 1 || from[0]?.kind === 'Join';
  if (mode === 'AUTO' && !from.length) return undefined; // error 13600
  const items = selectColumns(s);
  const keys = items?.map((c) => keyPath(c, mode === 'PATH'));
  if (!items || !keys?.every((k) => k !== undefined)) return undefined;
  const levels = mode === 'AUTO' && joined ? autoLevels(from, items, g) : undefined;
  if (mode === 'AUTO' && joined && !levels) return undefined;
  const { node: rows, diagnostics } = forRows(s, items, g);
  const includeNulls = !!forOption(clause, 'INCLUDE_NULL_VALUES');
  // the select items' types are told in the scope of the query's FROM clause
  const typing = s.query.kind === 'QuerySpec' ? g.withScope(scopeOf(s.query.from, g)) : g;
  const open = `${root ? `{${jsonString(root.arg ?? 'root')}:` : ''}${unwrapped ? '' : '['}`;
  const close = `${unwrapped ? '' : ']'}${root ? '}' : ''}`;
  const wrap = (objects: PgExpression) =>
    open ? concatenate(pg.string(open), objects, pg.string(close)) : objects;
  if (levels) {
    const members = levels.map((l) =>
      objectMembers(
        jsonTree(
          l.columns.map((i) => rows.columns[i]!),
          l.columns.map((i) => keys[i]!),
        ),
        includeNulls,
        typing,
      ),
    );
    const nested = nestedObjects(
      rows.query,
      levels.map((l) => jsonString(l.key)),
      members,
    );
    return lowered(aggregateRows(nested.query, wrap(nested.objects), forJsonColumn), diagnostics);
  }
  const tree = jsonTree(rows.columns, keys);
  const object = concatenate(pg.string('{'), objectMembers(tree, includeNulls, typing), pg.string('}'));
  const text = wrap(pg.call('string_agg', object, pg.string(',')));
  return lowered(aggregateRows(rows.query, text, forJsonColumn), diagnostics);
}
