// Range partitioning on PostgreSQL: a table on a partition scheme becomes PARTITION BY RANGE with the
// source's boundaries, a row equal to a boundary lands where SQL Server puts it (RANGE RIGHT: the
// partition the boundary starts; RANGE LEFT: the one it ends), NULL keys go to a DEFAULT partition, and
// a table whose partitioning cannot be kept exactly stays an ordinary table with an action item.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetPlan } from '@ferry/core';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const int = { kind: 'int32' } as const;
const date = { kind: 'date' } as const;
const money = { kind: 'decimal', precision: 18, scale: 2 } as const;
const text = { kind: 'text', length: 20, unicode: true, fixed: false } as const;

describe('range partitioning', () => {
  let t: TestTarget;
  let plan: TargetPlan;
  beforeAll(async () => {
    t = await newTarget();
    plan = await t.migrate(
      model([
        table(
          'fact',
          'sale',
          [col('id', int, { nullable: false }), col('sold_on', date, { nullable: false })],
          {
            primaryKey: { name: 'pk_sale', columns: ['id', 'sold_on'] },
            indexes: [{ name: 'ix_sale_sold_on', columns: [{ name: 'sold_on' }], unique: false }],
            partitioning: {
              column: 'sold_on',
              boundaryBelongsTo: 'right',
              boundaries: ['2012-01-01', '2013-01-01'],
              sourceName: 'partition scheme PS_Date (function PF_Date)',
            },
          },
        ),
        // Takes the name the first partition of fact.amount would get.
        table('fact', 'amount_p1', [col('id', int)]),
        table('fact', 'amount', [col('id', int), col('total', money)], {
          partitioning: {
            column: 'total',
            boundaryBelongsTo: 'left',
            boundaries: ['100.00', '200.00'],
            sourceName: 'partition scheme PS_Total (function PF_Total)',
          },
        }),
        table('fact', 'by_name', [col('id', int, { nullable: false }), col('name', text)], {
          partitioning: {
            column: 'name',
            boundaryBelongsTo: 'right',
            boundaries: ['M'],
            sourceName: 'partition scheme PS_Name (function PF_Name)',
          },
        }),
        table('fact', 'keyed', [col('id', int, { nullable: false }), col('day', date, { nullable: false })], {
          primaryKey: { name: 'pk_keyed', columns: ['id'] },
          partitioning: {
            column: 'day',
            boundaryBelongsTo: 'right',
            boundaries: ['2012-01-01'],
            sourceName: 'partition scheme PS_Day (function PF_Day)',
          },
        }),
      ]),
    );
  });
  afterAll(async () => t?.close());

  const partitionOf = async (sql: string) => (await t.query<{ p: string }>(sql)).map((r) => r.p);

  it('RANGE RIGHT: a boundary value starts its partition, as PostgreSQL lower bounds do', async () => {
    await t.query(
      `INSERT INTO fact.sale VALUES (1, '2011-12-31'), (2, '2012-01-01'), (3, '2012-12-31'), (4, '2013-01-01')`,
    );
    expect(await partitionOf(`SELECT tableoid::regclass::text AS p FROM fact.sale ORDER BY id`)).toEqual([
      'fact.sale_p1',
      'fact.sale_p2',
      'fact.sale_p2',
      'fact.sale_p3',
    ]);
    // The primary key and the index are created on the partitioned table.
    const indexes = await t.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'fact' AND tablename = 'sale'`,
    );
    expect(indexes).toEqual([{ n: 2 }]);
  });

  it('RANGE LEFT: a boundary value ends its partition (the upper bound is its successor); NULL goes to the DEFAULT partition; a partition name a table takes gets a suffix', async () => {
    await t.query(
      `INSERT INTO fact.amount VALUES (1, 99.99), (2, 100.00), (3, 100.01), (4, 200.00), (5, 200.01), (6, NULL)`,
    );
    expect(await partitionOf(`SELECT tableoid::regclass::text AS p FROM fact.amount ORDER BY id`)).toEqual([
      'fact.amount_p1_2',
      'fact.amount_p1_2',
      'fact.amount_p2',
      'fact.amount_p2',
      'fact.amount_p3',
      'fact.amount_null',
    ]);
  });

  it('keeps a table unpartitioned when the order may differ or a unique key lacks the partitioning column', async () => {
    const kinds = await t.query<{ relname: string; relkind: string }>(
      `SELECT relname, relkind::text FROM pg_class WHERE relnamespace = 'fact'::regnamespace AND relname IN ('by_name', 'keyed', 'sale') ORDER BY relname`,
    );
    expect(kinds).toEqual([
      { relname: 'by_name', relkind: 'r' },
      { relname: 'keyed', relkind: 'r' },
      { relname: 'sale', relkind: 'p' },
    ]);
    const items = plan.actionItems
      .filter((a) => a.code.startsWith('PARTITION'))
      .map((a) => [a.code, a.object, a.message.replace(/:.*/, '')]);
    expect(items).toEqual(
      expect.arrayContaining([
        ['PARTITIONED_TABLE', 'fact.sale', expect.stringContaining('3 partitions')],
        ['PARTITIONED_TABLE', 'fact.amount', expect.stringContaining('RANGE LEFT')],
        ['PARTITIONING_NOT_CONVERTED', 'fact.by_name', expect.any(String)],
        ['PARTITIONING_NOT_CONVERTED', 'fact.keyed', expect.any(String)],
      ]),
    );
    expect(plan.actionItems.find((a) => a.object === 'fact.keyed')?.message).toMatch(
      /primary key pk_keyed lacks day/,
    );
  });
});
