// Lowering of T-SQL expressions to the PostgreSQL tree: a table from T-SQL node kind to the node it
// becomes. Each concern has its pass module (passes/*): built-in functions, casts and CONVERT styles,
// string concatenation, bit literals, LIKE classes, system variables.

import { trancountTest } from './passes/trancount.js';
import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import { localName, type TargetRelation } from './name-resolver.js';
import type { PgBinaryOperator, PgExpression } from '../pg/ast.js';
import { pg } from '../pg/ast.js';
import { lowerFunctionCall } from './passes/builtin-functions.js';
import { isStringConcat } from './passes/string-concat.js';
import { bitLiteral } from './passes/bit-literals.js';
import { timestampLiteral } from './passes/timestamp-literals.js';
import { catalogNameLiteral, catalogRead } from './passes/system-catalog.js';
import { lowerCast, lowerConvert } from './passes/casts.js';
import { systemVariable } from './passes/system-variables.js';
import { similarPattern } from './passes/like-brackets.js';
import { forXmlValue } from './passes/for-xml-path.js';
import { hierarchyMethod, hierarchyStatic } from './passes/hierarchy-methods.js';
import { xmlMethod } from './passes/xml-methods.js';
import { lowerSelect } from './lower-query.js';
import { outputRowsColumn } from './passes/output-rows.js';
import { spatialMethod, spatialProperty, spatialStatic } from './passes/spatial-methods.js';
import { isExactNumeric, isNamed, pgTypeNamed } from '../pg/pg-type.js';
import { Diagnostics, lowered, noted, type Lowered } from './lowered.js';

