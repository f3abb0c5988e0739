// Orders the steps of one plan phase: explicit step dependencies (`dependsOn`, `requires`) and view/routine dependencies
// (Module.dependsOn) first, then the target's kind order, then object name for stability.
// A dependency cycle becomes an action item; its steps keep the stable order.

import type { QualifiedName } from '../model/schema-model.js';
import type { PlanStep } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';
import { stepDependencies } from './step-dependencies.js';

export function orderSteps(
  steps: readonly PlanStep[],
  moduleDeps: ReadonlyMap<string, readonly QualifiedName[]>,
): { steps: PlanStep[]; actionItems: ActionItem[] } {
  const kindRank = new Map<string, number>();
  for (const s of steps) if (!kindRank.has(s.kind)) kindRank.set(s.kind, kindRank.size);
  const compare = (a: number, b: number) => {
    const x = steps[a];
    const y = steps[b];
    return kindRank.get(x.kind)! - kindRank.get(y.kind)! || cmp(x.object, y.object) || a - b;
  };

  const deps = stepDependencies(steps, moduleDeps).before;

  // Kahn's algorithm; among ready steps the smallest by (kind order, object name, input order).
  const waitingOn = deps.map((d) => d.size);
  const dependents: number[][] = steps.map(() => []);
  deps.forEach((d, i) => d.forEach((j) => dependents[j].push(i)));
  const ready = steps
    .map((_, i) => i)
    .filter((i) => waitingOn[i] === 0)
    .sort(compare);
  const insertReady = (k: number) => {
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(ready[mid], k) < 0) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, k);
  };
  const done = new Set<number>();
  const order: number[] = [];
  const actionItems: ActionItem[] = [];
  const release = (i: number) => {
    done.add(i);
    order.push(i);
    for (const k of dependents[i]) if (--waitingOn[k] === 0 && !done.has(k)) insertReady(k);
  };
  while (order.length < steps.length) {
    if (ready.length > 0) {
      release(ready.shift()!);
      continue;
    }
    // Only cycles remain: report one, then release its first step in stable order.
    const remaining = steps.map((_, i) => i).filter((i) => !done.has(i));
    const cycle = findCycle(remaining, deps, done);
    const names = [...cycle, cycle[0]].map((i) => steps[i].object).join(' -> ');
    actionItems.push({
      code: 'DEPENDENCY_CYCLE',
      severity: 'high',
      object: steps[cycle[0]].object,
      message: `objects depend on each other in a cycle (${names}); they are created in name order and some may fail`,
      suggestion: 'break the cycle by editing one definition, or create these objects by hand after the run',
    });
    release([...cycle].sort(compare)[0]);
  }
  return { steps: order.map((i) => steps[i]), actionItems };
}

/** Follows unfinished dependencies from the first remaining step until one repeats. */
function findCycle(remaining: number[], deps: Set<number>[], done: Set<number>): number[] {
  const path: number[] = [];
  let at = remaining[0];
  while (!path.includes(at)) {
    path.push(at);
    at = [...deps[at]].filter((j) => !done.has(j)).sort((a, b) => a - b)[0];
  }
  const cycle = path.slice(path.indexOf(at));
  cycle.push(at);
  return cycle.slice(0, -1);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
