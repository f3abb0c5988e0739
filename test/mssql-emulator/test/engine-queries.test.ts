import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type EmulatorEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { defineGeneratedTable } from '../src/generated/generated-table.js';
import { rows, run } from './engine-helpers.js';

const SCRIPT = `
CREATE TABLE dbo.T (
  id int NOT NULL PRIMARY KEY, k2 nvarchar(10) NOT NULL, amount decimal(38,10) NULL, price money NULL,
  at datetime2(7) NULL, dt datetime NULL, dto datetimeoffset(7) NULL, f float NULL, b varbinary(8) NULL, g uniqueidentifier NULL)
GO
INSERT INTO dbo.T VALUES
 (1, N'a', 1234567890123456789012345678.0123456789, 12.3456, '2024-02-29 23:59:59.9999999', '1998-01-01 23:59:59.995', '2024-01-02 03:04:05.1234567+05:30', 0.1, 0x0102FF, '6F9619FF-8B86-D011-B42D-00C04FC964FF'),
 (2, N'b', -0.5, 0, '0001-01-01', '1753-01-01', NULL, -1e300, 0x, NULL),
 (3, N'c', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
`;

describe('query evaluation', () => {
  let engine: EmulatorEngine;
  let s: EngineSession;
  /** Rows of gen.counted produced so far. */
  let countedRows = 0;
  beforeAll(async () => {
    const numbers = defineGeneratedTable({
      schema: 'gen',
      name: 'numbers',
      rows: 1_000_000,
      columns: [
        { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
        {
          name: 'label',
          type: { name: 'varchar', length: 20 },
          nullable: false,
          generate: (i) => `n${i + 1}`,
        },
      ],
    });
    const counted = defineGeneratedTable({
      schema: 'gen',
      name: 'counted',
      rows: 1_000_000,
      columns: [
        { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => (countedRows++, i + 1) },
      ],
    });
    engine = await createEngine({ scripts: [SCRIPT], tables: [numbers, counted], database: 'Test' });
    s = engine.openSession({ user: 'sa', database: 'Test' });
  });

  it('converts to exact strings with the styles the source endpoint uses', async () => {
    expect(
      await rows(
        s,
        `SELECT CONVERT(varchar(50), amount), CONVERT(varchar(30), price, 2), CONVERT(varchar(40), at, 121), CONVERT(varchar(40), dt, 121), CONVERT(varchar(40), dto, 121) FROM dbo.T WHERE id = 1`,
      ),
    ).toEqual([
      [
        '1234567890123456789012345678.0123456789',
        '12.3456',
        '2024-02-29 23:59:59.9999999',
        '1998-01-01 23:59:59.997',
        '2024-01-02 03:04:05.1234567 +05:30',
      ],
    ]);
    expect(
      await rows(
        s,
        `SELECT CONVERT(varchar(40), dt, 126), CONVERT(varchar(40), dto, 127), CONVERT(varchar(20), b, 2), CONVERT(varchar(20), b, 1), CAST(g AS varchar(36)) FROM dbo.T WHERE id = 1`,
      ),
    ).toEqual([
      [
        '1998-01-01T23:59:59.997',
        '2024-01-01T21:34:05.1234567Z',
        '0102FF',
        '0x0102FF',
        '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      ],
    ]);
    expect(
      await rows(
        s,
        `SELECT CONVERT(varchar(30), price, 0), CONVERT(varchar(30), CAST(1234.5 AS money), 1), CONVERT(varchar(40), dt, 0) FROM dbo.T WHERE id = 1`,
      ),
    ).toEqual([['12.35', '1,234.50', 'Jan  1 1998 11:59PM']]);
    expect(await rows(s, `SELECT amount, price, at, dt, f, b FROM dbo.T WHERE id = 2`)).toEqual([
      [
        '-0.5000000000',
        '0.0000',
        '0001-01-01 00:00:00.0000000',
        '1753-01-01 00:00:00.000',
        -1e300,
        Buffer.alloc(0),
      ],
    ]);
  });

  it('evaluates expressions with SQL Server types and rounding', async () => {
    expect(
      await rows(
        s,
        `SELECT 7 / 2, 7 % 3, 7.0 / 2, CAST(2.345 AS decimal(5,2)), CAST('7/4/1996' AS datetime), ISNULL(NULL, 'x'), COALESCE(NULL, NULL, 3), LEN('ab  '), DATALENGTH(N'ab'), UPPER('abc'), CASE WHEN 1 = 1 THEN 'yes' ELSE 'no' END`,
      ),
    ).toEqual([[3, 1, '3.500000', '2.35', '1996-07-04 00:00:00.000', 'x', 3, 2, 4, 'ABC', 'yes']]);
    const r = await run(
      s,
      `SELECT 1 AS one; SELECT @@SPID; DECLARE @x int = 5; SET @x = @x * 2; SELECT @x AS x`,
    );
    expect(r.sets.map((x) => x.rows)).toEqual([[[1]], [[expect.any(Number)]], [[10]]]);
    expect(r.sets[0].columns[0].name).toBe('one');
  });

  it("compares an integer or money with a decimal as decimals (int as decimal(10,0), money as decimal(19,4)), not in the literal's precision", async () => {
    expect(
      await rows(
        s,
        `DECLARE @i int = 5, @m money = 100.24
         SELECT CASE WHEN @i >= 0.5 THEN 1 ELSE 0 END, CASE WHEN @m / CAST(1 AS money) >= 0.5 THEN 1 ELSE 0 END,
           CASE WHEN @i = 1 THEN 0.5 ELSE @m END, id FROM dbo.T WHERE price > 0.5`,
      ),
    ).toEqual([[1, 1, '100.2400', 1]]);
  });

  it('gives RAND() one float in [0, 1) per statement, the same in every row; RAND(seed) is refused', async () => {
    const values = (await rows(s, 'SELECT RAND() FROM dbo.T')).map(([v]) => v as number);
    expect(values).toHaveLength(3);
    expect(new Set(values).size).toBe(1);
    expect(values[0] >= 0 && values[0] < 1).toBe(true);
    expect((await run(s, 'SELECT RAND(7)')).errors).toEqual([
      { number: 40517, message: 'RAND(seed) is not supported by the SQL Server emulator.' },
    ]);
  });

  it('sorts a DISTINCT query by a select-list column named with its table alias', async () => {
    expect(await rows(s, 'SELECT DISTINCT t.k2 FROM dbo.T AS t ORDER BY t.k2 DESC')).toEqual([
      ['c'],
      ['b'],
      ['a'],
    ]);
  });

  it('assigns variables row by row in ORDER BY order, TOP n rows only; @@ROWCOUNT is the rows assigned from', async () => {
    expect(
      await rows(
        s,
        `DECLARE @ks nvarchar(20) = N'', @last int, @first int
         SELECT @ks = @ks + k2 FROM dbo.T ORDER BY id DESC
         SELECT @last = id FROM dbo.T ORDER BY id
         SELECT TOP 1 @first = id FROM dbo.T ORDER BY id
         SELECT @ks, @last, @first, @@ROWCOUNT`,
      ),
    ).toEqual([['cba', 3, 1, 1]]);
  });

  it('assigns variables as the rows are read when there is no ORDER BY: TOP (1) reads one row', async () => {
    countedRows = 0;
    expect(
      await rows(
        s,
        `DECLARE @v int; SELECT TOP (1) @v = id FROM gen.counted WHERE id > 2; SELECT @v, @@ROWCOUNT`,
      ),
    ).toEqual([[3, 1]]);
    expect(countedRows).toBeLessThan(10);
    // With ORDER BY every row is read, and each keeps its own values until sorted.
    expect(
      await rows(
        s,
        `DECLARE @v int; SELECT TOP (1) @v = id FROM gen.numbers WHERE id < 5 ORDER BY label; SELECT @v`,
      ),
    ).toEqual([[1]]);
    // A row that fails after others were assigned leaves their assignments (the statement is not undone).
    const r = await run(s, `DECLARE @v int; SELECT @v = id FROM dbo.T WHERE 1 / (2 - id) >= 0; SELECT @v`);
    expect(r.errors.map((e) => e.number)).toEqual([8134]);
    expect(r.sets.at(-1)!.rows).toEqual([[1]]);
  });

  it('filters, sorts, groups and pages', async () => {
    expect(await rows(s, `SELECT TOP (2) id, k2 FROM dbo.T ORDER BY id DESC`)).toEqual([
      [3, 'c'],
      [2, 'b'],
    ]);
    expect(
      await rows(
        s,
        `SELECT id FROM dbo.T WHERE (id > 1) OR (id = 1 AND k2 >= N'a') ORDER BY id OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY`,
      ),
    ).toEqual([[2]]);
    expect(
      await rows(s, `SELECT MIN(id), MAX(id), COUNT_BIG(*), COUNT(amount), SUM(price) FROM dbo.T`),
    ).toEqual([[1, 3, 3n, 2, '12.3456']]);
    expect(await rows(s, `SELECT id FROM dbo.T WHERE k2 IN (N'A', N'c') AND amount IS NULL`)).toEqual([[3]]);
    expect(await rows(s, `SELECT k2 FROM dbo.T WHERE k2 LIKE '[ab]%' ORDER BY k2`)).toEqual([['a'], ['b']]);
  });

  it('compares text by the column collation: case-insensitive by default, case-sensitive for _CS_ and _BIN2', async () => {
    await run(
      s,
      `CREATE TABLE dbo.C (ci varchar(10) NOT NULL, cs varchar(10) COLLATE Latin1_General_CS_AS NOT NULL); INSERT INTO dbo.C VALUES ('Abc', 'Abc')`,
    );
    expect(await rows(s, `SELECT COUNT(*) FROM dbo.C WHERE ci = 'ABC '`)).toEqual([[1]]);
    expect(await rows(s, `SELECT COUNT(*) FROM dbo.C WHERE cs = 'ABC'`)).toEqual([[0]]);
    expect(await rows(s, `SELECT COUNT(*) FROM dbo.C WHERE 'Abc' = cs`)).toEqual([[1]]);
    expect(await rows(s, `SELECT COUNT(*) FROM dbo.C WHERE cs LIKE 'a%' OR ci LIKE 'Q%'`)).toEqual([[0]]);
    expect(await rows(s, `SELECT COUNT(*) FROM dbo.C WHERE ci LIKE 'a%'`)).toEqual([[1]]);
    expect(await rows(s, `SELECT COUNT(*) FROM dbo.C WHERE ci COLLATE Latin1_General_CS_AS = 'ABC'`)).toEqual(
      [[0]],
    );
    expect(
      await rows(
        s,
        `SELECT collation_name FROM sys.columns WHERE object_id = OBJECT_ID('dbo.C') ORDER BY column_id`,
      ),
    ).toEqual([['SQL_Latin1_General_CP1_CI_AS'], ['Latin1_General_CS_AS']]);
  });

  it('computes date arithmetic and honours snapshot isolation settings', async () => {
    expect(
      await rows(
        s,
        `SELECT DATEDIFF(day, '2024-01-01', '2024-03-01'), DATEDIFF(month, '2023-12-31', '2024-01-01'), DATEADD(month, 1, CAST('2024-01-31' AS date)), DATEPART(weekday, '2024-01-07')`,
      ),
    ).toEqual([[60, 1, '2024-02-29', 1]]);
    expect(
      await rows(s, `SELECT snapshot_isolation_state FROM sys.databases WHERE name = DB_NAME()`),
    ).toEqual([[0]]);
    await run(s, `ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON`);
    expect(
      await rows(
        s,
        `SELECT snapshot_isolation_state, snapshot_isolation_state_desc FROM sys.databases WHERE name = DB_NAME()`,
      ),
    ).toEqual([[1, 'ON']]);
  });

  it('returns OUTPUT parameters of procedures to variables (batch) and as return values (RPC)', async () => {
    await run(s, `CREATE PROCEDURE dbo.Twice @x int, @y int OUTPUT AS SET @y = @x * 2`);
    expect(await rows(s, `DECLARE @r int; EXEC dbo.Twice 21, @r OUTPUT; SELECT @r`)).toEqual([[42]]);
    const returned: unknown[] = [];
    for await (const r of s.executeRpc(
      'dbo.Twice',
      [
        { name: '@x', type: { name: 'int' }, value: 5, output: false },
        { name: '@y', type: { name: 'int' }, value: null, output: true },
      ],
      new AbortController().signal,
    ))
      if (r.kind === 'return-value') returned.push([r.name, r.value]);
    expect(returned).toEqual([['@y', 10]]);
  });

  it('runs prepared statements (sp_prepare / sp_execute)', async () => {
    const nv = { name: 'nvarchar', length: -1 };
    let handle: unknown;
    for await (const r of s.executeRpc(
      'sp_prepare',
      [
        { name: '@handle', type: { name: 'int' }, value: null, output: true },
        { name: '@params', type: nv, value: '@p0 int', output: false },
        { name: '@stmt', type: nv, value: 'SELECT k2 FROM dbo.T WHERE id = @p0', output: false },
      ],
      new AbortController().signal,
    ))
      if (r.kind === 'return-value') handle = r.value;
    const sets: unknown[][][] = [];
    for await (const r of s.executeRpc(
      'sp_execute',
      [
        { name: '@handle', type: { name: 'int' }, value: handle, output: false },
        { name: '@p0', type: { name: 'int' }, value: 3, output: false },
      ],
      new AbortController().signal,
    ))
      if (r.kind === 'rows') sets.push([...(r.resultSet.rows as Iterable<unknown[]>)]);
    expect(sets).toEqual([[['c']]]);
  });

  it('binds sp_executesql parameters as variables (RPC)', async () => {
    const sets: unknown[][][] = [];
    for await (const r of s.executeRpc(
      'sp_executesql',
      [
        {
          name: '',
          type: { name: 'nvarchar', length: -1 },
          value: 'SELECT id FROM dbo.T WHERE id >= @p0 AND k2 <> @p1 ORDER BY id',
          output: false,
        },
        {
          name: '',
          type: { name: 'nvarchar', length: -1 },
          value: '@p0 int, @p1 nvarchar(10)',
          output: false,
        },
        { name: '@p0', type: { name: 'int' }, value: 2, output: false },
        { name: '@p1', type: { name: 'nvarchar', length: 10 }, value: 'c', output: false },
      ],
      new AbortController().signal,
    ))
      if (r.kind === 'rows') sets.push([...(r.resultSet.rows as Iterable<unknown[]>)]);
    expect(sets).toEqual([[[2]]]);
  });

  it('streams generated tables, seeking to WHERE key ranges', async () => {
    expect(await rows(s, `SELECT COUNT_BIG(*), MIN(id), MAX(id) FROM gen.numbers WHERE id > 999990`)).toEqual(
      [[10n, 999991, 1000000]],
    );
    expect(await rows(s, `SELECT id, label FROM gen.numbers WHERE id >= 500000 AND id < 500003`)).toEqual([
      [500000, 'n500000'],
      [500001, 'n500001'],
      [500002, 'n500002'],
    ]);
    const r = await run(s, `SELECT id FROM gen.numbers`);
    expect(r.sets[0].rows).toHaveLength(1_000_000);
    expect(
      await rows(s, `SELECT rows FROM sys.partitions WHERE object_id = OBJECT_ID('gen.numbers')`),
    ).toEqual([[1000000n]]);
    // Bounds that are not whole numbers, and conjuncts on other columns, still filter every row.
    expect(await rows(s, `SELECT id FROM gen.numbers WHERE id > 2.5 AND id <= 4.5`)).toEqual([[3], [4]]);
    expect(
      await rows(s, `SELECT id FROM gen.numbers WHERE 10 >= id AND id BETWEEN 7 AND 20 AND label <> 'n8'`),
    ).toEqual([[7], [9], [10]]);
    expect(
      await rows(
        s,
        `SELECT CONVERT(varchar(3), id), CONVERT(varchar(8), id) FROM gen.numbers WHERE id = 1234`,
      ),
    ).toEqual([['*', '1234']]);
    // Rows of a streamed scan stay distinct values when kept (INSERT ... SELECT, ORDER BY).
    expect(
      await rows(s, `SELECT TOP (3) id, label FROM gen.numbers WHERE id < 100 ORDER BY id DESC`),
    ).toEqual([
      [99, 'n99'],
      [98, 'n98'],
      [97, 'n97'],
    ]);
    // ORDER BY the key streams in key order (no sort of a million rows), with TOP and OFFSET/FETCH.
    expect(
      await rows(s, `SELECT id FROM gen.numbers ORDER BY id OFFSET 999997 ROWS FETCH NEXT 5 ROWS ONLY`),
    ).toEqual([[999998], [999999], [1000000]]);
    expect(
      await rows(
        s,
        `SELECT TOP (2) numbers.id, label FROM gen.numbers WHERE id > 10 AND label <> 'n11' ORDER BY numbers.id`,
      ),
    ).toEqual([
      [12, 'n12'],
      [13, 'n13'],
    ]);
    // A select-list alias named like the key is what ORDER BY sorts by.
    expect(
      await rows(s, `SELECT label AS id, id AS k FROM gen.numbers WHERE id BETWEEN 9 AND 11 ORDER BY id`),
    ).toEqual([
      ['n10', 10],
      ['n11', 11],
      ['n9', 9],
    ]);
  });

  it('pages sorted rows by selecting only the OFFSET/FETCH window, as a full sort would order them', async () => {
    await run(
      s,
      `CREATE TABLE dbo.Paged (a int NOT NULL, b int NOT NULL, c nvarchar(10) NULL, PRIMARY KEY (a, b))
      INSERT INTO dbo.Paged (a, b, c) SELECT value % 37, value, N'v' + CAST(value % 5 AS nvarchar(10)) FROM GENERATE_SERIES(1, 3000)`,
    );
    const all = Array.from({ length: 3000 }, (_, i) => ({ a: (i + 1) % 37, b: i + 1, c: `v${(i + 1) % 5}` }));
    const byKey = [...all].sort((x, y) => y.a - x.a || x.b - y.b).map((r) => [r.a, r.b]);
    expect(
      await rows(s, `SELECT a, b FROM dbo.Paged ORDER BY a DESC, b OFFSET 1500 ROWS FETCH NEXT 3 ROWS ONLY`),
    ).toEqual(byKey.slice(1500, 1503));
    expect(
      await rows(s, `SELECT a, b FROM dbo.Paged ORDER BY a DESC, b OFFSET 2999 ROWS FETCH NEXT 5 ROWS ONLY`),
    ).toEqual(byKey.slice(2999));
    expect(await rows(s, `SELECT TOP (4) a, b FROM dbo.Paged ORDER BY a DESC, b`)).toEqual(byKey.slice(0, 4));
    // Ties on the sort key come in the order a full sort gives them.
    const full = await rows(s, `SELECT c, b FROM dbo.Paged ORDER BY c`);
    expect(full.map((r) => r[0])).toEqual([...all].map((r) => r.c).sort());
    expect(
      await rows(s, `SELECT c, b FROM dbo.Paged ORDER BY c OFFSET 1234 ROWS FETCH NEXT 4 ROWS ONLY`),
    ).toEqual(full.slice(1234, 1238));
    expect(
      await rows(s, `SELECT DISTINCT c FROM dbo.Paged ORDER BY c OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY`),
    ).toEqual([['v1'], ['v2']]);
    expect((await run(s, `SELECT a FROM dbo.Paged ORDER BY a OFFSET -1 ROWS`)).errors[0].number).toBe(10742);
  });

  it('reports errors with SQL Server numbers and messages', async () => {
    expect((await run(s, `SELECT * FROM dbo.Missing`)).errors).toEqual([
      { number: 208, message: "Invalid object name 'dbo.Missing'." },
    ]);
    expect((await run(s, `SELECT nope FROM dbo.T`)).errors).toEqual([
      { number: 207, message: "Invalid column name 'nope'." },
    ]);
    expect((await run(s, `SELECT 1 +`)).errors[0].number).toBe(102);
    expect((await run(s, `SELEC 1`)).errors[0]).toEqual({
      number: 2812,
      message: "Could not find stored procedure 'SELEC'.",
    });
    expect((await run(s, `SELECT CAST(300 AS tinyint)`)).errors[0]).toEqual({
      number: 220,
      message: 'Arithmetic overflow error for data type tinyint, value = 300.',
    });
    expect((await run(s, `SELECT 1/0`)).errors[0].number).toBe(8134);
    expect((await run(s, `SELECT CAST('x' AS int)`)).errors[0]).toEqual({
      number: 245,
      message: "Conversion failed when converting the varchar value 'x' to data type int.",
    });
    expect((await run(s, `SELECT dbo.f(1)`)).errors[0].number).toBe(4121);
  });
});

describe('script features of the demo database', () => {
  it('substitutes sqlcmd variables, streams GENERATE_SERIES, computes DATEADD/TODATETIMEOFFSET and rowversion values', async () => {
    const script = `
CREATE TABLE dbo.S (id int NOT NULL PRIMARY KEY, at datetime2(7) NOT NULL, dto datetimeoffset(7) NULL, v rowversion, qty int NOT NULL, price smallmoney NOT NULL, total AS (qty * price) PERSISTED)
GO
INSERT INTO dbo.S (id, at, dto, qty, price)
SELECT value, DATEADD(second, value, CAST('2019-03-01T12:00:00.1234567' AS datetime2(7))),
       TODATETIMEOFFSET(DATEADD(month, value, CAST('2024-01-31' AS datetime2(7))), (value - 2) * 90), value, CAST(value AS smallmoney) / 4
FROM GENERATE_SERIES(1, $(n))
GO`;
    const engine = await createEngine({ scripts: [script], variables: { n: '3' }, database: 'Demo' });
    const s = engine.openSession({ user: 'sa', database: 'Demo' });
    expect(await rows(s, `SELECT id, at, dto, total FROM dbo.S ORDER BY id`)).toEqual([
      [1, '2019-03-01 12:00:01.1234567', '2024-02-29 00:00:00.0000000-01:30', '0.2500'],
      [2, '2019-03-01 12:00:02.1234567', '2024-03-31 00:00:00.0000000+00:00', '1.0000'],
      [3, '2019-03-01 12:00:03.1234567', '2024-04-30 00:00:00.0000000+01:30', '2.2500'],
    ]);
    const versions = (await rows(s, `SELECT v FROM dbo.S ORDER BY id`)).map((r) =>
      (r[0] as Buffer).readBigUInt64BE(),
    );
    expect(versions[1] - versions[0]).toBe(1n);
    expect(
      await rows(
        s,
        `SELECT TYPE_NAME(system_type_id), max_length, is_nullable FROM sys.columns WHERE object_id = OBJECT_ID('dbo.S') AND name IN ('v', 'total') ORDER BY column_id`,
      ),
    ).toEqual([
      ['timestamp', 8, false],
      ['smallmoney', 4, true],
    ]);
    await expect(createEngine({ scripts: ['SELECT $(missing)'] })).rejects.toThrow(
      /'missing' scripting variable not defined/,
    );
  });
});
