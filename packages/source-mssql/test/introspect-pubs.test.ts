// Introspection of the pubs sample (shared corpus): alias types, trigger, system-named constraints.
// Expected values are written by hand from pubs.sql and SQL Server's documented catalog forms.

import type { SchemaModel, Table } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusScript, startEmulatedSource, type EmulatedSource } from './emulator-source.js';

describe('pubs introspection', () => {
  let env: EmulatedSource;
  let model: SchemaModel;
  const table = (name: string): Table => model.tables.find((t) => t.schema === 'dbo' && t.name === name)!;
  const column = (t: string, c: string) => table(t).columns.find((col) => col.name === c)!;

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [corpusScript('pubs.sql')] }, { database: 'pubs' });
    model = (await env.source.introspect()).model;
  });
  afterAll(() => env?.close());

  it('finds the 11 tables', () => {
    expect(model.tables.map((t) => t.name).sort()).toEqual([
      'authors',
      'discounts',
      'employee',
      'jobs',
      'pub_info',
      'publishers',
      'roysched',
      'sales',
      'stores',
      'titleauthor',
      'titles',
    ]);
  });

  it('has the three alias types made by sp_addtype, with base type and nullability', () => {
    expect(model.userTypes.map((u) => [u.name, u.kind, u.nativeType, u.nullable])).toEqual([
      ['empid', 'alias', 'char(9)', false],
      ['id', 'alias', 'varchar(11)', false],
      ['tid', 'alias', 'varchar(6)', false],
    ]);
    expect(model.userTypes[1]!.type).toMatchObject({
      kind: 'text',
      length: 11,
      unicode: false,
      fixed: false,
    });
  });

  it('resolves columns of alias types to the base type and keeps the alias as userType', () => {
    expect(column('authors', 'au_id')).toMatchObject({
      nativeType: 'varchar(11)',
      nullable: false,
      userType: { schema: 'dbo', name: 'id' },
    });
    expect(column('titles', 'title_id')).toMatchObject({
      nativeType: 'varchar(6)',
      userType: { schema: 'dbo', name: 'tid' },
    });
    expect(column('employee', 'emp_id')).toMatchObject({
      nativeType: 'char(9)',
      userType: { schema: 'dbo', name: 'empid' },
    });
    expect(column('authors', 'au_lname').userType).toBeUndefined();
  });

  it('reads dec(4,2), money, tinyint, text and image columns', () => {
    expect(column('discounts', 'discount').nativeType).toBe('decimal(4,2)');
    expect(column('titles', 'price').nativeType).toBe('money');
    expect(column('titleauthor', 'au_ord').nativeType).toBe('tinyint');
    expect(column('pub_info', 'pr_info').nativeType).toBe('text');
    expect(column('pub_info', 'logo').nativeType).toBe('image');
  });

  it('keeps defaults in SQL Server normalised form and the smallint identity of jobs', () => {
    expect(column('authors', 'phone').default?.source).toBe("('UNKNOWN')");
    expect(column('jobs', 'job_desc').default?.source).toBe("('New Position - title not formalized yet')");
    expect(column('employee', 'job_id').default?.source).toBe('((1))');
    expect(column('titles', 'pubdate').default?.source).toBe('(getdate())');
    expect(column('jobs', 'job_id')).toMatchObject({
      nativeType: 'smallint',
      identity: { seed: '1', increment: '1' },
    });
  });

  it('has named and system-named keys, with clustering', () => {
    expect(table('authors').primaryKey).toEqual({
      name: 'UPKCL_auidind',
      columns: ['au_id'],
      clustered: true,
    });
    expect(table('sales').primaryKey).toEqual({
      name: 'UPKCL_sales',
      columns: ['stor_id', 'ord_num', 'title_id'],
      clustered: true,
    });
    expect(table('employee').primaryKey).toEqual({
      name: 'PK_emp_id',
      columns: ['emp_id'],
      clustered: false,
    });
    expect(table('jobs').primaryKey).toMatchObject({ columns: ['job_id'], clustered: true });
    expect(table('jobs').primaryKey!.name).toMatch(/^PK__jobs__/);
  });

  it('has the ten foreign keys', () => {
    const fks = model.tables
      .flatMap((t) =>
        t.foreignKeys.map(
          (f) =>
            `${t.name}(${f.columns.join(',')}) -> ${f.references.name}(${f.references.columns.join(',')})`,
        ),
      )
      .sort();
    expect(fks).toEqual([
      'discounts(stor_id) -> stores(stor_id)',
      'employee(job_id) -> jobs(job_id)',
      'employee(pub_id) -> publishers(pub_id)',
      'pub_info(pub_id) -> publishers(pub_id)',
      'roysched(title_id) -> titles(title_id)',
      'sales(stor_id) -> stores(stor_id)',
      'sales(title_id) -> titles(title_id)',
      'titleauthor(au_id) -> authors(au_id)',
      'titleauthor(title_id) -> titles(title_id)',
      'titles(pub_id) -> publishers(pub_id)',
    ]);
  });

  it('has the indexes, including the clustered non-unique employee_ind', () => {
    expect(table('employee').indexes).toEqual([
      {
        name: 'employee_ind',
        columns: [{ name: 'lname' }, { name: 'fname' }, { name: 'minit' }],
        unique: false,
        clustered: true,
      },
    ]);
    expect(table('authors').indexes.map((i) => [i.name, i.columns.map((c) => c.name)])).toEqual([
      ['aunmind', ['au_lname', 'au_fname']],
    ]);
    expect(
      table('titleauthor')
        .indexes.map((i) => i.name)
        .sort(),
    ).toEqual(['auidind', 'titleidind']);
    expect(table('roysched').indexes.map((i) => i.name)).toEqual(['titleidind']);
  });

  it('has the named check constraint of employee', () => {
    const ck = table('employee').checks.find((c) => c.name === 'CK_emp_id')!;
    expect(ck.expression.source).toBe(
      "([emp_id] like '[A-Z][A-Z][A-Z][1-9][0-9][0-9][0-9][0-9][FM]' OR [emp_id] like '[A-Z]-[A-Z][1-9][0-9][0-9][0-9][0-9][FM]')",
    );
    expect(
      table('jobs')
        .checks.map((c) => c.expression.source)
        .sort(),
    ).toEqual(['([max_lvl]<=(250))', '([min_lvl]>=(10))']);
  });

  it('has the trigger employee_insupd on employee for INSERT and UPDATE with its body', () => {
    expect(model.triggers).toHaveLength(1);
    const tr = model.triggers[0]!;
    expect(tr).toMatchObject({
      schema: 'dbo',
      name: 'employee_insupd',
      table: { schema: 'dbo', name: 'employee' },
      timing: 'after',
      events: ['insert', 'update'],
      dialect: 'tsql',
    });
    expect(tr.disabled).toBeUndefined();
    expect(
      tr.definition.trim().startsWith('CREATE TRIGGER employee_insupd\nON employee\nFOR insert, UPDATE\nAS'),
    ).toBe(true);
    expect(tr.definition).toContain("raiserror ('Job id 1 expects the default level of 10.',16,1)");
  });

  it('has the view titleview and the four procedures', () => {
    expect(model.views.map((v) => v.name)).toEqual(['titleview']);
    expect(model.routines.map((r) => [r.name, r.kind])).toEqual([
      ['byroyalty', 'procedure'],
      ['reptq1', 'procedure'],
      ['reptq2', 'procedure'],
      ['reptq3', 'procedure'],
    ]);
    expect(model.routines[0]!.definition.trim()).toBe(
      'CREATE PROCEDURE byroyalty @percentage int\nAS\nselect au_id from titleauthor\nwhere titleauthor.royaltyper = @percentage',
    );
  });
});
