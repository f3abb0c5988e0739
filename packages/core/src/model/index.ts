export * from './logical-type.js';
export * from './schema-model.js';
export * from './end-of-time.js';
