// What every DDL renderer needs to know: type map options, FK creation style, target schema names.

import type { QualifiedName } from '@ferry/core';
import type { StateTables } from '../state/state-tables.js';
import type { TypeMapOptions } from '../types.js';
import { qualify } from './identifiers.js';

export interface PlanContext {
  types: TypeMapOptions;
  foreignKeys: 'validate' | 'not-valid-then-validate';
  /** Target schema of an object of the model (the `schema` option puts everything in one schema). */
  schemaFor(schema: string): string;
  /** Ferry's run state tables (no mapped object may land in their schema). */
  state: StateTables;
}

/** Quoted `schema.name` of a model object in the target. */
export function targetName(ctx: PlanContext, o: QualifiedName): string {
  return qualify(ctx.schemaFor(o.schema), o.name);
}

/** Unquoted `schema.name` of a model object in the target, for messages and step objects. */
export function targetLabel(ctx: PlanContext, o: QualifiedName): string {
  return `${ctx.schemaFor(o.schema)}.${o.name}`;
}
