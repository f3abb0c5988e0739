// Table types on PostgreSQL: a table type becomes a composite type of its columns, and a procedure's
// table-valued parameter (READONLY) an array of it whose rows the body reads through unnest.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetPlan } from '@ferry/core';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;
const m = model([table('dbo', 'orders', [col('id', int, { nullable: false }), col('total', int)])], {
  userTypes: [
    {
      schema: 'dbo',
      name: 'OrderLines',
      kind: 'table',
      columns: [
        col('LineId', int, { nullable: false }),
        col('Qty', { kind: 'decimal', precision: 9, scale: 2 }),
      ],
    },
  ],
});

describe('table types', () => {
  let t: TestTarget;
  let plan: TargetPlan;
  beforeAll(async () => {
    t = await newTarget();
    plan = await t.migrate(m);
  });
  afterAll(async () => t?.close());

  it('creates a composite type of the table type columns, in pre-data', async () => {
    const step = plan.steps.find((s) => s.kind === 'type')!;
    expect(step.phase).toBe('pre-data');
    expect(step.actionItems).toBeUndefined();
    const fields = await t.query<{ attname: string; type: string }>(
      `SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = 'dbo.order_lines'::regclass ORDER BY attnum`,
    );
    expect(fields).toEqual([
      { attname: 'line_id', type: 'integer' },
      { attname: 'qty', type: 'numeric(9,2)' },
    ]);
  });

  it('a table-valued parameter is an array of the composite; the body reads its rows', async () => {
    const tsql = `CREATE PROCEDURE dbo.AddLines @Lines dbo.OrderLines READONLY AS
      BEGIN
        INSERT INTO dbo.Orders (id, total) SELECT l.LineId, l.Qty FROM @Lines AS l WHERE l.Qty > 0;
        INSERT INTO dbo.Orders (id, total) SELECT LineId + 100, Qty FROM @Lines;
      END`;
    const converted = convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, namesFromModel(m));
    expect(converted.actionItems).toEqual([]);
    for (const s of converted.statements) await t.query(s);
    await t.query(`CALL dbo.add_lines(ARRAY[(1, 2.00), (2, 0)]::dbo.order_lines[])`);
    expect(await t.query(`SELECT id, total FROM dbo.orders ORDER BY id`)).toEqual([
      { id: 1, total: 2 },
      { id: 101, total: 2 },
      { id: 102, total: 0 },
    ]);
  });
});
