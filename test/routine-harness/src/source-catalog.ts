// What the harness reads from the SQL Server side's catalog: the views and routines to run, their
// parameters, and the tables' columns (where argument values come from).

import type sql from 'mssql';
import { emulatesSystemProcedure } from '@ferry/mssql-emulator';
import { findAll, parseBatch, type Select } from '@ferry/tsql';

export type ObjectKind = 'view' | 'procedure' | 'scalar-function' | 'table-function';

export interface SourceParameter {
  /** Without the leading @. */
  name: string;
  /** SQL Server type text usable in DECLARE, e.g. `nvarchar(40)`, `decimal(19,4)`. */
  typeText: string;
  /** The base system type name (alias types resolved), e.g. `nvarchar`. */
  baseType: string;
  output: boolean;
  hasDefault: boolean;
  tableType: boolean;
}

export interface SourceObject {
  schema: string;
  name: string;
  kind: ObjectKind;
  parameters: SourceParameter[];
  /**
   * Its rows come in a defined order: a routine with a SELECT ... ORDER BY (a view's rows never are).
   * Unordered result sets are compared as multisets.
   */
  ordered: boolean;
  /**
   * The output columns its ORDER BY sorts on, when the module has one SELECT with ORDER BY and each of
   * its keys is an output column (by alias, column name or position): rows whose keys are equal may
   * come in any order on either side.
   */
  orderKeys?: string[];
  /** The system procedures its EXECs name that the emulator does not have (`sys.sp_verify_database_ledger`). */
  unemulated?: string[];
}

export interface SourceColumn {
  schema: string;
  table: string;
  column: string;
  baseType: string;
}

const KIND: Record<string, ObjectKind> = {
  V: 'view',
  P: 'procedure',
  FN: 'scalar-function',
  IF: 'table-function',
  TF: 'table-function',
};

const OBJECTS = `
SELECT o.object_id, s.name AS schema_name, o.name AS object_name, RTRIM(o.type) AS object_type, m.definition
FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
LEFT JOIN sys.sql_modules m ON m.object_id = o.object_id
WHERE o.type IN ('V', 'P', 'FN', 'IF', 'TF') AND o.is_ms_shipped = 0
ORDER BY s.name, o.name`;

const PARAMETERS = `
SELECT p.object_id, p.name, p.parameter_id, t.name AS type_name, b.name AS base_type,
       p.max_length, p.precision, p.scale, p.is_output, p.has_default_value, p.is_readonly
FROM sys.parameters p
JOIN sys.types t ON t.user_type_id = p.user_type_id
LEFT JOIN sys.types b ON b.user_type_id = p.system_type_id
WHERE p.parameter_id > 0
ORDER BY p.object_id, p.parameter_id`;

const COLUMNS = `
SELECT s.name AS schema_name, t.name AS table_name, c.name AS column_name, b.name AS base_type
FROM sys.columns c
JOIN sys.tables t ON t.object_id = c.object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.types b ON b.user_type_id = c.system_type_id
WHERE t.is_ms_shipped = 0
ORDER BY s.name, t.name, c.column_id`;

interface ParameterRow {
  object_id: number;
  name: string;
  type_name: string;
  base_type: string | null;
  max_length: number;
  precision: number;
  scale: number;
  is_output: boolean;
  has_default_value: boolean;
  is_readonly: boolean;
}

export async function readSourceObjects(pool: sql.ConnectionPool): Promise<SourceObject[]> {
  const objects = (await pool.request().query(OBJECTS)).recordset as {
    object_id: number;
    schema_name: string;
    object_name: string;
    object_type: string;
    definition: string | null;
  }[];
  const parameters = (await pool.request().query(PARAMETERS)).recordset as ParameterRow[];
  return objects.map((o) => ({
    schema: o.schema_name,
    name: o.object_name,
    kind: KIND[o.object_type]!,
    parameters: parameters.filter((p) => p.object_id === o.object_id).map(sourceParameter),
    ordered: o.object_type !== 'V' && hasOrderBy(o.definition),
    ...orderKeysOf(o.object_type === 'V' ? null : o.definition),
    ...unemulatedOf(o.definition),
  }));
}

