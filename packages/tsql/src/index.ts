// @ferry/tsql public API: T-SQL text -> syntax tree (lexer, parser, batch splitter), the tree itself,
// and sqlcmd scripts. Depends on no other Ferry package.
export * from './syntax/index.js';
export * from './parser/index.js';
export {
  readSqlcmdScript,
  sqlcmdVariables,
  decodeScript,
  SqlcmdScriptError,
  type SqlcmdBatch,
  type SqlcmdVariables,
} from './sqlcmd/sqlcmd-script.js';
export { TSQL_DIALECT, tsqlExpression, tsqlStatement, type ParsedText } from './model-tree.js';
export { xmlName } from './xml-name.js';
