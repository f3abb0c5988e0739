// Procedure and function bodies through the unmodified mssql client: RETURN status (RPC returnValue
// and EXEC @rc = ...), RETURN/BREAK/CONTINUE inside TRY blocks, compound SET (+=, %=...), scalar
// user-defined functions, cursors.

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

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
CREATE FUNCTION dbo.Tax (@amount decimal(10,2), @rate decimal(4,3) = 0.2) RETURNS decimal(10,2) AS
BEGIN
  DECLARE @t decimal(10,2) = @amount * @rate
  IF @t < 1 RETURN 1
  RETURN @t
END
GO
CREATE FUNCTION dbo.Fact (@n int) RETURNS bigint AS
BEGIN
  IF @n <= 1 RETURN 1
  RETURN @n * dbo.Fact(@n - 1)
END
GO
CREATE TABLE dbo.Invoice (Id int NOT NULL PRIMARY KEY, Amount decimal(10,2) NOT NULL, Tax AS dbo.Tax(Amount, 0.2))
INSERT INTO dbo.Invoice (Id, Amount) VALUES (1, 100), (2, 2.5)
GO
CREATE FUNCTION dbo.InvoicesOver (@min decimal(10,2), @label varchar(10) = 'big') RETURNS TABLE AS
RETURN (SELECT Id, Amount, @label AS Label FROM dbo.Invoice WHERE Amount > @min)
GO
`;

const server = emulatorWithPool([script], 'procs');

it('returns the RETURN status to an RPC caller and to EXEC @rc =, RETURN inside TRY ending the procedure', async () => {
  const statuses = [];
  for (const n of [-5, 0, 3])
    statuses.push((await server.pool.request().input('n', sql.Int, n).execute('dbo.Classify')).returnValue);
  expect(statuses).toEqual([-1, 10, 1]);
  const r = await server.pool.request().query('DECLARE @rc int; EXEC @rc = dbo.Classify 0; SELECT @rc AS rc');
  expect(r.recordset).toEqual([{ rc: 10 }]);
});

it('BREAK and CONTINUE inside TRY act on the enclosing WHILE; += appends and adds', async () => {
  const r = await server.pool.request().execute('dbo.Walk');
  expect(r.recordset).toEqual([{ i: 5, seen: '134' }]);
});

it('runs a DECLARE inside a loop again without redeclaring: values and table rows stay, initializers run again', async () => {
  const r = await server.pool.request().query(`
    DECLARE @i int = 0, @out varchar(40) = ''
    WHILE @i < 3
    BEGIN
      SET @i += 1
      DECLARE @kept int
      DECLARE @reset int = 10
      DECLARE @rows TABLE (n int)
      SET @out += CONCAT(ISNULL(@kept, -1), '/', @reset, '/', (SELECT COUNT(*) FROM @rows), ' ')
      SET @kept = @i
      SET @reset = 0
      INSERT @rows VALUES (@i)
    END
    SELECT @out AS out`);
  expect(r.recordset).toEqual([{ out: '-1/10/0 1/10/1 2/10/2 ' }]);
  // A second DECLARE of the same name is still refused.
  await expect(server.pool.request().query('DECLARE @a int; DECLARE @a int')).rejects.toMatchObject({
    number: 134,
  });
});

it('runs scalar user functions: per row, in computed columns, recursively up to 32 levels, with SQL Server errors', async () => {
  const r = await server.pool.request().query(`
    SELECT Id, CONVERT(varchar(12), Tax) AS Tax, CONVERT(varchar(12), dbo.Tax(Amount, 0.5)) AS Half FROM dbo.Invoice ORDER BY Id
    SELECT dbo.Fact(20) AS f`);
  const sets = r.recordsets as sql.IRecordSet<unknown>[];
  expect(sets[0]).toEqual([
    { Id: 1, Tax: '20.00', Half: '50.00' },
    { Id: 2, Tax: '1.00', Half: '1.25' },
  ]);
  expect(sets[1]).toEqual([{ f: '2432902008176640000' }]);
  await expect(server.pool.request().query('SELECT dbo.Fact(33)')).rejects.toMatchObject({
    number: 217,
    message: 'Maximum stored procedure, function, trigger, or view nesting level exceeded (limit 32).',
  });
  // A function's own statements do not commit the statement that calls it: the failing INSERT leaves no row.
  await expect(
    server.pool
      .request()
      .query(
        'INSERT INTO dbo.Invoice (Id, Amount) SELECT dbo.Fact(v), 1 FROM (VALUES (3), (4), (3)) AS x (v)',
      ),
  ).rejects.toMatchObject({ number: 2627 });
  expect((await server.pool.request().query('SELECT COUNT(*) AS n FROM dbo.Invoice')).recordset).toEqual([
    { n: 2 },
  ]);
  await expect(server.pool.request().query('SELECT dbo.Tax(1)')).rejects.toMatchObject({
    number: 313,
    message: 'An insufficient number of arguments were supplied for the procedure or function dbo.Tax.',
  });
});

it('walks a cursor with FETCH ... INTO and @@FETCH_STATUS, scrolls a SCROLL cursor, and reports cursor errors', async () => {
  const r = await server.pool.request().query(`
    DECLARE @id int, @amount decimal(10,2), @list varchar(50) = ''
    DECLARE walk CURSOR LOCAL FOR SELECT Id, Amount FROM dbo.Invoice ORDER BY Id DESC
    OPEN walk
    FETCH NEXT FROM walk INTO @id, @amount
    WHILE @@FETCH_STATUS = 0
    BEGIN
      SET @list += CONCAT(@id, ':', @amount, ' ')
      FETCH NEXT FROM walk INTO @id, @amount
    END
    CLOSE walk
    DEALLOCATE walk
    SELECT @list AS list, @@FETCH_STATUS AS status
    DECLARE back CURSOR SCROLL FOR SELECT Id FROM dbo.Invoice ORDER BY Id
    OPEN back
    FETCH LAST FROM back
    FETCH PRIOR FROM back
    FETCH ABSOLUTE 2 FROM back
    CLOSE back
    DEALLOCATE back`);
  const sets = r.recordsets as sql.IRecordSet<unknown>[];
  expect(sets[0]).toEqual([{ list: '2:2.50 1:100.00 ', status: -1 }]);
  expect(sets.slice(1)).toEqual([[{ Id: 2 }], [{ Id: 1 }], [{ Id: 2 }]]);
  await expect(
    server.pool
      .request()
      .query('DECLARE f CURSOR FOR SELECT Id FROM dbo.Invoice; OPEN f; FETCH FIRST FROM f'),
  ).rejects.toMatchObject({
    number: 16911,
    message: 'fetch: The fetch type FIRST cannot be used with forward only cursors.',
  });
  await expect(server.pool.request().query('FETCH NEXT FROM nosuch')).rejects.toMatchObject({
    number: 16916,
    message: "A cursor with the name 'nosuch' does not exist.",
  });
});

it("runs dynamic SQL with EXEC ('...') in a scope of its own; its name errors end only the dynamic batch", async () => {
  const r = await server.pool.request().query(`
    DECLARE @table sysname = N'dbo.Invoice'
    EXEC (N'SELECT COUNT(*) AS n FROM ' + @table)`);
  expect(r.recordset).toEqual([{ n: 2 }]);
  // mssql rejects a batch that reported any error: the table the batch creates after it shows that it went on.
  await expect(
    server.pool.request().query("EXEC (N'SELECT * FROM dbo.NoSuchTable'); CREATE TABLE dbo.Marker (x int)"),
  ).rejects.toMatchObject({ number: 208 });
  expect(
    (
      await server.pool
        .request()
        .query("SELECT CASE WHEN OBJECT_ID('dbo.Marker') IS NULL THEN 0 ELSE 1 END AS created")
    ).recordset,
  ).toEqual([{ created: 1 }]);
  await expect(server.pool.request().query("DECLARE @x int = 1; EXEC ('SELECT @x')")).rejects.toMatchObject({
    number: 137,
    message: 'Must declare the scalar variable "@x".',
  });
});

it('queries inline table-valued functions with their parameters (DEFAULT included)', async () => {
  const r = await server.pool.request().input('min', sql.Decimal(10, 2), 50).query(`
    SELECT f.Id, CONVERT(varchar(12), f.Amount) AS Amount, f.Label FROM dbo.InvoicesOver(@min, DEFAULT) AS f
    SELECT COUNT(*) AS n FROM dbo.InvoicesOver(0, 'all') f JOIN dbo.Invoice i ON i.Id = f.Id`);
  const sets = r.recordsets as sql.IRecordSet<unknown>[];
  expect(sets[0]).toEqual([{ Id: 1, Amount: '100.00', Label: 'big' }]);
  expect(sets[1]).toEqual([{ n: 2 }]);
});

it('CROSS APPLY and OUTER APPLY evaluate the right side per left row (derived tables and table-valued functions)', async () => {
  const r = await server.pool.request().query(`
    SELECT v.n, t.Id FROM (VALUES (1), (2), (3)) AS v (n) OUTER APPLY (SELECT TOP 1 Id FROM dbo.Invoice WHERE Id >= v.n ORDER BY Id) AS t ORDER BY v.n
    SELECT v.n, f.Id FROM (VALUES (1), (50)) AS v (n) CROSS APPLY dbo.InvoicesOver(v.n, DEFAULT) AS f ORDER BY v.n, f.Id`);
  const sets = r.recordsets as sql.IRecordSet<unknown>[];
  expect(sets[0]).toEqual([
    { n: 1, Id: 1 },
    { n: 2, Id: 2 },
    { n: 3, Id: null },
  ]);
  expect(sets[1]).toEqual([
    { n: 1, Id: 1 },
    { n: 1, Id: 2 },
    { n: 50, Id: 1 },
  ]);
});

it("gives the caller its database back when a dynamic batch's USE ends with it", async () => {
  const r = await server.pool.request().query(`
    EXEC ('USE master; SELECT DB_NAME() AS inside')
    EXEC sp_executesql N'USE tempdb'
    SELECT DB_NAME() AS after`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([{ inside: 'master' }]);
  expect(sets[1]).toEqual([{ after: 'procs' }]);
});

it('refuses a view over a table that does not exist with 208 (views are bound when created, procedures are not)', async () => {
  await expect(
    server.pool.request().query('CREATE VIEW dbo.Ghosts AS SELECT g.Id FROM dbo.NoSuchGhosts AS g'),
  ).rejects.toMatchObject({ number: 208, message: "Invalid object name 'dbo.NoSuchGhosts'." });
  await expect(
    server.pool.request().query('CREATE VIEW dbo.BadColumn AS SELECT NoSuchColumn FROM dbo.Invoice'),
  ).rejects.toMatchObject({ number: 207, message: "Invalid column name 'NoSuchColumn'." });
  await server.pool.request().query('CREATE PROCEDURE dbo.Later AS SELECT * FROM dbo.NoSuchGhosts');
  const r = await server.pool
    .request()
    .query("SELECT name FROM sys.objects WHERE name IN ('Ghosts', 'BadColumn', 'Later')");
  expect(r.recordset).toEqual([{ name: 'Later' }]);
});

// Compiled plans of procedure queries and inline functions are reused across calls: whatever they
// were compiled against (columns, objects, variable types, the user) must make them compile again.
it('recompiles a cached procedure query and inline function after the table they read changes', async () => {
  const run = async (q: string) =>
    (await server.pool.request().query(q)).recordsets as unknown as unknown[][];
  await run(`CREATE TABLE dbo.Cached (a int); INSERT INTO dbo.Cached VALUES (1)`);
  await run(
    `CREATE FUNCTION dbo.CachedRows (@min int) RETURNS TABLE AS RETURN SELECT * FROM dbo.Cached WHERE a >= @min`,
  );
  await run(`CREATE PROCEDURE dbo.ReadCached AS SELECT * FROM dbo.CachedRows(0)`);
  expect(await run('EXEC dbo.ReadCached; EXEC dbo.ReadCached')).toEqual([[{ a: 1 }], [{ a: 1 }]]);
  await run(`ALTER TABLE dbo.Cached ADD b varchar(5) NULL`);
  await run(`UPDATE dbo.Cached SET b = 'x'`);
  expect(await run('EXEC dbo.ReadCached')).toEqual([[{ a: 1, b: 'x' }]]);
  await run(
    `DROP FUNCTION dbo.CachedRows; DROP TABLE dbo.Cached; CREATE TABLE dbo.Cached (a int, c int); INSERT INTO dbo.Cached VALUES (2, 3)`,
  );
  await run(
    `CREATE FUNCTION dbo.CachedRows (@min int) RETURNS TABLE AS RETURN SELECT * FROM dbo.Cached WHERE a >= @min`,
  );
  expect(await run('EXEC dbo.ReadCached')).toEqual([[{ a: 2, c: 3 }]]);
});

it('refuses a batch whose CREATE VIEW/PROCEDURE is not its first statement (111), before running any of it', async () => {
  const error = await queryError(
    server.pool,
    'INSERT INTO dbo.Cached VALUES (7, 7)\nCREATE VIEW dbo.Late AS SELECT 1 AS x',
  );
  expect(error).toEqual({
    number: 111,
    message: "'CREATE VIEW' must be the first statement in a query batch.",
  });
  expect(
    (await server.pool.request().query('SELECT COUNT(*) AS n FROM dbo.Cached WHERE a = 7')).recordset,
  ).toEqual([{ n: 0 }]);
  expect(
    await queryError(server.pool, "EXEC ('SELECT 1 CREATE PROCEDURE dbo.P2 AS SELECT 2')"),
  ).toMatchObject({ number: 111 });
});

it('@@PROCID is the running procedure, function or trigger (0 in a batch): OBJECT_NAME of it its name', async () => {
  const q = (text: string) => server.pool.request().query(text);
  await q(`CREATE FUNCTION dbo.OwnName () RETURNS sysname AS BEGIN RETURN OBJECT_NAME(@@PROCID) END`);
  await q(
    `CREATE PROCEDURE dbo.WhoRuns AS SELECT OBJECT_SCHEMA_NAME(@@PROCID) AS s, OBJECT_NAME(@@PROCID) AS p, dbo.OwnName() AS f, @@PROCID - OBJECT_ID('dbo.WhoRuns') AS d`,
  );
  expect((await q('EXEC dbo.WhoRuns')).recordset).toEqual([{ s: 'dbo', p: 'WhoRuns', f: 'OwnName', d: 0 }]);
  expect((await q('SELECT @@PROCID AS id')).recordset).toEqual([{ id: 0 }]);
});
