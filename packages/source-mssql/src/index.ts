// @ferry/source-mssql public API (built by its issue).
export {};
