// INSERT / UPDATE / DELETE -> the PostgreSQL tree (pg/ast.ts PgDml). UPDATE ... FROM with inner joins
// becomes UPDATE ... FROM ... WHERE <join conditions>, DELETE ... FROM becomes DELETE ... USING; OUTPUT
// becomes RETURNING (passes/output-clause.ts), UPDATE / DELETE TOP (n) of one table a ctid IN (... LIMIT n).
// Other TOPs and table hints are action items. MERGE: lower-merge.ts.

import { xmlModifyUpdate } from './passes/xml-methods.js';
import type * as S from '@ferry/tsql';
import type { Generator } from './generator.js';
import type { Scope } from './conversion-context.js';
import { pg, type PgDml, type PgExpression, type PgNoteMark, type PgReturning } from '../pg/ast.js';
import { outputRefusal, returningList } from './passes/output-clause.js';
import { lowerFromItem, lowerWith, openScope } from './lower-query.js';
import { assignedQuery, assignedValue } from './passes/bit-literals.js';
import type { PgType } from '../pg/pg-type.js';

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

/** Runs `fn` with the written table in scope, so its columns resolve to target names. */
function withTargetScope<T>(g: Generator, table: S.ObjectName | string, fn: () => T): T {
  const scope: Scope = { aliases: new Map(), relations: [] };
  if (typeof table !== 'string') {
    const rel = g.ctx.names.relation(table.schema?.name, table.name.name);
    scope.aliases.set(table.name.name.toLowerCase(), rel);
    if (rel) scope.relations.push(rel);
  }
  g.ctx.scopes.push(scope);
  try {
    return fn();
  } finally {
    g.ctx.scopes.pop();
  }
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
): { target: string; value: PgExpression } {
  const target =
    typeof a.target === 'string' ? g.variableIdent(a.target) : columnName(table, a.target.column.name, g);
  if (a.op === '=') {
    const type = typeof a.target === 'string' ? undefined : columnType(table, a.target.column.name, g);
    return { target, value: assignedValue(g.lower(a.expr), type) };
  }
  const current: S.Expression =
    typeof a.target === 'string' ? { kind: 'Variable', pos: a.pos, name: a.target } : a.target;
  const op = compoundOperators[a.op];
  return { target, value: g.lower({ kind: 'BinaryOp', pos: a.pos, op, left: current, right: a.expr }) };
}

