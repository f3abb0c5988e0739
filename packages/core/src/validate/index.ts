export * from './normalize-value.js';
export * from './checksum-rows.js';
export * from './validate-table.js';
export * from './lob-digest.js';
