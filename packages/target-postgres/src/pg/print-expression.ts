// The one printer of PostgreSQL expressions: a table from node kind to its text. Names and string
// literals are quoted here and nowhere else; parentheses are added where operator precedence needs them.

import type {
  PgBinaryOperator,
  PgExpression,
  PgExpressionKind,
  PgFrameBound,
  PgNode,
  PgOrderItem,
  PgWindow,
} from './ast.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { printSelect } from './print-query.js';
import { printPgType } from './pg-type.js';

type Printers = { [K in PgExpressionKind]: (node: PgNode<K>) => string };

/**
 * Binding strength of an operator in PostgreSQL: OR, AND, comparisons, then any other operator
 * (`||`, `&`, `|`, `#`), then `+ -`, then `* / %`. A child that binds less tightly than its parent is
 * parenthesised.
 */
function precedence(op: PgBinaryOperator): number {
  switch (op) {
    case 'OR':
      return 1;
    case 'AND':
      return 2;
    case '=':
    case '<>':
    case '<':
    case '>':
    case '<=':
    case '>=':
      return 3;
    case '||':
    case '#>>':
    case '@@':
    case '>>':
    case '&':
    case '|':
    case '#':
      return 4;
    case '+':
    case '-':
      return 5;
    case '*':
    case '/':
    case '%':
      return 6;
  }
}

/** Operators whose right operand of the same operator needs no parentheses: `a AND (b AND c)` is `a AND b AND c`. */
const associative = new Set<PgBinaryOperator>(['AND', 'OR', '||']);

/**
 * An operand of a binary operator. Operators of one strength group left to right, so a right operand
 * of the same strength keeps its parentheses (`a - (b - c)`), unless both are one associative operator.
 */
function operand(child: PgExpression, parent: PgBinaryOperator, side: 'left' | 'right'): string {
  const sql = printExpression(child);
  if (child.kind !== 'Binary') return sql;
  const [c, p] = [precedence(child.op), precedence(parent)];
  const weaker = c < p || (side === 'right' && c === p && !(child.op === parent && associative.has(parent)));
  return weaker ? `(${sql})` : sql;
}

/** `-(a + b)`, `NOT (a OR b)`: a binary operand of a unary operator is parenthesised unless NOT binds looser. */
function unaryOperand(child: PgExpression, op: PgNode<'Unary'>['op']): string {
  const sql = printExpression(child);
  if (child.kind !== 'Binary') return sql;
  return op === 'NOT' && precedence(child.op) > precedence('AND') ? sql : `(${sql})`;
}

/** `"schema"."name"`, each part quoted where PostgreSQL needs it. */
export function printName(parts: readonly string[]): string {
  return parts.map(quoteIdent).join('.');
}

/** The comment that marks an action item in generated SQL (its text cannot close the comment). */
export function noteComment(code: string, message: string): string {
  return `/* ferry: ${code} ${message.replace(/\*\//g, '* /').replace(/\/\*/g, '/ *')} */`;
}

export function printOrderItem(o: PgOrderItem): string {
  const direction = o.direction ? ` ${o.direction}` : '';
  return `${printExpression(o.expr)}${direction}${o.nulls ? ` NULLS ${o.nulls}` : ''}`;
}

function frameBound(b: PgFrameBound): string {
  switch (b.type) {
    case 'unbounded-preceding':
      return 'UNBOUNDED PRECEDING';
    case 'unbounded-following':
      return 'UNBOUNDED FOLLOWING';
    case 'current-row':
      return 'CURRENT ROW';
    case 'preceding':
      return `${printExpression(b.offset!)} PRECEDING`;
    case 'following':
      return `${printExpression(b.offset!)} FOLLOWING`;
  }
}

export function printWindow(w: PgWindow): string {
  const parts: string[] = [];
  if (w.partitionBy.length) parts.push(`PARTITION BY ${w.partitionBy.map(printExpression).join(', ')}`);
  if (w.orderBy.length) parts.push(`ORDER BY ${w.orderBy.map(printOrderItem).join(', ')}`);
  if (w.frame) {
    const f = w.frame;
    parts.push(
      f.end
        ? `${f.unit} BETWEEN ${frameBound(f.start)} AND ${frameBound(f.end)}`
        : `${f.unit} ${frameBound(f.start)}`,
    );
  }
  return parts.join(' ');
}

const not = (negated: boolean) => (negated ? 'NOT ' : '');

