// Computed columns: GENERATED ... STORED only when the converted expression is immutable and reads
// no other computed column; otherwise a plain column that a trigger keeps, with an action item.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column, TargetPlan } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { computedColumns, notImmutableBecause } from '../src/ddl/computed-columns.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;
const money = { kind: 'decimal', precision: 10, scale: 2 } as const;

function computed(name: string, source: string, type: Column['type'] = money): Column {
  return col(name, type, {
    computed: { expression: { source, dialect: 'tsql', tree: parseExpression(source) }, persisted: true },
  });
}

const orderLine = table('sales', 'order_line', [
  col('id', int, { nullable: false }),
  col('quantity', int),
  col('unit_price', money),
  col('discount_percent', money),
  computed('line_total', '([Quantity]*[UnitPrice])'),
  computed('discount_amount', '(([LineTotal]*[DiscountPercent])/(100))'),
  computed('label', "(concat('x',[Quantity]))", { kind: 'text', length: 40, unicode: true, fixed: false }),
  computed('double_qty', '([Quantity]*(2))', int),
]);

describe('computed columns', () => {
  let t: TestTarget;
  let plan: TargetPlan;
  beforeAll(async () => {
    t = await newTarget();
    plan = await t.migrate(model([orderLine]));
  });
  afterAll(async () => t?.close());

  it('keeps an immutable expression that reads no computed column as a generated column, the rest by a trigger', async () => {
    const cols = await t.query<{ column_name: string; is_generated: string }>(
      `SELECT column_name, is_generated FROM information_schema.columns WHERE table_name = 'order_line' AND column_name IN ('line_total', 'discount_amount', 'label', 'double_qty') ORDER BY ordinal_position`,
    );
    expect(cols).toEqual([
      { column_name: 'line_total', is_generated: 'NEVER' },
      { column_name: 'discount_amount', is_generated: 'NEVER' },
      { column_name: 'label', is_generated: 'NEVER' },
      { column_name: 'double_qty', is_generated: 'ALWAYS' },
    ]);
    expect(
      plan.actionItems
        .filter((a) => a.code === 'COMPUTED_BY_TRIGGER')
        .map((a) => [a.object, /\(([^)]*)\)$/.exec(a.message)?.[1]]),
    ).toEqual([
      ['sales.order_line.line_total', 'the trigger-kept computed column discount_amount reads it'],
      ['sales.order_line.discount_amount', 'it reads the computed column line_total'],
      ['sales.order_line.label', 'CONCAT is not immutable in PostgreSQL'],
    ]);
  });

  it('computes the trigger-kept columns on INSERT and UPDATE, in dependency order', async () => {
    await t.query(
      `INSERT INTO sales.order_line (id, quantity, unit_price, discount_percent) VALUES (1, 3, 2.50, 10)`,
    );
    const row = () =>
      t.query(
        `SELECT line_total::text, discount_amount::text, label, double_qty FROM sales.order_line WHERE id = 1`,
      );
    expect(await row()).toEqual([
      { line_total: '7.50', discount_amount: '0.75', label: 'x3', double_qty: 6 },
    ]);
    await t.query(`UPDATE sales.order_line SET quantity = 4, line_total = 0 WHERE id = 1`);
    expect(await row()).toEqual([
      { line_total: '10.00', discount_amount: '1.00', label: 'x4', double_qty: 8 },
    ]);
  });

  it('writes the trigger as a PL/pgSQL function computing each kept column from the new row, and a row trigger', () => {
    const step = plan.steps.find(
      (s) => s.id === 'post-data:trigger:sales.order_line.order_line_computed_columns',
    );
    expect(step?.statements).toEqual([
      [
        'CREATE OR REPLACE FUNCTION sales.order_line_computed_columns() RETURNS trigger LANGUAGE plpgsql AS $body$',
        'BEGIN',
        '  SELECT (quantity * unit_price) INTO new.line_total FROM (SELECT new.*) AS computed;',
        '  SELECT (line_total * discount_percent / 100) INTO new.discount_amount FROM (SELECT new.*) AS computed;',
        "  SELECT (concat('x', quantity)) INTO new.label FROM (SELECT new.*) AS computed;",
        '  RETURN new;',
        'END',
        '$body$',
      ].join('\n'),
      'DROP TRIGGER IF EXISTS order_line_computed_columns ON sales.order_line',
      'CREATE TRIGGER order_line_computed_columns BEFORE INSERT OR UPDATE ON sales.order_line FOR EACH ROW EXECUTE FUNCTION sales.order_line_computed_columns()',
    ]);
  });

  it('says why an expression is not immutable: user functions and non-immutable built-ins', () => {
    expect(notImmutableBecause(parseExpression('([dbo].[ufnLeadingZeros]([CustomerID]))'))).toBe(
      'it calls the user function dbo.ufnLeadingZeros',
    );
    expect(notImmutableBecause(parseExpression('(getdate())'))).toBe(
      'GETDATE is not immutable in PostgreSQL',
    );
    expect(notImmutableBecause(parseExpression('(abs([x])+(1))'))).toBeUndefined();
    const modes = computedColumns(
      table('dbo', 'customer', [
        col('customer_id', int),
        computed('account_number', "(isnull('AW'+[dbo].[ufnLeadingZeros]([CustomerID]),''))", {
          kind: 'text',
          length: 10,
          unicode: false,
          fixed: false,
        }),
      ]),
    );
    expect(modes.get('account_number')).toMatchObject({
      mode: 'trigger',
      why: 'it calls the user function dbo.ufnLeadingZeros',
    });
  });
});
