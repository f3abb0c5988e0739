// Defaults and check expressions for DDL: PostgreSQL-dialect expressions as they are, a few T-SQL
// literal defaults recognised safely; anything else becomes an action item (never a string literal).

import type { ActionItem, Column, Expression, Table } from '@ferry/core';
import { emptyModel } from '@ferry/core';
import { tsqlExpression } from '@ferry/tsql';
import { convertExpression, namesFromModel } from '../plpgsql/index.js';

export type Converted = { sql: string } | { actionItem: Omit<ActionItem, 'object'> };

/** Target schema of a source schema that an expression names (undefined: unqualified). */
export type SchemaOf = (schema: string | undefined) => string;

/** Strips the redundant outer parentheses SQL Server stores around defaults: `((0))` -> `0`. */
function unwrap(text: string): string {
  let s = text.trim();
  while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')' && --depth < 0) return false;
  }
  return depth === 0 && !quoted;
}

const numberLiteral = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const stringLiteral = /^N?'((?:[^']|'')*)'$/s;

/** T-SQL niladic functions with one PostgreSQL meaning per target column kind. */
function functionDefault(fn: string, kind: Column['type']['kind']): string | undefined {
  switch (fn) {
    case 'getdate()':
    case 'sysdatetime()':
    case 'current_timestamp':
      return kind === 'date'
        ? 'CURRENT_DATE'
        : kind === 'time'
          ? 'LOCALTIME'
          : kind === 'timestamp'
            ? 'LOCALTIMESTAMP'
            : undefined;
    case 'getutcdate()':
    case 'sysutcdatetime()':
      return kind === 'timestamp' ? "(now() AT TIME ZONE 'UTC')" : undefined;
    case 'sysdatetimeoffset()':
      return kind === 'timestamptz' ? 'now()' : undefined;
    case 'newid()':
    case 'newsequentialid()':
      return kind === 'uuid' ? 'gen_random_uuid()' : undefined;
    default:
      return undefined;
  }
}

/**
 * The DEFAULT clause expression of a column. T-SQL defaults recognised: numeric literals (`((0))`,
 * `bit` 0/1 -> false/true), string literals (`('N/A')`, `(N'x')`), NULL, and getdate()/sysdatetime()/
 * current_timestamp (-> LOCALTIMESTAMP / CURRENT_DATE / LOCALTIME by column type), getutcdate()/sysutcdatetime()
 * (-> now() AT TIME ZONE 'UTC'), sysdatetimeoffset() (-> now()), newid()/newsequentialid() (-> gen_random_uuid()).
 */
export function convertDefault(
  expr: Expression,
  column: Column,
  table?: Table,
  schemaOf?: SchemaOf,
): Converted {
  if (expr.dialect === 'postgres') return { sql: expr.source };
  if (expr.dialect === 'tsql') {
    const s = unwrap(expr.source);
    const kind = column.type.kind;
    if (/^null$/i.test(s)) return { sql: 'NULL' };
    if (numberLiteral.test(s)) {
      if (kind === 'bool') {
        if (Number(s) === 0) return { sql: 'false' };
        return { sql: 'true' };
      }
      if (kind !== 'text' && kind !== 'uuid' && kind !== 'binary') return { sql: s.replace(/^\+/, '') };
    }
    const str = stringLiteral.exec(s);
    if (str && kind !== 'bool' && kind !== 'binary') return { sql: `'${str[1]}'` };
    const fn = functionDefault(s.toLowerCase().replace(/\s+/g, ''), kind);
    if (fn) return { sql: fn };
    const converted = convertTsql(expr, table, schemaOf);
    if (converted) return converted;
  }
  return {
    actionItem: {
      code: 'DEFAULT_NOT_CONVERTED',
      severity: 'medium',
      message: `default ${expr.source} (${expr.dialect}) was not converted; the column has no default`,
      snippet: expr.source,
      suggestion: 'write the PostgreSQL default by hand (ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ...)',
    },
  };
}

/** A CHECK expression: only PostgreSQL-dialect expressions are used as they are. */
export function convertCheck(expr: Expression, table?: Table, schemaOf?: SchemaOf): Converted {
  if (expr.dialect === 'postgres') return { sql: expr.source };
  const converted = expr.dialect === 'tsql' ? convertTsql(expr, table, schemaOf) : undefined;
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
 * A T-SQL expression with IR through the PL/pgSQL generator (column names matched to the table's
 * target names); undefined when there is no IR or the generator raised a high/critical item.
 */
export function convertTsql(
  expr: Expression,
  table?: Table,
  schemaOf?: SchemaOf,
): { sql: string } | undefined {
  const tree = tsqlExpression(expr);
  if (!tree) return undefined;
  const model = { ...emptyModel(), schemas: table ? [table.schema] : [], tables: table ? [table] : [] };
  const tableNames = namesFromModel(model, {
    schemaFor: () => table?.schema ?? 'dbo',
    defaultSchema: table?.schema,
  });
  // Hook (ddlconv): objects other than the table itself (sequences, functions) in their own schemas.
  const names = schemaOf ? { ...tableNames, schema: schemaOf } : tableNames;
  const r = convertExpression(
    tree,
    names,
    { schema: table?.schema ?? 'dbo', name: table?.name ?? '' },
    table?.name ?? '',
  );
  if (r.actionItems.some((a) => a.severity === 'high' || a.severity === 'critical')) return undefined;
  return { sql: r.sql };
}

/** PostgreSQL generated columns must be immutable: expressions on the clock, randomness or locale are not. */
const notImmutable =
  /\b(LOCALTIMESTAMP|LOCALTIME|CURRENT_DATE|now\(|random\(|gen_random_uuid\(|to_char\(|to_timestamp\(|clock_timestamp\()/;

/** A computed column's PostgreSQL expression when it converts to an immutable one. */
export function convertComputed(
  column: Column,
  table?: Table,
  schemaOf?: SchemaOf,
): { sql: string } | undefined {
  const e = column.computed?.expression;
  if (!e) return undefined;
  if (e.dialect === 'postgres') return { sql: e.source };
  const converted = e.dialect === 'tsql' ? convertTsql(e, table, schemaOf) : undefined;
  return converted && !notImmutable.test(converted.sql) ? converted : undefined;
}

/** A SQL comment line safe to embed in generated DDL. */
export function sqlComment(text: string): string {
  return `-- ${text.replace(/[\r\n]+/g, ' ')}`;
}
