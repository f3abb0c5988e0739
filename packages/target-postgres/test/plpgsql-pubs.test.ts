// pubs: alias types -> domains, the employee trigger (inserted as a transition table), the view and
// the four procedures convert and apply to embedded PostgreSQL; every miss is an action item.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { UserType } from '@ferry/core';
import { logicalType } from '@ferry/source-mssql';
import { convertModule, convertUserType, namesFromModel } from '../src/plpgsql/index.js';
import { loadCorpus } from './corpus-model.js';
import { newTarget, type TestTarget } from './fixtures.js';

// sp_addtype id/tid/empid as declared at the top of pubs.sql.
const aliases = { id: 'varchar(11)', tid: 'varchar(6)', empid: 'char(9)' };
const { model, modules } = loadCorpus('pubs.sql', aliases);
const userTypes: UserType[] = [
  {
    schema: 'dbo',
    name: 'id',
    kind: 'alias',
    type: logicalType({ name: 'varchar', length: 11 }),
    nativeType: 'varchar(11)',
    nullable: false,
  },
  {
    schema: 'dbo',
    name: 'tid',
    kind: 'alias',
    type: logicalType({ name: 'varchar', length: 6 }),
    nativeType: 'varchar(6)',
    nullable: false,
  },
  {
    schema: 'dbo',
    name: 'empid',
    kind: 'alias',
    type: logicalType({ name: 'char', length: 9 }),
    nativeType: 'char(9)',
    nullable: false,
  },
];
const names = namesFromModel(model);
const converted = modules.map((m) => ({ kind: m.statement.kind, ...convertModule(m, names) }));
const domains = userTypes.map((u) => convertUserType(u, names));

let t: TestTarget;

