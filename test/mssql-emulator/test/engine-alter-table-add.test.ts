// ALTER TABLE ... ADD on a table that has rows, through the unmodified mssql client: what the existing
// rows hold in the new column, as SQL Server's ALTER TABLE docs say (a NOT NULL column with a DEFAULT,
// or any DEFAULT WITH VALUES, fills them; a nullable column without WITH VALUES leaves NULL; an
// identity column numbers them).

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const server = emulatorWithPool(
  [
    `CREATE TABLE dbo.t (id int NOT NULL PRIMARY KEY);
     INSERT INTO dbo.t (id) VALUES (1), (2), (3);
     ALTER TABLE dbo.t ADD status varchar(10) NOT NULL CONSTRAINT df_status DEFAULT 'new';
     ALTER TABLE dbo.t ADD note varchar(10) NULL DEFAULT 'n/a';
     ALTER TABLE dbo.t ADD flag bit NULL DEFAULT 1 WITH VALUES;
     ALTER TABLE dbo.t ADD seq int IDENTITY(10, 5) NOT NULL;
     ALTER TABLE dbo.t ADD score int NOT NULL DEFAULT 7 CONSTRAINT ck_score CHECK (score > 0);`,
  ],
  'altered',
);

it('fills existing rows with a NOT NULL default, a WITH VALUES default and identity values; leaves other nullable columns NULL', async () => {
  const r = await server.pool
    .request()
    .query('SELECT id, status, note, flag, seq, score FROM dbo.t ORDER BY id');
  expect(r.recordset).toEqual([
    { id: 1, status: 'new', note: null, flag: true, seq: 10, score: 7 },
    { id: 2, status: 'new', note: null, flag: true, seq: 15, score: 7 },
    { id: 3, status: 'new', note: null, flag: true, seq: 20, score: 7 },
  ]);
});

it('new rows go on with the defaults and the identity after the filled ones', async () => {
  await server.pool.request().query('INSERT INTO dbo.t (id) VALUES (4)');
  const r = await server.pool
    .request()
    .query('SELECT status, note, flag, seq, score FROM dbo.t WHERE id = 4');
  expect(r.recordset).toEqual([{ status: 'new', note: 'n/a', flag: true, seq: 25, score: 7 }]);
});
