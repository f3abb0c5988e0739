// Builds the migration plan: pre-data steps, one data task per table or key range, post-data
// steps with views/routines in dependency order. Nothing here executes anything.

import { qualifiedName, type SchemaModel } from '../model/schema-model.js';
import type { KeyRange, PlanStep, SourceEndpoint, TargetEndpoint, TargetPlan } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';
import type { TableMapping } from '../rules/table-mapping.js';
import type { DataTask } from '../pipeline/data-task.js';
import { readPath, type ReadPath } from '../pipeline/read-path.js';
import { orderSteps } from './order-steps.js';
import { moduleDependencies } from './step-dependencies.js';

export interface Plan {
  preData: PlanStep[];
  data: DataTask[];
  postData: PlanStep[];
  actionItems: ActionItem[];
  /** The path each table's rows take (by target table, `schema.name`): fast, or value with the reason. */
  readPaths: Record<string, ReadPath>;
}

export interface BuildPlanOptions {
  mappings: readonly TableMapping[];
  /** The target-shaped model (after rules), whose views/routines/triggers carry `dependsOn`. */
  targetModel: SchemaModel;
  /** What `target.plan(targetModel)` rendered. */
  targetPlan: TargetPlan;
  /** Used for `ranges()` when a mapping asks for more than one range, and for the read paths. */
  source: Pick<SourceEndpoint, 'ranges' | 'binaryReadProblem'>;
  /** For the read paths (none given: every table takes the value path). */
  target?: Pick<TargetEndpoint, 'binaryWriteProblem'>;
  /** `load.fastPath` (default true). */
  fastPath?: boolean;
  /**
   * Overrides the key ranges of a table (e.g. ranges recorded by an earlier run that is being
   * resumed, so range ids stay the same). Return undefined to let the source split the table.
   */
  rangesFor?: (mapping: TableMapping) => KeyRange[] | undefined | Promise<KeyRange[] | undefined>;
}

export async function buildPlan(options: BuildPlanOptions): Promise<Plan> {
  const { targetPlan, targetModel } = options;
  const actionItems: ActionItem[] = [...targetPlan.actionItems];
  const modules = moduleDependencies(targetModel);

  const phase = (name: PlanStep['phase']) => {
    const ordered = orderSteps(
      targetPlan.steps.filter((s) => s.phase === name),
      modules,
    );
    actionItems.push(...ordered.actionItems);
    return ordered.steps;
  };
  const preData = phase('pre-data');
  const postData = phase('post-data');

  const data: DataTask[] = [];
  const readPaths: Record<string, ReadPath> = {};
  for (const mapping of options.mappings) {
    data.push(...(await tasksFor(mapping, options)));
    readPaths[qualifiedName(mapping.target)] = readPath(
      mapping,
      options.source,
      options.target ?? {},
      options.fastPath,
    );
  }
  return { preData, data, postData, actionItems, readPaths };
}

async function tasksFor(mapping: TableMapping, options: BuildPlanOptions): Promise<DataTask[]> {
  const source = qualifiedName(mapping.source);
  const target = qualifiedName(mapping.target);
  const estimate = mapping.source.rowEstimate ?? 0;
  let ranges = (await options.rangesFor?.(mapping)) ?? mapping.keyRanges;
  if (!ranges && mapping.ranges > 1 && options.source.ranges) {
    ranges = await options.source.ranges(mapping.source, mapping.ranges);
  }
  if (!ranges || ranges.length <= 1)
    return [{ id: target, source, target, range: ranges?.[0], rowEstimate: estimate }];
  return ranges.map((range) => ({
    id: `${target}#${range.index}`,
    source,
    target,
    range,
    rowEstimate: Math.ceil(estimate / ranges.length),
  }));
}
