// Ledger tables: an append-only ledger table refuses UPDATE, DELETE and MERGE (37359), as SQL Server
// does. Ledger hashes, the history table and the ledger view of updatable ledger tables are not kept.

import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Table } from '../storage/objects.js';

export function refuseAppendOnlyChange(db: Database, table: Table, state = 1): void {
  if (table.storage?.ledgerType !== 3) return;
  throw new SqlError(
    37359,
    `Updates are not allowed for the append only Ledger table '${db.schemaById(table.schemaId)!.name}.${table.name}'.`,
    16,
    state,
  );
}

export function refuseLedgerTruncate(table: Table): void {
  if (table.storage?.ledgerType === undefined) return;
  throw new SqlError(
    40517,
    `TRUNCATE TABLE of ledger table '${table.name}' is not supported by the SQL Server emulator.`,
    16,
  );
}
