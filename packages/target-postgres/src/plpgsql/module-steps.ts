// The plan's module steps: alias types as domains and table types as composite types (pre-data), then views in dependency order,
// routines and triggers (post-data), each converted by convertModule from the module's parsed IR.

import type { ActionItem, Module, PlanStep, QualifiedName, SchemaModel, UserType } from '@ferry/core';
import { qualifiedName, toSnakeCase } from '@ferry/core';
import { tsqlStatement } from '@ferry/tsql';
import {
  convertModule,
  convertUserType,
  type ConvertedModule,
  type TriggerParent,
} from './convert-module.js';
import { namesFromModel, type NameResolver } from './name-resolver.js';
import { indexedViewItems } from './indexed-view-items.js';
import type { TypeMapOptions } from '../types.js';

export type ModuleType = 'user-type' | 'view' | 'routine' | 'trigger';

export interface ModuleConversion {
  type: ModuleType;
  /** e.g. `procedure`, `scalar-function`, `view`, `trigger`, `user-type`. */
  objectType: string;
  object: QualifiedName;
  result: ConvertedModule;
}

/** Orders views so that each comes after the views it depends on (model order otherwise). */
export function dependencyOrder<T extends Module>(list: readonly T[]): T[] {
  const byName = new Map(list.map((m) => [qualifiedName(m), m]));
  const done = new Set<string>();
  const out: T[] = [];
  const visit = (m: T, path: Set<string>) => {
    const key = qualifiedName(m);
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    for (const d of m.dependsOn ?? []) {
      const dep = byName.get(qualifiedName(d));
      if (dep) visit(dep, path);
    }
    done.add(key);
    out.push(m);
  };
  for (const m of list) visit(m, new Set());
  return out;
}

function convertOne(m: Module, names: NameResolver, what: string, parent?: TriggerParent): ConvertedModule {
  const object = `${what} ${qualifiedName(m)}`;
  if (m.dialect === 'postgres') return { statements: [m.definition], actionItems: [] };
  const ir = tsqlStatement(m);
  if (!ir) {
    return {
      statements: [],
      actionItems: [
        {
          code: 'MODULE_NOT_PARSED',
          severity: 'high',
          object,
          message: `${object} (${m.dialect}) has no parsed definition to convert; it is not created`,
          suggestion: 'convert the definition by hand',
        },
      ],
    };
  }
  return convertModule({ statement: ir, text: m.definition, ...(parent ? { parent } : {}) }, names);
}

/**
 * The resolver of a plan: module IR names source schemas; the model's schemas are after the rules
 * (`sourceSchema` when the rules say how, else matched among the schemas of the model's objects by
 * the naming strategies; a source schema missing from the model maps to the model's only schema, if
 * it has one), and `targetSchema` places them in the target. Converted code targets `serverVersion`.
 */
export function planNames(
  model: SchemaModel,
  targetSchema: (schema: string) => string,
  types?: TypeMapOptions,
  sourceSchema?: (schema: string) => string,
  serverVersion?: number,
): NameResolver {
  const objects = [model.tables, model.views, model.routines, model.sequences, model.userTypes].flat();
  const schemas = [...new Set(objects.map((o) => o.schema))];
  const modelSchema =
    sourceSchema ??
    ((s: string) =>
      schemas.find((x) => x === s) ??
      schemas.find((x) => x.toLowerCase() === s.toLowerCase()) ??
      schemas.find((x) => x === toSnakeCase(s)) ??
      (schemas.length === 1 ? schemas[0]! : s));
  const place = <T extends { schema: string }>(o: T): T => ({ ...o, schema: targetSchema(o.schema) });
  const placed: SchemaModel = {
    ...model,
    tables: model.tables.map(place),
    views: model.views.map(place),
    routines: model.routines.map(place),
    sequences: model.sequences.map(place),
    userTypes: model.userTypes.map(place),
    synonyms: model.synonyms.map(place),
  };
  return namesFromModel(placed, {
    schemaFor: (s) => targetSchema(modelSchema(s)),
    ...(types ? { types } : {}),
    ...(serverVersion ? { serverVersion } : {}),
  });
}