async function resultSet(call: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const cursors = await client.query(`SELECT * FROM ${call} AS c(name)`);
    const rows = (await client.query(`FETCH ALL FROM "${cursors.rows[0].name}"`)).rows;
    await client.query('COMMIT');
    return rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await newTarget();
  await t.migrate(model);
  for (const c of [...domains, ...converted]) for (const s of c.statements) await t.query(s);
  await t.query(`
    INSERT INTO dbo.jobs (job_id, job_desc, min_lvl, max_lvl) VALUES (1, 'New Hire', 10, 10), (5, 'Publisher', 150, 250);
    INSERT INTO dbo.titles (title_id, title, type, pub_id, price, ytd_sales, pubdate) VALUES
      ('BU1032', 'Busy Executive', 'business', '1389', 19.99, 4095, '1991-06-12'),
      ('BU1111', 'Cooking with Computers', 'business', '1389', 11.95, 3876, '1991-06-09'),
      ('MC2222', 'Silicon Valley Gastronomic Treats', 'mod_cook', '0877', 19.99, 2032, '1991-06-09');
    INSERT INTO dbo.authors (au_id, au_lname, au_fname, phone, contract) VALUES ('213-46-8915', 'Green', 'Marjorie', '415 986-7020', true), ('409-56-7008', 'Bennet', 'Abraham', '415 658-9932', true);
    INSERT INTO dbo.titleauthor (au_id, title_id, au_ord, royaltyper) VALUES ('213-46-8915', 'BU1032', 2, 40), ('409-56-7008', 'BU1032', 1, 60), ('213-46-8915', 'BU1111', 1, 100);
  `);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('pubs modules', () => {
  it('converts the 3 alias types, the view, 4 procedures and the trigger; the misses are action items with reasons', () => {
    expect(domains.flatMap((d) => d.statements)).toEqual([
      'CREATE DOMAIN dbo.id AS varchar(11) /* NOT NULL of the alias type is kept on each column, where SQL Server applies it */',
      'CREATE DOMAIN dbo.tid AS varchar(6) /* NOT NULL of the alias type is kept on each column, where SQL Server applies it */',
      'CREATE DOMAIN dbo.empid AS char(9) /* NOT NULL of the alias type is kept on each column, where SQL Server applies it */',
    ]);
    expect(converted.map((c) => c.kind).sort()).toEqual([
      'CreateProcedure',
      'CreateProcedure',
      'CreateProcedure',
      'CreateProcedure',
      'CreateTrigger',
      'CreateView',
    ]);
    const items = converted.flatMap((c) => c.actionItems);
    // SELECT @v = ... FROM (no-row semantics) and ROLLBACK in the trigger, once per event function.
    expect(items.map((a) => a.code).sort()).toEqual([
      'TSQL_SELECT_ASSIGN_NO_ROWS',
      'TSQL_SELECT_ASSIGN_NO_ROWS',
      'TSQL_TRIGGER_ROLLBACK',
      'TSQL_TRIGGER_ROLLBACK',
      'TSQL_TRIGGER_ROLLBACK',
      'TSQL_TRIGGER_ROLLBACK',
    ]);
    expect(items.every((a) => a.severity === 'low' && a.line && a.snippet)).toBe(true);
  });

  it('the domains exist', async () => {
    expect(
      await t.query(
        "SELECT typname FROM pg_type WHERE typtype = 'd' AND typname IN ('id', 'tid', 'empid') ORDER BY typname",
      ),
    ).toEqual([{ typname: 'empid' }, { typname: 'id' }, { typname: 'tid' }]);
  });

  it('employee_insupd accepts a level inside the job range and rejects the others with the RAISERROR message', async () => {
    await t.query(
      "INSERT INTO dbo.employee (emp_id, fname, lname, job_id, job_lvl, pub_id, hire_date) VALUES ('PMA42628M', 'Paolo', 'Accorti', 5, 200, '0877', '1992-08-27')",
    );
    await expect(
      t.query(
        "INSERT INTO dbo.employee (emp_id, fname, lname, job_id, job_lvl, pub_id, hire_date) VALUES ('PSA89086M', 'Pedro', 'Afonso', 5, 100, '1389', '1990-12-24')",
      ),
    ).rejects.toThrow('The level for job_id:5 should be between 150 and 250.');
    await expect(
      t.query(
        "INSERT INTO dbo.employee (emp_id, fname, lname, job_id, job_lvl, pub_id, hire_date) VALUES ('VPA30890F', 'Victoria', 'Ashworth', 1, 11, '0877', '1990-09-13')",
      ),
    ).rejects.toThrow('Job id 1 expects the default level of 10.');
    await expect(t.query("UPDATE dbo.employee SET job_lvl = 251 WHERE emp_id = 'PMA42628M'")).rejects.toThrow(
      'The level for job_id:5 should be between 150 and 250.',
    );
    expect(await t.query('SELECT emp_id, job_lvl FROM dbo.employee')).toEqual([
      { emp_id: 'PMA42628M', job_lvl: 200 },
    ]);
  });

  it('byroyalty returns the authors with that royalty share', async () => {
    expect(await resultSet('dbo.byroyalty(40)')).toEqual([{ au_id: '213-46-8915' }]);
  });

  it('reptq1: average price per publisher with an ALL row (GROUP BY ... WITH ROLLUP)', async () => {
    // 0877: 19.99; 1389: (19.99 + 11.95) / 2 = 15.97; all: (19.99 + 11.95 + 19.99) / 3 = 17.31
    const rows = await resultSet('dbo.reptq1()');
    expect(rows.map((r) => [String(r.pub_id).trim(), Number(r.avg_price).toFixed(2)])).toEqual([
      ['0877', '19.99'],
      ['1389', '15.97'],
      ['ALL', '17.31'],
    ]);
  });

  it('titleview joins authors, titles and titleauthor', async () => {
    expect(
      await t.query(
        "SELECT au_lname, au_ord FROM dbo.titleview WHERE title = 'Busy Executive' ORDER BY au_ord",
      ),
    ).toEqual([
      { au_lname: 'Bennet', au_ord: 1 },
      { au_lname: 'Green', au_ord: 2 },
    ]);
  });
});