function printCall(e: PgNode<'Call'>): string {
  const name = 'builtin' in e.fn ? e.fn.builtin : printName([e.fn.schema, e.fn.name]);
  if (e.star) return `${name}(*)`;
  const args = e.args.map(printExpression);
  if (e.distinct && args.length) args[0] = `DISTINCT ${args[0]}`;
  const orderBy = e.orderBy?.length ? ` ORDER BY ${e.orderBy.map(printOrderItem).join(', ')}` : '';
  return `${name}(${args.join(', ')}${orderBy})`;
}

const printers: Printers = {
  Number: (e) => e.text,
  String: (e) => quoteLiteral(e.value),
  Bool: (e) => (e.value ? 'true' : 'false'),
  Null: () => 'NULL',
  Default: () => 'DEFAULT',
  Bytea: (e) => `'\\x${e.hex.length % 2 ? '0' : ''}${e.hex}'::bytea`,
  Interval: (e) => `INTERVAL ${quoteLiteral(e.text)}`,
  Keyword: (e) => e.word,
  Name: (e) => printName(e.parts),
  Star: (e) => (e.qualifier ? `${printName(e.qualifier)}.*` : '*'),
  RelationLiteral: (e) => quoteLiteral(printName(e.parts)),
  Unary: (e) =>
    e.op === 'NOT' ? `NOT ${unaryOperand(e.operand, e.op)}` : `${e.op}${unaryOperand(e.operand, e.op)}`,
  Binary: (e) => `${operand(e.left, e.op, 'left')} ${e.op} ${operand(e.right, e.op, 'right')}`,
  Paren: (e) => `(${printExpression(e.expr)})`,
  Call: printCall,
  KeywordCall: (e) =>
    `${e.name}(${e.args.map((a) => `${a.keyword ? `${a.keyword} ` : ''}${printExpression(a.value)}`).join(' ')})`,
  Window: (e) => `${printExpression(e.expr)} OVER (${printWindow(e.over)})`,
  Extract: (e) => `EXTRACT(${e.field} FROM ${printExpression(e.from)})`,
  Cast: (e) => {
    if (!e.shorthand) return `CAST(${printExpression(e.expr)} AS ${printPgType(e.type)})`;
    const atomic = ['Call', 'Name', 'Paren', 'String', 'RelationLiteral'].includes(e.expr.kind);
    return `${atomic ? printExpression(e.expr) : `(${printExpression(e.expr)})`}::${printPgType(e.type)}`;
  },
  Case: (e) =>
    `CASE${e.operand ? ` ${printExpression(e.operand)}` : ''} ${e.whens.map((w) => `WHEN ${printExpression(w.when)} THEN ${printExpression(w.then)}`).join(' ')}${e.else ? ` ELSE ${printExpression(e.else)}` : ''} END`,
  InList: (e) => `${printExpression(e.expr)} ${not(e.not)}IN (${e.list.map(printExpression).join(', ')})`,
  InQuery: (e) => `${printExpression(e.expr)} ${not(e.not)}IN (${printSelect(e.query)})`,
  Between: (e) =>
    `${printExpression(e.expr)} ${not(e.not)}BETWEEN ${printExpression(e.low)} AND ${printExpression(e.high)}`,
  IsNull: (e) => `${printExpression(e.expr)} IS ${not(e.not)}NULL`,
  Like: (e) =>
    `${printExpression(e.expr)} ${not(e.not)}${e.similar ? 'SIMILAR TO' : 'LIKE'} ${printExpression(e.pattern)}${e.escape ? ` ESCAPE ${printExpression(e.escape)}` : ''}`,
  Exists: (e) => `EXISTS (${printSelect(e.query)})`,
  Subquery: (e) => `(${printSelect(e.query)})`,
  Quantified: (e) => `${printExpression(e.left)} ${e.op} ${e.quantifier} (${printSelect(e.query)})`,
  QuantifiedArray: (e) => `${printExpression(e.left)} ${e.op} ${e.quantifier} (${printExpression(e.array)})`,
  Array: (e) => `ARRAY[${e.items.map(printExpression).join(', ')}]`,
  AtTimeZone: (e) => `(${printExpression(e.expr)} AT TIME ZONE ${printExpression(e.zone)})`,
  Note: (e) => `${noteComment(e.code, e.message)}${printExpression(e.expr)}`,
  SourceText: (e) => e.text,
};

/** The SQL text of an expression tree. */
export function printExpression(e: PgExpression): string {
  return (printers[e.kind] as (node: PgExpression) => string)(e);
}
