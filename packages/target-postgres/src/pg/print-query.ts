// The printer of PostgreSQL queries and data-modifying statements, beside print-expression.ts: a
// table from node kind to text for each part of a query. Names are quoted by printName.

import type {
  PgDml,
  PgReturning,
  PgDmlWhere,
  PgExpression,
  PgFromItem,
  PgGroupBy,
  PgLimit,
  PgMergeWhen,
  PgNoteMark,
  PgQueryBody,
  PgSelect,
  PgSelectCore,
  PgWith,
} from './ast.js';
import { noteComment, printExpression, printName, printOrderItem } from './print-expression.js';
import { quoteIdent } from '../ddl/identifiers.js';

type Printers<T extends { kind: string }> = { [K in T['kind']]: (node: Extract<T, { kind: K }>) => string };

const list = <T>(items: readonly T[], print: (item: T) => string) => items.map(print).join(', ');

/** The marks of an action item, one comment each, with nothing between them. */
export function notes(marks: readonly PgNoteMark[]): string {
  return marks.map((m) => noteComment(m.code, m.message)).join('');
}

const alias = (name: string | undefined) => (name === undefined ? '' : ` AS ${quoteIdent(name)}`);
const columnList = (cols: readonly string[] | undefined) => (cols ? ` (${list(cols, quoteIdent)})` : '');
const valuesRows = (rows: readonly (readonly PgExpression[])[]) =>
  `VALUES ${list(rows, (r) => `(${list(r, printExpression)})`)}`;

function printWith(w: PgWith): string {
  const ctes = list(
    w.ctes,
    (c) =>
      `${quoteIdent(c.name)}${columnList(c.columns)} AS (${c.query.kind === 'Select' ? printSelect(c.query) : printDml(c.query)})`,
  );
  return `WITH ${w.recursive ? 'RECURSIVE ' : ''}${ctes}`;
}

function printLimit(l: PgLimit): string {
  const count = printExpression(l.count);
  return l.withTies ? `FETCH FIRST ${count} ROWS WITH TIES` : `LIMIT ${count}`;
}

function printGroupBy(g: PgGroupBy): string {
  if (g.kind === 'GroupingSets')
    return ` GROUP BY GROUPING SETS (${list(g.sets, (s) => `(${list(s, printExpression)})`)})`;
  const items = list(g.items, printExpression);
  return ` GROUP BY ${g.modifier ? `${g.modifier} (${items})` : items}${notes(g.notes)}`;
}

/** A query block; PL/pgSQL's PERFORM is a SELECT whose rows are discarded. */
export function printCore(q: PgSelectCore, verb: 'SELECT' | 'PERFORM' = 'SELECT'): string {
  const cols = list(q.columns, (c) => `${printExpression(c.expr)}${alias(c.alias)}`);
  // `SELECT FROM t`: no column (EXISTS asks only whether there is a row).
  let sql = [verb, ...(q.distinct ? ['DISTINCT'] : []), ...(cols ? [cols] : [])].join(' ');
  if (q.into) sql += ` INTO ${list(q.into, printExpression)}`;
  sql += notes(q.notes);
  if (q.from.length) sql += ` FROM ${list(q.from, printFromItem)}`;
  if (q.where) sql += ` WHERE ${printExpression(q.where)}`;
  if (q.groupBy) sql += printGroupBy(q.groupBy);
  if (q.having) sql += ` HAVING ${printExpression(q.having)}`;
  return sql;
}

/** A query body; a complete query inside another is parenthesised. */
export function printQueryBody(b: PgQueryBody): string {
  switch (b.kind) {
    case 'SelectCore':
      return printCore(b);
    case 'SetOperation':
      return `${printQueryBody(b.left)} ${b.op} ${printQueryBody(b.right)}`;
    case 'Select':
      return `(${printSelect(b)})`;
  }
}

/** The SQL text of a query. */
export function printSelect(s: PgSelect): string {
  const parts: string[] = [];
  if (s.with) parts.push(printWith(s.with));
  parts.push(printQueryBody(s.body));
  if (s.orderBy.length) parts.push(`ORDER BY ${list(s.orderBy, printOrderItem)}`);
  if (s.limit) parts.push(printLimit(s.limit));
  if (s.offset) parts.push(`OFFSET ${rowCount(s.offset)} ROWS`);
  if (s.fetch) parts.push(`FETCH NEXT ${rowCount(s.fetch)} ROWS ONLY`);
  parts.push(...s.notes.map((m) => noteComment(m.code, m.message)));
  return parts.join(' ');
}

