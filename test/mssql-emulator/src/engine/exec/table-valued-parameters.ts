// Table types as variables and parameters: DECLARE @t dbo.TableType, and procedure parameters
// `@p dbo.TableType READONLY` bound to the caller's table variable (an empty table when omitted).

import type { DataType } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { ModuleParameter, Table, UserType } from '../storage/objects.js';
import { heap } from './ddl.js';
import type { ProcArg } from './system-procedures.js';
import type { SessionState } from './session-state.js';

/** The user table type a data type names, if it names one. */
export function tableTypeOf(dt: DataType, db: Database): UserType | undefined {
  if (dt.args.length || dt.xmlSchema) return undefined;
  const schemaId = dt.schema ? db.schema(dt.schema)?.schemaId : undefined;
  const ut = db.userType(schemaId, dt.name);
  return ut?.isTableType ? ut : undefined;
}

/** A table variable with the columns of a table type, in tempdb as SQL Server keeps them. */
export function declareTableTypeVariable(
  session: SessionState,
  name: string,
  type: UserType,
  db: Database,
): Table {
  const shape = db.table(type.tableObjectId!)!;
  const tempdb = session.database('tempdb');
  const obj = tempdb.newObject('', 1, 'U');
  const table: Table = {
    ...obj,
    name: `#${obj.objectId.toString(16).toUpperCase().padStart(8, '0')}`,
    type: 'U',
    columns: shape.columns.map((c) => ({ ...c })),
    rows: [],
    indexes: [heap()],
    tableVariable: true,
  };
  tempdb.add(table);
  session.tempTables.add(table.objectId);
  session.declare(name, { name: 'table' });
  session.variable(name).table = table;
  return table;
}

/** A READONLY table-valued parameter: the caller's table variable, or an empty table of the type. */
export function bindTableParameter(
  session: SessionState,
  p: ModuleParameter,
  arg: ProcArg | undefined,
  callerTables: ReadonlyMap<string, { table?: Table }>,
  db: Database,
): void {
  const type = db.userTypes.find((u) => u.userTypeId === p.tableType)!;
  if (!arg) {
    declareTableTypeVariable(session, p.name, type, db);
    return;
  }
  const table = arg.variable ? callerTables.get(arg.variable.toLowerCase())?.table : undefined;
  const shape = db.table(type.tableObjectId!)!;
  const sameShape =
    table &&
    table.columns.length === shape.columns.length &&
    table.columns.every((c, i) => c.type.name === shape.columns[i].type.name);
  if (!sameShape)
    throw new SqlError(
      206,
      `Operand type clash: ${arg.type.name === 'table' ? 'table type' : arg.type.name} is incompatible with ${type.name}`,
      16,
      2,
    );
  session.declare(p.name, { name: 'table' });
  session.variable(p.name).table = table;
}
