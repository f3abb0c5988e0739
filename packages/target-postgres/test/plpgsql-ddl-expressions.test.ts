// T-SQL defaults, checks, computed columns and filtered-index predicates carrying IR are converted by
// the PL/pgSQL generator inside the target DDL, and behave as in SQL Server once applied.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Expression } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const tsql = (source: string): Expression => ({ source, dialect: 'tsql', tree: parseExpression(source) });
const text = (length: number) => ({ kind: 'text', length, unicode: false, fixed: false }) as const;

const employees = table(
  'dbo',
  'employee',
  [
    col('emp_id', { kind: 'text', length: 9, unicode: false, fixed: true }, { nullable: false }),
    col('fname', text(20)),
    col('lname', text(30)),
    col('qty', { kind: 'int32' }),
    col('price', { kind: 'decimal', precision: 10, scale: 2 }),
    col(
      'total',
      { kind: 'decimal', precision: 21, scale: 2 },
      { computed: { expression: tsql('([Qty]*[Price])'), persisted: true } },
    ),
    col('full_name', text(51), {
      computed: { expression: tsql("(isnull([FName],'') + ' ' + [LName])"), persisted: false },
    }),
    col('code', text(10), { default: tsql("(upper(left('abcdef', 3)))") }),
  ],
  {
    checks: [
      {
        name: 'ck_emp_id',
        expression: tsql(
          "([emp_id] like '[A-Z][A-Z][A-Z][1-9][0-9][0-9][0-9][0-9][FM]' or [emp_id] like '[A-Z]-[A-Z][1-9][0-9][0-9][0-9][0-9][FM]')",
        ),
      },
      { name: 'ck_qty', expression: tsql('([Qty]>=(0))') },
    ],
    indexes: [
      {
        name: 'ix_positive',
        columns: [{ name: 'qty' }],
        unique: false,
        where: tsql('([Qty]>(0) AND [LName] IS NOT NULL)'),
      },
    ],
  },
);

let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
}, 30_000);
afterAll(async () => {
  await t?.close();
});

describe('T-SQL expressions in the target DDL', () => {
  it('creates checks, generated columns, defaults and the partial index, with one note for the non-persisted column', async () => {
    const plan = await t.migrate(model([employees]));
    expect(plan.actionItems.map((a) => a.code)).toEqual(['COMPUTED_STORED']);
    const sql = plan.steps.flatMap((s) => s.statements).join('\n');
    expect(sql).toContain('GENERATED ALWAYS AS (qty * price) STORED');
    expect(sql).toContain("GENERATED ALWAYS AS (COALESCE(fname, '') || ' ' || lname) STORED");
    expect(sql).toContain("DEFAULT upper(left('abcdef', 3))");
    expect(sql).toContain('WHERE qty > 0 AND lname IS NOT NULL');
  });

  it('the LIKE character classes of the check behave as in SQL Server', async () => {
    await t.query(
      "INSERT INTO dbo.employee (emp_id, fname, lname, qty, price) VALUES ('PMA42628M', 'Paolo', 'Accorti', 2, 1.5), ('A-C71970F', NULL, 'Cruz', 0, 3)",
    );
    await expect(t.query("INSERT INTO dbo.employee (emp_id, qty) VALUES ('pma42628M', 1)")).rejects.toThrow(
      /ck_emp_id/,
    );
    await expect(t.query("INSERT INTO dbo.employee (emp_id, qty) VALUES ('PMA02628M', 1)")).rejects.toThrow(
      /ck_emp_id/,
    );
    await expect(t.query("INSERT INTO dbo.employee (emp_id, qty) VALUES ('PMA42628F', -1)")).rejects.toThrow(
      /ck_qty/,
    );
  });

  it('computes the generated columns and the default', async () => {
    const rows = await t.query('SELECT emp_id, total, full_name, code FROM dbo.employee ORDER BY emp_id');
    expect(rows).toEqual([
      { emp_id: 'A-C71970F', total: '0.00', full_name: ' Cruz', code: 'ABC' },
      { emp_id: 'PMA42628M', total: '3.00', full_name: 'Paolo Accorti', code: 'ABC' },
    ]);
  });
});
