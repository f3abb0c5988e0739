// Recursive common table expressions through the unmodified mssql client: an anchor UNION ALL a
// recursive part walks a hierarchy level by level; 100 levels at most (error 530).

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Staff (Id int NOT NULL PRIMARY KEY, BossId int NULL, Name varchar(10) NOT NULL)
INSERT INTO dbo.Staff VALUES (1, NULL, 'ceo'), (2, 1, 'vp'), (3, 2, 'dev'), (4, 2, 'qa'), (5, 1, 'cfo'), (6, 3, 'intern')
CREATE TABLE dbo.Pay (Id int NOT NULL PRIMARY KEY, Amount int NOT NULL)
INSERT INTO dbo.Pay VALUES (1, 100), (2, 80), (3, 50), (4, 50), (5, 90), (6, 10)
`;

const server = emulatorWithPool([script], 'cte');

it('walks a hierarchy from its root, level by level', async () => {
  const r = await server.pool.request().query(`
    WITH chain (Id, Name, Depth, Path) AS (
      SELECT Id, Name, 0, CAST(Name AS varchar(100)) FROM dbo.Staff WHERE BossId IS NULL
      UNION ALL
      SELECT s.Id, s.Name, c.Depth + 1, CAST(c.Path + '/' + s.Name AS varchar(100)) FROM dbo.Staff AS s JOIN chain AS c ON s.BossId = c.Id
    )
    SELECT Name, Depth, Path FROM chain ORDER BY Path`);
  expect(r.recordset).toEqual([
    { Name: 'ceo', Depth: 0, Path: 'ceo' },
    { Name: 'cfo', Depth: 1, Path: 'ceo/cfo' },
    { Name: 'vp', Depth: 1, Path: 'ceo/vp' },
    { Name: 'dev', Depth: 2, Path: 'ceo/vp/dev' },
    { Name: 'intern', Depth: 3, Path: 'ceo/vp/dev/intern' },
    { Name: 'qa', Depth: 2, Path: 'ceo/vp/qa' },
  ]);
});

it('stops an endless recursion after 100 levels with error 530', async () => {
  await expect(
    server.pool
      .request()
      .query('WITH n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) AS c FROM n'),
  ).rejects.toMatchObject({
    number: 530,
    message:
      'The statement terminated. The maximum recursion 100 has been exhausted before statement completion.',
  });
});

it('reads the WITH clause of INSERT, UPDATE, DELETE and MERGE (joined in FROM and in subqueries)', async () => {
  const r = await server.pool.request().query(`
    WITH under AS (SELECT Id FROM dbo.Staff WHERE BossId = 2)
    UPDATE dbo.Pay SET Amount = Amount + 5 FROM dbo.Pay JOIN under ON under.Id = Pay.Id;
    WITH top1 AS (SELECT Id FROM dbo.Staff WHERE BossId IS NULL)
    UPDATE dbo.Pay SET Amount = Amount * 2 WHERE Id IN (SELECT Id FROM top1);
    WITH leaf AS (SELECT Id FROM dbo.Staff WHERE Name = 'intern')
    DELETE FROM dbo.Pay WHERE Id IN (SELECT Id FROM leaf);
    WITH extra AS (SELECT 7 AS Id, 1 AS Amount)
    INSERT INTO dbo.Pay SELECT Id, Amount FROM extra;
    WITH cfo AS (SELECT 5 AS Id, 95 AS Amount)
    MERGE dbo.Pay AS t USING cfo AS s ON t.Id = s.Id WHEN MATCHED THEN UPDATE SET Amount = s.Amount;
    SELECT Id, Amount FROM dbo.Pay ORDER BY Id`);
  expect(r.recordset).toEqual([
    { Id: 1, Amount: 200 },
    { Id: 2, Amount: 80 },
    { Id: 3, Amount: 55 },
    { Id: 4, Amount: 55 },
    { Id: 5, Amount: 95 },
    { Id: 7, Amount: 1 },
  ]);
});
