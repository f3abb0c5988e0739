export * from './normalize-value.js';
export { checksumRows, type ChecksumOptions, type RowsChecksum } from './checksum-rows.js';
export * from './validate-table.js';
export * from './lob-digest.js';
export * from './row-digest.js';