type Lowerings = {
  [K in S.Expression['kind']]?: (
    node: Extract<S.Expression, { kind: K }>,
    g: Generator,
  ) => Lowered<PgExpression>;
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

function columnRef(e: S.ColumnRef, g: Generator): Lowered<PgExpression> {
  const output = g.ctx.outputRows && outputRowsColumn(e, g.ctx.outputRows);
  if (output) return lowered(output);
  return spatialProperty(e, g) ?? catalogColumnMissing(e, g) ?? lowered(columnName(e, g));
}

/** A column of a catalog view read from a query over pg_catalog that the query does not have. */
function catalogColumnMissing(e: S.ColumnRef, g: Generator): Lowered<PgExpression> | undefined {
  const rel = e.table && tableQualifier(e.table, g).rel;
  if (!rel?.query || rel.column(e.column.name)) return undefined;
  return noted(
    columnName(e, g),
    'TSQL_SYSTEM_CATALOG',
    'high',
    e.pos,
    `${rel.catalog}.${e.column.name} has no equivalent in PostgreSQL's catalog`,
    'rewrite the query over pg_catalog or information_schema',
  );
}

/** A column by its target name, qualified as the T-SQL reference is; a catalog view's column as PostgreSQL's. */
function columnName(e: S.ColumnRef, g: Generator): PgExpression {
  const col = e.column.name;
  const { parts, rel } = e.table ? tableQualifier(e.table, g) : { parts: [], rel: g.ctx.columnOwner(col) };
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
  // A catalog view read from a query is that query's alias (its name).
  const parts = rel ? (rel.query ? [rel.name] : [rel.schema, rel.name]) : g.objectNameParts(table);
  return { parts, rel };
}

/** A table alias: the target table's name when the alias is the source table's name, else the naming strategy. */
export function aliasIdent(alias: string, g: Generator, tableTarget?: string): string {
  return tableTarget && alias.toLowerCase() === tableTarget.toLowerCase()
    ? tableTarget
    : localName(g.ctx.names, alias);
}

function binary(e: S.BinaryOp, g: Generator): Lowered<PgExpression> {
  const d = new Diagnostics();
  const constant = trancountTest(e, g);
  if (constant) return constant;
  if (isStringConcat(e, g.ctx)) {
    const left = d.take(lowerExpression(e.left, g));
    return d.result(pg.binary('||', left, d.take(lowerExpression(e.right, g))));
  }
  const isCompare = comparisons.has(e.op);
  /** A side compared with a bit, timestamp or catalog-name column, as that column's values are written. */
  const literal = (side: S.Expression, other: S.Expression) => {
    if (!isCompare) return undefined;
    const written = bitLiteral(side, other, g.ctx) ?? timestampLiteral(side, other, g.ctx);
    return written ? lowered(written) : catalogNameLiteral(side, other, g);
  };
  const operand = (side: S.Expression, other: S.Expression) =>
    d.take(literal(side, other) ?? realOperand(side, other, e.op, g));
  const left = operand(e.left, e.right);
  return d.result(pg.binary(binaryOperators[e.op], left, operand(e.right, e.left)));
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
): Lowered<PgExpression> {
  const value = lowerExpression(side, g);
  if (!arithmetic.has(op) || !isNamed(g.typeOf(other), 'real')) return value;
  return isExactNumeric(g.typeOf(side))
    ? lowered(pg.cast(value.node, pgTypeNamed('real')), value.diagnostics)
    : value;
}

function like(e: S.Like, g: Generator): Lowered<PgExpression> {
  const d = new Diagnostics();
  const similar = similarPattern(e);
  const base = { kind: 'Like', expr: d.take(lowerExpression(e.expr, g)), not: e.not } as const;
  if (similar !== undefined) return d.result({ ...base, pattern: pg.string(similar), similar: true });
  return d.result({
    ...base,
    pattern: d.take(lowerExpression(e.pattern, g)),
    similar: false,
    ...(e.escape ? { escape: d.take(lowerExpression(e.escape, g)) } : {}),
  });
}

const query = (q: S.Select, g: Generator) => lowerSelect(q, g);

/** The first of `passes` that converts `e`, else `fallback`. */
function firstOf<E extends S.Expression>(
  e: E,
  g: Generator,
  passes: readonly ((e: E, g: Generator) => Lowered<PgExpression> | undefined)[],
  fallback: () => Lowered<PgExpression>,
): Lowered<PgExpression> {
  for (const pass of passes) {
    const converted = pass(e, g);
    if (converted) return converted;
  }
  return fallback();
}

const done = (node: PgExpression) => lowered(node);

export const expressionLowerings: Lowerings = {
  NumberLiteral: (e) => done(pg.number(e.text)),
  StringLiteral: (e) => done(pg.string(e.value)),
  BinaryLiteral: (e) => done({ kind: 'Bytea', hex: e.hex }),
  NullLiteral: () => done(pg.null()),
  DefaultValue: () => done({ kind: 'Default' }),
  ColumnRef: columnRef,
  Star: (e, g) =>
    done(e.table ? { kind: 'Star', qualifier: tableQualifier(e.table, g).parts } : { kind: 'Star' }),
  Variable: systemVariable,
  UnaryOp: (e, g) => {
    const operand = lowerExpression(e.operand, g);
    return lowered({ kind: 'Unary', op: e.op, operand: operand.node }, operand.diagnostics);
  },
  BinaryOp: binary,
  Like: like,
  InList: (e, g) => {
    const d = new Diagnostics();
    const expr = d.take(lowerExpression(e.expr, g));
    const list = d.takeAll(e.list.map((x) => lowerExpression(x, g)));
    return d.result({ kind: 'InList', expr, list, not: e.not });
  },
  InSubquery: (e, g) => {
    const d = new Diagnostics();
    const expr = d.take(lowerExpression(e.expr, g));
    return d.result({ kind: 'InQuery', expr, query: d.take(query(e.query, g)), not: e.not });
  },
  Between: (e, g) => {
    const d = new Diagnostics();
    const expr = d.take(lowerExpression(e.expr, g));
    const low = d.take(lowerExpression(e.low, g));
    return d.result({ kind: 'Between', expr, low, high: d.take(lowerExpression(e.high, g)), not: e.not });
  },
  IsNull: (e, g) => {
    const expr = lowerExpression(e.expr, g);
    return lowered({ kind: 'IsNull', expr: expr.node, not: e.not }, expr.diagnostics);
  },
  Exists: (e, g) => {
    const q = query(e.query, g);
    return lowered({ kind: 'Exists', query: q.node }, q.diagnostics);
  },
  QuantifiedComparison: (e, g) => {
    const d = new Diagnostics();
    const left = d.take(lowerExpression(e.left, g));
    const quantifier = e.quantifier === 'ALL' ? 'ALL' : 'ANY';
    const q = d.take(query(e.query, g));
    return d.result({ kind: 'Quantified', left, op: binaryOperators[e.op], quantifier, query: q });
  },
  Collate: (e, g) => {
    const d = new Diagnostics();
    return d.result(
      d.note(
        () => d.take(lowerExpression(e.expr, g)),
        'TSQL_COLLATE',
        'low',
        e.pos,
        `COLLATE ${e.collation} dropped: PostgreSQL collations have other names`,
        'add a PostgreSQL COLLATE clause if the comparison depends on it',
      ),
    );
  },
  Case: (e, g) => {
    const d = new Diagnostics();
    const operand = e.operand && d.take(lowerExpression(e.operand, g));
    const whens = e.whens.map((w) => {
      const when = d.take(lowerExpression(w.when, g));
      return { when, then: d.take(lowerExpression(w.then, g)) };
    });
    const otherwise = e.else && d.take(lowerExpression(e.else, g));
    return d.result({
      kind: 'Case',
      ...(operand ? { operand } : {}),
      whens,
      ...(otherwise ? { else: otherwise } : {}),
    });
  },
  FunctionCall: lowerFunctionCall,
  Cast: lowerCast,
  Convert: lowerConvert,
  Parse: (e, g) => {
    const d = new Diagnostics();
    return d.result(
      d.note(
        () => pg.cast(d.take(lowerExpression(e.expr, g)), g.type(e.type, 'cast')),
        'TSQL_PARSE',
        'medium',
        e.pos,
        'PARSE with a culture has no PostgreSQL equivalent; cast instead',
      ),
    );
  },
  Subquery: (e, g) => {
    const q = query(e.query, g);
    return lowered({ kind: 'Subquery', query: q.node }, q.diagnostics);
  },
  AtTimeZone: (e, g) => {
    const d = new Diagnostics();
    const zoned = () => {
      const expr = d.take(lowerExpression(e.expr, g));
      return pg.atTimeZone(expr, d.take(lowerExpression(e.zone, g)));
    };
    return d.result(
      d.note(
        zoned,
        'TSQL_AT_TIME_ZONE',
        'medium',
        e.pos,
        'AT TIME ZONE takes Windows zone names in SQL Server, IANA names in PostgreSQL',
      ),
    );
  },
  MethodCall: (e, g) =>
    firstOf(e, g, [forXmlValue, hierarchyMethod, xmlMethod, spatialMethod], () =>
      noted(
        pg.null(),
        'TSQL_METHOD_CALL',
        'high',
        e.pos,
        `${e.property ? `property .${e.method.name}` : `method .${e.method.name}()`} (xml/hierarchyid/geography) has no PostgreSQL conversion`,
        'rewrite with PostgreSQL xml/ltree/PostGIS functions',
      ),
    ),
  StaticMethodCall: (e, g) =>
    firstOf(e, g, [hierarchyStatic, spatialStatic], () =>
      noted(
        pg.null(),
        'TSQL_METHOD_CALL',
        'high',
        e.pos,
        `${e.type.name}::${e.method.name}() has no PostgreSQL conversion`,
        'rewrite with PostgreSQL ltree/PostGIS functions',
      ),
    ),
  NextValueFor: (e, g) =>
    done({
      kind: 'Call',
      fn: { builtin: 'nextval' },
      args: [pg.relation(g.objectNameParts(e.sequence))],
    }),
};

/** The PostgreSQL tree of a T-SQL expression; a kind with no lowering is a diagnostic. */
export function lowerExpression(e: S.Expression, g: Generator): Lowered<PgExpression> {
  const lower = expressionLowerings[e.kind] as
    ((node: S.Expression, g: Generator) => Lowered<PgExpression>) | undefined;
  if (!lower) return noted(pg.null(), 'TSQL_EXPRESSION', 'high', e.pos, `${e.kind} is not converted`);
  return lower(e, g);
}
