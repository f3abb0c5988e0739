// SQL Server's database ledger (ledger tables' transactions, blocks, digests and their verification):
// PostgreSQL has none. The migration keeps a ledger table as a plain table, with its history table
// and its `_Ledger` view's rows as data, and the ledger's transactions as the table
// sys.database_ledger_transactions (a table of the model, read as any table: see name-resolver); code
// reading the rest of the ledger's catalog, or that catalog view when the model lacks it, or verifying
// the ledger gets a high item saying so, and fails where it runs.

import type { ObjectName } from '@ferry/tsql';

const kept =
  "the migration keeps ledger tables as plain tables, with their history tables and ledger views, and the ledger's transactions as the table sys.database_ledger_transactions when the database has ledger tables, but not the ledger's blocks, hashes or digests";

const catalogViews = new Set([
  'database_ledger_transactions',
  'database_ledger_blocks',
  'database_ledger_digest_locations',
  'database_ledger_latest_digest',
  'ledger_table_history',
  'ledger_column_history',
]);

const procedures = new Set([
  'sp_verify_database_ledger',
  'sp_verify_database_ledger_from_digest_storage',
  'sp_generate_database_ledger_digest',
]);

const isSys = (name: ObjectName) => name.schema?.name.toLowerCase() === 'sys';

/** The item's message for a ledger catalog view (`sys.database_ledger_transactions`), else undefined. */
export function ledgerCatalogMessage(name: ObjectName): string | undefined {
  if (!isSys(name) || !catalogViews.has(name.name.name.toLowerCase())) return undefined;
  return `sys.${name.name.name} is the database ledger's catalog: PostgreSQL has no ledger, and ${kept}`;
}

/** The item's message for a call of a ledger procedure (`sys.sp_verify_database_ledger`), else undefined. */
export function ledgerProcedureMessage(name: ObjectName): string | undefined {
  const procedure = name.name.name.toLowerCase();
  if ((name.schema && !isSys(name)) || !procedures.has(procedure)) return undefined;
  return `sys.${name.name.name} works on the database ledger: PostgreSQL has no ledger (${kept}), so the call fails when it runs`;
}

export const ledgerSuggestion =
  'verify the ledger on SQL Server before the migration, and keep what this code needs of it in tables of its own';