/** `{ unemulated }`: the system procedures (sys.*, sp_*, xp_*) the module executes that the emulator lacks. */
export function unemulatedOf(definition: string | null): { unemulated?: string[] } {
  let names: string[];
  try {
    names =
      definition === null
        ? []
        : findAll(parseBatch(definition), 'Execute').flatMap((e) => {
            const p = e.procedure;
            if (typeof p === 'string') return [];
            const name = p.name.name;
            const system = p.schema ? p.schema.name.toLowerCase() === 'sys' : /^(sp|xp)_/i.test(name);
            return system && !emulatesSystemProcedure(name) ? [`sys.${name}`] : [];
          });
  } catch {
    return {};
  }
  return names.length ? { unemulated: [...new Set(names)] } : {};
}

/** `{ orderKeys }` of a module whose one SELECT with ORDER BY sorts on output columns only, else `{}`. */
export function orderKeysOf(definition: string | null): { orderKeys?: string[] } {
  let ordered: Select[];
  try {
    ordered =
      definition === null ? [] : findAll(parseBatch(definition), 'Select').filter((s) => s.orderBy.length);
  } catch {
    return {};
  }
  const query = ordered.length === 1 ? ordered[0]!.query : undefined;
  if (query?.kind !== 'QuerySpec') return {};
  const outputs = query.columns.map((c) =>
    c.kind !== 'SelectColumn'
      ? undefined
      : { alias: c.alias?.name, column: c.expr.kind === 'ColumnRef' ? c.expr.column.name : undefined },
  );
  const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
  const keys = ordered[0]!.orderBy.map(({ expr }) => {
    if (expr.kind === 'NumberLiteral' && expr.numberKind === 'integer') {
      const o = outputs[Number(expr.text) - 1];
      return o?.alias ?? o?.column;
    }
    if (expr.kind !== 'ColumnRef') return undefined;
    const name = expr.column.name;
    const byAlias = !expr.table && outputs.find((o) => same(o?.alias, name));
    const byColumn = outputs.filter((o) => same(o?.column, name));
    const o = byAlias || (byColumn.length === 1 ? byColumn[0] : undefined);
    return o?.alias ?? o?.column;
  });
  return keys.every((k) => k !== undefined) ? { orderKeys: keys as string[] } : {};
}

/** A SELECT with ORDER BY anywhere in the module; a definition that does not parse counts as ordered. */
function hasOrderBy(definition: string | null): boolean {
  if (definition === null) return true;
  try {
    return findAll(parseBatch(definition), 'Select').some((s) => s.orderBy.length > 0);
  } catch {
    return true;
  }
}

function sourceParameter(p: ParameterRow): SourceParameter {
  const base = (p.base_type ?? p.type_name).toLowerCase();
  return {
    name: p.name.startsWith('@') ? p.name.slice(1) : p.name,
    typeText: typeText(base, p.max_length, p.precision, p.scale),
    baseType: base,
    output: p.is_output,
    hasDefault: p.has_default_value,
    tableType: p.is_readonly,
  };
}

/** A DECLAREable type from sys.parameters' sizes (max_length is in bytes; -1 is max). */
function typeText(base: string, maxLength: number, precision: number, scale: number): string {
  const length = (bytes: number) => (maxLength === -1 ? 'max' : String(bytes));
  switch (base) {
    case 'nvarchar':
    case 'nchar':
      return `${base}(${length(maxLength / 2)})`;
    case 'varchar':
    case 'char':
    case 'varbinary':
    case 'binary':
      return `${base}(${length(maxLength)})`;
    case 'decimal':
    case 'numeric':
      return `${base}(${precision},${scale})`;
    case 'datetime2':
    case 'time':
    case 'datetimeoffset':
      return `${base}(${scale})`;
    default:
      return base;
  }
}

export async function readSourceColumns(pool: sql.ConnectionPool): Promise<SourceColumn[]> {
  const rows = (await pool.request().query(COLUMNS)).recordset as {
    schema_name: string;
    table_name: string;
    column_name: string;
    base_type: string;
  }[];
  return rows.map((r) => ({
    schema: r.schema_name,
    table: r.table_name,
    column: r.column_name,
    baseType: r.base_type.toLowerCase(),
  }));
}

/** `[a]` with `]` doubled: a T-SQL delimited identifier. */
export function bracket(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}