/** Converts every user type, view, routine and trigger of a target-shaped model. */
export function convertModel(
  model: SchemaModel,
  names: NameResolver = namesFromModel(model),
): ModuleConversion[] {
  const out: ModuleConversion[] = [];
  for (const u of model.userTypes as UserType[])
    out.push({
      type: 'user-type',
      objectType: 'user-type',
      object: u,
      result: convertUserType(u, names, true),
    });
  for (const v of dependencyOrder(model.views)) {
    const result = convertOne(v, names, 'view');
    const indexed = indexedViewItems(v);
    if (indexed.length) result.actionItems = [...result.actionItems, ...indexed];
    out.push({ type: 'view', objectType: 'view', object: v, result });
  }
  for (const r of model.routines)
    out.push({
      type: 'routine',
      objectType: r.kind,
      object: r,
      result: convertOne(r, names, r.kind === 'procedure' ? 'procedure' : 'function'),
    });
  const views = new Set(model.views.map(qualifiedName));
  for (const t of model.triggers) {
    const parent = views.has(qualifiedName(t.table)) ? 'view' : 'table';
    const result = convertOne(t, names, 'trigger', parent);
    out.push({ type: 'trigger', objectType: 'trigger', object: t, result });
  }
  return out;
}

/** The plan steps of the converted modules: domains and composite types pre-data, views/routines/triggers post-data. */
export function moduleSteps(
  model: SchemaModel,
  label: (o: QualifiedName) => string,
  names?: NameResolver,
): { steps: PlanStep[]; actionItems: ActionItem[] } {
  const steps: PlanStep[] = [];
  const actionItems: ActionItem[] = [];
  const viewStep = new Map<string, string>();
  for (const c of convertModel(model, names)) {
    const object = label(c.object);
    const phase = c.type === 'user-type' ? 'pre-data' : 'post-data';
    const kind = c.type === 'user-type' ? 'type' : c.type;
    const id = `${phase}:${kind}:${object}`;
    actionItems.push(...c.result.actionItems);
    const dependsOn =
      c.type === 'view'
        ? ((c.object as Module).dependsOn ?? []).flatMap((d) => viewStep.get(qualifiedName(d)) ?? [])
        : [];
    if (c.type === 'view') viewStep.set(qualifiedName(c.object), id);
    steps.push({
      id,
      phase,
      kind,
      object,
      statements: c.result.statements,
      ...(dependsOn.length ? { dependsOn } : {}),
      ...(c.result.actionItems.length ? { actionItems: c.result.actionItems } : {}),
      // Converted code that PostgreSQL refuses becomes an action item; the migration goes on.
      optional: true,
    });
  }
  return { steps, actionItems };
}

export interface ModuleAssessment {
  type: string;
  found: number;
  /** Converted with no action item. */
  converted: number;
  /** Converted, with medium/low action items only. */
  withWarnings: number;
  /** A critical/high action item: needs a human. */
  manual: number;
  /** Estimated hours of manual work: 0.25 per low, 0.5 per medium, 2 per high, 8 per critical item. */
  effortHours: number;
}

const effort = { low: 0.25, medium: 0.5, high: 2, critical: 8 } as const;

/** Conversion figures per object type (like SCT's report), from converting every module of the model. */
export function assessModel(model: SchemaModel, names?: NameResolver): ModuleAssessment[] {
  const byType = new Map<string, ModuleAssessment>();
  for (const c of convertModel(model, names)) {
    const a = byType.get(c.objectType) ?? {
      type: c.objectType,
      found: 0,
      converted: 0,
      withWarnings: 0,
      manual: 0,
      effortHours: 0,
    };
    const items = c.result.actionItems;
    a.found++;
    if (items.some((i) => i.severity === 'critical' || i.severity === 'high')) a.manual++;
    else if (items.length) a.withWarnings++;
    else a.converted++;
    a.effortHours += items.reduce((n, i) => n + effort[i.severity], 0);
    byType.set(c.objectType, a);
  }
  return [...byType.values()];
}
