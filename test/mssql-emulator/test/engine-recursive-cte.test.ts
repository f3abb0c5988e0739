// Recursive common table expressions through the unmodified mssql client: an anchor UNION ALL a
// recursive part walks a hierarchy level by level; 100 levels at most (error 530).

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Staff (Id int NOT NULL PRIMARY KEY, BossId int NULL, Name varchar(10) NOT NULL)
INSERT INTO dbo.Staff VALUES (1, NULL, 'ceo'), (2, 1, 'vp'), (3, 2, 'dev'), (4, 2, 'qa'), (5, 1, 'cfo'), (6, 3, 'intern')
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