export function dmlMarks(s: S.Insert | S.Update | S.Delete | S.Merge, g: Generator): PgNoteMark[] {
  const marks: PgNoteMark[] = [];
  const refusal = s.kind !== 'Merge' && s.output ? outputRefusal(s, s.output, g) : undefined;
  if (refusal && s.output)
    marks.push(g.ctx.mark('TSQL_OUTPUT_CLAUSE', 'medium', s.output.pos, refusal, 'rewrite with RETURNING'));
  if (s.top && !rowLimited(s))
    marks.push(
      g.ctx.mark(
        'TSQL_DML_TOP',
        'high',
        s.top.pos,
        'TOP in INSERT/UPDATE/DELETE has no PostgreSQL equivalent',
      ),
    );
  if (s.hints.length)
    marks.push(
      g.ctx.mark(
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
 * The WHERE of an UPDATE / DELETE TOP (n): `ctid IN (SELECT ctid FROM table WHERE where LIMIT n)`, the
 * first n rows that match, in no defined order as in SQL Server; `where` alone without TOP.
 */
function topLimited(
  s: S.Update | S.Delete,
  table: readonly string[],
  where: PgExpression | undefined,
  g: Generator,
): PgExpression | undefined {
  if (!s.top || !rowLimited(s)) return where;
  const rows = pg.selectCore([pg.name('ctid')], [pg.table(table)], where);
  const query = { ...pg.select(rows), limit: { withTies: false, count: g.lower(s.top.expr) } };
  return { kind: 'InQuery', expr: pg.name('ctid'), query, not: false };
}

/** The RETURNING list of a converted OUTPUT clause, lowered with the written table in scope. */
function returningOf(s: S.Insert | S.Update | S.Delete, g: Generator): PgReturning | undefined {
  const output = s.output;
  if (!output || outputRefusal(s, output, g)) return undefined;
  return withTargetScope(g, s.target, () => returningList(s, output, g));
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
 * The columns an INSERT without a column list fills: SQL Server leaves out the identity column (and
 * columns hidden at the source), PostgreSQL would fill the table's columns in order from the first.
 * Undefined when the table has neither (or is not in the model): no list needed.
 */
export function implicitColumns(
  target: S.ObjectName | string,
  columns: readonly S.Identifier[] | undefined,
  g: Generator,
): string[] | undefined {
  if (columns || typeof target === 'string') return undefined;
  const rel = g.ctx.names.relation(target.schema?.name, target.name.name);
  if (!rel?.columns || (!rel.identity && !rel.visible)) return undefined;
  return (rel.visible ?? rel.columns).filter((c) => c !== rel.identity?.column);
}

function insert(s: S.Insert, g: Generator, notes: PgNoteMark[]): PgDml {
  const implicit = implicitColumns(s.target, s.columns, g);
  const columns = implicit ?? s.columns?.map((c) => columnName(s.target, c.name, g));
  const types = (implicit ?? s.columns?.map((c) => c.name) ?? []).map((c) => columnType(s.target, c, g));
  const table = targetName(s.target, g);
  const returning = returningOf(s, g);
  switch (s.source.kind) {
    case 'Values': {
      const rows = s.source.rows.map((r) => r.map((e, i) => assignedValue(g.lower(e), types[i])));
      return { kind: 'Insert', notes, table, columns, source: { kind: 'Values', rows }, returning };
    }
    case 'DefaultValues':
      return { kind: 'Insert', notes, table, columns, source: { kind: 'DefaultValues' }, returning };
    case 'Select':
      return {
        kind: 'Insert',
        notes,
        table,
        columns,
        source: assignedQuery(g.select(s.source), types),
        returning,
      };
    case 'Execute': {
      const mark = g.ctx.mark(
        'TSQL_INSERT_EXEC',
        'high',
        s.source.pos,
        'INSERT ... EXEC is not converted',
        'call a set-returning function: INSERT ... SELECT * FROM f(...)',
      );
      return { kind: 'NoOp', notes: [...notes, mark] };
    }
  }
}

function update(s: S.Update, g: Generator, notes: PgNoteMark[]): PgDml {
  const modify = xmlModifyUpdate(s, g, notes);
  if (modify) return modify;
  if (s.from.length) return updateFrom(s, g, notes);
  return withTargetScope(g, s.target, () => {
    const set = s.set.map((a) => assignment(a, s.target, g));
    const name = targetName(s.target, g);
    const where = s.currentOf
      ? ({ kind: 'CurrentOf', cursor: g.ctx.names.name(s.currentOf) } as const)
      : topLimited(s, name, s.where && g.lower(s.where), g);
    const table = pg.table(name);
    return { kind: 'Update', notes, table, set, from: [], where, returning: returningOf(s, g) };
  });
}

function del(s: S.Delete, g: Generator, notes: PgNoteMark[]): PgDml {
  const aliased = s.from.length ? deleteFrom(s, g, notes) : undefined;
  if (aliased) return aliased;
  return withTargetScope(g, s.target, () => {
    const table = targetName(s.target, g);
    if (!s.from.length) {
      const where = s.currentOf
        ? ({ kind: 'CurrentOf', cursor: g.ctx.names.name(s.currentOf) } as const)
        : topLimited(s, table, s.where && g.lower(s.where), g);
      return { kind: 'Delete', notes, table, using: [], where, trailing: [], returning: returningOf(s, g) };
    }
    const using = s.from.map((f) => g.ctx.emit(lowerFromItem(f, g)));
    const where = s.where && g.lower(s.where);
    const check = g.ctx.mark(
      'TSQL_DELETE_FROM',
      'medium',
      s.pos,
      'DELETE ... FROM converted to USING: check the target table is not listed twice',
    );
    const returning = s.output && !outputRefusal(s, s.output, g) ? returningList(s, s.output, g) : undefined;
    return { kind: 'Delete', notes, table, using, where, trailing: [check], returning };
  });
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
 * UPDATE alias SET ... FROM t AS alias JOIN u ON ... WHERE ... -> UPDATE t AS alias SET ... FROM u
 * WHERE <join conditions> AND <where>, for inner joins; anything else is an action item.
 */
/**
 * The statement's target among its FROM sources (`UPDATE o ... FROM t AS o`, `DELETE o FROM t AS o`)
 * when FROM is inner joins only: the sources, the target's index among them, its reference, and the
 * join conditions with the WHERE clause as one condition. Undefined otherwise.
 */
function targetInFrom(s: S.Update | S.Delete, g: Generator) {
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
  const where = () =>
    conditions
      .map((c) => pg.paren(g.lower(c)))
      .reduce<PgExpression | undefined>((all, c) => (all ? pg.binary('AND', all, c) : c), undefined);
  return { ref, others, where };
}

function updateFrom(s: S.Update, g: Generator, notes: PgNoteMark[]): PgDml {
  const found = targetInFrom(s, g);
  if (!found) {
    const mark = g.ctx.mark(
      'TSQL_UPDATE_FROM',
      'high',
      s.pos,
      'UPDATE ... FROM with outer joins or a target outside FROM is not converted',
      'rewrite as UPDATE t SET ... FROM other WHERE join condition',
    );
    return { kind: 'NoOp', notes: [...notes, mark] };
  }
  const { ref, others, where } = found;
  openScope(s.from, g);
  try {
    const set = s.set.map((a) => assignment(a, ref.name, g));
    const from = others.map((source) => g.ctx.emit(lowerFromItem(source, g)));
    const returning = s.output && !outputRefusal(s, s.output, g) ? returningList(s, s.output, g) : undefined;
    return {
      kind: 'Update',
      notes,
      table: g.ctx.emit(lowerFromItem(ref, g)),
      set,
      from,
      where: where(),
      returning,
    };
  } finally {
    g.ctx.scopes.pop();
  }
}

/**
 * `DELETE o FROM t AS o [JOIN ...] WHERE ...` -> `DELETE FROM t AS o USING ... WHERE joins AND ...`:
 * the target named by its alias in FROM. Undefined when the target is not among inner-joined sources.
 */
function deleteFrom(s: S.Delete, g: Generator, notes: PgNoteMark[]): PgDml | undefined {
  const found = targetInFrom(s, g);
  if (!found) return undefined;
  const { ref, others, where } = found;
  openScope(s.from, g);
  try {
    // Its diagnostics are raised only when it is taken: otherwise the caller lowers it again.
    const lowered = lowerFromItem(ref, g);
    const target = lowered.node;
    if (target.kind !== 'Table') return undefined;
    g.ctx.emit(lowered);
    const using = others.map((source) => g.ctx.emit(lowerFromItem(source, g)));
    const returning = s.output && !outputRefusal(s, s.output, g) ? returningList(s, s.output, g) : undefined;
    const alias = target.alias;
    return {
      kind: 'Delete',
      notes,
      table: target.name,
      ...(alias ? { alias } : {}),
      using,
      where: where(),
      trailing: [],
      returning,
    };
  } finally {
    g.ctx.scopes.pop();
  }
}

/** The CTEs before a data-modifying statement, lowered first so that its references know them, put on it. */
export function withCtes(
  s: S.Insert | S.Update | S.Delete | S.Merge,
  g: Generator,
  lower: () => PgDml,
): PgDml {
  const w = s.with ? g.ctx.emit(lowerWith(s.with, g)) : undefined;
  const dml = lower();
  return w && dml.kind !== 'NoOp' ? { ...dml, with: w } : dml;
}

/** A data-modifying statement as the PostgreSQL tree; what cannot be converted is a marked no-op. */
export function lowerDml(s: S.Insert | S.Update | S.Delete, g: Generator): PgDml {
  const notes = dmlMarks(s, g);
  switch (s.kind) {
    case 'Insert':
      return withCtes(s, g, () => insert(s, g, notes));
    case 'Update':
      return withCtes(s, g, () => update(s, g, notes));
    case 'Delete':
      return withCtes(s, g, () => del(s, g, notes));
  }
}
