// Resolves a parsed DataType node to a SQL Server type: system types with their arguments, or
// alias types (sp_addtype / CREATE TYPE ... FROM) of the current database.

import type { DataType } from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { makeType } from '../types/sql-type.js';
import { systemType } from '../types/system-types.js';
import type { Database } from '../storage/database.js';
import type { UserType } from '../storage/objects.js';
import { SqlError } from '../errors.js';

export interface ResolvedType {
  type: SqlType;
  userTypeId: number;
  userType?: UserType;
}

export function resolveDataType(
  dt: DataType,
  db: Database | undefined,
  context: 'declare' | 'cast' = 'declare',
): ResolvedType {
  const sys = dt.schema === undefined || dt.schema.toLowerCase() === 'sys' ? systemType(dt.name) : undefined;
  if (sys) {
    const args: (number | 'max')[] = [...dt.args];
    return { type: makeType(sys.name, args, context), userTypeId: sys.userTypeId };
  }
  const schemaId = dt.schema ? db?.schema(dt.schema)?.schemaId : undefined;
  const ut = db?.userType(schemaId, dt.name);
  if (!ut || ut.isTableType) {
    const what = context === 'cast' ? 'Type' : 'Column, parameter, or variable #1: Cannot find data type';
    throw new SqlError(
      2715,
      context === 'cast' ? `${what} ${dt.name} is not a defined system type.` : `${what} ${dt.name}.`,
      16,
      6,
    );
  }
  return { type: ut.base, userTypeId: ut.userTypeId, userType: ut };
}

export function sqlTypeOf(name: string, args: (number | 'max')[] = []): SqlType {
  return makeType(name, args, 'declare');
}
