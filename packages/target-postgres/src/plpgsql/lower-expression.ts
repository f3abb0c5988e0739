// Lowering of T-SQL expressions to the PostgreSQL tree: a table from T-SQL node kind to the node it
// becomes. Each concern has its pass module (passes/*): built-in functions, casts and CONVERT styles,
// string concatenation, bit literals, LIKE classes, system variables.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { TargetRelation } from './name-resolver.js';
import type { PgBinaryOperator, PgExpression } from '../pg/ast.js';
import { pg } from '../pg/ast.js';
import { lowerFunctionCall } from './passes/builtin-functions.js';
import { isStringConcat } from './passes/string-concat.js';
import { bitLiteral } from './passes/bit-literals.js';
import { catalogNameLiteral, catalogRead } from './passes/system-catalog.js';
import { lowerCast, lowerConvert } from './passes/casts.js';
import { systemVariable } from './passes/system-variables.js';
import { similarPattern } from './passes/like-brackets.js';
import { forXmlValue } from './passes/for-xml-path.js';
import { hierarchyMethod, hierarchyStatic } from './passes/hierarchy-methods.js';
import { xmlMethod } from './passes/xml-methods.js';
import { outputRowsColumn } from './passes/merge-output.js';
import { spatialMethod, spatialProperty, spatialStatic } from './passes/spatial-methods.js';
import { isExactNumeric, isNamed, pgTypeNamed } from '../pg/pg-type.js';

type Lowerings = {
  [K in S.Expression['kind']]?: (node: Extract<S.Expression, { kind: K }>, g: Generator) => PgExpression;
};

export const binaryOperators: Record<S.BinaryOperator, PgBinaryOperator> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '!<': '>=',
  '!>': '<=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '&': '&',
  '|': '|',
  '^': '#',
  AND: 'AND',
  OR: 'OR',
};

const comparisons = new Set<S.BinaryOperator>(['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>']);

function columnRef(e: S.ColumnRef, g: Generator): PgExpression {
  const output = g.ctx.outputRows && outputRowsColumn(e, g.ctx.outputRows);
  if (output) return output;
  const property = spatialProperty(e, g);
  if (property) return property;
  const col = e.column.name;
  if (!e.table) {
    const column = g.ctx.columnOwner(col)?.column(col);
    if (column?.catalog?.value !== undefined) return pg.bool(column.catalog.value);
    if (column?.catalog?.read) return catalogRead(column.catalog.read, (name) => pg.name(name));
    return pg.name(column?.name ?? g.ctx.names.name(col));
  }
  const { parts, rel } = tableQualifier(e.table, g);
  const column = rel?.column(col);
  if (column?.catalog?.value !== undefined) return pg.bool(column.catalog.value);
  if (column?.catalog?.read) return catalogRead(column.catalog.read, (name) => pg.name(...parts, name));
  return pg.name(...parts, column?.name ?? g.ctx.names.name(col));
}

/** A column's table qualifier (trigger transition table, alias, or table name), and the relation it names. */
function tableQualifier(table: S.ObjectName, g: Generator): { parts: string[]; rel?: TargetRelation } {
  const { ctx } = g;
  const qualifier = table.name.name;
  const lower = qualifier.toLowerCase();
  if (ctx.transitionTables && !table.schema && (lower === 'inserted' || lower === 'deleted')) {
    return {
      parts: [lower],
      rel: ctx.names.relation(ctx.transitionTables.schema, ctx.transitionTables.table),
    };
  }
  const found = table.schema ? { found: false } : ctx.alias(qualifier);
  if (found.found) {
    const rel = found.relation;
    const name = rel && rel.name.toLowerCase() === lower ? rel.name : aliasIdent(qualifier, g, rel?.name);
    return { parts: [name], rel };
  }
  const rel = ctx.names.relation(table.schema?.name, qualifier);
  return { parts: rel ? [rel.schema, rel.name] : g.objectNameParts(table), rel };
}

/** A table alias: the target table's name when the alias is the source table's name, else the naming strategy. */
export function aliasIdent(alias: string, g: Generator, tableTarget?: string): string {
  return tableTarget && alias.toLowerCase() === tableTarget.toLowerCase()
    ? tableTarget
    : g.ctx.names.name(alias);
}

function binary(e: S.BinaryOp, g: Generator): PgExpression {
  if (isStringConcat(e, g.ctx)) return pg.binary('||', g.lower(e.left), g.lower(e.right));
  const isCompare = comparisons.has(e.op);
  const literal = (side: S.Expression, other: S.Expression) =>
    isCompare && (bitLiteral(side, other, g.ctx) || catalogNameLiteral(side, other, g));
  const left = literal(e.left, e.right) || realOperand(e.left, e.right, e.op, g);
  const right = literal(e.right, e.left) || realOperand(e.right, e.left, e.op, g);
  return pg.binary(binaryOperators[e.op], left, right);
}

const arithmetic = new Set<S.BinaryOperator>(['+', '-', '*', '/', '%']);

/**
 * An operand of arithmetic with a real: SQL Server computes int/decimal/money op real in real (type
 * precedence), PostgreSQL in double precision (its preferred type when the operands differ), so an
 * exact operand is cast to real first.
 */
function realOperand(
  side: S.Expression,
  other: S.Expression,
  op: S.BinaryOperator,
  g: Generator,
): PgExpression {
  const value = g.lower(side);
  if (!arithmetic.has(op) || !isNamed(g.typeOf(other), 'real')) return value;
  return isExactNumeric(g.typeOf(side)) ? pg.cast(value, pgTypeNamed('real')) : value;
}

