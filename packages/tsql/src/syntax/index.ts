// SQL IR: the dialect-neutral tree T-SQL is parsed into and PostgreSQL is generated from.
// Node kinds are plain immutable data; behaviour lives in passes and generators.
export * from './expressions.js';
export * from './queries.js';
export * from './statements.js';
export * from './security.js';
export * from './walk.js';

import type * as E from './expressions.js';
import type * as Q from './queries.js';
import type * as S from './statements.js';

/** Any IR node: every interface with a `kind` and a `pos`. */
export type SqlNode =
  | E.Expression
  | E.Identifier
  | E.ObjectName
  | E.DataType
  | E.OrderByItem
  | E.WindowSpec
  | Q.Top
  | Q.SelectItem
  | Q.TableHint
  | Q.TableSource
  | Q.QuerySpec
  | Q.SetOperation
  | Q.CommonTableExpression
  | Q.ForClause
  | Q.QueryOptions
  | Q.QueryHint
  | S.Statement
  | S.OutputClause
  | S.ValuesSource
  | S.DefaultValuesSource
  | S.UpdateAssignment
  | S.IndexColumn
  | S.TableConstraint
  | S.ColumnDef
  | S.InlineIndex
  | S.ParameterDef
  | S.VariableDecl
  | S.ExecArgument;
