// Which steps a step waits for: its explicit `dependsOn` and `requires` ids, and the steps creating the
// views/routines a view, routine or trigger depends on (Module.dependsOn). Shared by the step order
// and by the apply loop, which skips a step whose required step failed.

import { qualifiedName, type Module, type QualifiedName, type SchemaModel } from '../model/schema-model.js';
import type { PlanStep } from '../plugins/endpoint.js';

export interface StepDependencies {
  /** For each step (by position), the positions of the steps applied before it. */
  before: Set<number>[];
  /** For each step (by position), the positions of the steps it cannot apply without. */
  required: Set<number>[];
}

export function stepDependencies(
  steps: readonly PlanStep[],
  moduleDeps: ReadonlyMap<string, readonly QualifiedName[]>,
): StepDependencies {
  // Which steps create an object, by object name (case-insensitive, as names may be folded).
  const creators = new Map<string, number[]>();
  steps.forEach((s, i) => {
    const key = s.object.toLowerCase();
    creators.set(key, [...(creators.get(key) ?? []), i]);
  });
  const byId = new Map(steps.map((s, i) => [s.id, i]));
  const moduleDepsByName = new Map([...moduleDeps].map(([k, v]) => [k.toLowerCase(), v]));
  const positions = (ids: readonly string[] | undefined, self: number) =>
    (ids ?? []).map((id) => byId.get(id)).filter((j): j is number => j !== undefined && j !== self);

  const required = steps.map((s, i) => {
    const d = new Set(positions(s.requires, i));
    for (const ref of moduleDepsByName.get(s.object.toLowerCase()) ?? []) {
      for (const j of creators.get(qualifiedName(ref).toLowerCase()) ?? []) if (j !== i) d.add(j);
    }
    return d;
  });
  const before = steps.map((s, i) => new Set([...positions(s.dependsOn, i), ...required[i]]));
  return { before, required };
}

/** The module dependencies of a target model: `schema.name` of each view/routine/trigger -> what it uses. */
export function moduleDependencies(model: SchemaModel): Map<string, QualifiedName[]> {
  const all: Module[] = [...model.views, ...model.routines, ...model.triggers];
  return new Map(all.map((m) => [qualifiedName(m), m.dependsOn ?? []]));
}
