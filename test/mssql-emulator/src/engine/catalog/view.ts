// The shape of a catalog view: its documented columns (name, type, nullability) and a row
// generator computed from storage. One small module per view registers itself in catalog/index.ts.

import type { SqlType } from '../../engine-api.js';
import type { Value } from '../types/convert.js';
import type { Database } from '../storage/database.js';
import type { SessionState } from '../exec/session-state.js';
import { DEFAULT_COLLATION } from '../types/system-types.js';

export type ColumnSpec = [name: string, type: SqlType, nullable?: boolean];

export interface CatalogView {
  /** Lower-case `schema.name`, e.g. `sys.objects`, `information_schema.tables`, `dbo.sysobjects`. */
  name: string;
  columns: ColumnSpec[];
  rows(db: Database, session: SessionState): Iterable<Value[]>;
}

export const INT: SqlType = { name: 'int' };
export const SMALLINT: SqlType = { name: 'smallint' };
export const TINYINT: SqlType = { name: 'tinyint' };
export const BIGINT: SqlType = { name: 'bigint' };
export const BIT: SqlType = { name: 'bit' };
export const DATETIME: SqlType = { name: 'datetime' };
export const VARIANT: SqlType = { name: 'sql_variant' };
export const SYSNAME: SqlType = { name: 'nvarchar', length: 128, collation: DEFAULT_COLLATION };
export const nvarchar = (length: number): SqlType => ({
  name: 'nvarchar',
  length,
  collation: DEFAULT_COLLATION,
});
export const varchar = (length: number): SqlType => ({
  name: 'varchar',
  length,
  collation: DEFAULT_COLLATION,
});
export const char = (length: number): SqlType => ({ name: 'char', length, collation: DEFAULT_COLLATION });
export const nchar = (length: number): SqlType => ({ name: 'nchar', length, collation: DEFAULT_COLLATION });
export const NVARCHAR_MAX = nvarchar(-1);

/** sys.objects.type is char(2): one-letter codes carry a trailing space. */
export const typeCode = (t: string) => t.padEnd(2, ' ');
