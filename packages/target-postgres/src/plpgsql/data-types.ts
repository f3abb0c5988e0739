// T-SQL data types (IR DataType) -> PostgreSQL type text, consistent with the column type map.

import type { DataType } from '@ferry/tsql';
import { mapLogicalType, type TypeMapOptions } from '../types.js';

const plain: Record<string, string> = {
  bit: 'boolean',
  tinyint: 'smallint',
  smallint: 'smallint',
  int: 'integer',
  integer: 'integer',
  bigint: 'bigint',
  real: 'real',
  money: 'numeric(19,4)',
  smallmoney: 'numeric(10,4)',
  date: 'date',
  datetime: 'timestamp(3)',
  smalldatetime: 'timestamp(0)',
  uniqueidentifier: 'uuid',
  text: 'text',
  ntext: 'text',
  image: 'bytea',
  xml: 'xml',
  sql_variant: 'text',
  timestamp: 'bytea',
  rowversion: 'bytea',
  sysname: 'varchar(128)',
};

/**
 * The PostgreSQL type of a T-SQL type. `where` says whether a missing length means 30 (CAST/CONVERT)
 * or 1 (declarations), as SQL Server defines it. User-defined alias types keep their (converted) name.
 */
export function pgType(t: DataType, where: 'cast' | 'declare', userType?: (name: string) => string): string {
  const name = t.name.toLowerCase();
  if (name in plain) return plain[name]!;
  const defaultLength = where === 'cast' ? 30 : 1;
  switch (name) {
    case 'char':
    case 'nchar':
    case 'character':
      return `char(${t.length === 'max' ? 8000 : (t.length ?? defaultLength)})`;
    case 'varchar':
    case 'nvarchar':
      return t.length === 'max' ? 'text' : `varchar(${t.length ?? defaultLength})`;
    case 'binary':
    case 'varbinary':
      return 'bytea';
    case 'decimal':
    case 'numeric':
    case 'dec':
      return `numeric(${t.precision ?? 18},${t.scale ?? 0})`;
    case 'float':
      return t.precision !== undefined && t.precision <= 24 ? 'real' : 'double precision';
    case 'datetime2':
      return `timestamp(${Math.min(t.scale ?? 7, 6)})`;
    case 'time':
      return `time(${Math.min(t.scale ?? 7, 6)})`;
    case 'datetimeoffset':
      return `timestamptz(${Math.min(t.scale ?? 7, 6)})`;
    default:
      return userType ? userType(t.name) : t.name.toLowerCase();
  }
}

/** hierarchyid, geography and geometry: the type the column type map gives them under the target's options. */
export function clrSystemType(t: DataType, types: TypeMapOptions): string | undefined {
  if (t.schema && t.schema.toLowerCase() !== 'sys') return undefined;
  const name = t.name.toLowerCase();
  if (name === 'hierarchyid') return mapLogicalType({ kind: 'hierarchy' }, types).sql;
  if (name === 'geography' || name === 'geometry')
    return mapLogicalType({ kind: 'spatial', geodetic: name === 'geography' }, types).sql;
  return undefined;
}

/** Whether a T-SQL type name is a date/time type. */
export function isDateTimeType(name: string): boolean {
  return ['date', 'datetime', 'datetime2', 'smalldatetime', 'datetimeoffset', 'time'].includes(
    name.toLowerCase(),
  );
}
