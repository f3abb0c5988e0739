// The database ledger's transactions (sys.database_ledger_transactions: one row per transaction that
// changed a ledger table, with its commit time and principal). PostgreSQL has no ledger, and code that
// reads the ledger joins its ledger views' ledger_transaction_id to this catalog view: when the database
// has a ledger table, the view's rows are migrated as a table of the same schema and name, which the
// converted code reads. Hashes and blocks are copied as they are; nothing keeps it up to date on the
// target (the ledger table's action item says so).

import type { Column, Table } from '@ferry/core';
import { formatNativeType, logicalType, nativeTypeFromCatalog } from '../types.js';

const column = (
  name: string,
  type: string,
  nullable: boolean,
  size: { maxLength?: number; scale?: number } = {},
): Column => {
  const native = nativeTypeFromCatalog(type, size.maxLength ?? 0, 0, size.scale ?? 0);
  return { name, type: logicalType(native), nativeType: formatNativeType(native), nullable };
};

/** sys.database_ledger_transactions as a table of the model, with the catalog view's columns and types. */
export function ledgerTransactionsTable(): Table {
  return {
    schema: 'sys',
    name: 'database_ledger_transactions',
    columns: [
      column('transaction_id', 'bigint', false),
      column('block_id', 'bigint', true),
      column('transaction_ordinal', 'int', false),
      column('commit_time', 'datetime2', false, { scale: 7 }),
      column('principal_name', 'nvarchar', false, { maxLength: 256 }),
      column('table_hashes', 'varbinary', true, { maxLength: -1 }),
    ],
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
}

/** Whether the model holds a ledger table (a column SQL Server fills with the ledger's transaction). */
export const hasLedgerTable = (tables: readonly Table[]): boolean =>
  tables.some((t) => t.columns.some((c) => c.ledger));
