// System-versioned temporal tables through the unmodified mssql client: GENERATED ALWAYS period
// columns (HIDDEN left out of SELECT *), history rows on UPDATE and DELETE, FOR SYSTEM_TIME
// AS OF / FROM..TO / BETWEEN / CONTAINED IN / ALL, the catalog (sys.tables, sys.periods, sys.columns),
// SYSTEM_VERSIONING OFF, SQL Server's errors, and the corpus' product catalog sample.

import { expect, it } from 'vitest';
import { corpus } from './engine-helpers.js';
import { emulatorWithPool } from './emulator-pool.js';

const script = `
CREATE SCHEMA History
GO
CREATE TABLE dbo.Emp (
  Id int NOT NULL PRIMARY KEY,
  Name nvarchar(20) NOT NULL,
  ValidFrom datetime2(7) GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
  ValidTo datetime2(7) GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
  PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo)
) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = History.Emp))
GO
CREATE TABLE dbo.Plain (Id int NOT NULL PRIMARY KEY)
`;

const server = emulatorWithPool([script, corpus('features/temporal/setup.sql')], 'temporal');

it('keeps the old versions of updated and deleted rows in the history table', async () => {
  const q = (sql: string) => server.pool.request().query(sql);
  await q("USE temporal; INSERT dbo.Emp VALUES (1, N'Ann'), (2, N'Bob')");
  await q("WAITFOR DELAY '00:00:00.050'; UPDATE dbo.Emp SET Name = N'Anna' WHERE Id = 1");
  await q("WAITFOR DELAY '00:00:00.050'; DELETE dbo.Emp WHERE Id = 2");
  const star = await q('SELECT * FROM dbo.Emp');
  expect(star.recordset).toEqual([{ Id: 1, Name: 'Anna' }]);
  const all = await q(`
    SELECT Id, Name, CONVERT(varchar(30), ValidFrom, 121) AS f, CONVERT(varchar(30), ValidTo, 121) AS t
    FROM dbo.Emp FOR SYSTEM_TIME ALL ORDER BY Id, ValidFrom`);
  const [oldAnn, anna, bob] = all.recordset as { Id: number; Name: string; f: string; t: string }[];
  expect([oldAnn.Name, anna.Name, bob.Name]).toEqual(['Ann', 'Anna', 'Bob']);
  // One INSERT statement: one start time; the update ends the old version where the new one starts.
  expect(oldAnn.f).toBe(bob.f);
  expect(oldAnn.t).toBe(anna.f);
  expect(anna.t).toBe('9999-12-31 23:59:59.9999999');
  expect(bob.t > anna.f).toBe(true);
  const history = await q('SELECT Id, Name FROM History.Emp ORDER BY Id');
  expect(history.recordset).toEqual([
    { Id: 1, Name: 'Ann' },
    { Id: 2, Name: 'Bob' },
  ]);
  const asOf = async (time: string) =>
    (await q(`SELECT Id, Name FROM dbo.Emp FOR SYSTEM_TIME AS OF '${time}' ORDER BY Id`)).recordset;
  expect(await asOf(oldAnn.f)).toEqual([
    { Id: 1, Name: 'Ann' },
    { Id: 2, Name: 'Bob' },
  ]);
  expect(await asOf(anna.f)).toEqual([
    { Id: 1, Name: 'Anna' },
    { Id: 2, Name: 'Bob' },
  ]);
  expect(await asOf(bob.t)).toEqual([{ Id: 1, Name: 'Anna' }]);
  const ranges = await q(`
    SELECT COUNT(*) AS n FROM dbo.Emp FOR SYSTEM_TIME FROM '${oldAnn.f}' TO '${anna.f}'
    SELECT COUNT(*) AS n FROM dbo.Emp FOR SYSTEM_TIME BETWEEN '${oldAnn.f}' AND '${anna.f}'
    SELECT COUNT(*) AS n FROM dbo.Emp FOR SYSTEM_TIME CONTAINED IN ('${oldAnn.f}', '${bob.t}')`);
  const n = (ranges.recordsets as unknown as { n: number }[][]).map((r) => r[0].n);
  // FROM..TO excludes versions starting at the upper bound, BETWEEN includes them; CONTAINED IN only closed versions.
  expect(n).toEqual([2, 3, 2]);
});

