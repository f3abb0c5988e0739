// @ferry/core public API.
export * from './model/index.js';
export * from './pipeline/batch.js';
export * from './plugins/endpoint.js';
export * from './plugins/define-plugin.js';
export * from './report/action-item.js';
export * from './errors.js';
export * from './secrets.js';
