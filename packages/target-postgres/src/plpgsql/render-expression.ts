// Expressions: the table from expression node kind to its PostgreSQL rendering.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { TargetRelation } from './name-resolver.js';
import { quoteIdent, quoteLiteral } from '../ddl/identifiers.js';
import { aggregates, builtinFunctions } from './passes/builtin-functions.js';
import { isStringConcat } from './passes/string-concat.js';
import { bitLiteral } from './passes/bit-literals.js';
import { dateStyles } from './passes/convert-style.js';
import { isDateTimeType } from './data-types.js';
import { similarPattern } from './passes/like-brackets.js';

type Transforms = {
  [K in S.Expression['kind']]?: (node: Extract<S.Expression, { kind: K }>, g: Generator) => string;
};

const comparison: Record<string, string> = { '!=': '<>', '!<': '>=', '!>': '<=' };

function columnRef(e: S.ColumnRef, g: Generator): string {
  const col = e.column.name;
  if (!e.table) {
    const owner = g.ctx.columnOwner(col);
    return quoteIdent(owner?.column(col)?.name ?? g.ctx.names.name(col));
  }
  const { sql, rel } = tableQualifier(e.table, g);
  return `${sql}.${quoteIdent(rel?.column(col)?.name ?? g.ctx.names.name(col))}`;
}

/** How a column's table qualifier renders (trigger transition table, alias, or table name), and the relation it names. */
function tableQualifier(table: S.ObjectName, g: Generator): { sql: string; rel?: TargetRelation } {
  const { ctx } = g;
  const qualifier = table.name.name;
  if (ctx.transitionTables && !table.schema && /^(inserted|deleted)$/i.test(qualifier)) {
    return { sql: qualifier.toLowerCase(), rel: ctx.names.relation(undefined, ctx.transitionTables.table) };
  }
  const found = table.schema ? { found: false } : ctx.alias(qualifier);
  if (found.found) {
    const rel = found.relation;
    const sql =
      rel && rel.name.toLowerCase() === qualifier.toLowerCase()
        ? quoteIdent(rel.name)
        : aliasName(qualifier, g, rel?.name);
    return { sql, rel };
  }
  const rel = ctx.names.relation(table.schema?.name, qualifier);
  return { sql: rel ? `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}` : g.objectName(table), rel };
}

/** A table alias: the target table's name when the alias is the source table's name, else the naming strategy. */
export function aliasName(alias: string, g: Generator, tableTarget?: string): string {
  return quoteIdent(
    tableTarget && alias.toLowerCase() === tableTarget.toLowerCase() ? tableTarget : g.ctx.names.name(alias),
  );
}

function functionCall(e: S.FunctionCall, g: Generator): string {
  const name = e.name.name.name.toLowerCase();
  const args = e.args.map((a) => g.expr(a));
  let sql: string | undefined;
  if (e.name.schema) {
    sql = `${g.objectName(e.name)}(${args.join(', ')})`;
  } else if (e.star) {
    sql = 'count(*)';
  } else if (e.distinct && aggregates.has(name)) {
    sql = builtinFunctions[name]!(e, [`DISTINCT ${args[0]}`, ...args.slice(1)], g)!;
  } else if (e.withinGroup && name === 'string_agg') {
    sql = `string_agg(${args.join(', ')} ORDER BY ${e.withinGroup.map((o) => orderItem(o, g)).join(', ')})`;
  } else {
    const render = builtinFunctions[name];
    sql = render?.(e, args, g);
    if (sql === undefined) {
      return `${g.ctx.flag('TSQL_FUNCTION', 'high', e.pos, `function ${e.name.name.text}() has no PostgreSQL conversion`, 'rewrite the call with PostgreSQL functions')}${name}(${args.join(', ')})`;
    }
  }
  if (e.over) sql += ` OVER (${windowSpec(e.over, g)})`;
  return sql;
}

export function orderItem(o: S.OrderByItem, g: Generator): string {
  // SQL Server sorts NULLs first ascending and last descending; PostgreSQL does the opposite by default.
  const dir = o.direction === 'DESC' ? ' DESC NULLS LAST' : ' NULLS FIRST';
  return `${g.expr(o.expr)}${o.direction === 'ASC' ? ' ASC NULLS FIRST' : dir}`;
}

function frameBound(b: S.FrameBound, g: Generator): string {
  switch (b.type) {
    case 'unbounded-preceding':
      return 'UNBOUNDED PRECEDING';
    case 'unbounded-following':
      return 'UNBOUNDED FOLLOWING';
    case 'current-row':
      return 'CURRENT ROW';
    case 'preceding':
      return `${g.expr(b.offset!)} PRECEDING`;
    case 'following':
      return `${g.expr(b.offset!)} FOLLOWING`;
  }
}

