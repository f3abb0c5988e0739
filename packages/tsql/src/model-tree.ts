// The schema model (@ferry/core's Expression and Module) carries a dialect's source text, the
// dialect's name and, when the text parsed, the parser's tree as opaque data: core never looks
// inside it. These guards give the tree back, typed, to code that reads T-SQL; any other dialect,
// or a tree that is not a syntax node (e.g. a model read back from elsewhere), gives undefined.

import type { Expression } from './syntax/expressions.js';
import type { Statement } from './syntax/statements.js';
import { isNode } from './syntax/walk.js';

/** The dialect name of T-SQL text in the model. */
export const TSQL_DIALECT = 'tsql';

/** What the model keeps of a dialect's text: the text's dialect and its parsed tree, if any. */
export interface ParsedText {
  dialect: string;
  tree?: unknown;
}

/** The T-SQL tree of a model expression (column default, check, computed column, index filter). */
export function tsqlExpression(parsed: ParsedText): Expression | undefined {
  return parsed.dialect === TSQL_DIALECT && isNode(parsed.tree) ? (parsed.tree as Expression) : undefined;
}

/** The T-SQL CREATE statement of a model module (view, routine, trigger). */
export function tsqlStatement(parsed: ParsedText): Statement | undefined {
  return parsed.dialect === TSQL_DIALECT && isNode(parsed.tree) ? (parsed.tree as Statement) : undefined;
}
