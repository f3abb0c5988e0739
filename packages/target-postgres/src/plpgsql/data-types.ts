// T-SQL data types (IR DataType) -> PostgreSQL types, consistent with the column type map.

import type { DataType } from '@ferry/tsql';
import { mapLogicalType, type TypeMapOptions } from '../types.js';
import { parsePgType, pgTypeNamed as named, type PgType } from '../pg/pg-type.js';

const plain: Record<string, PgType> = {
  bit: named('boolean'),
  tinyint: named('smallint'),
  smallint: named('smallint'),
  int: named('integer'),
  integer: named('integer'),
  bigint: named('bigint'),
  real: named('real'),
  money: named('numeric', 19, 4),
  smallmoney: named('numeric', 10, 4),
  date: named('date'),
  datetime: named('timestamp', 3),
  smalldatetime: named('timestamp', 0),
  uniqueidentifier: named('uuid'),
  text: named('text'),
  ntext: named('text'),
  image: named('bytea'),
  xml: named('xml'),
  sql_variant: named('text'),
  timestamp: named('bytea'),
  rowversion: named('bytea'),
  sysname: named('varchar', 128),
};

/**
 * The PostgreSQL type of a T-SQL type. `where` says whether a missing length means 30 (CAST/CONVERT)
 * or 1 (declarations), as SQL Server defines it. User-defined alias types keep their (converted) name.
 */
export function pgType(t: DataType, where: 'cast' | 'declare', userType?: (name: string) => string): PgType {
  const name = t.name.toLowerCase();
  if (name in plain) return plain[name]!;
  const defaultLength = where === 'cast' ? 30 : 1;
  switch (name) {
    case 'char':
    case 'nchar':
    case 'character':
      return named('char', t.length === 'max' ? 8000 : (t.length ?? defaultLength));
    case 'varchar':
    case 'nvarchar':
      return t.length === 'max' ? named('text') : named('varchar', t.length ?? defaultLength);
    case 'binary':
    case 'varbinary':
      return named('bytea');
    case 'decimal':
    case 'numeric':
    case 'dec':
      return named('numeric', t.precision ?? 18, t.scale ?? 0);
    case 'float':
      return named(t.precision !== undefined && t.precision <= 24 ? 'real' : 'double precision');
    case 'datetime2':
      return named('timestamp', Math.min(t.scale ?? 7, 6));
    case 'time':
      return named('time', Math.min(t.scale ?? 7, 6));
    case 'datetimeoffset':
      return named('timestamptz', Math.min(t.scale ?? 7, 6));
    default:
      return named(userType ? userType(t.name) : t.name.toLowerCase());
  }
}

/** hierarchyid, geography and geometry: the type the column type map gives them under the target's options. */
export function clrSystemType(t: DataType, types: TypeMapOptions): PgType | undefined {
  if (t.schema && t.schema.toLowerCase() !== 'sys') return undefined;
  const name = t.name.toLowerCase();
  if (name === 'hierarchyid') return parsePgType(mapLogicalType({ kind: 'hierarchy' }, types).sql);
  if (name === 'geography' || name === 'geometry')
    return parsePgType(mapLogicalType({ kind: 'spatial', geodetic: name === 'geography' }, types).sql);
  return undefined;
}

/** Whether a T-SQL type name is money or smallmoney (both become numeric). */
export function isMoneyType(name: string | undefined): boolean {
  const lower = name?.toLowerCase();
  return lower === 'money' || lower === 'smallmoney';
}

/** Whether a T-SQL type name is a date/time type. */
export function isDateTimeType(name: string): boolean {
  return ['date', 'datetime', 'datetime2', 'smalldatetime', 'datetimeoffset', 'time'].includes(
    name.toLowerCase(),
  );
}
