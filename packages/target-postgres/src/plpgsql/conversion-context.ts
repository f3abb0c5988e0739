// What the generator reads while it lowers one object: names, scopes of table aliases, the variables
// of the statement being lowered, and the object its diagnostics become action items of. A new scope,
// body flow, statement's CTEs (each CTE's columns once its query is lowered) or OUTPUT clause is a
// new context: nothing is added to a context in place.

import type { ActionItem } from '@ferry/core';
import type { QuerySpec } from '@ferry/tsql';
import type { NameResolver, TargetRelation } from './name-resolver.js';
import type { PgColumnDefinition, PgExpression } from '../pg/ast.js';
import type { PgType } from '../pg/pg-type.js';
import type { Diagnostic } from './lowered.js';

export interface Scope {
  /** Lower-cased alias or table name -> the relation (undefined: a derived table, CTE or view). */
  aliases: Map<string, TargetRelation | undefined>;
  /** Tables of the FROM clause in order (for unqualified columns). */
  relations: TargetRelation[];
}

export interface Variable {
  /** PL/pgSQL name (unquoted). */
  name: string;
  /** Absent for a table variable (a temporary table). */
  type?: PgType;
  /** The T-SQL type name as declared, e.g. `datetime` (several T-SQL types map to one PostgreSQL type). */
  sourceType?: string;
  /** A table variable of a table type: the type's composite (as an argument it is an array of it). */
  rowType?: PgType;
  /** A table variable's columns (target names and types): what is written to them is fitted to them. */
  columns?: readonly PgColumnDefinition[];
}

/** A trigger function's transition tables: what `inserted`/`deleted` are, and the trigger's source table. */
export interface TransitionTables {
  readonly inserted?: string;
  readonly deleted?: string;
  /**
   * A row trigger (an INSTEAD OF trigger on a table): `inserted`/`deleted` are its one row, the
   * record variables named above (`new`/`old`), read as a one-row table.
   */
  readonly row?: boolean;
  /** The trigger's table, by its source name and schema (absent: the default schema). */
  readonly table: string;
  readonly schema?: string;
}

/** What an OUTPUT clause's `$action`, `inserted.x` and `deleted.x` are while it is lowered (passes/output-rows.ts). */
export interface OutputRows {
  readonly action: PgExpression;
  /** `inserted.column` / `deleted.column`, the column by its source name. */
  column(table: 'inserted' | 'deleted', column: string): PgExpression;
}

export class ConversionContext {
  readonly scopes: readonly Scope[] = [];
  /** The variables and parameters of the statement being lowered (a routine body's `BodyFlow`). */
  readonly variables: ReadonlyMap<string, Variable> = new Map();
  /**
   * The common table expressions in scope, by lower-cased name (never schema-qualified): their
   * columns, undefined while not known (the CTE's query not lowered yet).
   */
  readonly ctes: ReadonlyMap<string, TargetRelation | undefined> = new Map();
  /** The anchor query blocks of the recursive CTEs in scope (their columns are widened). */
  readonly recursiveAnchors: ReadonlySet<QuerySpec> = new Set<QuerySpec>();
  /** While an OUTPUT clause is lowered: its pseudo-columns (withOutputRows). */
  readonly outputRows?: OutputRows;
  /** The table-valued functions (`schema.name`, lower-cased) whose result columns are being told (function-result.ts). */
  readonly functionsResolving: ReadonlySet<string> = new Set();
  /** SET ROWCOUNT n in effect: a LIMIT on the following queries. */
  readonly rowcount?: PgExpression;
  /** Name of the source line offset of the object (module positions are script lines). */
  constructor(
    readonly names: NameResolver,
    /** e.g. `view dbo.Invoices`. */
    readonly object: string,
    readonly source?: string,
    readonly startLine = 1,
    /** Inside a trigger function: what `inserted`/`deleted` are. */
    readonly transitionTables?: TransitionTables,
  ) {}

  /**
   * The context of one trigger function of this object: its transition tables, its own variables,
   * scopes and CTEs.
   */
  forTrigger(transitionTables: TransitionTables): ConversionContext {
    return new ConversionContext(this.names, this.object, this.source, this.startLine, transitionTables);
  }

  /**
   * A fresh context in which the result columns of table-valued function `key` (`schema.name`,
   * lower-cased) are told, its names resolved by `names` (the function's own schema's), with the
   * functions being told already (function-result.ts): a new context.
   */
  forFunctionResult(key: string, names: NameResolver): ConversionContext {
    return new ConversionContext(names, `function ${key}`).copyWith({
      functionsResolving: new Set([...this.functionsResolving, key]),
    });
  }

  /** A diagnostic as an action item of this object, with the source line it is about. */
  actionItem(d: Diagnostic): ActionItem {
    const item: ActionItem = { code: d.code, severity: d.severity, object: this.object, message: d.message };
    if (d.pos) {
      item.line = d.pos.line;
      item.column = d.pos.column;
      const line = this.source?.split('\n')[d.pos.line - this.startLine];
      if (line !== undefined) item.snippet = line.trim();
    }
    if (d.suggestion) item.suggestion = d.suggestion;
    return item;
  }

  /**
   * This context with one more scope of table aliases (the FROM clause of the query being lowered):
   * a new context, the same in everything else (this one is left as it is).
   */
  withScope(scope: Scope): ConversionContext {
    return this.copyWith({ scopes: [...this.scopes, scope] });
  }

  /** This context while an OUTPUT clause whose pseudo-rows are `rows` is lowered: a new context. */
  withOutputRows(rows: OutputRows): ConversionContext {
    return this.copyWith({ outputRows: rows });
  }

  /** This context with the variables and SET ROWCOUNT of a routine body's statement: a new context. */
  withFlow(variables: ReadonlyMap<string, Variable>, rowcount: PgExpression | undefined): ConversionContext {
    return this.copyWith({ variables, rowcount });
  }

  /**
   * This context with CTEs of one statement in scope (`ctes`: their columns, replacing those of the
   * same names) and the anchors of the recursive ones: a new context.
   */
  withCtes(
    ctes: ReadonlyMap<string, TargetRelation | undefined>,
    anchors: readonly QuerySpec[] = [],
  ): ConversionContext {
    return this.copyWith({
      ctes: new Map([...this.ctes, ...ctes]),
      recursiveAnchors: new Set([...this.recursiveAnchors, ...anchors]),
    });
  }

  /** A copy of this context with `changes`, the same in everything else (this one is left as it is). */
  private copyWith(changes: Partial<ConversionContext>): ConversionContext {
    const inner = Object.assign(Object.create(ConversionContext.prototype) as ConversionContext, this);
    return Object.assign(inner, changes);
  }

  /** Resolves an alias or table name visible in the current scopes. */
  alias(name: string): { found: boolean; relation?: TargetRelation } {
    const key = name.toLowerCase();
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i]!;
      if (s.aliases.has(key)) return { found: true, relation: s.aliases.get(key) };
    }
    return { found: false };
  }

  /** The relation of the innermost scope having a column of that source name. */
  columnOwner(column: string): TargetRelation | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      for (const r of this.scopes[i]!.relations) if (r.column(column)) return r;
    }
    return undefined;
  }
}
