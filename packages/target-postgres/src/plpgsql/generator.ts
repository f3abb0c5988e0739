// The PostgreSQL generator: expressions, queries and statements are lowered to the PostgreSQL tree
// (lower-expression.ts, lower-query.ts, lower-dml.ts, lower-statement.ts); pg/print-*.ts print it.
// A generator is not changed: a new scope, body flow, TRY or CATCH block is a new generator.

import { shortenIdentifier } from '@ferry/core';
import type { DataType, Expression, ObjectName, QuerySpec, Statement } from '@ferry/tsql';
import type { TargetRelation } from './name-resolver.js';
import type { ConversionContext, OutputRows, Scope } from './conversion-context.js';
import { startFlow, type BodyFlow, type BodyState, type Lines } from './body-state.js';
import type { Lowered } from './lowered.js';
import type { CatchHandler } from './passes/error-handling.js';
import { clrSystemType, pgType } from './data-types.js';
import type { PgType } from '../pg/pg-type.js';
import { printName } from '../pg/print-expression.js';
import { maxIdentifierBytes } from '../ddl/identifiers.js';
import { lowerStatements } from './lower-statement.js';
import { typeOf } from './passes/infer-type.js';

export class Generator {
  constructor(
    readonly ctx: ConversionContext,
    private readonly bodyState?: BodyState,
    private readonly bodyFlow?: BodyFlow,
  ) {}

  /** A generator for the statements of one routine body, from `flow` on. */
  withBody(state: BodyState, flow: BodyFlow = startFlow(this.ctx.variables)): Generator {
    return new Generator(this.ctx.withFlow(flow.variables, flow.rowcount), state, flow);
  }

  /** A generator whose context has one more scope of table aliases (a query's FROM clause). */
  withScope(scope: Scope): Generator {
    return new Generator(this.ctx.withScope(scope), this.bodyState, this.bodyFlow);
  }

  /** This generator for the statements after those that left `flow` (in the same TRY and CATCH blocks). */
  continuing(flow: BodyFlow): Generator {
    return new Generator(this.ctx.withFlow(flow.variables, flow.rowcount), this.bodyState, flow);
  }

  /** This generator for statements inside one more block with an EXCEPTION handler (a TRY part, a savepoint). */
  insideTry(): Generator {
    const state = this.body();
    return new Generator(this.ctx, { ...state, tryDepth: (state.tryDepth ?? 0) + 1 }, this.bodyFlow);
  }

  /** This generator for the statements of a CATCH block. */
  insideCatch(handler: CatchHandler): Generator {
    const state = this.body();
    return new Generator(this.ctx, { ...state, catches: [...(state.catches ?? []), handler] }, this.bodyFlow);
  }

  /** A generator with the CTEs of one statement in scope (ConversionContext.withCtes). */
  withCtes(ctes: ReadonlyMap<string, TargetRelation | undefined>, anchors?: readonly QuerySpec[]): Generator {
    return new Generator(this.ctx.withCtes(ctes, anchors), this.bodyState, this.bodyFlow);
  }

  /** A generator lowering an OUTPUT clause whose pseudo-rows are `rows` (passes/output-rows.ts). */
  withOutputRows(rows: OutputRows): Generator {
    return new Generator(this.ctx.withOutputRows(rows), this.bodyState, this.bodyFlow);
  }

  /** The routine body being rendered (statements are rendered only inside one). */
  body(): BodyState {
    if (!this.bodyState) throw new Error('a statement was rendered outside a routine body');
    return this.bodyState;
  }

  /** The routine body being rendered, if any (an expression of a view or a table has none). */
  routineBody(): BodyState | undefined {
    return this.bodyState;
  }

  /** What the statements lowered before the one being lowered leave to it. */
  get flow(): BodyFlow {
    if (!this.bodyFlow) throw new Error('a statement was rendered outside a routine body');
    return this.bodyFlow;
  }

  /** The innermost CATCH block being rendered, if any (ERROR_*() read its error). */
  catchHandler(): CatchHandler | undefined {
    return this.bodyState?.catches?.at(-1);
  }

  /** The PL/pgSQL tree of T-SQL statements, and what they leave to the statements after them. */
  statements(list: readonly Statement[]): Lowered<Lines> {
    return lowerStatements(list, this);
  }

  type(t: DataType, where: 'cast' | 'declare'): PgType {
    return (
      clrSystemType(t, this.ctx.names.types) ??
      pgType(t, where, (name) =>
        printName(
          this.ctx.names.renamedType(t.schema, name) ?? [
            this.ctx.names.schema(t.schema),
            this.ctx.names.name(name),
          ],
        ),
      )
    );
  }

  typeOf(e: Expression): PgType | undefined {
    return typeOf(e, this.ctx);
  }

  /** A table, view or routine name (schema, name): tables from the model, anything else by the naming strategy. */
  objectNameParts(o: ObjectName): [string, string] {
    const schema = o.schema?.name;
    const rel = this.ctx.names.relation(schema, o.name.name);
    if (rel) return [rel.schema, rel.name];
    const renamed = this.ctx.names.renamedObject(schema, o.name.name);
    if (renamed) return renamed;
    return [this.ctx.names.schema(schema, o.name.name), this.ctx.names.name(o.name.name)];
  }

  /** The PL/pgSQL name of a local variable or parameter `@x` (unquoted). */
  variableIdent(name: string): string {
    return this.ctx.variables.get(name.toLowerCase())?.name ?? variableIdent(name);
  }
}

/** PL/pgSQL name of a T-SQL variable `@CustomerID` -> `p_customerid`: prefixed names do not clash with columns. */
export function variableIdent(name: string): string {
  return `p_${name
    .replace(/^@+/, '')
    .replace(/[^\p{L}\p{N}_]/gu, '_')
    .toLowerCase()}`;
}

/**
 * The temporary table of a table variable `@r` of routine `sales.usp_orders` -> `p_r_sales_usp_orders`:
 * SQL Server scopes a table variable to its routine, so a function with an `@r` of its own, called by a
 * procedure (of the same name in another schema too), must not drop and re-create its caller's rows.
 * Too long: shortened with a hash suffix. A routine that calls itself sets its table aside around the
 * call (passes/self-calls.ts).
 */
export function tableVariableIdent(
  variable: string,
  routine: readonly [schema: string, name: string],
): string {
  return shortenIdentifier(variableIdent(`${variable}_${routine.join('_')}`), maxIdentifierBytes);
}
