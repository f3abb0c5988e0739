// Full-text search through the unmodified mssql client: CONTAINS / FREETEXT over a full-text index,
// CONTAINSTABLE / FREETEXTTABLE returning [KEY] and [RANK] (RANK is the emulator's own count, so only
// its order is asserted), and SQL Server's refusals: 7601 for a table or column that is not
// full-text indexed, 7645 for an empty condition, 7630 for a syntax error in a CONTAINS condition.

import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Doc (
  id int NOT NULL CONSTRAINT PK_Doc PRIMARY KEY,
  title nvarchar(100) NOT NULL,
  body nvarchar(max) NULL,
  note nvarchar(50) NULL
)
GO
INSERT dbo.Doc VALUES
  (1, N'Red bicycle', N'A fast red bicycle for the city', N'bicycle'),
  (2, N'Blue car', N'The car is blue and fast', NULL),
  (3, N'Green tree', N'Trees grow slowly in the park', NULL),
  (4, N'Bicycle repair', N'Repairing a bicycle chain', NULL)
GO
CREATE TABLE dbo.Plain (id int PRIMARY KEY, t nvarchar(100))
GO
CREATE FULLTEXT CATALOG DocCatalog AS DEFAULT
GO
CREATE FULLTEXT INDEX ON dbo.Doc (title, body) KEY INDEX PK_Doc ON DocCatalog WITH CHANGE_TRACKING AUTO
`;
const server = emulatorWithPool([script], 'master');
const ids = async (q: string) =>
  ((await server.pool.request().query(q)).recordset as { id: number }[]).map((r) => r.id);

it('CONTAINS matches words, phrases and prefixes, combined with AND, OR and AND NOT', async () => {
  expect(await ids("SELECT id FROM dbo.Doc WHERE CONTAINS(title, N'bicycle') ORDER BY id")).toEqual([1, 4]);
  expect(await ids('SELECT id FROM dbo.Doc d WHERE CONTAINS(d.body, N\'"red bicycle"\')')).toEqual([1]);
  expect(await ids('SELECT id FROM dbo.Doc WHERE CONTAINS(body, N\'"repair*"\')')).toEqual([4]);
  expect(await ids("SELECT id FROM dbo.Doc WHERE CONTAINS(*, N'fast AND NOT car') ORDER BY id")).toEqual([1]);
  expect(
    await ids("SELECT id FROM dbo.Doc WHERE CONTAINS(*, N'(blue OR green) AND NOT tree') ORDER BY id"),
  ).toEqual([2]);
});

it('FREETEXT matches rows holding any word of the text', async () => {
  expect(await ids("SELECT id FROM dbo.Doc WHERE FREETEXT(*, N'blue chain') ORDER BY id")).toEqual([2, 4]);
  expect(await ids("SELECT id FROM dbo.Doc WHERE FREETEXT(title, N'green') ORDER BY id")).toEqual([3]);
});

it('CONTAINSTABLE and FREETEXTTABLE return the key and a rank, best first with top_n', async () => {
  const r = await server.pool
    .request()
    .query(
      "SELECT ft.[KEY], ft.[RANK] FROM FREETEXTTABLE(dbo.Doc, *, N'bicycle fast') AS ft ORDER BY ft.[KEY]",
    );
  expect(r.recordset.map((x: { KEY: number }) => x.KEY)).toEqual([1, 2, 4]);
  expect(Object.keys(r.recordset.columns)).toEqual(['KEY', 'RANK']);
  const top = await server.pool.request().query(`SELECT d.title, ct.[RANK]
      FROM CONTAINSTABLE(dbo.Doc, *, N'bicycle OR fast', 1) ct JOIN dbo.Doc d ON d.id = ct.[KEY]`);
  expect(top.recordset.map((x: { title: string }) => x.title)).toEqual(['Red bicycle']);
  const ranks = await server.pool
    .request()
    .query(
      "SELECT [KEY], [RANK] FROM CONTAINSTABLE(dbo.Doc, body, N'bicycle OR fast') ORDER BY [RANK] DESC, [KEY]",
    );
  expect(ranks.recordset.map((x: { KEY: number }) => x.KEY)).toEqual([1, 2, 4]);
});

it('reads FORMSOF terms and a LANGUAGE given by a variable (not applied)', async () => {
  const keys = async (q: string) =>
    ((await server.pool.request().query(q)).recordset as { KEY: number }[]).map((r) => r.KEY);
  expect(
    await keys(`DECLARE @language nvarchar(20) = N'English';
      SELECT [KEY] FROM CONTAINSTABLE(dbo.Doc, *, N'FORMSOF(INFLECTIONAL, "repair")', LANGUAGE @language) ORDER BY [KEY]`),
  ).toEqual([4]);
  expect(
    await keys(
      `SELECT [KEY] FROM CONTAINSTABLE(dbo.Doc, title, N'FORMSOF(THESAURUS, "tree")', LANGUAGE N'English')`,
    ),
  ).toEqual([3]);
});

it("refuses what SQL Server refuses, with SQL Server's errors", async () => {
  expect(await queryError(server.pool, "SELECT id FROM dbo.Plain WHERE CONTAINS(t, N'x')")).toEqual({
    number: 7601,
    message:
      "Cannot use a CONTAINS or FREETEXT predicate on table or indexed view 'Plain' because it is not full-text indexed.",
  });
  expect(await queryError(server.pool, "SELECT id FROM dbo.Doc WHERE CONTAINS(note, N'bicycle')")).toEqual({
    number: 7601,
    message:
      "Cannot use a CONTAINS or FREETEXT predicate on column 'note' because it is not full-text indexed.",
  });
  expect(await queryError(server.pool, "SELECT * FROM FREETEXTTABLE(dbo.Plain, *, N'x')")).toMatchObject({
    number: 7601,
  });
  expect(await queryError(server.pool, "SELECT id FROM dbo.Doc WHERE CONTAINS(title, N'  ')")).toEqual({
    number: 7645,
    message: 'Null or empty full-text predicate.',
  });
  expect(await queryError(server.pool, "SELECT id FROM dbo.Doc WHERE CONTAINS(title, N'red AND')")).toEqual({
    number: 7630,
    message: "Syntax error near '<end of input>' in the full-text search condition 'red AND'.",
  });
});
