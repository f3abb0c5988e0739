// What a routine body being rendered collects and how its statements end: the DECLARE section,
// how result sets are returned, and the routine kind (some statements depend on it).

import type { PgDeclaration, PgStatement } from '../pg/ast.js';
import type { ExecuteString, Expression, TryCatch } from '@ferry/tsql';
import type { CatchHandler } from './passes/error-handling.js';
import type { ResultRows } from './passes/result-rows.js';
import type { PgType } from '../pg/pg-type.js';

export interface BodyState {
  /** The DECLARE section. */
  declarations: PgDeclaration[];
  /** How a result set is returned: refcursor (procedures), RETURN QUERY (table functions), or not allowed. */
  resultSets: 'refcursor' | 'return-query' | 'none';
  /**
   * The refcursors are INOUT parameters `result_1`, `result_2`, ... of a procedure (one with OUTPUT
   * parameters too), opened in place; otherwise variables returned by RETURN NEXT.
   */
  cursorParameters?: boolean;
  /** How many result-set statements were met: the last refcursor is `result_<cursors>`. */
  cursors: number;
  /** The routine's or trigger's source name, `schema.name`: what ERROR_PROCEDURE() returns. */
  sourceName: string;
  /** The routine's or trigger function's target schema and name: its table variables' temp tables are named after it. */
  routineName: readonly [schema: string, name: string];
  /** `function`, `procedure` or `trigger` body. */
  routine: 'function' | 'procedure' | 'trigger';
  /** Statements for RETURN without value and at the end. */
  returnStatement: PgStatement[];
  /** A multi-statement function's result table that is only INSERTed into: each INSERT is RETURN QUERY. */
  resultRows?: ResultRows;
  /** Statements run first (a multi-statement function creates its result table). */
  prologue?: PgStatement[];
  /** A scalar function's return type: RETURN converts to it, as SQL Server does. */
  returnType?: PgType;
  /**
   * How many TRY blocks enclose the statement being rendered: a TRY part is a block with an EXCEPTION
   * handler, inside which PostgreSQL refuses COMMIT.
   */
  tryDepth?: number;
  /** The CATCH blocks enclosing the statement being rendered, innermost last. */
  catches?: CatchHandler[];
  /**
   * SAVE TRANSACTION names met so far (lower-cased), with the TRY block whose EXCEPTION handler undoes
   * the savepoint's changes when there is one.
   */
  savepoints?: Map<string, TryCatch | undefined>;
  /** Variables that hold one string literal throughout the body (dynamic SQL known at conversion time). */
  constants?: ReadonlyMap<string, string>;
  /** EXEC (@v) right after SET @v = <text built at run time>: that text (passes/dynamic-sql.ts). */
  runtimeTexts?: ReadonlyMap<ExecuteString, Expression>;
  /** RETURNS TABLE columns are OUT parameters: `#variable_conflict use_column` keeps column references columns. */
  columnsWin?: boolean;
}

/** Lowers statements inside one more block with an EXCEPTION handler (where PostgreSQL refuses COMMIT). */
export function insideTry<T>(state: BodyState, lower: () => T): T {
  state.tryDepth = (state.tryDepth ?? 0) + 1;
  try {
    return lower();
  } finally {
    state.tryDepth--;
  }
}
