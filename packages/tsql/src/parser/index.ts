// T-SQL lexer and parser (shared by the converter and the SQL Server emulator): T-SQL text -> syntax
// tree (../syntax). Exported from @ferry/tsql.
export { tokenize, type Token, type TokenType, type LexOptions } from './lexer.js';
export { splitBatches, scanSqlcmdScript, type ScriptBatch, type SqlcmdScriptItem } from './batch-splitter.js';
export { TsqlSyntaxError, type TsqlSyntaxErrorInfo } from './syntax-error.js';
export { RESERVED_KEYWORDS } from './keywords.js';
export { splitObjectName } from './object-name-text.js';
export {
  parseBatch,
  parseScript,
  parseExpression,
  parseDataType,
  parseParameterList,
  type ParseOptions,
  type ParsedBatch,
  type ParsedScript,
} from './tsql-parser.js';
