// Table variables (DECLARE @t TABLE (...)): tables in tempdb named #XXXXXXXX as SQL Server names
// them, held by a variable of their scope. Their rows ignore ROLLBACK; a failing statement on one
// still leaves nothing behind.

import type { TableVariableRef, VariableDecl } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Table } from '../storage/objects.js';
import { buildTable } from './ddl.js';
import type { SourcePlan } from './query.js';
import type { CompileCtx } from './scope.js';
import type { SessionState } from './session-state.js';

export function declareTableVariable(session: SessionState, decl: VariableDecl): void {
  const tempdb = session.database('tempdb');
  const table = buildTable(tempdb, 1, `#tv${session.spid}`, decl.table!, session);
  table.name = `#${table.objectId.toString(16).toUpperCase().padStart(8, '0')}`;
  table.tableVariable = true;
  session.tempTables.add(table.objectId);
  session.declare(decl.name, { name: 'table' });
  session.variable(decl.name).table = table;
}

/** The table of a table variable (error 1087 when the name is not one, as SQL Server says). */
export function tableVariable(session: SessionState, name: string): { db: Database; table: Table } {
  const table = session.variables.get(name.toLowerCase())?.table;
  if (!table) throw new SqlError(1087, `Must declare the table variable "${name}".`, 15, 2);
  return { db: session.database('tempdb'), table };
}

/** FROM @t [alias]. */
export function tableVariableSource(ref: TableVariableRef, cc: CompileCtx): SourcePlan {
  const { table } = tableVariable(cc.session, ref.name);
  const qualifier = (ref.alias?.name ?? ref.name).toLowerCase();
  return {
    bindings: table.columns.map((c) => ({
      qualifier,
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      identity: !!c.identity,
      computed: !!c.computed,
    })),
    // Read when the statement runs: the variable's current rows.
    rows: () => table.rows,
  };
}
