// Resolves a table name in FROM to its rows: CTEs, catalog views, base tables (stored or generated,
// with key-range seeks on generated tables and equality seeks on stored ones), views (their stored
// SELECT), synonyms.

import type { Expression, TableRef } from '@ferry/tsql';
import { SqlError, invalidObject } from '../errors.js';
import { catalogView } from '../catalog/index.js';
import type { Database } from '../storage/database.js';
import type { DbObject, Module, Synonym, Table } from '../storage/objects.js';
import { convert, type Value } from '../types/convert.js';
import { isIntType, type SqlType } from '../types/sql-type.js';
import { compileExpr, conjuncts } from './expressions.js';
import { compileQuery, type Seek, type SourcePlan } from './query.js';
import { Scope, type CompileCtx, type Row } from './scope.js';
import type { SessionState } from './session-state.js';
import { triggerTableSource } from './triggers.js';
import { systemTimeRows } from './temporal-tables.js';
import { checkTableUsable } from './alter-index.js';
import { graphViewQuery } from './graph-tables.js';
import { equalitySeek } from './table-seek.js';
import { checkObjectPermission } from '../security/context.js';
import { columnMasks } from '../security/masking.js';
import { rowFilter as rowSecurityFilter } from '../security/row-security.js';

/**
 * The schema an unqualified object name resolves in, as SQL Server resolves names in a module: the
 * running procedure's, function's or trigger's schema when it has an object of that name, else dbo.
 */
export function unqualifiedSchema(session: SessionState, db: Database, name: string): string {
  const module = session.modules.at(-1);
  const own = module?.schemaId === undefined ? undefined : db.schemaById(module.schemaId);
  return own && db === session.db && db.findObject(own.schemaId, session.objectName(name)) ? own.name : 'dbo';
}

/** Finds a schema-scoped object by a possibly qualified name, unqualified as unqualifiedSchema says. */
export function lookupObject(
  session: SessionState,
  name: { name: string; schema?: string; database?: string },
): { db: Database; obj?: DbObject } {
  const db = session.objectDatabase(name.name, name.database);
  const schema = db.schema(name.schema ?? unqualifiedSchema(session, db, name.name));
  return { db, obj: schema ? db.findObject(schema.schemaId, session.objectName(name.name)) : undefined };
}

export function resolveTableSource(ref: TableRef, cc: CompileCtx): SourcePlan {
  const n = ref.name;
  const alias = (ref.alias?.name ?? n.name.name).toLowerCase();
  if (!n.schema && !n.database) {
    const cte = cc.ctes?.get(n.name.name.toLowerCase());
    if (cte)
      return {
        bindings: cte.columns.map((c) => ({
          qualifier: alias,
          name: c.name,
          type: c.type,
          nullable: c.nullable,
        })),
        rows: cte.rows,
      };
    const pseudo = triggerTableSource(cc.session, n.name.name, alias);
    if (pseudo) return pseudo;
  }
  const db = cc.session.objectDatabase(n.name.name, n.database?.name);
  const view = catalogView(n.schema?.name, n.name.name);
  if (view) {
    const schema = (n.schema?.name ?? 'dbo').toLowerCase();
    return {
      bindings: view.columns.map(([name, type, nullable]) => ({
        qualifier: alias,
        schema,
        name,
        type,
        nullable: !!nullable,
      })),
      rows: (ctx) => view.rows(db, ctx.session),
    };
  }
  const { obj } = lookupObject(cc.session, {
    name: n.name.name,
    schema: n.schema?.name,
    database: n.database?.name,
  });
  if (!obj) throw invalidObject(objectText(n));
  if (ref.systemTime) {
    if (obj.type !== 'U')
      throw new SqlError(
        40517,
        'FOR SYSTEM_TIME on a view or synonym is not supported by the SQL Server emulator.',
        16,
      );
    const plan = tableSource(obj as Table, alias, db.schemaById(obj.schemaId)!.name.toLowerCase(), cc, db);
    return {
      bindings: plan.bindings,
      source: plan.source,
      rows: systemTimeRows(db, obj as Table, ref.systemTime, cc),
    };
  }
  return objectSource(obj, db, alias, cc, 0);
}

function objectText(n: TableRef['name']): string {
  return [n.database?.name, n.schema?.name, n.name.name].filter((x) => x !== undefined).join('.');
}

