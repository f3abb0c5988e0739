// @ferry/core/testing: in-test endpoints (generated source, in-memory and discarding targets).
export * from './generator-source.js';
export * from './mixed-rows.js';
export * from './collecting-target.js';
export * from './null-target.js';
export * from './test-plugins.js';
export * from './identity-mapping.js';
export * from './test-capabilities.js';
