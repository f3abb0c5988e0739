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

  it('a re-run skips the type that exists (its step applies again without error)', async () => {
    const step = plan.steps.find((s) => s.kind === 'type')!;
    await t.target.apply(step);
    expect(await t.query(`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'order_lines'`)).toEqual([
      { n: 1 },
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

  it('a variable of a table type is a temporary table; passed to a procedure or a function, an array of its rows', async () => {
    const names = namesFromModel(m);
    const apply = async (tsql: string) => {
      const converted = convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, names);
      for (const s of converted.statements) await t.query(s);
      return converted.actionItems.map((a) => a.code);
    };
    expect(
      await apply(`CREATE FUNCTION dbo.LineTotal (@Lines dbo.OrderLines READONLY) RETURNS decimal(9,2) AS
        BEGIN RETURN (SELECT SUM(Qty) FROM @Lines) END`),
    ).toEqual([]);
    expect(
      await apply(`CREATE PROCEDURE dbo.CopyLines @total decimal(9,2) OUTPUT AS
        BEGIN
          DECLARE @lines dbo.OrderLines
          INSERT INTO @lines (LineId, Qty) VALUES (7, 1.50), (8, 2.25)
          UPDATE @lines SET Qty = Qty * 2 WHERE LineId = 8
          EXEC dbo.AddLines @Lines = @lines
          SET @total = dbo.LineTotal(@lines)
        END`),
    ).toEqual(['TSQL_EXEC_PROCEDURE']);
    await t.query('TRUNCATE dbo.orders');
    expect(await t.query('CALL dbo.copy_lines(NULL)')).toEqual([{ p_total: '6.00' }]);
    expect(await t.query(`SELECT id, total FROM dbo.orders ORDER BY id`)).toEqual([
      { id: 7, total: 2 },
      { id: 8, total: 5 },
      { id: 107, total: 2 },
      { id: 108, total: 5 },
    ]);
  });
});