function objectSource(obj: DbObject, db: Database, alias: string, cc: CompileCtx, depth: number): SourcePlan {
  const schema = db.schemaById(obj.schemaId)!.name.toLowerCase();
  if (obj.type === 'U') return tableSource(obj as Table, alias, schema, cc, db);
  if (obj.type === 'V') {
    const m = obj as Module;
    if (!m.query)
      throw new SqlError(4413, `Could not use view or function '${obj.name}' because of binding errors.`, 16);
    checkObjectPermission(cc.session, db, 'SELECT', obj);
    const saved = cc.session.db;
    cc.session.db = db;
    cc.session.ownershipChain++;
    try {
      let plan = compileQuery(m.query, cc.session);
      const visible = plan.columns.length;
      const graph = graphViewQuery(m.query, plan.columns, (ref) => {
        const found = lookupObject(cc.session, {
          name: ref.name.name.name,
          schema: ref.name.schema?.name,
          database: ref.name.database?.name,
        }).obj;
        return found?.type === 'U' ? (found as Table) : undefined;
      });
      if (graph) plan = compileQuery(graph, cc.session);
      return {
        bindings: plan.columns.map((c, i) => ({
          qualifier: alias,
          schema,
          name: c.name,
          type: c.type,
          nullable: c.nullable,
          ...(i >= visible ? { hidden: true } : {}),
        })),
        rows: plan.rows,
      };
    } finally {
      cc.session.ownershipChain--;
      cc.session.db = saved;
    }
  }
  if (obj.type === 'SN' && depth < 5) {
    const parts = (obj as Synonym).baseObjectName.split('.').map((p) => p.replace(/^\[|\]$/g, ''));
    const name = parts[parts.length - 1];
    const sch = parts.length >= 2 ? parts[parts.length - 2] : 'dbo';
    const target = db.findObject(db.schema(sch)?.schemaId ?? -1, name);
    if (!target) throw invalidObject((obj as Synonym).baseObjectName);
    return objectSource(target, db, alias, cc, depth + 1);
  }
  throw invalidObject(obj.name);
}

function tableSource(t: Table, alias: string, schema: string, cc: CompileCtx, db: Database): SourcePlan {
  if (!t.generated) checkObjectPermission(cc.session, db, 'SELECT', t);
  checkTableUsable(db, t);
  const masks = columnMasks(cc.session, db, t);
  const bindings = t.columns.map((c, i) => ({
    qualifier: alias,
    schema,
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    identity: !!c.identity,
    computed: !!c.computed,
    ...(c.hidden ? { hidden: true } : {}),
    ...(masks?.[i] ? { mask: masks[i] } : {}),
    ...(c.xmlCollectionId !== undefined ? { typedXml: true } : {}),
    table: t,
  }));
  const source = `${schema}.${t.name}`;
  const gen = t.generated;
  if (gen) {
    const keyIndex = t.columns.findIndex((c) => c.name.toLowerCase() === gen.key.toLowerCase());
    return {
      bindings,
      source,
      rows: () => scanColumns(t, 0, gen.rows, undefined),
      keyOrder: keyIndex,
      project: (needed, reuse) => () => scanColumns(t, 0, gen.rows, needed, reuse),
      seekable: (where, needed, reuse) => keySeek(where, keyIndex, alias, t, cc, needed, reuse),
    };
  }
  const visible = rowSecurityFilter(cc.session, db, t);
  return {
    bindings,
    source,
    seekable: (where) => equalitySeek(where, t, bindings, cc, visible),
    rows: function* (ctx) {
      const rows = t.rows;
      const n = rows.length;
      for (let i = 0; i < n; i++) if (!visible || visible(rows[i], ctx)) yield rows[i];
    },
  };
}

/**
 * Generated rows [from, to) in key order, with only the `needed` columns generated (others null).
 * With `reuse`, one row array is refilled for every row: only for consumers that keep no row.
 */
function scanColumns(
  t: Table,
  from: number,
  to: number,
  needed: Set<number> | undefined,
  reuse = false,
): Iterable<Row> {
  const gen = t.generated!;
  const width = t.columns.length;
  const slots = needed ? [...needed].sort((a, b) => a - b) : t.columns.map((_, i) => i);
  const generators = slots.map((i) => gen.columns[i].generate);
  return { [Symbol.iterator]: () => new GeneratedRows(from, to, width, slots, generators, reuse) };
}

