// Defaults, checks, computed columns and index filters for DDL: PostgreSQL-dialect expressions as they
// are, T-SQL ones lowered like every converted expression; what does not convert becomes an action item.

import type { ActionItem, Column, Expression, Table } from '@ferry/core';
import { emptyModel } from '@ferry/core';
import { tsqlExpression } from '@ferry/tsql';
import { lowerTableExpression, namesFromModel, type NameResolver } from '../plpgsql/index.js';
import { columnDefault } from '../plpgsql/passes/column-default.js';
import type { PgExpression } from '../pg/ast.js';
import { someNode } from '../pg/walk.js';

/** A converted expression with the user functions it calls (`schema.name`, target names). */
export interface ConvertedExpression {
  expr: PgExpression;
  calls: string[];
}

/** A converted expression, or why not. */
export type Converted = ConvertedExpression | { actionItem: Omit<ActionItem, 'object'> };

/** A PostgreSQL-dialect expression of the model, used as written. */
const asWritten = (expr: Expression): ConvertedExpression => ({
  expr: { kind: 'SourceText', text: expr.source },
  calls: [],
});

/**
 * How an expression of a table names objects other than the table (functions, sequences, types): their
 * target schema (of a source schema, undefined: unqualified) and the names the rules gave them.
 */
export type ExpressionNames = Pick<NameResolver, 'schema' | 'renamedObject' | 'renamedType'>;

const defaultNotConverted = (expr: Expression): Converted => ({
  actionItem: {
    code: 'DEFAULT_NOT_CONVERTED',
    severity: 'medium',
    message: `default ${expr.source} (${expr.dialect}) was not converted; the column has no default`,
    snippet: expr.source,
    suggestion: 'write the PostgreSQL default by hand (ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ...)',
  },
});

/**
 * The DEFAULT clause expression of a column: a PostgreSQL-dialect default as it is, a T-SQL one
 * through the same lowering as every converted expression, then fitted to the column's type
 * (columnDefault: bit 0/1 -> false/true, GETDATE() -> CURRENT_DATE / LOCALTIME on date / time columns).
 * A default that calls a user function (`calls`) is set after the routines.
 */
export function convertDefault(
  expr: Expression,
  column: Column,
  table?: Table,
  otherNames?: ExpressionNames,
): Converted {
  if (expr.dialect === 'postgres') return asWritten(expr);
  const lowered = expr.dialect === 'tsql' ? lowerTsql(expr, table, otherNames) : undefined;
  const fitted = lowered && columnDefault(lowered, column.type.kind);
  return fitted ? { expr: fitted, calls: userCalls(fitted) } : defaultNotConverted(expr);
}

/** A CHECK expression: PostgreSQL-dialect as it is, T-SQL lowered; else an action item (no constraint). */
export function convertCheck(expr: Expression, table?: Table, otherNames?: ExpressionNames): Converted {
  const converted = convertExpression(expr, table, otherNames);
  if (converted) return converted;
  return {
    actionItem: {
      code: 'CHECK_NOT_CONVERTED',
      severity: 'medium',
      message: `check ${expr.source} (${expr.dialect}) was not converted; the constraint is not created`,
      snippet: expr.source,
      suggestion: 'write the PostgreSQL check by hand (ALTER TABLE ... ADD CONSTRAINT ... CHECK (...))',
    },
  };
}

/**
 * A T-SQL expression lowered to the PostgreSQL tree (column names matched to the table's target
 * names); undefined when it has no parsed tree or the lowering raised a high/critical item.
 */
function lowerTsql(expr: Expression, table?: Table, otherNames?: ExpressionNames): PgExpression | undefined {
  const tree = tsqlExpression(expr);
  if (!tree) return undefined;
  const model = { ...emptyModel(), schemas: table ? [table.schema] : [], tables: table ? [table] : [] };
  const tableNames = namesFromModel(model, {
    schemaFor: () => table?.schema ?? 'dbo',
    defaultSchema: table?.schema,
  });
  // Hook (ddlconv): objects other than the table itself (sequences, functions) in their own schemas.
  const names = otherNames ? { ...tableNames, ...otherNames } : tableNames;
  const r = lowerTableExpression(
    tree,
    names,
    { schema: table?.schema ?? 'dbo', name: table?.name ?? '' },
    table?.name ?? '',
  );
  if (r.actionItems.some((a) => a.severity === 'high' || a.severity === 'critical')) return undefined;
  return r.tree;
}

/**
 * An expression (check, index filter, security predicate, computed column) in PostgreSQL: as written
 * when it is PostgreSQL's, else lowered from T-SQL, with the user functions it calls (`schema.name`,
 * target names: the steps creating them come first); undefined when it does not convert.
 */
export function convertExpression(
  expr: Expression,
  table?: Table,
  otherNames?: ExpressionNames,
): ConvertedExpression | undefined {
  if (expr.dialect === 'postgres') return asWritten(expr);
  const tree = expr.dialect === 'tsql' ? lowerTsql(expr, table, otherNames) : undefined;
  return tree && { expr: tree, calls: userCalls(tree) };
}

/** The user functions (schema-qualified calls) an expression calls, as `schema.name`. */
export function userCalls(tree: PgExpression): string[] {
  const calls = new Set<string>();
  someNode(tree, (node) => {
    if (node.kind === 'Call' && 'schema' in node.fn) calls.add(`${node.fn.schema}.${node.fn.name}`);
    return false;
  });
  return [...calls];
}