function windowSpec(w: S.WindowSpec, g: Generator): string {
  const parts: string[] = [];
  if (w.partitionBy.length) parts.push(`PARTITION BY ${w.partitionBy.map((p) => g.expr(p)).join(', ')}`);
  if (w.orderBy.length) parts.push(`ORDER BY ${w.orderBy.map((o) => orderItem(o, g)).join(', ')}`);
  if (w.frame) {
    const f = w.frame;
    parts.push(
      f.end
        ? `${f.unit} BETWEEN ${frameBound(f.start, g)} AND ${frameBound(f.end, g)}`
        : `${f.unit} ${frameBound(f.start, g)}`,
    );
  }
  return parts.join(' ');
}

const integerTypes = /^(smallint|integer|bigint)$/;
const fractionalTypes = /^(numeric|real|double)/;

/** SQL Server truncates a fractional value cast to an integer type; PostgreSQL rounds: trunc() first. */
function castValue(expr: S.Expression, type: string, g: Generator): string {
  const value = g.expr(expr);
  return integerTypes.test(type) && fractionalTypes.test(g.typeOf(expr) ?? '') ? `trunc(${value})` : value;
}

function convert(e: S.Convert, g: Generator): string {
  const type = g.type(e.type, 'cast');
  const value = castValue(e.expr, type, g);
  const tryNote = e.try
    ? g.ctx.flag(
        'TSQL_TRY_CONVERT',
        'medium',
        e.pos,
        'TRY_CONVERT returns NULL on failure; CAST raises an error',
        'validate the input first, or write a function that catches the error',
      )
    : '';
  if (!e.style) return `${tryNote}CAST(${value} AS ${type})`;
  const style = e.style.kind === 'NumberLiteral' ? Number(e.style.text) : NaN;
  const isText = /^(varchar|char|text)/.test(type);
  const sourceType = g.typeOf(e.expr);
  const numeric = !!sourceType && /^(numeric|integer|smallint|bigint|real|double)/.test(sourceType);
  const template = numeric ? undefined : dateStyles[style];
  if (template && isText) return `${tryNote}CAST(to_char(${value}, '${template}') AS ${type})`;
  if (template && isDateTimeType(e.type.name)) {
    const parse =
      template.includes('HH24') || (template.includes('YY') && !template.includes('DD'))
        ? 'to_timestamp'
        : 'to_timestamp';
    return `${tryNote}CAST(${parse}(${value}, '${template}') AS ${type})`;
  }
  if (style === 0) return `${tryNote}CAST(${value} AS ${type})`;
  return `${tryNote}${g.ctx.flag('TSQL_CONVERT_STYLE', 'medium', e.pos, `CONVERT style ${e.style.kind === 'NumberLiteral' ? e.style.text : '(expression)'} has no PostgreSQL equivalent; the value is cast with the default format`, 'use to_char/to_timestamp with the format you need')}CAST(${value} AS ${type})`;
}

function variable(e: S.Variable, g: Generator): string {
  const name = e.name.toLowerCase();
  switch (name) {
    case '@@identity':
      return `${g.ctx.flag('TSQL_IDENTITY_VALUE', 'medium', e.pos, '@@IDENTITY -> lastval(): the last sequence value of the session, whatever table (triggers included)', 'use INSERT ... RETURNING to get the new key')}lastval()`;
    case '@@rowcount':
      return g.ctx.variables.has('@@rowcount')
        ? g.variable('@@rowcount')
        : `${g.ctx.flag('TSQL_ROWCOUNT', 'high', e.pos, '@@ROWCOUNT outside a routine body', 'use GET DIAGNOSTICS n = ROW_COUNT')}0`;
    case '@@fetch_status':
      return '(CASE WHEN FOUND THEN 0 ELSE -1 END)';
    case '@@spid':
      return 'pg_backend_pid()';
    case '@@version':
      return 'version()';
    case '@@servername':
      return 'inet_server_addr()::text';
    case '@@error':
      return `${g.ctx.flag('TSQL_ERROR_VARIABLE', 'high', e.pos, '@@ERROR has no PostgreSQL equivalent: errors raise exceptions', 'catch the error in an EXCEPTION block')}0`;
    case '@@trancount':
      return `${g.ctx.flag('TSQL_TRANCOUNT', 'high', e.pos, '@@TRANCOUNT has no PostgreSQL equivalent', 'restructure the transaction handling')}1`;
    default:
      if (name.startsWith('@@'))
        return `${g.ctx.flag('TSQL_SYSTEM_VARIABLE', 'high', e.pos, `${e.name} has no PostgreSQL equivalent`)}NULL`;
      return g.variable(e.name);
  }
}

function binary(e: S.BinaryOp, g: Generator): string {
  if (isStringConcat(e, g.ctx)) return `${g.expr(e.left)} || ${g.expr(e.right)}`;
  const op = comparison[e.op] ?? (e.op === '^' ? '#' : e.op);
  const isCompare = ['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'].includes(e.op);
  const left = (isCompare && bitLiteral(e.left, e.right, g.ctx)) || g.expr(e.left);
  const right = (isCompare && bitLiteral(e.right, e.left, g.ctx)) || g.expr(e.right);
  const wrap = (s: string, side: S.Expression) =>
    side.kind === 'BinaryOp' && precedence(side.op) < precedence(e.op) ? `(${s})` : s;
  return `${wrap(left, e.left)} ${op} ${wrap(right, e.right)}`;
}