const fromPrinters: Printers<PgFromItem> = {
  Table: (t) => `${printName(t.name)}${alias(t.alias)}${t.notes.length ? ` ${notes(t.notes)}` : ''}`,
  SubqueryFrom: (t) => `(${printSelect(t.query)})${alias(t.alias)}${columnList(t.columns)}`,
  ValuesFrom: (t) => `(${valuesRows(t.rows)})${alias(t.alias)}${columnList(t.columns)}`,
  FunctionFrom: (t) => `${printExpression(t.call)}${alias(t.alias)}${columnList(t.columns)}${notes(t.notes)}`,
  Join: (t) => {
    const right = t.right.kind === 'Join' ? `(${printFromItem(t.right)})` : printFromItem(t.right);
    const on = t.on ? ` ON ${printExpression(t.on)}` : '';
    return `${printFromItem(t.left)} ${t.type} JOIN ${t.lateral ? 'LATERAL ' : ''}${notes(t.notes)}${right}${on}`;
  },
  NotedFrom: (t) => `${notes(t.notes)}${printFromItem(t.item)}`,
};

export function printFromItem(t: PgFromItem): string {
  return (fromPrinters[t.kind] as (node: PgFromItem) => string)(t);
}

function printWhere(w: PgDmlWhere | undefined): string {
  if (!w) return '';
  return w.kind === 'CurrentOf'
    ? ` WHERE CURRENT OF ${quoteIdent(w.cursor)}`
    : ` WHERE ${printExpression(w)}`;
}

function printReturning(r: PgReturning | undefined): string {
  if (!r) return '';
  return ` RETURNING ${list(r, (c) => `${printExpression(c.expr)}${c.alias ? ` AS ${quoteIdent(c.alias)}` : ''}`)}`;
}

const dmlPrinters: Printers<PgDml> = {
  Insert: (s) => {
    const source =
      s.source.kind === 'Values'
        ? valuesRows(s.source.rows)
        : s.source.kind === 'DefaultValues'
          ? 'DEFAULT VALUES'
          : printSelect(s.source);
    const onConflict = s.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '';
    return `INSERT INTO ${printName(s.table)}${columnList(s.columns)} ${source}${onConflict}${printReturning(s.returning)}`;
  },
  Update: (s) => {
    const set = list(s.set, (a) => `${quoteIdent(a.target)} = ${printExpression(a.value)}`);
    const from = s.from.length ? ` FROM ${list(s.from, printFromItem)}` : '';
    return `UPDATE ${printFromItem(s.table)} SET ${set}${from}${printWhere(s.where)}${printReturning(s.returning)}`;
  },
  Delete: (s) => {
    const using = s.using.length ? ` USING ${list(s.using, printFromItem)}` : '';
    const alias = s.alias ? ` AS ${quoteIdent(s.alias)}` : '';
    return `DELETE FROM ${printName(s.table)}${alias}${using}${printWhere(s.where)}${printReturning(s.returning)}${notes(s.trailing)}`;
  },
  Merge: (s) => {
    const whens = s.whens.map((w) => {
      const condition = w.condition ? ` AND ${printExpression(w.condition)}` : '';
      return ` WHEN ${w.match}${condition} THEN ${printMergeAction(w.action)}`;
    });
    const target = `${printName(s.table)}${alias(s.alias)}`;
    return `MERGE INTO ${target} USING ${printFromItem(s.source)} ON ${printExpression(s.on)}${whens.join('')}${printReturning(s.returning)}`;
  },
  NoOp: () => 'NULL',
};

function printMergeAction(a: PgMergeWhen['action']): string {
  switch (a.kind) {
    case 'Update':
      return `UPDATE SET ${list(a.set, (x) => `${quoteIdent(x.target)} = ${printExpression(x.value)}`)}`;
    case 'Delete':
      return 'DELETE';
    case 'Insert':
      return a.values
        ? `INSERT${columnList(a.columns)} VALUES (${list(a.values, printExpression)})`
        : `INSERT${columnList(a.columns)} DEFAULT VALUES`;
  }
}

/** The SQL text of a data-modifying statement (without the semicolon), after its marks. */
export function printDml(s: PgDml): string {
  const w = s.kind !== 'NoOp' && s.with ? `${printWith(s.with)} ` : '';
  return `${notes(s.notes)}${w}${(dmlPrinters[s.kind] as (node: PgDml) => string)(s)}`;
}

/** OFFSET n ROWS / FETCH NEXT n ROWS take a constant or a name; another expression needs parentheses. */
function rowCount(e: PgExpression): string {
  const text = printExpression(e);
  return e.kind === 'Number' || e.kind === 'Name' || e.kind === 'Paren' ? text : `(${text})`;
}