/** The iterator of a generated scan: a plain object (no generator), one result object for every step. */
class GeneratedRows implements Iterator<Row> {
  private readonly result: IteratorResult<Row> = { done: false, value: [] };
  private row: Row;

  constructor(
    private i: number,
    private readonly to: number,
    private readonly width: number,
    private readonly slots: number[],
    private readonly generators: ((i: number) => unknown)[],
    private readonly reuse: boolean,
  ) {
    this.row = new Array(width).fill(null);
  }

  next(): IteratorResult<Row> {
    const i = this.i;
    if (i >= this.to) return { done: true, value: undefined };
    this.i = i + 1;
    const row = this.reuse ? this.row : new Array(this.width).fill(null);
    const { slots, generators } = this;
    for (let j = 0; j < slots.length; j++) row[slots[j]] = generators[j](i) as Value;
    this.result.value = row;
    return this.result;
  }
}

/**
 * A key-range seek from the top-level AND conjuncts `key op value` of a WHERE, the values evaluated
 * once per scan (constants, parameters, variables: they cannot name a column). `exact` when every
 * conjunct is such a bound of an integer type: the range then selects exactly the rows the WHERE
 * would keep (keys are integers below 2^53, so a double bound orders them exactly), and the WHERE
 * need not be evaluated per row.
 */
function keySeek(
  where: Expression,
  keyIndex: number,
  alias: string,
  t: Table,
  cc: CompileCtx,
  needed?: Set<number>,
  reuse?: boolean,
): Seek | undefined {
  const gen = t.generated!;
  const keyName = t.columns[keyIndex].name.toLowerCase();
  const isKey = (e: Expression) =>
    e.kind === 'ColumnRef' &&
    e.column.name.toLowerCase() === keyName &&
    (!e.table || e.table.name.name.toLowerCase() === alias);
  const bounds: { op: string; value: ReturnType<typeof compileExpr> }[] = [];
  const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=' };
  const all = conjuncts(where);
  for (const c of all) {
    if (c.kind === 'BinaryOp' && flip[c.op]) {
      const valueSide = isKey(c.left) ? c.right : isKey(c.right) ? c.left : undefined;
      if (!valueSide || valueSide.kind === 'ColumnRef') continue;
      try {
        bounds.push({
          op: isKey(c.left) ? c.op : flip[c.op],
          value: compileExpr(valueSide, { ...cc, scope: new Scope([]) }),
        });
      } catch {
        /* not a constant expression: no seek */
      }
    } else if (c.kind === 'Between' && !c.not && isKey(c.expr)) {
      try {
        const empty = new Scope([]);
        bounds.push({ op: '>=', value: compileExpr(c.low, { ...cc, scope: empty }) });
        bounds.push({ op: '<=', value: compileExpr(c.high, { ...cc, scope: empty }) });
      } catch {
        /* no seek */
      }
    }
  }
  if (!bounds.length) return undefined;
  const integral = (t: SqlType) =>
    isIntType(t) || ((t.name === 'numeric' || t.name === 'decimal') && (t.scale ?? 0) === 0);
  const betweens = all.filter((c) => c.kind === 'Between').length;
  const exact = bounds.length === all.length + betweens && bounds.every((b) => integral(b.value.type));
  return {
    exact,
    rows: (ctx) => {
      let lo: number | undefined;
      let hi: number | undefined;
      for (const b of bounds) {
        const v: Value = b.value.eval([], ctx);
        if (v === null) return [];
        const x = Number(convert(v, b.value.type, { name: 'float' }, 0, ctx.session));
        const l = b.op === '>' ? Math.floor(x) + 1 : b.op === '>=' || b.op === '=' ? Math.ceil(x) : undefined;
        const h = b.op === '<' ? Math.ceil(x) : b.op === '<=' || b.op === '=' ? Math.floor(x) + 1 : undefined;
        if (l !== undefined) lo = lo === undefined ? l : Math.max(lo, l);
        if (h !== undefined) hi = hi === undefined ? h : Math.min(hi, h);
      }
      const [from, to] = gen.indexRange(lo, hi);
      return scanColumns(t, from, to, needed, reuse);
    },
  };
}

export type { SessionState };
