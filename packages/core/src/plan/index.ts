export * from './build-plan.js';
export * from './format-plan.js';
export * from './state-schema.js';
export * from './restricted-reads.js';
export * from './step-dependencies.js';
export * from './sql-file-name.js';
