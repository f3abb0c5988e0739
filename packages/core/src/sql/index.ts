// SQL IR: the dialect-neutral tree T-SQL is parsed into and PostgreSQL is generated from.
// Node kinds are plain immutable data; behaviour lives in passes and generators.
export * from './nodes.js';