function precedence(op: S.BinaryOperator): number {
  if (op === 'OR') return 1;
  if (op === 'AND') return 2;
  if (['=', '<>', '!=', '<', '>', '<=', '>=', '!<', '!>'].includes(op)) return 3;
  if (op === '+' || op === '-' || op === '&' || op === '|' || op === '^') return 4;
  return 5;
}

export const expressionTransforms: Transforms = {
  NumberLiteral: (e) => e.text,
  StringLiteral: (e) => quoteLiteral(e.value),
  BinaryLiteral: (e) => `'\\x${e.hex.length % 2 ? '0' : ''}${e.hex}'::bytea`,
  NullLiteral: () => 'NULL',
  DefaultValue: () => 'DEFAULT',
  ColumnRef: columnRef,
  Star: (e, g) => (e.table ? `${tableQualifier(e.table, g).sql}.*` : '*'),
  Variable: variable,
  UnaryOp: (e, g) => (e.op === 'NOT' ? `NOT ${g.expr(e.operand)}` : `${e.op}${g.expr(e.operand)}`),
  BinaryOp: binary,
  Like: (e, g) => {
    const similar = similarPattern(e);
    if (similar !== undefined)
      return `${g.expr(e.expr)} ${e.not ? 'NOT ' : ''}SIMILAR TO ${quoteLiteral(similar)}`;
    return `${g.expr(e.expr)} ${e.not ? 'NOT ' : ''}LIKE ${g.expr(e.pattern)}${e.escape ? ` ESCAPE ${g.expr(e.escape)}` : ''}`;
  },
  InList: (e, g) => `${g.expr(e.expr)} ${e.not ? 'NOT ' : ''}IN (${e.list.map((x) => g.expr(x)).join(', ')})`,
  InSubquery: (e, g) => `${g.expr(e.expr)} ${e.not ? 'NOT ' : ''}IN (${g.query(e.query)})`,
  Between: (e, g) => `${g.expr(e.expr)} ${e.not ? 'NOT ' : ''}BETWEEN ${g.expr(e.low)} AND ${g.expr(e.high)}`,
  IsNull: (e, g) => `${g.expr(e.expr)} IS ${e.not ? 'NOT ' : ''}NULL`,
  Exists: (e, g) => `EXISTS (${g.query(e.query)})`,
  QuantifiedComparison: (e, g) =>
    `${g.expr(e.left)} ${comparison[e.op] ?? e.op} ${e.quantifier === 'SOME' ? 'ANY' : e.quantifier} (${g.query(e.query)})`,
  Collate: (e, g) =>
    `${g.ctx.flag('TSQL_COLLATE', 'low', e.pos, `COLLATE ${e.collation} dropped: PostgreSQL collations have other names`, 'add a PostgreSQL COLLATE clause if the comparison depends on it')}${g.expr(e.expr)}`,
  Case: (e, g) =>
    `CASE${e.operand ? ` ${g.expr(e.operand)}` : ''} ${e.whens.map((w) => `WHEN ${g.expr(w.when)} THEN ${g.expr(w.then)}`).join(' ')}${e.else ? ` ELSE ${g.expr(e.else)}` : ''} END`,
  FunctionCall: functionCall,
  Cast: (e, g) =>
    `${e.try ? g.ctx.flag('TSQL_TRY_CAST', 'medium', e.pos, 'TRY_CAST returns NULL on failure; CAST raises an error', 'validate the input first, or write a function that catches the error') : ''}CAST(${castValue(e.expr, g.type(e.type, 'cast'), g)} AS ${g.type(e.type, 'cast')})`,
  Convert: convert,
  Parse: (e, g) =>
    `${g.ctx.flag('TSQL_PARSE', 'medium', e.pos, 'PARSE with a culture has no PostgreSQL equivalent; cast instead')}CAST(${g.expr(e.expr)} AS ${g.type(e.type, 'cast')})`,
  Subquery: (e, g) => `(${g.query(e.query)})`,
  AtTimeZone: (e, g) =>
    `${g.ctx.flag('TSQL_AT_TIME_ZONE', 'medium', e.pos, 'AT TIME ZONE takes Windows zone names in SQL Server, IANA names in PostgreSQL')}(${g.expr(e.expr)} AT TIME ZONE ${g.expr(e.zone)})`,
  MethodCall: (e, g) =>
    `${g.ctx.flag('TSQL_METHOD_CALL', 'high', e.pos, `method .${e.method.name}() (xml/hierarchyid/geography) has no PostgreSQL conversion`, 'rewrite with PostgreSQL xml/ltree/PostGIS functions')}NULL`,
  NextValueFor: (e, g) => `nextval(${quoteLiteral(g.objectName(e.sequence))})`,
};
