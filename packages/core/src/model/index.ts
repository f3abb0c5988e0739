export * from './logical-type.js';
export * from './schema-model.js';
