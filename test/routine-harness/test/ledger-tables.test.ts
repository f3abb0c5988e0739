import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { getTestPostgres } from '@ferry/test-harness/vitest';
import { harnessDatabase } from '../src/corpus-sources.js';
import { migrateDatabase, type MigratedDatabase } from '../src/migrate-database.js';

// The corpus's ledger tables (security-ledger: an updatable and two append-only ledger tables), migrated
// from the emulator by `run`: PostgreSQL has no ledger, so the ledger columns are kept with the copied
// values, and rows written on PostgreSQL get the writing transaction's id and sequence number 0 (their
// NOT NULL columns refused every INSERT before).
describe('ledger tables on PostgreSQL', () => {
  let migrated: MigratedDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    migrated = await migrateDatabase(harnessDatabase('security-ledger'), getTestPostgres().url);
    client = new pg.Client({ connectionString: migrated.target.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await migrated?.close();
  });

  it('keeps the ledger columns of the copied rows', async () => {
    expect(migrated.migration.state).toBe('done');
    const { rows } = await client.query<{ n: number; missing: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ledger_start_transaction_id IS NULL)::int AS missing
         FROM dbo.employees`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(rows[0]!.missing).toBe(0);
  });

  it('takes an INSERT into an append-only and an updatable ledger table, stamped with its transaction', async () => {
    await client.query('BEGIN');
    try {
      const { rows: tx } = await client.query<{ id: string }>('SELECT txid_current()::text AS id');
      await client.query(
        `INSERT INTO dbo.audit_events (user_name, query) VALUES ('auditor', 'SELECT * FROM dbo.employees')`,
      );
      await client.query(
        `INSERT INTO dbo.employees (ssn, first_name, last_name, salary) VALUES ('999-99-9999', 'Ada', 'Lovelace', 1000)`,
      );
      const { rows } = await client.query(
        `SELECT 'audit_events' AS t, ledger_start_transaction_id::text AS tx, ledger_start_sequence_number::text AS seq
           FROM dbo.audit_events WHERE user_name = 'auditor'
         UNION ALL
         SELECT 'employees', ledger_start_transaction_id::text, ledger_start_sequence_number::text
           FROM dbo.employees WHERE ssn = '999-99-9999'`,
      );
      expect(rows).toEqual([
        { t: 'audit_events', tx: tx[0]!.id, seq: '0' },
        { t: 'employees', tx: tx[0]!.id, seq: '0' },
      ]);
      // The converted procedure reading the audit events sees the new row.
      const { rows: cursors } = await client.query<{ c: string }>('SELECT dbo.get_audit_events() AS c');
      const fetched = await client.query<{ user_name: string }>(`FETCH ALL FROM "${cursors[0]!.c}"`);
      expect(fetched.rows.map((r) => r.user_name)).toContain('auditor');
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
