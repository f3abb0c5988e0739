// Equality seeks on stored tables: a WHERE conjunct `column = value`, whose value does not read the
// table (a constant, a variable, a column of an outer query), reads the rows holding that value from
// a hash index of the column instead of scanning the table. A correlated subquery or a lookup in a
// loop then costs one probe, not a pass over the table. The index lives as long as the table's rows:
// rows appended are added to it, any other change (a new rows array, a rollback) builds it anew.
// The WHERE still runs on the rows found (the seek only narrows them).

import type { Expression } from '@ferry/tsql';
import type { Table } from '../storage/objects.js';
import { convert, type Value } from '../types/convert.js';
import { isCharType, type SqlType } from '../types/sql-type.js';
import { valueKey } from './compare.js';
import { commonType, compileExpr, conjuncts } from './expressions.js';
import { columnRefs, visitExpr, type Seek } from './query.js';
import { Scope, type Binding, type CompileCtx, type Compiled, type EvalCtx, type Row } from './scope.js';

interface ColumnIndex {
  rows: Row[];
  /** How many of `rows` are indexed, and the last of them (an undo that truncated the array changes it). */
  length: number;
  last: Row | undefined;
  byKey: Map<string, Row[]>;
}

const indexes = new WeakMap<Table, Map<string, ColumnIndex>>();

/** Values evaluated once per scan: no subquery, function call (NEWID(), RAND()...) or sequence. */
const PER_ROW = new Set(['Subquery', 'Exists', 'InSubquery', 'FunctionCall', 'NextValueFor', 'MethodCall']);

/** The seek a WHERE allows on `t` (scanned as `bindings`), if one of its conjuncts is `column = value`. */
export function equalitySeek(
  where: Expression,
  t: Table,
  bindings: Binding[],
  cc: CompileCtx,
  visible: ((row: Row, ctx: EvalCtx) => boolean) | undefined,
): Seek | undefined {
  const own = new Scope(bindings);
  const outer = new Scope([], cc.scope.bindings.length || cc.scope.parent ? cc.scope : undefined);
  const column = (e: Expression): number | undefined => {
    if (e.kind !== 'ColumnRef') return undefined;
    try {
      const [, i] = own.resolve(e);
      return i;
    } catch {
      return undefined;
    }
  };
  const readsTable = (e: Expression) => columnRefs(e).some((r) => column(r) !== undefined);
  for (const c of conjuncts(where)) {
    if (c.kind !== 'BinaryOp' || c.op !== '=') continue;
    const at = column(c.left) ?? column(c.right);
    if (at === undefined) continue;
    const valueSide = column(c.left) !== undefined ? c.right : c.left;
    let perRow = false;
    visitExpr(valueSide, (n) => {
      if (PER_ROW.has(n.kind)) perRow = true;
    });
    if (perRow || readsTable(valueSide)) continue;
    let value: Compiled;
    try {
      value = compileExpr(valueSide, { ...cc, scope: outer, aggregates: undefined, grouped: undefined });
    } catch {
      continue;
    }
    const columnType = bindings[at].type;
    const type = commonType(columnType, value.type);
    const keyOf = (v: Value, from: SqlType, ctx: EvalCtx): string | undefined =>
      v === null
        ? undefined
        : valueKey(isCharType(type) && isCharType(from) ? v : convert(v, from, type, 0, ctx.session), type);
    const name = `${at}|${type.name}|${type.collation ?? ''}|${type.precision ?? ''}|${type.scale ?? ''}`;
    return {
      exact: false,
      rows: (ctx) => {
        const key = keyOf(value.eval([], ctx), value.type, ctx);
        if (key === undefined) return [];
        const found = columnIndex(t, name, at, (v) => keyOf(v, columnType, ctx)).byKey.get(key) ?? [];
        return visible ? found.filter((r) => visible(r, ctx)) : found;
      },
    };
  }
  return undefined;
}

/** The index of column `at` of `t` under `name` (its comparison type), brought up to date. */
function columnIndex(
  t: Table,
  name: string,
  at: number,
  keyOf: (v: Value) => string | undefined,
): ColumnIndex {
  let byName = indexes.get(t);
  if (!byName) indexes.set(t, (byName = new Map()));
  let index = byName.get(name);
  const rows = t.rows;
  const current =
    index &&
    index.rows === rows &&
    rows.length >= index.length &&
    (index.length === 0 || rows[index.length - 1] === index.last);
  if (!index || !current) {
    index = { rows, length: 0, last: undefined, byKey: new Map() };
    byName.set(name, index);
  }
  for (let i = index.length; i < rows.length; i++) {
    const k = keyOf(rows[i][at]);
    if (k === undefined) continue;
    const list = index.byKey.get(k);
    if (list) list.push(rows[i]);
    else index.byKey.set(k, [rows[i]]);
  }
  index.length = rows.length;
  index.last = rows[rows.length - 1];
  return index;
}
