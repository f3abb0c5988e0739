// @ferry/target-postgres public API (built by its issue).
export {};
