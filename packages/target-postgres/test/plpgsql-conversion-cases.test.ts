// The data-driven conversion suite (test/conversion-cases/cases.ts): each T-SQL case converts to the
// expected PostgreSQL or raises the expected action item, and what is generated parses with libpg-query.

import { describe, expect, it } from 'vitest';
import { parse } from 'libpg-query';
import { parseBatch, parseExpression } from '@ferry/tsql';
import { emptyModel, type SchemaModel } from '@ferry/core';
import { convertExpression, convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { cases } from './conversion-cases/cases.js';
import { col, table } from './fixtures.js';

const text = (length: number) => ({ kind: 'text', length, unicode: true, fixed: false }) as const;
const model: SchemaModel = {
  ...emptyModel(),
  schemas: ['dbo'],
  tables: [
    table('dbo', 'orders', [
      col('order_id', { kind: 'int32' }),
      col('customer_id', { kind: 'text', length: 5, unicode: true, fixed: true }),
      col('order_date', { kind: 'timestamp', precision: 3 } as never),
      col('shipped_date', { kind: 'timestamp', precision: 3 } as never),
      col('freight', { kind: 'decimal', precision: 19, scale: 4, money: true } as never, {
        nativeType: 'money',
      }),
      col('ship_name', text(40)),
      col('shipped', { kind: 'bool' }),
    ]),
    table('dbo', 'products', [
      col('product_id', { kind: 'int32' }),
      col('product_name', text(40)),
      col('unit_price', { kind: 'decimal', precision: 19, scale: 4, money: true } as never, {
        nativeType: 'money',
      }),
      col('discontinued', { kind: 'bool' }),
    ]),
    table('dbo', 'order_details', [
      col('order_id', { kind: 'int32' }),
      col('product_id', { kind: 'int32' }),
      col('quantity', { kind: 'int16' }),
    ]),
    table('dbo', 'customers', [
      col('customer_id', text(5)),
      col('city', text(15)),
      col('region', text(15)),
      col('country', text(15)),
    ]),
    table('dbo', 'suppliers', [col('supplier_id', { kind: 'int32' }), col('city', text(15))]),
    table(
      'dbo',
      'prices',
      [
        col('product_id', { kind: 'int32' }),
        col('valid_from', { kind: 'timestamp', precision: 6 } as never),
        col('valid_to', { kind: 'timestamp', precision: 6 } as never),
      ],
      {
        temporal: {
          history: { schema: 'dbo', name: 'prices_history' },
          start: 'valid_from',
          end: 'valid_to',
        },
      },
    ),
    table('dbo', 'employees', [
      col('employee_id', { kind: 'int32' }),
      col('first_name', text(10)),
      col('last_name', text(20)),
    ]),
  ],
};
const names = namesFromModel(model);

function convert(c: (typeof cases)[number]): { sql: string; codes: string[]; full?: string } {
  if (c.kind === 'expr') {
    const r = convertExpression(
      parseExpression(c.tsql),
      names,
      { schema: 'dbo', name: 'Orders' },
      'dbo.Orders',
    );
    return { sql: r.sql, codes: r.actionItems.map((a) => a.code) };
  }
  if (c.kind === 'body') {
    const [proc] = parseBatch(`CREATE PROCEDURE p AS ${c.tsql}`);
    const r = convertModule({ statement: proc! }, names);
    const body = /\nBEGIN\n([\s\S]*)\n {2}RETURN;\nEND\n/.exec(r.statements[0]!)![1]!;
    return {
      sql: body
        .split('\n')
        .map((l) => l.slice(2))
        .join('\n'),
      codes: r.actionItems.map((a) => a.code),
      full: r.statements[0]!,
    };
  }
  const [view] = parseBatch(`CREATE VIEW v AS ${c.tsql}`);
  const r = convertModule({ statement: view! }, names);
  return {
    sql: r.statements[0]!.replace(/^CREATE OR REPLACE VIEW dbo\.v AS /, ''),
    codes: r.actionItems.map((a) => a.code),
  };
}

describe('T-SQL -> PostgreSQL conversion cases', () => {
  it('has a few hundred cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });
  for (const c of cases) {
    it(`${c.kind}: ${c.tsql}`, async () => {
      const { sql, codes, full } = convert(c);
      if (c.pg !== undefined) expect(sql).toBe(c.pg);
      if (c.code !== undefined) {
        expect(codes).toContain(c.code);
        expect(sql).toContain(`/* ferry: ${c.code} `);
      }
      await parse(full ?? (c.kind === 'expr' ? `SELECT ${sql} FROM dbo.orders` : sql));
    });
  }
});
