// plan(): introspect the source, apply the rules, let the target render its steps, build the plan.
// Executes nothing on either side.

import type { QualifiedName, SchemaModel } from '../model/schema-model.js';
import { qualifiedName } from '../model/schema-model.js';
import type { IntrospectionResult } from '../plugins/endpoint.js';
import { buildPlan, type BuildPlanOptions, type Plan } from '../plan/build-plan.js';
import { formatPlan } from '../plan/format-plan.js';
import { placedName } from '../plugins/placed-name.js';
import { refuseStateSchemaObjects } from '../plan/state-schema.js';
import { checkRestrictedReads } from '../plan/restricted-reads.js';
import type { ActionItem } from '../report/action-item.js';
import { applyRules, selectionFilter } from '../rules/apply-rules.js';
import type { TableMapping } from '../rules/table-mapping.js';
import type { Migration } from './open-migration.js';
import { emitter, runPhase, type PhaseOptions } from './run-phase.js';
import { jobThreads } from './worker-jobs.js';

export interface MigrationPlan {
  /** The source model as introspected. */
  sourceModel: SchemaModel;
  /** The target-shaped model (after selection, transformation and naming rules). */
  targetModel: SchemaModel;
  mappings: TableMapping[];
  /** Source `schema.name` -> target name of each object kept (see RulesResult). */
  targetNames: ReadonlyMap<string, QualifiedName>;
  /** Source user or role -> its target role (see RulesResult). */
  principalNames: ReadonlyMap<string, string>;
  /** Source schema -> its target schema, for every schema kept (see RulesResult). */
  schemaNames: ReadonlyMap<string, string>;
  /**
   * Target-model table (`DataTask.target`, the checkpoint key) -> where the target puts it
   * (TargetEndpoint.place): the name task lines, validation, summaries and the plan text show.
   */
  placedTables: ReadonlyMap<string, string>;
  plan: Plan;
  /** Every action item: introspection, rules, target conversion, plan ordering. */
  actionItems: ActionItem[];
  /** The plan as text: every SQL statement of every phase, the data tasks, the action items. */
  text: string;
  /** Tables the source reads incompletely, allowed by `load.allowRestrictedReads` (one per restriction). */
  warnings: { table: string; message: string }[];
}

export async function introspectSource(
  migration: Migration,
  options: PhaseOptions = {},
): Promise<IntrospectionResult> {
  return runPhase('introspect', options, async () => {
    const result = await migration.source.introspect({ include: selectionFilter(migration.config) });
    const m = result.model;
    return {
      value: result,
      detail: `${m.tables.length} tables, ${m.views.length} views, ${m.routines.length} routines, ${m.triggers.length} triggers`,
    };
  });
}

export interface PlanOptions extends PhaseOptions {
  /** Key ranges to keep (a resumed run keeps its interrupted run's ranges). */
  rangesFor?: BuildPlanOptions['rangesFor'];
  /** Plan without reaching the target's server (TargetPlanOptions.offline). */
  offline?: boolean;
  /** Told the table mappings once the rules are applied, before the target renders its steps and the source's key ranges are read. */
  onMappings?: (mappings: readonly TableMapping[]) => void;
  /** Tasks at once, when not `load.parallelism` (`ferry run --parallelism`): the plan text says how they run. */
  parallelism?: number;
}

export async function plan(migration: Migration, options: PlanOptions = {}): Promise<MigrationPlan> {
  const introspection = await introspectSource(migration, options);
  return planFrom(migration, introspection, options);
}

/** The plan phase, from an introspection already made. */
export async function planFrom(
  migration: Migration,
  introspection: IntrospectionResult,
  options: PlanOptions = {},
): Promise<MigrationPlan> {
  const emit = emitter(options);
  const result = await runPhase('plan', options, async () => {
    const { config, source, target } = migration;
    const shaped = applyRules(introspection.model, config, target.capabilities);
    options.onMappings?.(shaped.mappings);
    refuseStateSchemaObjects(shaped.model, config.state.schema);
    const warnings = checkRestrictedReads(shaped.mappings, config.load.allowRestrictedReads);
    const prepByTable = new Map(shaped.mappings.map((m) => [qualifiedName(m.target), m.prep]));
    const targetPlan = await target.plan(shaped.model, {
      prep: (t) => prepByTable.get(qualifiedName(t)) ?? config.load.prep,
      sourceSchema: shaped.sourceSchema,
      ...(options.offline ? { offline: true } : {}),
    });
    const built = await buildPlan({
      mappings: shaped.mappings,
      targetModel: shaped.model,
      targetPlan,
      source,
      target,
      fastPath: config.load.fastPath,
      rangesFor: options.rangesFor,
    });
    const actionItems = [...introspection.actionItems, ...(shaped.actionItems ?? []), ...built.actionItems];
    const placedTables = new Map(
      shaped.mappings.map((m) => [qualifiedName(m.target), placedName(target, m.target)]),
    );
    const atOnce = Math.min(options.parallelism ?? config.load.parallelism, built.data.length);
    const threads = jobThreads(migration, atOnce);
    const value: MigrationPlan = {
      sourceModel: introspection.model,
      targetModel: shaped.model,
      mappings: shaped.mappings,
      targetNames: shaped.targetNames,
      principalNames: shaped.principalNames,
      schemaNames: shaped.schemaNames,
      placedTables,
      plan: built,
      actionItems,
      text: formatPlan(
        { ...built, actionItems },
        (t) => placedTables.get(t) ?? t,
        threads === undefined ? undefined : { tasks: atOnce, threads },
      ),
      warnings,
    };
    return {
      value,
      detail: `${built.preData.length} pre-data steps, ${built.data.length} data tasks, ${built.postData.length} post-data steps, ${actionItems.length} action items`,
    };
  });
  for (const item of result.actionItems) emit({ type: 'action-item', item });
  for (const w of result.warnings) emit({ type: 'warning', where: w.table, message: w.message });
  return result;
}
