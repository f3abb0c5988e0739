import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { rows, run } from './engine-helpers.js';

const script = `
CREATE TABLE dbo.Items (id int NOT NULL PRIMARY KEY, name nvarchar(20) NULL, at time NULL);
INSERT INTO dbo.Items VALUES (1, N'one', '13:14:15.1234567'), (2, N'two', NULL);
`;

describe('SET FMTONLY (what freebcp asks before a queryout)', () => {
  let s: EngineSession;
  beforeAll(async () => {
    const engine = await createEngine({ scripts: [script] });
    s = engine.openSession({ user: 'sa', database: 'master' });
  });

  it('describes a SELECT without running it, until FMTONLY is OFF again', async () => {
    const r = await run(s, 'SET FMTONLY ON SELECT id, name FROM dbo.Items WHERE id > 0 SET FMTONLY OFF');
    expect(r.errors).toEqual([]);
    expect(r.sets).toHaveLength(1);
    expect(r.sets[0].columns.map((c) => [c.name, c.type.name])).toEqual([
      ['id', 'int'],
      ['name', 'nvarchar'],
    ]);
    expect(r.sets[0].rows).toEqual([]);
    expect(await rows(s, 'SELECT COUNT(*) FROM dbo.Items')).toEqual([[2]]);
  });

  it('changes no data under FMTONLY ON', async () => {
    const r = await run(
      s,
      "SET FMTONLY ON; INSERT INTO dbo.Items VALUES (3, N'three', NULL); UPDATE dbo.Items SET name = N'x'; DELETE FROM dbo.Items; SET FMTONLY OFF;",
    );
    expect(r.errors).toEqual([]);
    expect(await rows(s, 'SELECT id, name FROM dbo.Items ORDER BY id')).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('refuses what it does not describe with 40517 naming the statement', async () => {
    const r = await run(s, 'SET FMTONLY ON; IF 1 = 1 SELECT 1; SET FMTONLY OFF;');
    expect(r.errors).toEqual([
      { number: 40517, message: 'If under SET FMTONLY ON is not supported by the SQL Server emulator.' },
    ]);
    await run(s, 'SET FMTONLY OFF');
  });
});

describe('CONVERT styles: 114 (hh:mi:ss:mmm, how pgloader reads time columns), text read as a date', () => {
  let s: EngineSession;
  beforeAll(async () => {
    s = (await createEngine({ scripts: [script] })).openSession({ user: 'sa', database: 'master' });
  });

  it('renders time, datetime2 and datetime with a colon before the fraction, at the type scale', async () => {
    expect(
      await rows(
        s,
        `SELECT CONVERT(varchar(30), at, 114), CONVERT(varchar(30), CAST('2024-02-29 01:02:03.45' AS datetime2(2)), 114),
                CONVERT(varchar(30), CAST('2024-02-29 23:59:58.997' AS datetime), 14), CONVERT(varchar(30), CAST('07:08:09' AS time(0)), 114)
         FROM dbo.Items WHERE id = 1`,
      ),
    ).toEqual([['13:14:15:1234567', '01:02:03:45', '23:59:58:997', '07:08:09']]);
  });

  it('reads 101 as mm/dd/yyyy, 103 as dd/mm/yyyy, 104 as dd.mm.yyyy, 111 as yyyy/mm/dd under DATEFORMAT dmy (no style: dmy)', async () => {
    expect(
      await rows(
        s,
        `SET DATEFORMAT dmy;
         SELECT CONVERT(varchar(10), CONVERT(date, '03/04/2024', 101), 23), CONVERT(varchar(10), CONVERT(date, '03/04/2024', 103), 23),
                CONVERT(varchar(10), CONVERT(datetime, '03.04.2024', 104), 23), CONVERT(varchar(10), TRY_CONVERT(date, '2024/04/03', 111), 23),
                CONVERT(varchar(10), CONVERT(date, '03/04/2024'), 23), TRY_CONVERT(date, '13/04/2024', 101)`,
      ),
    ).toEqual([['2024-03-04', '2024-04-03', '2024-04-03', '2024-04-03', '2024-04-03', null]]);
  });
  it('writes a date in the styles 2, 4, 5-7, 10-12 and their four-digit-year forms 105-107, 110', async () => {
    const styles = [2, 4, 5, 105, 6, 106, 7, 107, 10, 110, 11, 12];
    const [row] = await rows(
      s,
      `DECLARE @d datetime2(7) = '2020-01-05 10:11:12'
       SELECT ${styles.map((n) => `CONVERT(varchar(20), @d, ${n})`).join(', ')}`,
    );
    expect(row).toEqual([
      '20.01.05',
      '05.01.20',
      '05-01-20',
      '05-01-2020',
      '05 Jan 20',
      '05 Jan 2020',
      'Jan 05, 20',
      'Jan 05, 2020',
      '01-05-20',
      '01-05-2020',
      '20/01/05',
      '200105',
    ]);
  });
});
