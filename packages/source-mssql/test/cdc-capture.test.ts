// Change capture over the emulator's CDC (issue 20.2): positions, changes in commit order with key
// updates as delete + upsert, nothing from a rolled-back transaction, definition changes, and the
// refusals of a table without capture and without key.

import type { SchemaModel, Table } from '@ferry/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

const script = `
CREATE TABLE dbo.Orders (Id int NOT NULL PRIMARY KEY, Customer nvarchar(20) NOT NULL, Total decimal(9,2) NULL)
GO
CREATE TABLE dbo.Notes (Id int NOT NULL, Body nvarchar(100) NULL)
GO
CREATE TABLE dbo.Plain (Id int NOT NULL PRIMARY KEY)
GO
EXEC sys.sp_cdc_enable_db
GO
EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Orders', @role_name = NULL
GO
EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Notes', @role_name = NULL
`;

let env: EmulatedSource;
const tables = new Map<string, Table>();
let model: SchemaModel;
const exec = async (sql: string) => (await env.source.connect()).request().batch(sql);
const table = (name: string) => tables.get(name)!;

beforeAll(async () => {
  env = await startEmulatedSource({ scripts: [script] });
  ({ model } = await env.source.introspect());
  for (const t of model.tables) tables.set(t.name, t);
});
afterAll(() => env?.close());

it("leaves CDC's schema, change tables, functions and user out of the model: they are the server's", () => {
  expect(model.schemas).toEqual(['dbo']);
  expect([...tables.keys()].sort()).toEqual(['Notes', 'Orders', 'Plain']);
  const names = [...model.views, ...model.routines, ...model.sequences, ...model.synonyms].map((o) => o.name);
  expect(names.filter((n) => /cdc/i.test(n))).toEqual([]);
  expect((model.principals ?? []).map((p) => p.name).filter((n) => /cdc/i.test(n))).toEqual([]);
});

it('refuses a table without capture, saying how to enable it', async () => {
  await expect(env.source.changes.prepare(table('Plain'))).rejects.toMatchObject({
    code: 'SOURCE_TABLE_NOT_CAPTURED',
    message: expect.stringContaining('dbo.Plain has no change data capture'),
    hint: expect.stringContaining("sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Plain'"),
  });
});

it('refuses a table without key unless key columns are named', async () => {
  await expect(env.source.changes.prepare(table('Notes'))).rejects.toMatchObject({
    code: 'REPLICATION_NEEDS_KEY',
    message: expect.stringContaining('dbo.Notes has no primary key or unique index'),
  });
  expect(await env.source.changes.prepare(table('Notes'), ['Id'])).toEqual(['Id']);
  expect(await env.source.changes.prepare(table('Orders'))).toEqual(['Id']);
});

it('reads changes in commit order between two positions; a key update is a delete and an upsert', async () => {
  const capture = env.source.changes;
  const start = await capture.current();
  await exec("INSERT INTO dbo.Orders VALUES (1, N'ann', 10.50), (2, N'bob', NULL)");
  const middle = await capture.current();
  expect(middle > start).toBe(true);
  await exec(
    `BEGIN TRAN; UPDATE dbo.Orders SET Total = 11.25 WHERE Id = 1; UPDATE dbo.Orders SET Id = 3 WHERE Id = 2; COMMIT`,
  );
  await exec("BEGIN TRAN; INSERT INTO dbo.Orders VALUES (9, N'gone', 1); ROLLBACK");
  await exec('DELETE FROM dbo.Orders WHERE Id = 1');
  const end = await capture.current();
  const options = { columns: ['Id', 'Customer', 'Total'], key: ['Id'] };
  const all = await capture.changes(table('Orders'), { ...options, after: start, upTo: end });
  expect(all.map(({ kind, key, row }) => ({ kind, key, row }))).toEqual([
    { kind: 'upsert', key: [1], row: [1, 'ann', '10.50'] },
    { kind: 'upsert', key: [2], row: [2, 'bob', null] },
    { kind: 'upsert', key: [1], row: [1, 'ann', '11.25'] },
    { kind: 'delete', key: [2], row: undefined },
    { kind: 'upsert', key: [3], row: [3, 'bob', null] },
    { kind: 'delete', key: [1], row: undefined },
  ]);
  const positions = all.map((c) => c.position);
  expect(positions).toEqual([...positions].sort());
  expect(new Set(positions).size).toBe(3);
  const later = await capture.changes(table('Orders'), { ...options, after: middle, upTo: end });
  expect(later).toEqual(all.slice(2));
  expect(await capture.changes(table('Orders'), { ...options, after: end, upTo: end })).toEqual([]);
  const at = await capture.committedAt(end);
  expect(Math.abs(Date.now() - at!.getTime())).toBeLessThan(3_600_000);
});

it('reports a definition change of a captured table after a position', async () => {
  const before = await env.source.changes.current();
  expect(await env.source.changes.schemaChanges([table('Orders')], before)).toEqual([]);
  await exec('ALTER TABLE dbo.Orders ADD Note nvarchar(10) NULL');
  const changes = await env.source.changes.schemaChanges([table('Orders'), table('Notes')], before);
  expect(changes).toEqual([
    {
      table: 'dbo.Orders',
      change: expect.stringMatching(/ALTER TABLE dbo\.Orders ADD Note/i),
      position: expect.any(String),
    },
  ]);
});
