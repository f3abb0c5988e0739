// Per-connection state: current database, variables, SET options, @@IDENTITY/SCOPE_IDENTITY, @@ROWCOUNT.

import type { SqlType } from '../../engine-api.js';
import type { Value, ConvertContext } from '../types/convert.js';
import type { DateFormat } from '../types/temporal.js';
import type { Database } from '../storage/database.js';
import type { Server } from '../storage/server.js';
import type { Table } from '../storage/objects.js';
import { SqlError } from '../errors.js';

export interface Variable {
  name: string;
  type: SqlType;
  value: Value;
}

export class SessionState implements ConvertContext {
  dateformat: DateFormat = 'mdy';
  nocount = false;
  quotedIdentifier = true;
  ansiNulls = true;
  rowcountLimit = 0;
  identity: bigint | null = null;
  scopeIdentity: bigint | null = null;
  rowcount = 0;
  error = 0;
  trancount = 0;
  /** server.changes when the outermost transaction began. */
  tranStartChanges = 0;
  language = 'us_english';
  readonly variables = new Map<string, Variable>();
  /** The table SET IDENTITY_INSERT is ON for (one per session). */
  identityInsert?: Table;
  /** sp_prepare handles. */
  readonly prepared = new Map<number, { params: string; stmt: string }>();

  constructor(
    readonly server: Server,
    public db: Database,
    readonly spid: number,
    readonly user: string,
    readonly appName = '',
  ) {}

  declare(name: string, type: SqlType, value: Value = null): void {
    const key = name.toLowerCase();
    if (this.variables.has(key))
      throw new SqlError(134, `The variable name '${name}' has already been declared. Variable names must be unique within a query batch or stored procedure.`, 15);
    this.variables.set(key, { name, type, value });
  }

  variable(name: string): Variable {
    const v = this.variables.get(name.toLowerCase());
    if (!v) throw new SqlError(137, `Must declare the scalar variable "${name}".`, 15, 2);
    return v;
  }

  /** Database by name or the current one. */
  database(name?: string): Database {
    if (name === undefined) return this.db;
    const db = this.server.database(name);
    if (!db)
      throw new SqlError(911, `Database '${name}' does not exist. Make sure that the name is entered correctly.`, 16);
    return db;
  }
}
