// Procedure bodies through the unmodified mssql client: RETURN status (RPC returnValue and
// EXEC @rc = ...), RETURN/BREAK/CONTINUE inside TRY blocks, compound SET (+=, %=...).

import sql from 'mssql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';

const script = `
CREATE PROCEDURE dbo.Classify @n int AS
BEGIN
  IF @n < 0 RETURN -1
  BEGIN TRY
    IF @n = 0 RETURN 10
    PRINT 'positive'
  END TRY
  BEGIN CATCH
    RETURN 99
  END CATCH
  RETURN 1
END
GO
CREATE PROCEDURE dbo.Walk AS
BEGIN
  DECLARE @i int = 0, @seen varchar(20) = ''
  WHILE @i < 6
  BEGIN
    SET @i += 1
    BEGIN TRY
      IF @i = 2 CONTINUE
      IF @i = 5 BREAK
      SET @seen += CAST(@i AS varchar(2))
    END TRY
    BEGIN CATCH
    END CATCH
  END
  SELECT @i AS i, @seen AS seen
END
GO
`;

let em: RunningEmulator;
let pool: sql.ConnectionPool;
beforeAll(async () => {
  em = await startEmulator({ scripts: [script], database: 'procs' });
  pool = await new sql.ConnectionPool(em.config).connect();
});
afterAll(async () => {
  await pool?.close();
  await em?.close();
});

it('returns the RETURN status to an RPC caller and to EXEC @rc =, RETURN inside TRY ending the procedure', async () => {
  const statuses = [];
  for (const n of [-5, 0, 3]) statuses.push((await pool.request().input('n', sql.Int, n).execute('dbo.Classify')).returnValue);
  expect(statuses).toEqual([-1, 10, 1]);
  const r = await pool.request().query('DECLARE @rc int; EXEC @rc = dbo.Classify 0; SELECT @rc AS rc');
  expect(r.recordset).toEqual([{ rc: 10 }]);
});

it('BREAK and CONTINUE inside TRY act on the enclosing WHILE; += appends and adds', async () => {
  const r = await pool.request().execute('dbo.Walk');
  expect(r.recordset).toEqual([{ i: 5, seen: '134' }]);
});
