// Name resolution for expressions: the columns visible in a FROM clause (with their table
// qualifiers), nested scopes for correlated subqueries, and the compiled-expression shape.

import type { SqlType } from '../../engine-api.js';
import type { ColumnRef, FunctionCall } from '@ferry/tsql';
import type { Value } from '../types/convert.js';
import { SqlError, invalidColumn } from '../errors.js';
import type { SessionState } from './session-state.js';
import type { MaskFunction } from '../security/masking.js';
import type { Table } from '../storage/objects.js';
import { isPseudoColumn, matchesPseudoColumn } from './graph-tables.js';

export type Row = Value[];

export interface Binding {
  /** Lower-case table alias or table name the column can be qualified with. */
  qualifier?: string;
  /** Lower-case schema of the table, for `schema.table.column`. */
  schema?: string;
  name: string;
  type: SqlType;
  nullable: boolean;
  identity?: boolean;
  computed?: boolean;
  /** Dynamic data masking: how the session reads this column (unset when it sees real values). */
  mask?: MaskFunction;
  /** A nodes() column: each value is a context node, usable only with the xml methods. */
  xmlNode?: boolean;
  /**
   * Typed xml (a column bound to an XML schema collection, or a node of one): its paths are typed by
   * the schemas, which the emulator does not read, so value() cannot tell a singleton statically.
   */
  typedXml?: boolean;
  /** A HIDDEN period column: left out of SELECT *. */
  hidden?: boolean;
  /** The base table the column is read from (full-text predicates look up its full-text index). */
  table?: Table;
}

export class Scope {
  constructor(
    readonly bindings: Binding[],
    readonly parent?: Scope,
    /** ORDER BY: the first `preferred` bindings (select-list names) win over the source columns. */
    readonly preferred = 0,
  ) {}

  /** Returns [depth, index] of a column: depth 0 is this scope, 1 its parent... */
  resolve(ref: ColumnRef): [number, number] {
    const name = ref.column.name.toLowerCase();
    const qual = ref.table?.name.name.toLowerCase();
    const schema = ref.table?.schema?.name.toLowerCase();
    let scope: Scope | undefined = this;
    for (let depth = 0; scope; depth++, scope = scope.parent) {
      let found = -1;
      scope.bindings.forEach((b, i) => {
        if (b.name.toLowerCase() !== name && !matchesPseudoColumn(name, b.name)) return;
        if (qual !== undefined && b.qualifier !== qual) return;
        if (schema !== undefined && b.schema !== undefined && b.schema !== schema) return;
        if (found >= 0 && found < scope!.preferred) return;
        if (found >= 0 && qual === undefined)
          throw new SqlError(209, `Ambiguous column name '${ref.column.name}'.`, 16);
        if (found < 0) found = i;
      });
      if (found >= 0) return [depth, found];
    }
    if (qual !== undefined && !this.hasQualifier(qual))
      throw new SqlError(4104, `The multi-part identifier "${qualifiedText(ref)}" could not be bound.`, 16);
    if (isPseudoColumn(name))
      throw new SqlError(
        40517,
        `The graph pseudo-column ${name} of a source that is not a node or edge table (a view or derived table that does not select it) is not supported by the SQL Server emulator.`,
        16,
      );
    throw invalidColumn(ref.column.name);
  }

  hasQualifier(q: string): boolean {
    for (let s: Scope | undefined = this; s; s = s.parent)
      if (s.bindings.some((b) => b.qualifier === q)) return true;
    return false;
  }
}

function qualifiedText(ref: ColumnRef): string {
  const t = ref.table!;
  return [t.database?.name, t.schema?.name, t.name.name, ref.column.name]
    .filter((x) => x !== undefined)
    .join('.');
}

export interface EvalCtx {
  session: SessionState;
  /** Rows of enclosing queries, innermost last (correlated subqueries). */
  outer: Row[];
}

export interface Compiled {
  type: SqlType;
  nullable: boolean;
  eval: (row: Row, ctx: EvalCtx) => Value;
  /** True when the value does not depend on the row (literals, variables resolved at compile time excluded). */
  constant?: boolean;
  /** The column name a bare column reference gives a select-list item. */
  name?: string;
}

export interface CompileCtx {
  scope: Scope;
  session: SessionState;
  /** Set while compiling the post-GROUP BY expressions: aggregate calls read these row slots. */
  aggregates?: Map<FunctionCall, number>;
  /** With `aggregates`: indexes of the source columns the GROUP BY lists (others may not be referenced). */
  grouped?: Set<number>;
  /** Set for the select list and ORDER BY of a query with window functions: the row slots of their values. */
  windows?: Map<FunctionCall, import('./window-functions.js').WindowSlot>;
  /** Set while an xml method compiles its target: nodes() columns may be read (493 otherwise). */
  xmlNodeAccess?: boolean;
  /** Common table expressions visible by name (lower case). */
  ctes?: Map<string, import('./query.js').QueryPlan>;
}
