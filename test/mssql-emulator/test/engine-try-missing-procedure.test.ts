// EXEC of a procedure that does not exist (2812) inside BEGIN TRY, through the unmodified mssql
// client: CATCH receives the error, and with XACT_ABORT OFF the transaction stays committable
// (XACT_STATE() 1): the work done before it can be committed. With XACT_ABORT ON it is doomed (-1).

import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Work (n int)
GO
CREATE PROCEDURE dbo.CallsMissing AS
BEGIN TRY
  EXEC dbo.NotThere;
END TRY
BEGIN CATCH
  SELECT ERROR_NUMBER() AS num, ERROR_PROCEDURE() AS proc_name, XACT_STATE() AS xact_state;
END CATCH
`;
const server = emulatorWithPool([script], 'master');

it('leaves the transaction committable in CATCH, and the work before it commits', async () => {
  const r = await server.pool.request().batch(`
    BEGIN TRAN;
    INSERT dbo.Work VALUES (1);
    BEGIN TRY EXEC dbo.NoSuchProc; END TRY
    BEGIN CATCH SELECT ERROR_NUMBER() AS num, XACT_STATE() AS xact_state, @@TRANCOUNT AS trancount; END CATCH
    COMMIT;
    SELECT COUNT(*) AS n FROM dbo.Work;`);
  expect(r.recordsets).toEqual([[{ num: 2812, xact_state: 1, trancount: 1 }], [{ n: 1 }]]);
});

it('does the same inside a procedure called in a transaction', async () => {
  const r = await server.pool
    .request()
    .batch('BEGIN TRAN; EXEC dbo.CallsMissing; SELECT @@TRANCOUNT AS trancount; ROLLBACK;');
  expect(r.recordsets).toEqual([
    [{ num: 2812, proc_name: 'CallsMissing', xact_state: 1 }],
    [{ trancount: 1 }],
  ]);
});

it('dooms the transaction under XACT_ABORT ON', async () => {
  const r = await server.pool.request().batch(`
    SET XACT_ABORT ON; BEGIN TRAN;
    BEGIN TRY EXEC dbo.NoSuchProc; END TRY BEGIN CATCH SELECT XACT_STATE() AS xact_state; END CATCH
    ROLLBACK; SET XACT_ABORT OFF;`);
  expect(r.recordsets).toEqual([[{ xact_state: -1 }]]);
});
