// The PostgreSQL type of a lowered expression, as far as the tree tells (casts, literals, operators,
// the built-ins the lowerings call): enough to name the columns an inline table-valued function
// returns. Column and variable types come from the T-SQL side (infer-type.ts).

import type { PgExpression } from '../../pg/ast.js';
import { isText, numericRank, rankOf } from './infer-type.js';

/** Built-ins the lowerings call, by the type they return. */
const callTypes: Record<string, string> = {
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
};

const keywordTypes: Record<string, string> = {
  LOCALTIMESTAMP: 'timestamp',
  LOCALTIME: 'time',
  CURRENT_DATE: 'date',
  session_user: 'text',
  current_user: 'text',
  SQLERRM: 'text',
  SQLSTATE: 'text',
  FOUND: 'boolean',
};

/** The type values of several types resolve to (CASE branches, operands), when there is one. */
function unify(types: readonly (string | undefined)[]): string | undefined {
  if (!types.length || types.some((t) => t === undefined)) return undefined;
  const known = types as string[];
  if (known.every((t) => t === known[0])) return known[0];
  if (known.every((t) => isText(t))) return 'text';
  const ranks = known.map(rankOf);
  if (ranks.some((r) => r < 0)) return undefined;
  return numericRank[Math.max(...ranks)];
}

const booleanOperators = new Set(['OR', 'AND', '=', '<>', '<', '>', '<=', '>=']);

/** The type of a column or variable reference (its parts as lowered), when known. */
export type NameType = (parts: readonly string[]) => string | undefined;

/** The type of a lowered expression, or undefined when the tree does not tell it. */
export function resultType(e: PgExpression, nameType: NameType = () => undefined): string | undefined {
  const typeOf = (x: PgExpression) => resultType(x, nameType);
  switch (e.kind) {
    case 'Name':
      return nameType(e.parts);
    case 'Number':
      return /^\d+$/.test(e.text) && Number(e.text) <= 2147483647 ? 'integer' : 'numeric';
    case 'String':
      return 'text';
    case 'Bool':
    case 'IsNull':
    case 'Like':
    case 'InList':
    case 'InQuery':
    case 'Between':
    case 'Exists':
    case 'Quantified':
      return 'boolean';
    case 'Cast':
      return e.type;
    case 'Paren':
    case 'Note':
      return typeOf(e.expr);
    case 'Unary':
      return e.op === 'NOT' ? 'boolean' : typeOf(e.operand);
    case 'Binary':
      if (e.op === '||' || e.op === '#>>') return 'text';
      if (booleanOperators.has(e.op)) return 'boolean';
      // arithmetic: the operands' numeric types without typmod (numeric(10,2) * numeric(10,2) has a larger scale)
      return unify([typeOf(e.left), typeOf(e.right)].map((t) => t && numericRank[rankOf(t)]));
    case 'Case':
      return unify(
        [...e.whens.map((w) => w.then), ...(e.else ? [e.else] : [])]
          .filter((x) => x.kind !== 'Null')
          .map(typeOf),
      );
    case 'Call':
      return 'builtin' in e.fn ? callTypes[e.fn.builtin] : undefined;
    case 'KeywordCall':
      return ['substring', 'overlay', 'trim'].includes(e.name) ? 'text' : undefined;
    case 'Keyword':
      return keywordTypes[e.word];
    case 'Extract':
      return 'numeric';
    case 'Window':
      return typeOf(e.expr);
    default:
      return undefined;
  }
}
