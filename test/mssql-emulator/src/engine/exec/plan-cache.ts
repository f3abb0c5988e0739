// Compiled plans kept with what they were compiled against and reused while that is unchanged: the
// catalog (a DDL statement, a rollback or an object added or dropped makes plans stale), the current
// database, the security context (permissions, row-level security and masks are bound at compile)
// and the session settings compilation reads. Module bodies that run many times (an inline
// function called per row, a procedure in a loop) then compile once.

import type { SessionState } from './session-state.js';

const plans = new WeakMap<object, { key: string; plan: unknown }>();

/** What a plan compiled now depends on, besides the statement itself. */
export function compileKey(session: SessionState): string {
  const server = session.server;
  let objects = 0;
  for (const db of server.databases) objects += db.objectsVersion;
  const context = session.impersonations
    .map((i) => `${i.login?.user ?? ''}/${i.user?.name ?? ''}/${i.database?.name ?? ''}`)
    .join(',');
  return [
    server.catalogVersion,
    objects,
    session.db.name,
    session.user,
    context,
    session.ownershipChain > 0,
    session.dateformat,
    session.language,
    session.ansiNulls,
    session.quotedIdentifier,
    session.triggerTables.length > 0,
  ].join('|');
}

/** The variables a statement may name, with their types (a table variable by its table: each DECLARE makes a new one). */
export function variablesKey(session: SessionState): string {
  let key = '';
  for (const [name, v] of session.variables)
    key += `${name}:${JSON.stringify(v.type)}:${v.table?.objectId ?? ''}:${v.cursor ?? ''};`;
  return key;
}

/** The plan `compile` made for `node` under the same key, or a new one (kept for next time). */
export function cachedPlan<T>(node: object, key: string, compile: () => T): T {
  const hit = plans.get(node);
  if (hit?.key === key) return hit.plan as T;
  const plan = compile();
  plans.set(node, { key, plan });
  return plan;
}
