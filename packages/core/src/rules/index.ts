// Public API of core/rules (TableMapping is exported from ./table-mapping.js by the package index).
export * from './apply-rules.js';
export * from './rule-schema.js';
export * from './dms-table-mappings.js';
export * from './object-pattern.js';
export * from './constant-value.js';
export * from '../naming/naming-strategy.js';
export type { SourceFilter, FilterCondition, FilterOperator } from './source-filter.js';
export type { DmsExpression } from './dms-expression.js';
