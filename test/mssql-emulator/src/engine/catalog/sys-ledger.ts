// sys.database_ledger_transactions: one row per transaction that changed a ledger table (hashes and
// blocks are not kept: block_id and table_hashes are NULL).
import { BIGINT, BIT, INT, SYSNAME, nvarchar, type CatalogView } from './view.js';

export const sysDatabaseLedgerTransactions: CatalogView = {
  name: 'sys.database_ledger_transactions',
  columns: [
    ['transaction_id', BIGINT],
    ['block_id', BIGINT, true],
    ['transaction_ordinal', INT],
    ['commit_time', { name: 'datetime2', scale: 7 }],
    ['principal_name', SYSNAME],
    ['table_hashes', { name: 'varbinary', length: -1 }, true],
  ],
  *rows(db) {
    yield* db.ledger?.transactions.rows ?? [];
  },
};

/** sys.database_ledger_digest_locations: no digest storage is ever configured here, so no rows. */
export const sysDatabaseLedgerDigestLocations: CatalogView = {
  name: 'sys.database_ledger_digest_locations',
  columns: [
    ['path', nvarchar(4000)],
    ['last_digest_block_id', BIGINT],
    ['is_current', BIT],
  ],
  rows: () => [],
};