it('shows temporal tables in sys.tables, sys.periods and sys.columns', async () => {
  const r = await server.pool.request().query(`
    SELECT t.name, t.temporal_type, t.temporal_type_desc, OBJECT_NAME(t.history_table_id) AS history
    FROM sys.tables t WHERE t.name IN ('Emp', 'Plain') ORDER BY t.temporal_type DESC, t.name
    SELECT p.name, p.period_type_desc, s.name AS s, e.name AS e FROM sys.periods p
      JOIN sys.columns s ON s.object_id = p.object_id AND s.column_id = p.start_column_id
      JOIN sys.columns e ON e.object_id = p.object_id AND e.column_id = p.end_column_id
    WHERE p.object_id = OBJECT_ID('dbo.Emp')
    SELECT name, generated_always_type, generated_always_type_desc, is_hidden FROM sys.columns
    WHERE object_id = OBJECT_ID('dbo.Emp') ORDER BY column_id`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([
    { name: 'Emp', temporal_type: 2, temporal_type_desc: 'SYSTEM_VERSIONED_TEMPORAL_TABLE', history: 'Emp' },
    { name: 'Emp', temporal_type: 1, temporal_type_desc: 'HISTORY_TABLE', history: null },
    { name: 'Plain', temporal_type: 0, temporal_type_desc: 'NON_TEMPORAL_TABLE', history: null },
  ]);
  expect(sets[1]).toEqual([
    { name: 'SYSTEM_TIME', period_type_desc: 'SYSTEM_TIME_PERIOD', s: 'ValidFrom', e: 'ValidTo' },
  ]);
  expect(sets[2]).toEqual([
    { name: 'Id', generated_always_type: 0, generated_always_type_desc: 'NOT_APPLICABLE', is_hidden: false },
    {
      name: 'Name',
      generated_always_type: 0,
      generated_always_type_desc: 'NOT_APPLICABLE',
      is_hidden: false,
    },
    {
      name: 'ValidFrom',
      generated_always_type: 1,
      generated_always_type_desc: 'AS_ROW_START',
      is_hidden: true,
    },
    { name: 'ValidTo', generated_always_type: 2, generated_always_type_desc: 'AS_ROW_END', is_hidden: true },
  ]);
});

it('refuses what SQL Server refuses on temporal tables', async () => {
  const cases: [string, number][] = [
    ["INSERT dbo.Emp (Id, Name, ValidFrom) VALUES (9, N'x', '2020-01-01')", 13536],
    ["UPDATE dbo.Emp SET ValidTo = '2020-01-01'", 13537],
    ["INSERT History.Emp (Id, Name, ValidFrom, ValidTo) VALUES (9, N'x', '2020-01-01', '2020-01-02')", 13559],
    // MERGE into the history table is refused before it runs, whether a row matches or not.
    ['MERGE History.Emp AS h USING (SELECT 9 AS Id) AS s ON h.Id = s.Id WHEN MATCHED THEN DELETE;', 13559],
    ["SELECT * FROM dbo.Plain FOR SYSTEM_TIME AS OF '2020-01-01'", 13544],
    ['ALTER TABLE dbo.Plain SET (SYSTEM_VERSIONING = ON)', 13510],
  ];
  for (const [sql, number] of cases)
    await expect(server.pool.request().query(`USE temporal; ${sql}`), sql).rejects.toMatchObject({ number });
});

it("loads the corpus' product catalog (ADD PERIOD over existing columns, a named history table) and answers AS OF", async () => {
  const r = await server.pool.request().query(`
    USE ProductCatalog
    SELECT ProductID, Price FROM Product FOR SYSTEM_TIME AS OF '2015-07-28 13:20:00' ORDER BY ProductID
    SELECT temporal_type FROM sys.tables WHERE name = 'Product' ORDER BY temporal_type`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  // The history rows valid on 2015-07-28 (setup.sql's second JSON document): 15, 16, 17 from 2015-05-07, 18 too.
  expect(sets[0]).toEqual([
    { ProductID: 15, Price: 75.99 },
    { ProductID: 16, Price: 35.99 },
    { ProductID: 17, Price: 75 },
    { ProductID: 18, Price: 20.99 },
  ]);
  expect(sets[1]).toEqual([{ temporal_type: 1 }, { temporal_type: 2 }]);
});

it('turns SYSTEM_VERSIONING OFF, leaving two ordinary tables', async () => {
  const r = await server.pool.request().query(`
    USE temporal
    CREATE TABLE dbo.Off (Id int NOT NULL PRIMARY KEY,
      S datetime2 GENERATED ALWAYS AS ROW START NOT NULL, E datetime2 GENERATED ALWAYS AS ROW END NOT NULL,
      PERIOD FOR SYSTEM_TIME (S, E)) WITH (SYSTEM_VERSIONING = ON)
    DECLARE @h sysname = (SELECT OBJECT_NAME(history_table_id) FROM sys.tables WHERE name = 'Off')
    ALTER TABLE dbo.Off SET (SYSTEM_VERSIONING = OFF)
    SELECT @h AS h, (SELECT COUNT(*) FROM sys.tables WHERE temporal_type <> 0 AND name IN ('Off', @h)) AS temporal`);
  expect(r.recordset[0].h).toMatch(/^MSSQL_TemporalHistoryFor_\d+$/);
  expect(r.recordset[0].temporal).toBe(0);
});

it('drops the period after SYSTEM_VERSIONING OFF: the columns take written values, then the period and versioning come back', async () => {
  const r = await server.pool.request().query(`
    USE temporal
    CREATE TABLE dbo.Reload (Id int NOT NULL PRIMARY KEY,
      S datetime2 GENERATED ALWAYS AS ROW START NOT NULL, E datetime2 GENERATED ALWAYS AS ROW END NOT NULL,
      PERIOD FOR SYSTEM_TIME (S, E)) WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = History.Reload))
    ALTER TABLE dbo.Reload SET (SYSTEM_VERSIONING = OFF)
    ALTER TABLE dbo.Reload DROP PERIOD FOR SYSTEM_TIME
    SELECT COUNT(*) AS periods FROM sys.periods WHERE object_id = OBJECT_ID('dbo.Reload')
    INSERT dbo.Reload (Id, S, E) VALUES (1, '2020-01-01', '9999-12-31 23:59:59.9999999')
    INSERT History.Reload (Id, S, E) VALUES (1, '2019-01-01', '2020-01-01')
    ALTER TABLE dbo.Reload ADD PERIOD FOR SYSTEM_TIME (S, E)
    ALTER TABLE dbo.Reload SET (SYSTEM_VERSIONING = ON (HISTORY_TABLE = History.Reload))
    SELECT COUNT(*) AS versions FROM dbo.Reload FOR SYSTEM_TIME ALL`);
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  expect(sets[0]).toEqual([{ periods: 0 }]);
  expect(sets[1]).toEqual([{ versions: 2 }]);
});

it('refuses DROP PERIOD as SQL Server does: while SYSTEM_VERSIONING is ON (13592), and on a table without a period (13593)', async () => {
  await expect(
    server.pool.request().query('USE temporal; ALTER TABLE dbo.Emp DROP PERIOD FOR SYSTEM_TIME'),
  ).rejects.toMatchObject({
    number: 13592,
    message: "Cannot drop SYSTEM_TIME period from table 'temporal.dbo.Emp' when SYSTEM_VERSIONING is ON.",
  });
  await expect(
    server.pool.request().query(`USE temporal
      CREATE TABLE dbo.Plain (Id int NOT NULL PRIMARY KEY)
      ALTER TABLE dbo.Plain DROP PERIOD FOR SYSTEM_TIME`),
  ).rejects.toMatchObject({
    number: 13593,
    message:
      "SYSTEM_TIME period cannot be dropped from table 'temporal.dbo.Plain', because SYSTEM_TIME period does not exist.",
  });
  // the period is still there, versioning still on
  const r = await server.pool
    .request()
    .query("USE temporal; SELECT temporal_type FROM sys.tables WHERE object_id = OBJECT_ID('dbo.Emp')");
  expect(r.recordset).toEqual([{ temporal_type: 2 }]);
});
