// What every DDL renderer needs to know: type map options, FK creation style, target schema names.

import type { QualifiedName } from '@ferry/core';
import type { StateTables } from '../state/state-tables.js';
import type { TypeMapOptions } from '../types.js';
import { printName } from '../pg/print-expression.js';
import type { ExpressionNames } from './expressions.js';
import type { NameResolver } from '../plpgsql/name-resolver.js';

export interface PlanContext {
  types: TypeMapOptions;
  foreignKeys: 'validate' | 'not-valid-then-validate';
  /** Target schema of an object of the model (the `schema` option puts everything in one schema). */
  schemaFor(schema: string): string;
  /** Ferry's run state tables (no mapped object may land in their schema). */
  state: StateTables;
  /** How converted code names objects: target schemas and the names the rules gave (the plan's resolver). */
  codeNames?: NameResolver;
  /** Relation names (`schema.name`, target) the model's tables, views, sequences and indexes take (set by the plan). */
  relations?: ReadonlySet<string>;
  /** The target's PostgreSQL major version converted code is written for (default: `defaultServerVersion`). */
  serverVersion?: number;
}

/**
 * How a table's expressions (defaults, checks, computed columns, index filters) place the objects they
 * name: unqualified names in the table's schema, qualified ones by the plan's schema naming.
 */
export function expressionNames(ctx: PlanContext, table: QualifiedName): ExpressionNames | undefined {
  const code = ctx.codeNames;
  return (
    code && {
      schema: (s) => (s === undefined ? ctx.schemaFor(table.schema) : code.schema(s)),
      renamedObject: (s, name) => code.renamedObject(s ?? table.schema, name),
      renamedType: (s, name) => code.renamedType(s ?? table.schema, name),
    }
  );
}

/** `[schema, name]` of a model object in the target, for the PostgreSQL tree (its printer quotes them). */
export function targetPath(ctx: PlanContext, o: QualifiedName): [schema: string, name: string] {
  return [ctx.schemaFor(o.schema), o.name];
}

/** Quoted `schema.name` of a model object in the target, for messages and catalog scripts. */
export function targetName(ctx: PlanContext, o: QualifiedName): string {
  return printName(targetPath(ctx, o));
}

/** Unquoted `schema.name` of a model object in the target, for messages and step objects. */
export function targetLabel(ctx: PlanContext, o: QualifiedName): string {
  return `${ctx.schemaFor(o.schema)}.${o.name}`;
}

/** Id of the post-data step creating a routine (`schema.name`, target names), as moduleSteps names it. */
export function routineStepId(routine: string): string {
  return `post-data:routine:${routine}`;
}
