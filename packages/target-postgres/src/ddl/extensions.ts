// The PostgreSQL extensions the mapped column types need: `ltree` for hierarchyid (hierarchyidAs:
// 'ltree'), `postgis` for geography / geometry (spatialAs: 'postgis'). Each is a pre-data step that
// the tables using it require, so a target without the extension fails there, saying which option
// avoids it.

import type { PlanStep, SchemaModel } from '@ferry/core';
import type { PlanContext } from './plan-context.js';
import { mapColumnType } from '../types.js';
import { printDdl } from '../pg/print-ddl.js';

const extensionOfType: Record<string, { name: string; option: string } | undefined> = {
  ltree: { name: 'ltree', option: "hierarchyidAs: 'text'" },
  geography: { name: 'postgis', option: "spatialAs: 'ewkb'" },
  geometry: { name: 'postgis', option: "spatialAs: 'ewkb'" },
};

export const extensionStepId = (name: string) => `pre-data:extension:${name}`;

/** The extension steps the model's tables need, by the tables' source `schema.name`. */
export function extensionSteps(
  ctx: PlanContext,
  model: SchemaModel,
): { steps: PlanStep[]; needs: Map<string, string[]> } {
  const needs = new Map<string, string[]>();
  const options = new Map<string, string>();
  for (const t of model.tables)
    for (const c of t.columns) {
      const ext = extensionOfType[mapColumnType(c, ctx.types).sql];
      if (!ext) continue;
      options.set(ext.name, ext.option);
      const key = `${t.schema}.${t.name}`;
      const ids = needs.get(key) ?? [];
      if (!ids.includes(extensionStepId(ext.name))) needs.set(key, [...ids, extensionStepId(ext.name)]);
    }
  const steps = [...options].sort().map(([name, option]): PlanStep => ({
    id: extensionStepId(name),
    phase: 'pre-data',
    kind: 'extension',
    object: name,
    statements: [
      printDdl({
        kind: 'CreateExtension',
        name,
        remark: `the target option ${option} avoids this extension`,
      }),
    ],
  }));
  return { steps, needs };
}
