// The PostgreSQL type of a lowered expression, as far as the tree tells (casts, literals, operators,
// the built-ins the lowerings call): enough to name the columns an inline table-valued function
// returns. Column and variable types come from the T-SQL side (infer-type.ts).

import type { PgExpression, PgSelect } from '../../pg/ast.js';
import { isText, pgTypeNamed, rankOf, rankType, sameType, type PgType } from '../../pg/pg-type.js';

/** Built-ins the lowerings call, by the type they return. */
const callTypeNames: Record<string, string> = {
  to_char: 'text',
  substr: 'text',
  repeat: 'text',
  concat: 'text',
  concat_ws: 'text',
  upper: 'text',
  lower: 'text',
  ltrim: 'text',
  rtrim: 'text',
  replace: 'text',
  left: 'text',
  right: 'text',
  chr: 'text',
  reverse: 'text',
  string_agg: 'text',
  length: 'integer',
  strpos: 'integer',
  regexp_instr: 'integer',
  ascii: 'integer',
  octet_length: 'integer',
  make_date: 'date',
  make_timestamp: 'timestamp',
  make_time: 'time',
  count: 'bigint',
  gen_random_uuid: 'uuid',
  current_database: 'text',
  now: 'timestamp with time zone',
  lastval: 'bigint',
  regexp_replace: 'text',
  // PostGIS (spatialAs: 'postgis')
  ST_SRID: 'integer',
  ST_NPoints: 'integer',
  ST_X: 'double precision',
  ST_Y: 'double precision',
  ST_Z: 'double precision',
  ST_M: 'double precision',
  ST_Distance: 'double precision',
  ST_Length: 'double precision',
  ST_Perimeter: 'double precision',
  ST_Area: 'double precision',
  ST_AsBinary: 'bytea',
};

const keywordTypeNames: Record<string, string> = {
  LOCALTIMESTAMP: 'timestamp',
  LOCALTIME: 'time',
  CURRENT_DATE: 'date',
  session_user: 'text',
  current_user: 'text',
  SQLERRM: 'text',
  SQLSTATE: 'text',
  FOUND: 'boolean',
};

const named = (names: Record<string, string>, key: string): PgType | undefined => {
  const name = names[key];
  return name === undefined ? undefined : pgTypeNamed(name);
};

/** The type values of several types resolve to (CASE branches, operands), when there is one. */
function unify(types: readonly (PgType | undefined)[]): PgType | undefined {
  if (!types.length || types.some((t) => t === undefined)) return undefined;
  const known = types as PgType[];
  if (known.every((t) => sameType(t, known[0]!))) return known[0];
  if (known.every((t) => isText(t))) return pgTypeNamed('text');
  const ranks = known.map(rankOf);
  if (ranks.some((r) => r < 0)) return undefined;
  return rankType(Math.max(...ranks));
}

const isDigits = (text: string) => text.length > 0 && [...text].every((c) => c >= '0' && c <= '9');

const booleanOperators = new Set(['OR', 'AND', '=', '<>', '<', '>', '<=', '>=']);

/** What PostgreSQL's sum returns, by its argument's number type (bigint for integers, numeric for bigint). */
const sumTypeNames: Record<string, string> = {
  smallint: 'bigint',
  integer: 'bigint',
  bigint: 'numeric',
  numeric: 'numeric',
  real: 'real',
  'double precision': 'double precision',
};

const sumType = (arg: PgType | undefined): PgType | undefined =>
  rankOf(arg) < 0 ? undefined : named(sumTypeNames, arg!.name);

/** The type of a column or variable reference (its parts as lowered), when known. */
export type NameType = (parts: readonly string[]) => PgType | undefined;

/** The type of a lowered expression, or undefined when the tree does not tell it. */
export function resultType(e: PgExpression, nameType: NameType = () => undefined): PgType | undefined {
  const typeOf = (x: PgExpression) => resultType(x, nameType);
  switch (e.kind) {
    case 'Name':
      return nameType(e.parts);
    case 'Number':
      return pgTypeNamed(isDigits(e.text) && Number(e.text) <= 2147483647 ? 'integer' : 'numeric');
    case 'String':
      return pgTypeNamed('text');
    case 'Bool':
    case 'IsNull':
    case 'Like':
    case 'InList':
    case 'InQuery':
    case 'Between':
    case 'Exists':
    case 'Quantified':
    case 'QuantifiedArray':
      return pgTypeNamed('boolean');
    case 'Cast':
      return e.type;
    case 'Paren':
    case 'Note':
      return typeOf(e.expr);
    case 'Unary':
      return e.op === 'NOT' ? pgTypeNamed('boolean') : typeOf(e.operand);
    case 'Binary':
      if (e.op === '||' || e.op === '#>>') return pgTypeNamed('text');
      if (booleanOperators.has(e.op)) return pgTypeNamed('boolean');
      // arithmetic: the operands' numeric types without typmod (numeric(10,2) * numeric(10,2) has a larger scale)
      return unify([typeOf(e.left), typeOf(e.right)].map((t) => t && rankType(rankOf(t))));
    case 'Case':
      return unify(
        [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])]
          .filter((x) => x.kind !== 'Null')
          .map(typeOf),
      );
    case 'Call':
      if (!('builtin' in e.fn)) return undefined;
      if (e.fn.builtin === 'sum') return sumType(e.args[0] && typeOf(e.args[0]));
      if (e.fn.builtin === 'min' || e.fn.builtin === 'max') return e.args[0] && typeOf(e.args[0]);
      if (e.fn.builtin === 'greatest' || e.fn.builtin === 'least') return unify(e.args.map(typeOf));
      return named(callTypeNames, e.fn.builtin);
    case 'KeywordCall':
      return ['substring', 'overlay', 'trim'].includes(e.name) ? pgTypeNamed('text') : undefined;
    case 'Keyword':
      return named(keywordTypeNames, e.word);
    case 'Extract':
      return pgTypeNamed('numeric');
    case 'Window':
      return typeOf(e.expr);
    case 'Subquery':
      return scalarQueryType(e.query, nameType);
    default:
      return undefined;
  }
}

/**
 * The type of a scalar subquery of one SELECT block: its one column's, the names of its own FROM not
 * told (they are not the outer query's).
 */
function scalarQueryType(query: PgSelect, nameType: NameType): PgType | undefined {
  const core = query.body;
  if (core.kind !== 'SelectCore' || core.columns.length !== 1) return undefined;
  const own = new Set(core.from.flatMap((f) => ('alias' in f && f.alias ? [f.alias] : [])));
  const outer: NameType = (parts) =>
    (parts.length === 1 && core.from.length) || own.has(parts[0]!) ? undefined : nameType(parts);
  return resultType(core.columns[0]!.expr, outer);
}
