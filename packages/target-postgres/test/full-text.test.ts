// Full-text search converted to PostgreSQL's text search (passes/full-text.ts), run on embedded
// PostgreSQL: FREETEXT matches any of the words in their inflected forms, FREETEXTTABLE gives the
// matching rows' key and a rank of 0 to 1000, its best top_n, with a medium TSQL_FULL_TEXT item.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseBatch } from '@ferry/tsql';
import { convertModule, namesFromModel } from '../src/plpgsql/index.js';
import { col, model, newTarget, table, type TestTarget } from './fixtures.js';

const names = namesFromModel(
  model([
    table(
      'sales',
      'items',
      [
        col('item_id', { kind: 'int32' }),
        col('description', { kind: 'text', length: 200, unicode: true, fixed: false }),
      ],
      { primaryKey: { name: 'pk_items', columns: ['item_id'] } },
    ),
    table('sales', 'notes', [col('body', { kind: 'text', length: 200, unicode: true, fixed: false })]),
  ]),
  { naming: 'snake_case' },
);
let t: TestTarget;
beforeAll(async () => {
  t = await newTarget();
  await t.query(`CREATE SCHEMA sales;
    CREATE TABLE sales.items (item_id integer PRIMARY KEY, description varchar(200));
    INSERT INTO sales.items VALUES (1, 'Running shoes for trail runners'), (2, 'Leather shoe polish'),
      (3, 'Garden hose'), (4, 'Shoes, shoes and more shoes: a shoe shop'), (5, NULL)`);
}, 30_000);
afterAll(async () => {
  await t?.close();
});

/** Converts one T-SQL module, creates it on PostgreSQL; returns its action items' severity and code. */
async function create(tsql: string): Promise<string[]> {
  const [statement] = parseBatch(tsql);
  const r = convertModule({ statement: statement! }, names);
  for (const sql of r.statements) await t.query(sql);
  return r.actionItems.map((a) => `${a.severity} ${a.code}`);
}

it('FREETEXT matches rows with any of the words, in inflected forms', async () => {
  const codes = await create(`CREATE FUNCTION Sales.ItemsAbout(@Text nvarchar(100)) RETURNS TABLE AS RETURN (
    SELECT ItemID FROM Sales.Items WHERE FREETEXT(Description, @Text))`);
  expect(codes).toEqual(['medium TSQL_FULL_TEXT']);
  const ids = async (text: string) =>
    (await t.query(`SELECT item_id FROM sales.items_about('${text}') ORDER BY 1`)).map((r) => r.item_id);
  // "shoe" finds shoes and shoe; "hose runs" finds either word, "runs" the runners' row by its stem
  expect(await ids('shoe')).toEqual([1, 2, 4]);
  expect(await ids('hose runs')).toEqual([1, 3]);
  expect(await ids('umbrella')).toEqual([]);
});

it('FREETEXTTABLE joins as KEY and RANK (0 to 1000), the best top_n by rank', async () => {
  const codes =
    await create(`CREATE FUNCTION Sales.SearchItems(@Text nvarchar(100), @Top int) RETURNS TABLE AS RETURN (
    SELECT i.ItemID, ft.[RANK] AS ItemRank FROM Sales.Items AS i
    INNER JOIN FREETEXTTABLE(Sales.Items, Description, @Text, @Top) AS ft ON i.ItemID = ft.[KEY])`);
  expect(codes).toEqual(['medium TSQL_FULL_TEXT']);
  const rows = await t.query<{ item_id: number; item_rank: number }>(
    'SELECT * FROM sales.search_items($1, $2) ORDER BY item_rank DESC, item_id',
    ['shoes', 10],
  );
  expect(rows.map((r) => r.item_id)).toEqual([4, 1, 2]);
  for (const r of rows) expect(r.item_rank).toBeGreaterThan(0);
  for (const r of rows) expect(r.item_rank).toBeLessThanOrEqual(1000);
  // the shop that says shoe four times ranks above the others
  expect(rows[0].item_rank).toBeGreaterThan(rows[1].item_rank);
  const best = await t.query('SELECT * FROM sales.search_items($1, $2)', ['shoes', 1]);
  expect(best.map((r) => r.item_id)).toEqual([4]);
});

it('a table without a one-column primary key (the key index) stays an action item', async () => {
  const [statement] =
    parseBatch(`CREATE FUNCTION Sales.SearchNotes(@Text nvarchar(100)) RETURNS TABLE AS RETURN (
    SELECT ft.[KEY] AS k FROM FREETEXTTABLE(Sales.Notes, Body, @Text) AS ft)`);
  const r = convertModule({ statement: statement! }, names);
  expect(r.actionItems.map((a) => `${a.severity} ${a.code}`)).toContain('high TSQL_FUNCTION');
});
