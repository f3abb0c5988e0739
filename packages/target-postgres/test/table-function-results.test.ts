// A table-valued function of the model read by another routine: its result columns are typed as its
// own conversion returns them (function-result.ts), so `SELECT *` over it gives RETURNS TABLE (...)
// and a bit column compared with 1 is a boolean; a bit parameter of a function is passed a boolean.
// Run on embedded PostgreSQL, the results are SQL Server's for the same data.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Routine } from '@ferry/core';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const routine = (name: string, kind: Routine['kind'], definition: string): Routine => ({
  schema: 'dbo',
  name,
  kind,
  definition,
  dialect: 'tsql',
  tree: parseBatch(definition)[0],
});
const flagged = routine(
  'flagged',
  'inline-table-function',
  "CREATE FUNCTION dbo.Flagged(@Min int) RETURNS TABLE AS RETURN (SELECT i.Id, i.Flag AS IsFlagged, CHARINDEX('b', i.Name, 0) AS BAt FROM dbo.Items i WHERE i.Id >= @Min)",
);
const onlyFlagged = routine(
  'only_flagged',
  'inline-table-function',
  'CREATE FUNCTION dbo.OnlyFlagged(@Min int) RETURNS TABLE AS RETURN (SELECT * FROM dbo.Flagged(@Min) WHERE IsFlagged = 1)',
);
const countOf = routine(
  'count_of',
  'scalar-function',
  'CREATE FUNCTION dbo.CountOf(@Min int, @Flagged bit = 0) RETURNS int AS BEGIN RETURN (SELECT COUNT(*) FROM dbo.Flagged(@Min) f WHERE f.IsFlagged = @Flagged) END',
);
const countFlagged = routine(
  'count_flagged',
  'scalar-function',
  'CREATE FUNCTION dbo.CountFlagged() RETURNS int AS BEGIN RETURN dbo.CountOf(1, 1) END',
);
const m = model(
  [
    table('dbo', 'items', [
      col('id', { kind: 'int32' }),
      col('flag', { kind: 'bool' }),
      col('name', { kind: 'text', length: 10, unicode: true, fixed: false }),
    ]),
  ],
  { routines: [flagged, onlyFlagged, countOf, countFlagged] },
);
const names = namesFromModel(m, { naming: 'snake_case' });

let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
  await t.query(`CREATE SCHEMA dbo; CREATE TABLE dbo.items (id integer, flag boolean, name varchar(10));
    INSERT INTO dbo.items VALUES (1, true, 'abc'), (2, false, 'b'), (3, true, 'x')`);
  for (const r of m.routines)
    for (const sql of convertModule({ statement: r.tree as never }, names).statements) await t.query(sql);
}, 30_000);
afterAll(async () => {
  await t?.close();
});

it('types the columns of * over a table-valued function of the model, its bit column a boolean', async () => {
  const [sql] = convertModule({ statement: onlyFlagged.tree as never }, names).statements;
  expect(sql).toContain('RETURNS TABLE (id integer, is_flagged boolean, b_at integer)');
  expect(await t.query('SELECT * FROM dbo.only_flagged(1) ORDER BY id')).toEqual([
    { id: 1, is_flagged: true, b_at: 2 },
    { id: 3, is_flagged: true, b_at: 0 },
  ]);
});

it('passes a boolean to a bit parameter of a function of the model', async () => {
  expect(await t.query('SELECT dbo.count_flagged() AS n')).toEqual([{ n: 2 }]);
});
