// Storage features: a system-versioned temporal table keeps its period columns and a trigger writes
// old rows to its history table; a memory-optimized table is a plain table with a low action item; a
// ledger table keeps its ledger columns, filled by defaults on PostgreSQL, with a medium action item.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetPlan } from '@ferry/core';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;
const bigint = { kind: 'int64' } as const;
const ts = { kind: 'timestamp', precision: 6 } as const;
const periodColumns = [col('valid_from', ts, { nullable: false }), col('valid_to', ts, { nullable: false })];

describe('storage features', () => {
  let t: TestTarget;
  let plan: TargetPlan;
  beforeAll(async () => {
    t = await newTarget();
    plan = await t.migrate(
      model([
        table('dbo', 'product', [col('id', int, { nullable: false }), col('price', int), ...periodColumns], {
          temporal: {
            history: { schema: 'history', name: 'product_history' },
            start: 'valid_from',
            end: 'valid_to',
          },
          memoryOptimized: true,
        }),
        table('history', 'product_history', [
          col('id', int, { nullable: false }),
          col('price', int),
          ...periodColumns,
        ]),
        table('dbo', 'audit', [
          col('note', int),
          col('ledger_start_transaction_id', bigint, { nullable: false, ledger: 'transaction-id-start' }),
          col('ledger_start_sequence_number', bigint, { nullable: false, ledger: 'sequence-number-start' }),
        ]),
      ]),
    );
  });
  afterAll(async () => t?.close());

  it('versions rows: UPDATE and DELETE write the old row to the history table with its period closed', async () => {
    await t.query(
      `INSERT INTO dbo.product (id, price, valid_from, valid_to) VALUES (1, 10, '2000-01-01', '2000-01-02')`,
    );
    const [current] = await t.query<{ open: boolean }>(
      `SELECT valid_to = '9999-12-31 23:59:59.999999' AS open FROM dbo.product WHERE id = 1`,
    );
    expect(current).toEqual({ open: true });
    await t.query(`UPDATE dbo.product SET price = 11 WHERE id = 1`);
    await t.query(`DELETE FROM dbo.product WHERE id = 1`);
    const history = await t.query(
      `SELECT id, price, valid_to >= valid_from AS closed, valid_to < '9999-01-01' AS ended FROM history.product_history ORDER BY price`,
    );
    expect(history).toEqual([
      { id: 1, price: 10, closed: true, ended: true },
      { id: 1, price: 11, closed: true, ended: true },
    ]);
    expect(await t.query(`SELECT count(*)::int AS n FROM dbo.product`)).toEqual([{ n: 0 }]);
  });

  it('reports the temporal table and the memory-optimized table as low action items', () => {
    expect(
      plan.actionItems.filter((a) => a.object === 'dbo.product').map((a) => [a.code, a.severity]),
    ).toEqual([
      ['TEMPORAL_BY_TRIGGER', 'low'],
      ['MEMORY_OPTIMIZED_TABLE', 'low'],
    ]);
  });

  it("fills a ledger table's start columns on INSERT (transaction id, sequence number 0) and reports it", async () => {
    const rows = await t.query<{ same: boolean; seq: string }>(
      `INSERT INTO dbo.audit (note) VALUES (1)
       RETURNING ledger_start_transaction_id = txid_current() AS same, ledger_start_sequence_number::text AS seq`,
    );
    expect(rows).toEqual([{ same: true, seq: '0' }]);
    const items = plan.actionItems.filter((a) => a.object === 'dbo.audit');
    expect(items.map((a) => [a.code, a.severity])).toEqual([['LEDGER_TABLE', 'medium']]);
    expect(items[0]!.message).toContain('ledger verification (sp_verify_database_ledger) is not available');
  });
});
