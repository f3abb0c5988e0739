// Public API of core/config: the config schema, defineMigration, loading and plugin resolution.
export * from './migration-schema.js';
export * from './parse-config.js';
export * from './load-config.js';
export * from './resolve-plugin.js';
export * from './format-issues.js';
