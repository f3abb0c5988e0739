// Compound assignment operators (+=, -=, *=, /=, %=, &=, |=, ^=) through the unmodified mssql client:
// in SET @v, in a SELECT list that assigns variables (row by row), and in UPDATE ... SET col.

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Item (id int PRIMARY KEY, n int NOT NULL, label nvarchar(20) NOT NULL)
GO
INSERT dbo.Item VALUES (1, 10, N'a'), (2, 20, N'b'), (3, 30, N'c')
`;
const server = emulatorWithPool([script], 'master');
const query = async (q: string) => (await server.pool.request().query(q)).recordset as unknown[];

it('SET @v op= x assigns @v op x for each operator', async () => {
  expect(
    await query(`DECLARE @v int = 5;
      SET @v += 3; DECLARE @a int = @v;  -- 8
      SET @v *= 2; DECLARE @b int = @v;  -- 16
      SET @v -= 1; SET @v /= 3;          -- 5
      SET @v %= 4; DECLARE @c int = @v;  -- 1
      SET @v |= 8; SET @v &= 12; SET @v ^= 1;  -- 9, 8, 9
      SELECT @a AS a, @b AS b, @c AS c, @v AS v`),
  ).toEqual([{ a: 8, b: 16, c: 1, v: 9 }]);
});

it('SELECT @v += col assigns row by row, reading the value each row left', async () => {
  expect(
    await query(`DECLARE @s nvarchar(50) = N'>', @t int = 0, @p int = 1;
      SELECT @s += label, @t += n, @p *= id FROM dbo.Item ORDER BY id;
      SELECT @s AS s, @t AS t, @p AS p`),
  ).toEqual([{ s: '>abc', t: 60, p: 6 }]);
});

it('a NULL variable stays NULL under +=, as NULL + x is NULL', async () => {
  expect(await query(`DECLARE @s nvarchar(10); SELECT @s += label FROM dbo.Item; SELECT @s AS s`)).toEqual([
    { s: null },
  ]);
});

it('UPDATE ... SET col op= x changes the column from its value before the update', async () => {
  await server.pool.request().query(`UPDATE dbo.Item SET n += 5, label += N'!' WHERE id = 1;
    UPDATE i SET i.n *= 2 FROM dbo.Item AS i WHERE i.id = 2;
    UPDATE dbo.Item SET n ^= 1 WHERE id = 3`);
  expect(await query('SELECT id, n, label FROM dbo.Item ORDER BY id')).toEqual([
    { id: 1, n: 15, label: 'a!' },
    { id: 2, n: 40, label: 'b' },
    { id: 3, n: 31, label: 'c' },
  ]);
});
