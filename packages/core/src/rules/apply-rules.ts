// The rules engine: applies selection, transformation rules, naming strategy, schema map, type
// overrides and per-table options to a source model, giving the target-shaped model + TableMappings.

import { NotSupportedError } from '../errors.js';
import type { QualifiedName, SchemaModel } from '../model/schema-model.js';
import type { ActionItem } from '../report/action-item.js';
import type { RulesConfig } from '../config/migration-schema.js';
import type { TableMapping } from './table-mapping.js';
import { matchesLocator } from './object-pattern.js';
import type { Rule } from './rule-schema.js';

export interface RulesResult {
  /** The target-shaped model: selected objects only, target names, type overrides in Column.targetType. */
  model: SchemaModel;
  /** One mapping per selected table, in the model's table order. */
  mappings: TableMapping[];
  actionItems: ActionItem[];
}

/**
 * Whether a source table/view is selected: by `select` patterns and include/exclude rules (DMS
 * semantics: included by at least one include, or by default when there are none; any exclude wins).
 */
export function selectionFilter(config: Pick<RulesConfig, 'select' | 'rules'>): (o: QualifiedName) => boolean {
  const selection = [...config.select, ...config.rules].filter(
    (r): r is Extract<Rule, { action: 'include' | 'exclude' }> => r.action === 'include' || r.action === 'exclude',
  );
  const includes = selection.filter((r) => r.action === 'include');
  const excludes = selection.filter((r) => r.action === 'exclude');
  return (o) =>
    (includes.length === 0 || includes.some((r) => matchesLocator(r.match, o.schema, o.name))) &&
    !excludes.some((r) => matchesLocator(r.match, o.schema, o.name));
}

export function applyRules(model: SchemaModel, config: RulesConfig): RulesResult {
  void model;
  void config;
  throw new NotSupportedError('applyRules (in progress)');
}
