export * from './bounded-queue.js';
export * from './data-task.js';
export * from './interrupted-error.js';
export * from './row-mapper.js';
export * from './transfer.js';
export * from './scheduler.js';
export * from './retry.js';
export * from './value-contract.js';
