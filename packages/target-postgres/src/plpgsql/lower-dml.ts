// INSERT / UPDATE / DELETE -> the PostgreSQL tree (pg/ast.ts PgDml). UPDATE ... FROM with inner joins
// becomes UPDATE ... FROM ... WHERE <join conditions>, DELETE ... FROM becomes DELETE ... USING; OUTPUT
// becomes RETURNING (passes/output-clause.ts), UPDATE / DELETE TOP (n) of one table a ctid IN (... LIMIT n).
// Other TOPs and table hints are action items. MERGE: lower-merge.ts.

import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { Scope } from './conversion-context.js';
import {
  pg,
  type PgDml,
  type PgDmlWhere,
  type PgExpression,
  type PgNoteMark,
  type PgReturning,
} from '../pg/ast.js';
import type { PgType } from '../pg/pg-type.js';
import { outputRefusal, returningList } from './passes/output-clause.js';
import { xmlModifyUpdate } from './passes/xml-methods.js';
import { lowerFromItem, lowerSelect, lowerWith, scopeOf } from './lower-query.js';
import { lowerExpression } from './lower-expression.js';
import { assignedQuery, assignedValue } from './passes/bit-literals.js';
import { Diagnostics, lowered, type Lowered } from './lowered.js';

/** The table (or `@t`, `#temp`) a statement writes, as name parts. */
export function targetName(t: S.ObjectName | string, g: Generator): string[] {
  if (typeof t === 'string') return [g.variableIdent(t)];
  if (t.name.name.startsWith('#')) return [g.ctx.names.name(t.name.name.replace(/^#+/, ''))];
  return g.objectNameParts(t);
}

export function columnName(table: S.ObjectName | string, col: string, g: Generator): string {
  if (typeof table !== 'string') {
    const c = g.ctx.names.relation(table.schema?.name, table.name.name)?.column(col);
    if (c) return c.name;
  }
  return g.ctx.names.name(col);
}

/** A generator with the written table in scope, so its columns resolve to target names. */
function targetScope(g: Generator, table: S.ObjectName | string): Generator {
  const scope: Scope = { aliases: new Map(), relations: [] };
  if (typeof table !== 'string') {
    const rel = g.ctx.names.relation(table.schema?.name, table.name.name);
    scope.aliases.set(table.name.name.toLowerCase(), rel);
    if (rel) scope.relations.push(rel);
  }
  return g.withScope(scope);
}

/** The operator of a compound assignment `x op= y`. */
export const compoundOperators: Record<Exclude<S.AssignOperator, '='>, S.BinaryOperator> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '/=': '/',
  '%=': '%',
  '&=': '&',
  '|=': '|',
  '^=': '^',
};

/** `SET col = value`; `col op= value` is `col = col op value`, lowered as T-SQL would compute it. */
export function assignment(
  a: S.UpdateAssignment,
  table: S.ObjectName | string,
  g: Generator,
): Lowered<{ target: string; value: PgExpression }> {
  const written =
    typeof a.target === 'string'
      ? {
          target: g.variableIdent(a.target),
          current: { kind: 'Variable', pos: a.pos, name: a.target } as const,
        }
      : {
          target: columnName(table, a.target.column.name, g),
          current: a.target,
          type: columnType(table, a.target.column.name, g),
        };
  if (a.op === '=') {
    const value = lowerExpression(a.expr, g);
    return lowered(
      { target: written.target, value: assignedValue(value.node, written.type) },
      value.diagnostics,
    );
  }
  const op = compoundOperators[a.op];
  const value = lowerExpression(
    { kind: 'BinaryOp', pos: a.pos, op, left: written.current, right: a.expr },
    g,
  );
  return lowered({ target: written.target, value: value.node }, value.diagnostics);
}

/**
 * The marks before a data-modifying statement: its OUTPUT clause refused (`outputRefused`, why), a TOP
 * not converted, table hints dropped.
 */
export function dmlMarks(
  s: S.Insert | S.Update | S.Delete | S.Merge,
  outputRefused: string | undefined,
  d: Diagnostics,
): PgNoteMark[] {
  const marks: PgNoteMark[] = [];
  if (outputRefused && s.output)
    marks.push(d.mark('TSQL_OUTPUT_CLAUSE', 'medium', s.output.pos, outputRefused, 'rewrite with RETURNING'));
  if (s.top && !rowLimited(s))
    marks.push(
      d.mark('TSQL_DML_TOP', 'high', s.top.pos, 'TOP in INSERT/UPDATE/DELETE has no PostgreSQL equivalent'),
    );
  if (s.hints.length)
    marks.push(
      d.mark(
        'TSQL_TABLE_HINT',
        'low',
        s.hints[0]!.pos,
        `table hint ${s.hints.map((h) => h.name).join(', ')} dropped`,
      ),
    );
  return marks;
}

/** UPDATE / DELETE TOP (n) of one table (no FROM, no cursor, no PERCENT or WITH TIES): converted by topLimited. */
function rowLimited(s: S.Insert | S.Update | S.Delete | S.Merge): boolean {
  if (s.kind === 'Insert' || s.kind === 'Merge') return false;
  return !!s.top && !s.top.percent && !s.top.withTies && !s.from.length && !s.currentOf;
}

/**
 * The WHERE of an UPDATE / DELETE of one table: WHERE CURRENT OF a cursor; with TOP (n), `ctid IN
 * (SELECT ctid FROM table WHERE where LIMIT n)`, the first n rows that match, in no defined order as in
 * SQL Server; else its WHERE clause.
 */
function rowsWhere(
  s: S.Update | S.Delete,
  table: readonly string[],
  g: Generator,
  d: Diagnostics,
): PgDmlWhere | undefined {
  if (s.currentOf) return { kind: 'CurrentOf', cursor: g.ctx.names.name(s.currentOf) };
  const where = s.where && d.take(lowerExpression(s.where, g));
  if (!s.top || !rowLimited(s)) return where;
  const rows = pg.selectCore([pg.name('ctid')], [pg.table(table)], where);
  const query = {
    ...pg.select(rows),
    limit: { withTies: false, count: d.take(lowerExpression(s.top.expr, g)) },
  };
  return { kind: 'InQuery', expr: pg.name('ctid'), query, not: false };
}

/** The PostgreSQL type of a column of the written table, when the model has it. */
export function columnType(table: S.ObjectName | string, col: string, g: Generator): PgType | undefined {
  if (typeof table === 'string') {
    const name = g.ctx.names.name(col);
    return g.ctx.variables.get(table.toLowerCase())?.columns?.find((c) => c.name === name)?.type;
  }
  return g.ctx.names.relation(table.schema?.name, table.name.name)?.column(col)?.type;
}

/**
 * The columns an INSERT (or a MERGE's INSERT) fills and the types its values are fitted to. Without a
 * column list, SQL Server leaves out the identity column (and columns hidden at the source), PostgreSQL
 * would fill the table's columns in order from the first: they are listed. No list when the table has
 * neither (or is not in the model).
 */
export function insertColumns(
  target: S.ObjectName | string,
  columns: readonly S.Identifier[] | undefined,
  g: Generator,
): { columns: string[] | undefined; types: (PgType | undefined)[] } {
  const implicit = implicitColumns(target, columns, g);
  return {
    columns: implicit ?? columns?.map((c) => columnName(target, c.name, g)),
    types: (implicit ?? columns?.map((c) => c.name) ?? []).map((c) => columnType(target, c, g)),
  };
}

function implicitColumns(
  target: S.ObjectName | string,
  columns: readonly S.Identifier[] | undefined,
  g: Generator,
): string[] | undefined {
  if (columns || typeof target === 'string') return undefined;
  const rel = g.ctx.names.relation(target.schema?.name, target.name.name);
  if (!rel?.columns || (!rel.identity && !rel.visible)) return undefined;
  return (rel.visible ?? rel.columns).filter((c) => c !== rel.identity?.column);
}

/** What the lowering of one INSERT / UPDATE / DELETE shares: its diagnostics, its marks, its RETURNING. */
interface DmlParts {
  readonly d: Diagnostics;
  readonly notes: PgNoteMark[];
  /** The RETURNING list of the OUTPUT clause, lowered by `g`; undefined without one or when refused. */
  returning(g: Generator): PgReturning | undefined;
}

function insert(s: S.Insert, g: Generator, p: DmlParts): PgDml {
  const { columns, types } = insertColumns(s.target, s.columns, g);
  const table = targetName(s.target, g);
  const returning = p.returning(targetScope(g, s.target));
  const dml = { kind: 'Insert', notes: p.notes, table, columns } as const;
  switch (s.source.kind) {
    case 'Values': {
      const rows = s.source.rows.map((r) =>
        r.map((e, i) => assignedValue(p.d.take(lowerExpression(e, g)), types[i])),
      );
      return { ...dml, source: { kind: 'Values', rows }, returning };
    }
    case 'DefaultValues':
      return { ...dml, source: { kind: 'DefaultValues' }, returning };
    case 'Select':
      return { ...dml, source: assignedQuery(p.d.take(lowerSelect(s.source, g)), types), returning };
    case 'Execute': {
      const mark = p.d.mark(
        'TSQL_INSERT_EXEC',
        'high',
        s.source.pos,
        'INSERT ... EXEC is not converted',
        'call a set-returning function: INSERT ... SELECT * FROM f(...)',
      );
      return { kind: 'NoOp', notes: [...p.notes, mark] };
    }
  }
}

function update(s: S.Update, g: Generator, p: DmlParts): PgDml {
  const modify = xmlModifyUpdate(s, p.notes);
  if (modify) return p.d.take(modify);
  if (s.from.length) return updateFrom(s, g, p);
  const inner = targetScope(g, s.target);
  const set = s.set.map((a) => p.d.take(assignment(a, s.target, inner)));
  const name = targetName(s.target, inner);
  const where = rowsWhere(s, name, inner, p.d);
  const table = pg.table(name);
  return { kind: 'Update', notes: p.notes, table, set, from: [], where, returning: p.returning(inner) };
}

function del(s: S.Delete, g: Generator, p: DmlParts): PgDml {
  const aliased = s.from.length ? deleteFrom(s, g, p) : undefined;
  if (aliased) return aliased;
  const inner = targetScope(g, s.target);
  const table = targetName(s.target, inner);
  if (!s.from.length) {
    const where = rowsWhere(s, table, inner, p.d);
    return {
      kind: 'Delete',
      notes: p.notes,
      table,
      using: [],
      where,
      trailing: [],
      returning: p.returning(inner),
    };
  }
  const using = s.from.map((f) => p.d.take(lowerFromItem(f, inner)));
  const where = s.where && p.d.take(lowerExpression(s.where, inner));
  const check = p.d.mark(
    'TSQL_DELETE_FROM',
    'medium',
    s.pos,
    'DELETE ... FROM converted to USING: check the target table is not listed twice',
  );
  return {
    kind: 'Delete',
    notes: p.notes,
    table,
    using,
    where,
    trailing: [check],
    returning: p.returning(inner),
  };
}

interface ChainLink {
  source: S.TableSource;
  on?: S.Expression;
}

/** INNER-joined sources of a FROM element, left to right, with their ON conditions. */
function innerChain(t: S.TableSource, out: ChainLink[]): boolean {
  if (t.kind !== 'Join') {
    out.push({ source: t });
    return true;
  }
  if (t.joinType !== 'INNER' && t.joinType !== 'CROSS') return false;
  if (!innerChain(t.left, out)) return false;
  const right: ChainLink[] = [];
  if (!innerChain(t.right, right)) return false;
  out.push(...right);
  const last = out[out.length - 1]!;
  if (t.on)
    out[out.length - 1] = {
      ...last,
      on: last.on ? { kind: 'BinaryOp', pos: t.pos, op: 'AND', left: last.on, right: t.on } : t.on,
    };
  return true;
}

/**
 * The statement's target among its FROM sources (`UPDATE o ... FROM t AS o`, `DELETE o FROM t AS o`)
 * when FROM is inner joins only: the target's reference, the other sources, and the join conditions
 * with the WHERE clause. Undefined otherwise.
 */
function targetInFrom(s: S.Update | S.Delete) {
  const chain: ChainLink[] = [];
  const ok = s.from.every((f) => innerChain(f, chain));
  const targetName = (typeof s.target === 'string' ? s.target : s.target.name.name).toLowerCase();
  const index = chain.findIndex(
    (c) =>
      c.source.kind === 'TableRef' &&
      (c.source.alias?.name ?? c.source.name.name.name).toLowerCase() === targetName,
  );
  const ref = chain[index]?.source;
  if (!ok || ref?.kind !== 'TableRef') return undefined;
  const others = chain.filter((_, i) => i !== index).map((c) => c.source);
  const conditions = [...chain.flatMap((c) => (c.on ? [c.on] : [])), ...(s.where ? [s.where] : [])];
  return { ref, others, conditions };
}

/** Conditions as one: each in parentheses, joined by AND. */
function allOf(conditions: readonly S.Expression[], g: Generator, d: Diagnostics): PgExpression | undefined {
  return conditions
    .map((c) => pg.paren(d.take(lowerExpression(c, g))))
    .reduce<PgExpression | undefined>((all, c) => (all ? pg.binary('AND', all, c) : c), undefined);
}

/**
 * UPDATE alias SET ... FROM t AS alias JOIN u ON ... WHERE ... -> UPDATE t AS alias SET ... FROM u
 * WHERE <join conditions> AND <where>, for inner joins; anything else is an action item.
 */
function updateFrom(s: S.Update, g: Generator, p: DmlParts): PgDml {
  const found = targetInFrom(s);
  if (!found && typeof s.target !== 'string' && !namedInFrom(s.target, s.from))
    return updateJoined(s, s.target, g, p);
  if (!found) {
    const mark = p.d.mark(
      'TSQL_UPDATE_FROM',
      'high',
      s.pos,
      'UPDATE ... FROM with outer joins or a target outside FROM is not converted',
      'rewrite as UPDATE t SET ... FROM other WHERE join condition',
    );
    return { kind: 'NoOp', notes: [...p.notes, mark] };
  }
  const { ref, others, conditions } = found;
  const inner = g.withScope(scopeOf(s.from, g));
  const set = s.set.map((a) => p.d.take(assignment(a, ref.name, inner)));
  const from = others.map((source) => p.d.take(lowerFromItem(source, inner)));
  const returning = p.returning(inner);
  const table = p.d.take(lowerFromItem(ref, inner));
  return {
    kind: 'Update',
    notes: p.notes,
    table,
    set,
    from,
    where: allOf(conditions, inner, p.d),
    returning,
  };
}

/** Whether a FROM source is named (by alias or table name) as `target` is. */
function namedInFrom(target: S.ObjectName, from: readonly S.TableSource[]): boolean {
  const name = target.name.name.toLowerCase();
  const named = (t: S.TableSource): boolean =>
    t.kind === 'Join'
      ? named(t.left) || named(t.right)
      : ('alias' in t && t.alias?.name.toLowerCase() === name) ||
        (t.kind === 'TableRef' && t.name.name.name.toLowerCase() === name);
  return from.some(named);
}

/**
 * `UPDATE t SET ... FROM others WHERE ...` with `t` not among the FROM sources: SQL Server joins the
 * table with them as PostgreSQL's UPDATE ... FROM does, so it is written the same.
 */
function updateJoined(s: S.Update, target: S.ObjectName, g: Generator, p: DmlParts): PgDml {
  const ref: S.TableRef = { kind: 'TableRef', pos: target.pos, name: target, hints: [] };
  const inner = g.withScope(scopeOf([ref, ...s.from], g));
  const set = s.set.map((a) => p.d.take(assignment(a, target, inner)));
  const from = s.from.map((source) => p.d.take(lowerFromItem(source, inner)));
  const where = s.where && p.d.take(lowerExpression(s.where, inner));
  const returning = p.returning(inner);
  return {
    kind: 'Update',
    notes: p.notes,
    table: pg.table(targetName(target, inner)),
    set,
    from,
    where,
    returning,
  };
}

/**
 * `DELETE o FROM t AS o [JOIN ...] WHERE ...` -> `DELETE FROM t AS o USING ... WHERE joins AND ...`:
 * the target named by its alias in FROM. Undefined when the target is not among inner-joined sources.
 */
function deleteFrom(s: S.Delete, g: Generator, p: DmlParts): PgDml | undefined {
  const found = targetInFrom(s);
  if (!found) return undefined;
  const { ref, others, conditions } = found;
  const inner = g.withScope(scopeOf(s.from, g));
  // Its diagnostics are taken only when it is the target: otherwise the caller lowers the statement another way.
  const target = lowerFromItem(ref, inner);
  const { node } = target;
  if (node.kind !== 'Table') return undefined;
  p.d.take(target);
  const using = others.map((source) => p.d.take(lowerFromItem(source, inner)));
  const returning = p.returning(inner);
  return {
    kind: 'Delete',
    notes: p.notes,
    table: node.name,
    ...(node.alias ? { alias: node.alias } : {}),
    using,
    where: allOf(conditions, inner, p.d),
    trailing: [],
    returning,
  };
}

/** The CTEs before a data-modifying statement, lowered first, put on it; `lower` lowers it with them in scope. */
export function withCtes(
  s: S.Insert | S.Update | S.Delete | S.Merge,
  outer: Generator,
  d: Diagnostics,
  lower: (g: Generator) => PgDml,
): PgDml {
  const w = d.take(lowerWith(s.with ?? [], outer));
  const dml = lower(w.g);
  return w.clause && dml.kind !== 'NoOp' ? { ...dml, with: w.clause } : dml;
}

/** A data-modifying statement as the PostgreSQL tree; what cannot be converted is a marked no-op. */
export function lowerDml(s: S.Insert | S.Update | S.Delete, g: Generator): Lowered<PgDml> {
  const d = new Diagnostics();
  const output = s.output;
  const refused = output && outputRefusal(s, output, g);
  const p: DmlParts = {
    d,
    notes: dmlMarks(s, refused, d),
    returning: (inner) => (output && !refused ? d.take(returningList(s, output, inner)) : undefined),
  };
  switch (s.kind) {
    case 'Insert':
      return d.result(withCtes(s, g, d, (inner) => insert(s, inner, p)));
    case 'Update':
      return d.result(withCtes(s, g, d, (inner) => update(s, inner, p)));
    case 'Delete':
      return d.result(withCtes(s, g, d, (inner) => del(s, inner, p)));
  }
}
