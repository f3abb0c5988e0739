// What a routine body being lowered knows, as data: the routine it is (how result sets are returned,
// what RETURN does), where the statement being lowered is (inside how many TRY blocks, which CATCH
// blocks), and what the statements lowered before it leave to it (variables, the DECLARE section,
// cursors, savepoints, SET ROWCOUNT). None of it is changed in place: a statement that declares or
// opens something returns a new `BodyFlow`, and the statements after it are lowered with it.

import type { PgDeclaration, PgExpression, PgStatement } from '../pg/ast.js';
import type { Execute, ExecuteString, Expression, TryCatch } from '@ferry/tsql';
import type { CatchHandler } from './passes/error-handling.js';
import type { ResultRows } from './passes/result-rows.js';
import type { PgType } from '../pg/pg-type.js';
import type { Variable } from './conversion-context.js';

export interface BodyState {
  /** How a result set is returned: refcursor (procedures), RETURN QUERY (table functions), or not allowed. */
  readonly resultSets: 'refcursor' | 'return-query' | 'none';
  /**
   * The refcursors are INOUT parameters `result_1`, `result_2`, ... of a procedure (one with OUTPUT
   * parameters too), opened in place; otherwise variables returned by RETURN NEXT.
   */
  readonly cursorParameters?: boolean;
  /** The routine's or trigger's source name, `schema.name`: what ERROR_PROCEDURE() returns. */
  readonly sourceName: string;
  /** The routine's or trigger function's target schema and name: its table variables' temp tables are named after it. */
  readonly routineName: readonly [schema: string, name: string];
  /** `function`, `procedure` or `trigger` body. */
  readonly routine: 'function' | 'procedure' | 'trigger';
  /** Statements for RETURN without value and at the end. */
  readonly returnStatement: readonly PgStatement[];
  /** A multi-statement function's result table that is only INSERTed into: each INSERT is RETURN QUERY. */
  readonly resultRows?: ResultRows;
  /** Statements run first (a multi-statement function creates its result table). */
  readonly prologue?: readonly PgStatement[];
  /** A scalar function's return type: RETURN converts to it, as SQL Server does. */
  readonly returnType?: PgType;
  /**
   * How many TRY blocks enclose the statement being lowered: a TRY part is a block with an EXCEPTION
   * handler, inside which PostgreSQL refuses COMMIT.
   */
  readonly tryDepth?: number;
  /** The CATCH blocks enclosing the statement being lowered, innermost last. */
  readonly catches?: readonly CatchHandler[];
  /** Variables that hold one string literal throughout the body (dynamic SQL known at conversion time). */
  readonly constants?: ReadonlyMap<string, string>;
  /** EXEC (@v) right after SET or DECLARE @v = <text built at run time>: that text (passes/dynamic-sql.ts). */
  readonly runtimeTexts?: ReadonlyMap<ExecuteString | Execute, Expression>;
  /** RETURNS TABLE columns are OUT parameters: `#variable_conflict use_column` keeps column references columns. */
  readonly columnsWin?: boolean;
}

/** What the statements lowered so far leave to the statements after them. */
export interface BodyFlow {
  /** The variables and parameters declared so far, by lower-cased T-SQL name (`@@rowcount` its counter). */
  readonly variables: ReadonlyMap<string, Variable>;
  /** SET ROWCOUNT n in effect: a LIMIT on the following queries. */
  readonly rowcount?: PgExpression;
  /** The DECLARE section. */
  readonly declarations: readonly PgDeclaration[];
  /** How many result-set statements were met: the last refcursor is `result_<cursors>`. */
  readonly cursors: number;
  /**
   * SAVE TRANSACTION names met so far (lower-cased), with the TRY block whose EXCEPTION handler undoes
   * the savepoint's changes when there is one.
   */
  readonly savepoints: ReadonlyMap<string, TryCatch | undefined>;
}

/** The flow at the start of a body whose parameters are `variables`. */
/** After a statement that changes rows: @@ROWCOUNT's variable set from ROW_COUNT, when the body reads it. */
export function rowcountUpdate(variables: ReadonlyMap<string, Variable>): PgStatement[] {
  const v = variables.get('@@rowcount');
  return v
    ? [{ kind: 'GetDiagnostics', stacked: false, items: [{ target: v.name, item: 'ROW_COUNT' }] }]
    : [];
}

export function startFlow(variables: ReadonlyMap<string, Variable> = new Map()): BodyFlow {
  return { variables, declarations: [], cursors: 0, savepoints: new Map() };
}

/** `flow` with one more declaration in the DECLARE section. */
export function declared(flow: BodyFlow, declaration: PgDeclaration): BodyFlow {
  return { ...flow, declarations: [...flow.declarations, declaration] };
}

/** `flow` with a variable declared, unless a variable of that name is declared already. */
export function declaredOnce(flow: BodyFlow, name: string, type: PgType): BodyFlow {
  if (flow.declarations.some((d) => d.kind === 'Variable' && d.name === name)) return flow;
  return declared(flow, { kind: 'Variable', name, type });
}

/** `flow` with the T-SQL variable `name` (`@x`) known as `variable`. */
export function withVariable(flow: BodyFlow, name: string, variable: Variable): BodyFlow {
  return { ...flow, variables: new Map([...flow.variables, [name.toLowerCase(), variable]]) };
}

/** Statements lowered, and what they leave to the statements after them. */
export interface Lines {
  readonly statements: PgStatement[];
  readonly flow: BodyFlow;
}
