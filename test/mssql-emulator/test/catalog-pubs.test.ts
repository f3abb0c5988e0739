import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { corpus, rows } from './engine-helpers.js';

// Expected values written by hand from pubs.sql, with SQL Server's normalised definition texts.
describe('catalog views over pubs', () => {
  let s: EngineSession;
  beforeAll(async () => {
    const engine = await createEngine({ scripts: [corpus('pubs.sql')] });
    s = engine.openSession({ user: 'sa', database: 'pubs' });
  });

  it('types alias-typed columns with the alias as user type and the base as system type', async () => {
    expect(
      await rows(
        s,
        `
      SELECT c.name, TYPE_NAME(c.user_type_id), TYPE_NAME(c.system_type_id), c.max_length, c.is_nullable
      FROM sys.columns c WHERE c.object_id = OBJECT_ID('dbo.titleauthor') ORDER BY c.column_id`,
      ),
    ).toEqual([
      ['au_id', 'id', 'varchar', 11, false],
      ['title_id', 'tid', 'varchar', 6, false],
      ['au_ord', 'tinyint', 'tinyint', 1, true],
      ['royaltyper', 'int', 'int', 4, true],
    ]);
    expect(
      await rows(
        s,
        `SELECT c.precision, c.scale, c.max_length FROM sys.columns c WHERE c.object_id = OBJECT_ID('discounts') AND c.name = 'discount'`,
      ),
    ).toEqual([[4, 2, 5]]);
  });

  it('normalises CHECK and DEFAULT definitions as SQL Server stores them', async () => {
    expect(
      await rows(
        s,
        `SELECT definition FROM sys.check_constraints WHERE parent_object_id = OBJECT_ID('publishers')`,
      ),
    ).toEqual([
      [
        "([pub_id]='1756' OR [pub_id]='1622' OR [pub_id]='0877' OR [pub_id]='0736' OR [pub_id]='1389' OR [pub_id] like '99[0-9][0-9]')",
      ],
    ]);
    expect(
      await rows(
        s,
        `SELECT definition FROM sys.check_constraints WHERE parent_object_id = OBJECT_ID('jobs') ORDER BY definition`,
      ),
    ).toEqual([['([max_lvl]<=(250))'], ['([min_lvl]>=(10))']]);
    expect(
      await rows(
        s,
        `
      SELECT OBJECT_NAME(d.parent_object_id), c.name, d.definition, d.is_system_named
      FROM sys.default_constraints d JOIN sys.columns c ON c.object_id = d.parent_object_id AND c.column_id = d.parent_column_id
      WHERE d.parent_object_id IN (OBJECT_ID('authors'), OBJECT_ID('employee')) ORDER BY 1, c.column_id`,
      ),
    ).toEqual([
      ['authors', 'phone', "('UNKNOWN')", true],
      ['employee', 'job_id', '((1))', true],
      ['employee', 'job_lvl', '((10))', true],
      ['employee', 'pub_id', "('9952')", true],
      ['employee', 'hire_date', '(getdate())', true],
    ]);
    const names = (
      await rows(
        s,
        `SELECT name FROM sys.default_constraints WHERE parent_object_id = OBJECT_ID('employee') ORDER BY parent_column_id`,
      )
    ).map((r) => r[0]);
    expect(names[0]).toMatch(/^DF__employee__job_id__[0-9A-F]{8}$/);
    expect(names[1]).toMatch(/^DF__employee__job_lv__[0-9A-F]{8}$/);
    expect(
      (
        await rows(
          s,
          `SELECT name FROM sys.default_constraints WHERE parent_object_id = OBJECT_ID('publishers')`,
        )
      )[0][0],
    ).toMatch(/^DF__publisher__count__[0-9A-F]{8}$/);
  });

  it('describes unnamed foreign keys and the employee indexes', async () => {
    const fks = await rows(
      s,
      `SELECT name, OBJECT_NAME(referenced_object_id), is_system_named, is_not_trusted FROM sys.foreign_keys WHERE parent_object_id = OBJECT_ID('titles')`,
    );
    expect(fks).toHaveLength(1);
    expect(fks[0][0]).toMatch(/^FK__titles__pub_id__[0-9A-F]{8}$/);
    expect(fks[0].slice(1)).toEqual(['publishers', true, false]);
    expect(
      await rows(
        s,
        `
      SELECT i.name, i.index_id, i.type_desc, i.is_primary_key, COL_NAME_LIST = c.name, ic.key_ordinal
      FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
      JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
      WHERE i.object_id = OBJECT_ID('employee') ORDER BY i.index_id, ic.key_ordinal`,
      ),
    ).toEqual([
      ['employee_ind', 1, 'CLUSTERED', false, 'lname', 1],
      ['employee_ind', 1, 'CLUSTERED', false, 'fname', 2],
      ['employee_ind', 1, 'CLUSTERED', false, 'minit', 3],
      ['PK_emp_id', 2, 'NONCLUSTERED', true, 'emp_id', 1],
    ]);
  });

  it('keeps the trigger, view and procedures with their text', async () => {
    expect(
      await rows(
        s,
        `SELECT name, OBJECT_NAME(parent_id), is_instead_of_trigger, is_disabled FROM sys.triggers`,
      ),
    ).toEqual([['employee_insupd', 'employee', false, false]]);
    const [[def]] = await rows(
      s,
      `SELECT m.definition FROM sys.sql_modules m WHERE m.object_id = OBJECT_ID('employee_insupd')`,
    );
    expect(String(def)).toMatch(
      /^CREATE TRIGGER employee_insupd\nON employee\nFOR insert, UPDATE\nAS\n--Get the range/,
    );
    expect(
      await rows(s, `SELECT type, name FROM sys.objects WHERE type IN ('V', 'P') ORDER BY type, name`),
    ).toEqual([
      ['P ', 'byroyalty'],
      ['P ', 'reptq1'],
      ['P ', 'reptq2'],
      ['P ', 'reptq3'],
      ['V ', 'titleview'],
    ]);
    expect(
      await rows(
        s,
        `SELECT name, TYPE_NAME(user_type_id) FROM sys.parameters WHERE object_id = OBJECT_ID('reptq3') ORDER BY parameter_id`,
      ),
    ).toEqual([
      ['@lolimit', 'money'],
      ['@hilimit', 'money'],
      ['@type', 'char'],
    ]);
  });
});
