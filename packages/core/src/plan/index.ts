export * from './build-plan.js';
export * from './format-plan.js';