function like(e: S.Like, g: Generator): PgExpression {
  const similar = similarPattern(e);
  const base = { kind: 'Like', expr: g.lower(e.expr), not: e.not } as const;
  if (similar !== undefined) return { ...base, pattern: pg.string(similar), similar: true };
  return {
    ...base,
    pattern: g.lower(e.pattern),
    similar: false,
    ...(e.escape ? { escape: g.lower(e.escape) } : {}),
  };
}

const query = (q: S.Select, g: Generator) => g.select(q);

export const expressionLowerings: Lowerings = {
  NumberLiteral: (e) => pg.number(e.text),
  StringLiteral: (e) => pg.string(e.value),
  BinaryLiteral: (e) => ({ kind: 'Bytea', hex: e.hex }),
  NullLiteral: () => pg.null(),
  DefaultValue: () => ({ kind: 'Default' }),
  ColumnRef: columnRef,
  Star: (e, g) =>
    e.table ? { kind: 'Star', qualifier: tableQualifier(e.table, g).parts } : { kind: 'Star' },
  Variable: (e, g) => g.ctx.emit(systemVariable(e, g)),
  UnaryOp: (e, g) => ({ kind: 'Unary', op: e.op, operand: g.lower(e.operand) }),
  BinaryOp: binary,
  Like: like,
  InList: (e, g) => ({
    kind: 'InList',
    expr: g.lower(e.expr),
    list: e.list.map((x) => g.lower(x)),
    not: e.not,
  }),
  InSubquery: (e, g) => ({ kind: 'InQuery', expr: g.lower(e.expr), query: query(e.query, g), not: e.not }),
  Between: (e, g) => ({
    kind: 'Between',
    expr: g.lower(e.expr),
    low: g.lower(e.low),
    high: g.lower(e.high),
    not: e.not,
  }),
  IsNull: (e, g) => ({ kind: 'IsNull', expr: g.lower(e.expr), not: e.not }),
  Exists: (e, g) => ({ kind: 'Exists', query: query(e.query, g) }),
  QuantifiedComparison: (e, g) => ({
    kind: 'Quantified',
    left: g.lower(e.left),
    op: binaryOperators[e.op],
    quantifier: e.quantifier === 'ALL' ? 'ALL' : 'ANY',
    query: query(e.query, g),
  }),
  Collate: (e, g) =>
    g.ctx.note(
      () => g.lower(e.expr),
      'TSQL_COLLATE',
      'low',
      e.pos,
      `COLLATE ${e.collation} dropped: PostgreSQL collations have other names`,
      'add a PostgreSQL COLLATE clause if the comparison depends on it',
    ),
  Case: (e, g) => ({
    kind: 'Case',
    ...(e.operand ? { operand: g.lower(e.operand) } : {}),
    whens: e.whens.map((w) => ({ when: g.lower(w.when), then: g.lower(w.then) })),
    ...(e.else ? { else: g.lower(e.else) } : {}),
  }),
  FunctionCall: lowerFunctionCall,
  Cast: lowerCast,
  Convert: lowerConvert,
  Parse: (e, g) =>
    g.ctx.note(
      () => pg.cast(g.lower(e.expr), g.type(e.type, 'cast')),
      'TSQL_PARSE',
      'medium',
      e.pos,
      'PARSE with a culture has no PostgreSQL equivalent; cast instead',
    ),
  Subquery: (e, g) => ({ kind: 'Subquery', query: query(e.query, g) }),
  AtTimeZone: (e, g) =>
    g.ctx.note(
      () => pg.atTimeZone(g.lower(e.expr), g.lower(e.zone)),
      'TSQL_AT_TIME_ZONE',
      'medium',
      e.pos,
      'AT TIME ZONE takes Windows zone names in SQL Server, IANA names in PostgreSQL',
    ),
  MethodCall: (e, g) =>
    forXmlValue(e, g) ??
    hierarchyMethod(e, g) ??
    xmlMethod(e, g) ??
    spatialMethod(e, g) ??
    g.ctx.note(
      pg.null(),
      'TSQL_METHOD_CALL',
      'high',
      e.pos,
      `method .${e.method.name}() (xml/hierarchyid/geography) has no PostgreSQL conversion`,
      'rewrite with PostgreSQL xml/ltree/PostGIS functions',
    ),
  StaticMethodCall: (e, g) =>
    hierarchyStatic(e, g) ??
    spatialStatic(e, g) ??
    g.ctx.note(
      pg.null(),
      'TSQL_METHOD_CALL',
      'high',
      e.pos,
      `${e.type.name}::${e.method.name}() has no PostgreSQL conversion`,
      'rewrite with PostgreSQL ltree/PostGIS functions',
    ),
  NextValueFor: (e, g) => ({
    kind: 'Call',
    fn: { builtin: 'nextval' },
    args: [{ kind: 'RelationLiteral', parts: g.objectNameParts(e.sequence) }],
  }),
};

/** The PostgreSQL tree of a T-SQL expression; a kind with no lowering is an action item. */
export function lowerExpression(e: S.Expression, g: Generator): PgExpression {
  const lower = expressionLowerings[e.kind] as
    ((node: S.Expression, g: Generator) => PgExpression) | undefined;
  if (!lower) return g.ctx.note(pg.null(), 'TSQL_EXPRESSION', 'high', e.pos, `${e.kind} is not converted`);
  return lower(e, g);
}
