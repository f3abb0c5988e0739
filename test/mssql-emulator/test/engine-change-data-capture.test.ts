// Change data capture through the unmodified mssql client (issue 20.1): sys.sp_cdc_enable_db and
// sp_cdc_enable_table, the change table cdc.<ci>_CT, cdc.fn_cdc_get_all_changes_<ci>, the sys.fn_cdc_*
// LSN functions, the catalog (sys.tables.is_tracked_by_cdc, sys.databases.is_cdc_enabled,
// cdc.change_tables), one LSN per committed transaction and nothing from a rolled-back one.

import { expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

const script = `
CREATE TABLE dbo.Orders (Id int NOT NULL PRIMARY KEY, Customer nvarchar(20) NOT NULL, Total decimal(9,2) NULL)
GO
CREATE TABLE dbo.Notes (Id int NOT NULL, Body nvarchar(max) NULL)
`;

const server = emulatorWithPool([script], 'shop');
const q = (sql: string) => server.pool.request().query(sql);
const hex = (b: Buffer) => b.toString('hex');

interface Change {
  lsn: Buffer;
  seq: Buffer;
  op: number;
  mask: Buffer;
  Id: number;
  Customer: string | null;
  Total: number | null;
}

const allChanges = async (filter = 'all') =>
  (
    await q(`
      DECLARE @from binary(10) = sys.fn_cdc_get_min_lsn('dbo_Orders'), @to binary(10) = sys.fn_cdc_get_max_lsn();
      SELECT __$start_lsn AS lsn, __$seqval AS seq, __$operation AS op, __$update_mask AS mask, Id, Customer, Total
      FROM cdc.fn_cdc_get_all_changes_dbo_Orders(@from, @to, N'${filter}')
      ORDER BY __$start_lsn, __$seqval, __$operation`)
  ).recordset as Change[];

it('refuses a table before the database is enabled, naming is_cdc_enabled (22901)', async () => {
  const e = await queryError(
    server.pool,
    "EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Orders', @role_name = NULL",
  );
  expect(e.number).toBe(22901);
  expect(e.message).toMatch(/^The database 'shop' is not enabled for Change Data Capture\..*is_cdc_enabled/);
});

it('enables the database and a table: catalog, change table and capture instance', async () => {
  await q('EXEC sys.sp_cdc_enable_db');
  await q(
    "EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Orders', @role_name = NULL, @supports_net_changes = 1",
  );
  const db = await q("SELECT is_cdc_enabled FROM sys.databases WHERE name = 'shop'");
  expect(db.recordset).toEqual([{ is_cdc_enabled: true }]);
  // A user cdc without login owns the schema cdc, as sp_cdc_enable_db makes them.
  const owner = await q(`
    SELECT p.name, p.type, p.authentication_type AS auth FROM sys.schemas s
    JOIN sys.database_principals p ON p.principal_id = s.principal_id WHERE s.name = 'cdc'`);
  expect(owner.recordset).toEqual([{ name: 'cdc', type: 'S', auth: 0 }]);
  const tables = await q(
    "SELECT name, is_tracked_by_cdc FROM sys.tables WHERE schema_id = 1 AND name IN ('Orders', 'Notes') ORDER BY name",
  );
  expect(tables.recordset).toEqual([
    { name: 'Notes', is_tracked_by_cdc: false },
    { name: 'Orders', is_tracked_by_cdc: true },
  ]);
  const ci = await q(`
    SELECT ct.capture_instance, OBJECT_NAME(ct.source_object_id) AS source, ct.supports_net_changes, ct.index_name,
           OBJECT_SCHEMA_NAME(ct.object_id) + '.' + OBJECT_NAME(ct.object_id) AS change_table,
           CASE WHEN ct.start_lsn = sys.fn_cdc_get_min_lsn('dbo_Orders') THEN 1 ELSE 0 END AS same_min
    FROM cdc.change_tables ct`);
  expect(ci.recordset).toEqual([
    {
      capture_instance: 'dbo_Orders',
      source: 'Orders',
      supports_net_changes: true,
      index_name: expect.stringMatching(/^PK__Orders/),
      change_table: 'cdc.dbo_Orders_CT',
      same_min: 1,
    },
  ]);
  // CDC's objects are the server's: a migration reading user tables (is_ms_shipped = 0) leaves them out.
  const shippedObjects = await q(`
    SELECT o.name, o.is_ms_shipped FROM sys.objects o WHERE o.schema_id = SCHEMA_ID('cdc') ORDER BY o.name`);
  expect(shippedObjects.recordset).toEqual(
    [
      'captured_columns',
      'change_tables',
      'dbo_Orders_CT',
      'ddl_history',
      'fn_cdc_get_all_changes_dbo_Orders',
      'fn_cdc_get_net_changes_dbo_Orders',
      'lsn_time_mapping',
    ].map((name) => ({ name, is_ms_shipped: true })),
  );
  const columns = await q(`
    SELECT c.name FROM sys.columns c WHERE c.object_id = OBJECT_ID('cdc.dbo_Orders_CT') ORDER BY c.column_id`);
  expect(columns.recordset.map((c: { name: string }) => c.name)).toEqual([
    '__$start_lsn',
    '__$end_lsn',
    '__$seqval',
    '__$operation',
    '__$update_mask',
    'Id',
    'Customer',
    'Total',
    '__$command_id',
  ]);
  // A second instance of the same name is refused.
  const again = await queryError(
    server.pool,
    "EXEC sys.sp_cdc_enable_table N'dbo', N'Orders', NULL, N'dbo_Orders'",
  );
  expect(again.number).toBe(22926);
  // Net changes need a key.
  const keyless = await queryError(
    server.pool,
    "EXEC sys.sp_cdc_enable_table N'dbo', N'Notes', NULL, NULL, 1",
  );
  expect(keyless.number).toBe(22939);
});

it('captures inserts, updates and deletes under one LSN per committed transaction; a rollback leaves nothing', async () => {
  await q("INSERT dbo.Orders VALUES (1, N'Ann', 10.50), (2, N'Bob', NULL)");
  await q(`BEGIN TRAN;
    UPDATE dbo.Orders SET Total = 20 WHERE Id = 1;
    DELETE dbo.Orders WHERE Id = 2;
    COMMIT`);
  await q(
    `BEGIN TRAN; INSERT dbo.Orders VALUES (3, N'Cy', 1); UPDATE dbo.Orders SET Customer = N'X'; ROLLBACK`,
  );
  await q(`BEGIN TRAN; INSERT dbo.Orders VALUES (4, N'Di', 4); SAVE TRAN s;
    INSERT dbo.Orders VALUES (5, N'Ed', 5); ROLLBACK TRAN s; COMMIT`);
  // A statement that fails is undone, its changes too.
  await expect(q("INSERT dbo.Orders VALUES (6, N'Fay', 6), (1, N'dup', 0)")).rejects.toThrow(/PRIMARY KEY/);

  const changes = await allChanges();
  expect(changes.map((c) => [c.op, c.Id, c.Customer, c.Total])).toEqual([
    [2, 1, 'Ann', 10.5],
    [2, 2, 'Bob', null],
    [4, 1, 'Ann', 20],
    [1, 2, 'Bob', null],
    [2, 4, 'Di', 4],
  ]);
  const lsns = [...new Set(changes.map((c) => hex(c.lsn)))];
  // Three committed transactions: three LSNs, growing; the rows of one transaction share theirs.
  expect(lsns).toHaveLength(3);
  expect([...lsns].sort()).toEqual(lsns);
  expect(hex(changes[0].lsn)).toBe(hex(changes[1].lsn));
  expect(hex(changes[2].lsn)).toBe(hex(changes[3].lsn));
  // __$seqval orders the changes within a transaction; an update's before and after images share one.
  expect(hex(changes[0].seq) < hex(changes[1].seq)).toBe(true);
  // __$update_mask: every captured column for insert and delete, the SET columns for an update (Total, the 3rd).
  expect(changes.map((c) => hex(c.mask))).toEqual(['07', '07', '04', '07', '07']);

  const withOld = await allChanges('all update old');
  expect(withOld.filter((c) => c.op === 3).map((c) => [c.Id, c.Total])).toEqual([[1, 10.5]]);
  const ct = await q('SELECT COUNT(*) AS n FROM cdc.dbo_Orders_CT');
  expect(ct.recordset).toEqual([{ n: 6 }]);
  const mapping = await q(
    'SELECT COUNT(*) AS n, CASE WHEN MAX(start_lsn) = sys.fn_cdc_get_max_lsn() THEN 1 ELSE 0 END AS max_ok FROM cdc.lsn_time_mapping',
  );
  expect(mapping.recordset).toEqual([{ n: 3, max_ok: 1 }]);
});

it('sys.fn_cdc_increment_lsn / decrement_lsn step by one; a range from the next LSN leaves out the first transaction', async () => {
  const r = await q(`
    DECLARE @first binary(10) = (SELECT MIN(__$start_lsn) FROM cdc.dbo_Orders_CT);
    SELECT sys.fn_cdc_increment_lsn(@first) AS up, sys.fn_cdc_decrement_lsn(sys.fn_cdc_increment_lsn(@first)) AS back, @first AS first,
      (SELECT COUNT(*) FROM cdc.fn_cdc_get_all_changes_dbo_Orders(sys.fn_cdc_increment_lsn(@first), sys.fn_cdc_get_max_lsn(), N'all')) AS later`);
  const { up, back, first, later } = r.recordset[0] as {
    up: Buffer;
    back: Buffer;
    first: Buffer;
    later: number;
  };
  expect(BigInt(`0x${hex(up)}`) - BigInt(`0x${hex(first)}`)).toBe(1n);
  expect(hex(back)).toBe(hex(first));
  expect(later).toBe(3);
});

it('sys.fn_cdc_map_time_to_lsn finds the commits before and after a time', async () => {
  const r = await q(`
    DECLARE @now datetime = DATEADD(second, 1, GETDATE());
    SELECT CASE WHEN sys.fn_cdc_map_time_to_lsn('largest less than or equal', @now) = sys.fn_cdc_get_max_lsn() THEN 1 ELSE 0 END AS latest,
           sys.fn_cdc_map_time_to_lsn('smallest greater than', @now) AS none`);
  expect(r.recordset).toEqual([{ latest: 1, none: null }]);
  const bad = await queryError(server.pool, "SELECT sys.fn_cdc_map_time_to_lsn('nearest', GETDATE())");
  expect(bad.number).toBe(22986);
});

it('cdc.fn_cdc_get_net_changes_<ci>: one row per key with its last values; inserted-then-deleted keys left out', async () => {
  const before = (await q('SELECT sys.fn_cdc_get_max_lsn() AS m')).recordset[0].m as Buffer;
  await q(`BEGIN TRAN;
    INSERT dbo.Orders VALUES (10, N'New', 1);
    UPDATE dbo.Orders SET Total = 2 WHERE Id = 10;
    INSERT dbo.Orders VALUES (11, N'Gone', 1);
    DELETE dbo.Orders WHERE Id = 11;
    UPDATE dbo.Orders SET Customer = N'Anna' WHERE Id = 1;
    DELETE dbo.Orders WHERE Id = 4;
    COMMIT`);
  await q('UPDATE dbo.Orders SET Total = 30 WHERE Id = 1');
  const net = async (option: string) =>
    (
      await q(`
        DECLARE @from binary(10) = sys.fn_cdc_increment_lsn(0x${hex(before)}), @to binary(10) = sys.fn_cdc_get_max_lsn();
        SELECT __$operation AS op, __$update_mask AS mask, Id, Customer, Total,
               CASE WHEN __$start_lsn = @to THEN 1 ELSE 0 END AS last_tx
        FROM cdc.fn_cdc_get_net_changes_dbo_Orders(@from, @to, N'${option}') ORDER BY Id`)
    ).recordset as {
      op: number;
      mask: Buffer | null;
      Id: number;
      Customer: string;
      Total: number;
      last_tx: number;
    }[];
  const all = await net('all');
  expect(all.map((r) => [r.op, r.Id, r.Customer, r.Total, r.mask])).toEqual([
    [4, 1, 'Anna', 30, null],
    [1, 4, 'Di', 4, null],
    [2, 10, 'New', 2, null],
  ]);
  // __$start_lsn is the LSN of the key's last change: Id 1's last update was its own transaction.
  expect(all.map((r) => r.last_tx)).toEqual([1, 0, 0]);
  expect((await net('all with merge')).map((r) => [r.op, r.Id])).toEqual([
    [5, 1],
    [1, 4],
    [5, 10],
  ]);
  // Id 1's two updates set Customer (0x02) and Total (0x04): the net update carries both.
  expect((await net('all with mask')).map((r) => (r.mask ? hex(r.mask) : null))).toEqual(['06', null, null]);
});

it("a net update carries the OR of its updates' masks; a primary key update is a delete and an insert", async () => {
  const before = (await q('SELECT sys.fn_cdc_get_max_lsn() AS m')).recordset[0].m as Buffer;
  await q("UPDATE dbo.Orders SET Customer = N'Ann' WHERE Id = 1");
  await q('UPDATE dbo.Orders SET Total = 31 WHERE Id = 1');
  // One statement: Id 1 keeps its key (3/4, mask of Id and Total), Id 10 moves to 110 (1 then 2).
  await q(
    'UPDATE dbo.Orders SET Id = CASE WHEN Id = 10 THEN 110 ELSE Id END, Total = 40 WHERE Id IN (1, 10)',
  );
  const range = `sys.fn_cdc_increment_lsn(0x${hex(before)}), sys.fn_cdc_get_max_lsn()`;
  const all = await q(`
    SELECT __$operation AS op, __$update_mask AS mask, Id, Total
    FROM cdc.fn_cdc_get_all_changes_dbo_Orders(${range}, N'all update old') ORDER BY __$start_lsn, __$seqval, __$operation`);
  expect(all.recordset.map((r: Change) => [r.op, hex(r.mask), r.Id, r.Total])).toEqual([
    [3, '02', 1, 30],
    [4, '02', 1, 30],
    [3, '04', 1, 30],
    [4, '04', 1, 31],
    [3, '05', 1, 31],
    [4, '05', 1, 40],
    [1, '07', 10, 2],
    [2, '07', 110, 40],
  ]);
  const net = await q(`
    SELECT __$operation AS op, __$update_mask AS mask, Id FROM cdc.fn_cdc_get_net_changes_dbo_Orders(${range}, N'all with mask') ORDER BY Id`);
  expect(net.recordset.map((r: Change) => [r.op, r.mask ? hex(r.mask) : null, r.Id])).toEqual([
    [4, '07', 1],
    [1, null, 10],
    [2, null, 110],
  ]);
});

it('a range outside the capture instance, or an unknown row filter option, is error 313', async () => {
  const fails = async (sql: string) => {
    const e = await queryError(server.pool, sql);
    return [e.number, e.message];
  };
  const message = (f: string) =>
    `An insufficient number of arguments were supplied for the procedure or function cdc.fn_cdc_get_${f}_changes_ ...`;
  const max = 'sys.fn_cdc_get_max_lsn()';
  const min = "sys.fn_cdc_get_min_lsn('dbo_Orders')";
  expect(
    await fails(
      `SELECT * FROM cdc.fn_cdc_get_all_changes_dbo_Orders(0x00000000000000000001, ${max}, N'all')`,
    ),
  ).toEqual([313, message('all')]);
  expect(
    await fails(
      `SELECT * FROM cdc.fn_cdc_get_all_changes_dbo_Orders(${min}, sys.fn_cdc_increment_lsn(${max}), N'all')`,
    ),
  ).toEqual([313, message('all')]);
  expect(
    await fails(`SELECT * FROM cdc.fn_cdc_get_all_changes_dbo_Orders(${min}, ${max}, N'all with mask')`),
  ).toEqual([313, message('all')]);
  expect(
    await fails(
      `SELECT * FROM cdc.fn_cdc_get_net_changes_dbo_Orders(${max}, sys.fn_cdc_decrement_lsn(${max}), N'all')`,
    ),
  ).toEqual([313, message('net')]);
  // The last transaction alone (the key update's three rows under 'all'), with the option's case and spaces ignored.
  const none = await q(
    `SELECT COUNT(*) AS n FROM cdc.fn_cdc_get_all_changes_dbo_Orders(${max}, ${max}, N' ALL ')`,
  );
  expect(none.recordset).toEqual([{ n: 3 }]);
});

it('records columns added to and dropped from a captured table in cdc.ddl_history', async () => {
  await q('ALTER TABLE dbo.Orders ADD Note nvarchar(10) NULL');
  // The change table keeps the columns it was created with.
  await q("INSERT dbo.Orders VALUES (12, N'Hal', 12, N'n')");
  const last = await q('SELECT TOP 1 Id, Customer FROM cdc.dbo_Orders_CT ORDER BY __$seqval DESC');
  expect(last.recordset).toEqual([{ Id: 12, Customer: 'Hal' }]);
  await q('ALTER TABLE dbo.Orders DROP COLUMN Note');
  await q('ALTER TABLE dbo.Notes ADD Extra int NULL');
  const h = await q(`
    SELECT OBJECT_NAME(source_object_id) AS source, OBJECT_NAME(object_id) AS ct, required_column_update AS req,
           ddl_command AS cmd, CASE WHEN ddl_lsn > sys.fn_cdc_get_min_lsn('dbo_Orders') THEN 1 ELSE 0 END AS lsn_ok
    FROM cdc.ddl_history ORDER BY ddl_lsn`);
  const row = (cmd: string) => ({ source: 'Orders', ct: 'dbo_Orders_CT', req: false, cmd, lsn_ok: 1 });
  expect(h.recordset).toEqual([
    row('ALTER TABLE dbo.Orders ADD Note nvarchar(10) NULL'),
    row('ALTER TABLE dbo.Orders DROP COLUMN Note'),
  ]);
});

it('a fault on cdc.fn_cdc_get_all_changes_<ci> drops the connection of a change read, and only of that', async () => {
  // tedious reports the dropped socket again on the closed connection: mssql passes it to the pool.
  const ignore = () => undefined;
  server.pool.on('error', ignore);
  server.emulator.faults.set({
    dropConnection: { table: 'cdc.fn_cdc_get_all_changes_dbo_Orders', afterRows: 2 },
  });
  try {
    await expect(q('SELECT COUNT(*) AS n FROM cdc.dbo_Orders_CT')).resolves.toBeDefined();
    const dropped = await allChanges().then(
      () => undefined,
      (e: { code?: string }) => e.code,
    );
    expect(dropped).toMatch(/ECONNRESET|ECONNCLOSED|ESOCKET/);
    expect(server.emulator.faults.current.dropConnection).toBeUndefined();
    // Fired once: the pool's next connection reads the changes.
    expect((await allChanges()).length).toBeGreaterThan(2);
  } finally {
    server.emulator.faults.clear();
    server.pool.off('error', ignore);
  }
});

it('sp_cdc_disable_table drops the change table and its functions; the table is no longer captured', async () => {
  await q(
    "EXEC sys.sp_cdc_disable_table @source_schema = N'dbo', @source_name = N'Orders', @capture_instance = N'all'",
  );
  const left = await q(`
    SELECT (SELECT COUNT(*) FROM cdc.change_tables) AS instances, OBJECT_ID('cdc.dbo_Orders_CT') AS ct,
           (SELECT is_tracked_by_cdc FROM sys.tables WHERE name = 'Orders') AS tracked`);
  expect(left.recordset).toEqual([{ instances: 0, ct: null, tracked: false }]);
  await q("INSERT dbo.Orders VALUES (7, N'Gus', 7)");
  const e = await queryError(server.pool, "EXEC sys.sp_cdc_disable_table N'dbo', N'Orders', N'dbo_Orders'");
  expect(e.number).toBe(22963);
});
