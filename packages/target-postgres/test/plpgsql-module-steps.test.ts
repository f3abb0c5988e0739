// The target plan carries the converted modules: domains pre-data, views in dependency order, then
// routines and triggers post-data; assessModel gives the conversion figures per object type.

import { afterAll, describe, expect, it } from 'vitest';
import type { Module, Routine, SchemaModel, Trigger, UserType, View } from '@ferry/core';
import { toSnakeCase } from '@ferry/core';
import { findAll, type Statement } from '@ferry/tsql';
import { logicalType } from '@ferry/source-mssql';
import { assessModel, convertUserType, planNames } from '../src/plpgsql/index.js';
import { defaultTypeMapOptions } from '../src/types.js';
import { loadCorpus } from './corpus-model.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';
import { pgTypeNamed } from '../src/pg/pg-type.js';

const nameOf = (s: Statement) =>
  s.kind === 'CreateView' ||
  s.kind === 'CreateProcedure' ||
  s.kind === 'CreateTrigger' ||
  s.kind === 'CreateFunction'
    ? s.name.name.name
    : '';

/** The corpus modules as a target-shaped model would carry them (snake_case names, IR attached). */
function withModules(file: string, aliases: Record<string, string> = {}): SchemaModel {
  const { model, modules } = loadCorpus(file, aliases);
  const viewNames = new Set(
    modules.filter((m) => m.statement.kind === 'CreateView').map((m) => nameOf(m.statement).toLowerCase()),
  );
  for (const m of modules) {
    const base: Module = {
      schema: 'dbo',
      name: toSnakeCase(nameOf(m.statement)),
      definition: m.text,
      dialect: 'tsql',
      tree: m.statement,
    };
    const s = m.statement;
    if (s.kind === 'CreateView') {
      const deps = findAll(s, 'TableRef')
        .map((t) => t.name.name.name)
        .filter((n) => viewNames.has(n.toLowerCase()));
      model.views.unshift({
        ...base,
        dependsOn: deps.map((d) => ({ schema: 'dbo', name: toSnakeCase(d) })),
      } satisfies View);
    } else if (s.kind === 'CreateProcedure')
      model.routines.push({ ...base, kind: 'procedure' } satisfies Routine);
    else if (s.kind === 'CreateTrigger')
      model.triggers.push({
        ...base,
        table: { schema: 'dbo', name: toSnakeCase(s.table.name.name) },
        timing: 'after',
        events: s.events.map((e) => e.toLowerCase() as 'insert'),
      } satisfies Trigger);
  }
  for (const [name, type] of Object.entries(aliases)) {
    const [, base, length] = /^(\w+)\((\d+)\)$/.exec(type)!;
    model.userTypes.push({
      schema: 'dbo',
      name,
      kind: 'alias',
      type: logicalType({ name: base!, length: Number(length) }),
      nativeType: type,
      nullable: false,
    } satisfies UserType);
  }
  return model;
}

const northwind = withModules('northwind-azure.sql');
const pubs = withModules('pubs.sql', { id: 'varchar(11)', tid: 'varchar(6)', empid: 'char(9)' });
const targets: TestTarget[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

describe('module steps in the target plan', () => {
  it('Northwind: views come after the views they read (model order reversed on purpose), then the procedures; all apply', async () => {
    const t = await newTarget();
    targets.push(t);
    const plan = await t.migrate(northwind);
    const kinds = plan.steps.filter((s) => ['view', 'routine'].includes(s.kind));
    expect(kinds.filter((s) => s.kind === 'view')).toHaveLength(16);
    expect(kinds.filter((s) => s.kind === 'routine')).toHaveLength(7);
    const order = kinds.map((s) => s.object);
    expect(order.indexOf('dbo.order_subtotals')).toBeLessThan(order.indexOf('dbo.sales_totals_by_amount'));
    expect(order.indexOf('dbo.product_sales_for_1997')).toBeLessThan(
      order.indexOf('dbo.category_sales_for_1997'),
    );
    expect(order.indexOf('dbo.order_details_extended')).toBeLessThan(order.indexOf('dbo.sales_by_category'));
    expect(order.findIndex((o) => o === 'dbo.ten_most_expensive_products')).toBeGreaterThan(
      order.lastIndexOf('dbo.invoices'),
    );
    const views = await t.query(
      "SELECT count(*)::int AS n FROM information_schema.views WHERE table_schema = 'dbo'",
    );
    expect(views).toEqual([{ n: 16 }]);
  }, 60_000);

  it('pubs: domains pre-data, the trigger post-data; the plan applies twice (re-runnable)', async () => {
    const t = await newTarget();
    targets.push(t);
    const plan = await t.migrate(pubs);
    expect(plan.steps.filter((s) => s.kind === 'type').map((s) => [s.phase, s.object])).toEqual([
      ['pre-data', 'dbo.id'],
      ['pre-data', 'dbo.tid'],
      ['pre-data', 'dbo.empid'],
    ]);
    expect(plan.steps.filter((s) => s.kind === 'trigger').map((s) => s.object)).toEqual([
      'dbo.employee_insupd',
    ]);
    await t.migrate(pubs);
    const triggers = await t.query('SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname');
    expect(triggers).toEqual([{ tgname: 'employee_insupd_insert' }, { tgname: 'employee_insupd_update' }]);
  }, 60_000);

  it('assessModel: conversion figures per object type', () => {
    const nw = assessModel(northwind);
    const pb = assessModel(pubs);
    console.log('Northwind', JSON.stringify(nw), '\npubs', JSON.stringify(pb));
    expect(nw).toEqual([
      { type: 'view', found: 16, converted: 16, withWarnings: 0, manual: 0, effortHours: 0 },
      { type: 'procedure', found: 7, converted: 7, withWarnings: 0, manual: 0, effortHours: 0 },
    ]);
    expect(pb).toEqual([
      { type: 'user-type', found: 3, converted: 3, withWarnings: 0, manual: 0, effortHours: 0 },
      { type: 'view', found: 1, converted: 1, withWarnings: 0, manual: 0, effortHours: 0 },
      { type: 'procedure', found: 4, converted: 4, withWarnings: 0, manual: 0, effortHours: 0 },
      // two event functions, each with one SELECT-assign and two ROLLBACK notes (low: 0.25 h each)
      { type: 'trigger', found: 1, converted: 0, withWarnings: 1, manual: 0, effortHours: 1.5 },
    ]);
  });
});

describe('type map options in converted code', () => {
  const m = model([
    table('dbo', 'notes', [col('body', { kind: 'text', length: 40, unicode: true, fixed: false })]),
  ]);
  const code: UserType = {
    schema: 'dbo',
    name: 'code',
    kind: 'alias',
    type: { kind: 'text', length: 11, unicode: false, fixed: false },
    nullable: true,
  };

  it("domains and the column types converted code sees follow the target's textFor option", () => {
    const bounded = planNames(m, (s) => s, { ...defaultTypeMapOptions, textFor: 'varchar' });
    expect(bounded.relation('dbo', 'notes')?.column('body')?.type).toEqual(pgTypeNamed('varchar', 40));
    expect(convertUserType(code, bounded).statements).toEqual(['CREATE DOMAIN dbo.code AS varchar(11)']);
    const unbounded = planNames(m, (s) => s, { ...defaultTypeMapOptions, textFor: 'text' });
    expect(unbounded.relation('dbo', 'notes')?.column('body')?.type).toEqual(pgTypeNamed('text'));
    expect(convertUserType(code, unbounded).statements).toEqual(['CREATE DOMAIN dbo.code AS text']);
  });
});
