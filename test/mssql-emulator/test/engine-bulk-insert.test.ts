import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine/index.js';
import type { EngineSession } from '../src/engine-api.js';
import { rows, run } from './engine-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ferry-bulk-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('BULK INSERT', () => {
  let s: EngineSession;
  beforeEach(async () => {
    const engine = await createEngine({
      database: 'B',
      scripts: [
        `CREATE TABLE dbo.Item (id int IDENTITY(1,1) PRIMARY KEY, name nvarchar(20) NOT NULL, price decimal(9,2) NULL CHECK (price >= 0), since date NULL, note varchar(10) NULL DEFAULT 'none')`,
      ],
    });
    s = engine.openSession({ user: 'sa', database: 'B' });
  });

  it('fails each statement whose file is absent with 4860 and runs the rest of the batch', async () => {
    const r = await run(
      s,
      `BULK INSERT dbo.Item FROM 'C:\\Samples\\AdventureWorksDW\\DimAccount.csv' WITH (FIELDTERMINATOR = '|', TABLOCK);
       BULK INSERT [dbo].[Item] FROM '${join(dir, 'absent.csv')}';
       SELECT COUNT(*) FROM dbo.Item;`,
    );
    expect(r.errors).toEqual([
      {
        number: 4860,
        message: `Cannot bulk load. The file "C:\\Samples\\AdventureWorksDW\\DimAccount.csv" does not exist or you don't have file access rights.`,
      },
      {
        number: 4860,
        message: `Cannot bulk load. The file "${join(dir, 'absent.csv')}" does not exist or you don't have file access rights.`,
      },
    ]);
    expect(r.sets[0].rows).toEqual([[0]]);
  });

  it('loads a UTF-8 pipe-delimited file with KEEPIDENTITY, exact values, NULLs and defaults for empty fields', async () => {
    const path = file('items.csv', '7|Żółw ☃|12.50|2024-02-29|\n9|Plain|0.10||x\r\n');
    const r = await run(
      s,
      `BULK INSERT dbo.Item FROM '${path}' WITH (CHECK_CONSTRAINTS, CODEPAGE = '65001', DATAFILETYPE = 'char', FIELDTERMINATOR = '|', ROWTERMINATOR = '\\n', KEEPIDENTITY, TABLOCK)`,
    );
    expect(r.errors).toEqual([]);
    expect(r.counts).toContain(2);
    expect(await rows(s, 'SELECT id, name, price, since, note FROM dbo.Item ORDER BY id')).toEqual([
      [7, 'Żółw ☃', '12.50', '2024-02-29', 'none'],
      [9, 'Plain', '0.10', null, 'x'],
    ]);
    expect(await rows(s, `SELECT IDENT_CURRENT('dbo.Item')`)).toEqual([['9']]);
  });

  it('reads FORMAT = CSV with quoted fields, FIRSTROW, KEEPNULLS and generated identity values', async () => {
    const path = file(
      'quoted.csv',
      'id,name,price,since,note\n0,"Comma, ""quoted""",1.5,2020-01-02,\n0,"two\nlines",,,"n"\n',
    );
    await run(
      s,
      `BULK INSERT dbo.Item FROM '${path}' WITH (FORMAT = 'CSV', FIELDTERMINATOR = ',', FIELDQUOTE = '"', FIRSTROW = 2, KEEPNULLS)`,
    );
    expect(await rows(s, 'SELECT id, name, price, since, note FROM dbo.Item ORDER BY id')).toEqual([
      [1, 'Comma, "quoted"', '1.50', '2020-01-02', null],
      [2, 'two\nlines', null, null, 'n'],
    ]);
  });

  it('reads widechar (UTF-16) files with the default tab and newline terminators', async () => {
    const path = file(
      'wide.dat',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('1\tÄpfel\t3.25\t\t\r\n', 'utf16le')]),
    );
    await run(s, `BULK INSERT dbo.Item FROM '${path}' WITH (DATAFILETYPE = 'widechar')`);
    expect(await rows(s, 'SELECT id, name, price, note FROM dbo.Item')).toEqual([
      [1, 'Äpfel', '3.25', 'none'],
    ]);
  });

  it('fails the statement on a conversion error naming row and column, loading nothing', async () => {
    const path = file('bad.csv', '1|ok|1.00||\n2|bad|abc||\n');
    const r = await run(s, `BULK INSERT dbo.Item FROM '${path}' WITH (FIELDTERMINATOR = '|')`);
    expect(r.errors).toEqual([
      {
        number: 4864,
        message:
          'Bulk load data conversion error (type mismatch or invalid character for the specified codepage) for row 2, column 3 (price).',
      },
    ]);
    expect(await rows(s, 'SELECT COUNT(*) FROM dbo.Item')).toEqual([[0]]);
  });

  it('checks CHECK constraints only with CHECK_CONSTRAINTS; without, it loads and stops trusting them', async () => {
    const path = file('negative.csv', '1|neg|-1.00||\n');
    const checked = await run(
      s,
      `BULK INSERT dbo.Item FROM '${path}' WITH (FIELDTERMINATOR = '|', CHECK_CONSTRAINTS)`,
    );
    expect(checked.errors.map((e) => e.number)).toEqual([547]);
    expect(await rows(s, 'SELECT is_not_trusted FROM sys.check_constraints')).toEqual([[false]]);
    await run(s, `BULK INSERT dbo.Item FROM '${path}' WITH (FIELDTERMINATOR = '|')`);
    expect(await rows(s, 'SELECT price FROM dbo.Item')).toEqual([['-1.00']]);
    expect(await rows(s, 'SELECT is_not_trusted FROM sys.check_constraints')).toEqual([[true]]);
  });

  it('reads and ignores the field of a computed column, and reads geography and hierarchyid as their binary form in hexadecimal (a NUL field: the empty value)', async () => {
    await run(
      s,
      `CREATE TABLE dbo.Place (id int NOT NULL, code AS ('P' + CAST(id AS varchar(10))), spot geography NULL, node hierarchyid NULL, at date NOT NULL)`,
    );
    // SQL Server's serialization of POINT(-122.3 47.6), SRID 4326: SRID, version 1, flags 0x0C, latitude, longitude.
    const point = Buffer.alloc(16);
    point.writeDoubleLE(47.6, 0);
    point.writeDoubleLE(-122.3, 8);
    const hex = Buffer.concat([Buffer.from('E6100000010C', 'hex'), point])
      .toString('hex')
      .toUpperCase();
    const path = file(
      'places.tsv',
      `1\tP1\t${hex}\t5AC0\t2024-01-02&|\r\n2\tanything\t\t\t2024-01-03&|\n3\t\t\t\0\t2024-01-04&|\r\n`,
    );
    const r = await run(
      s,
      `BULK INSERT dbo.Place FROM '${path}' WITH (DATAFILETYPE = 'char', ROWTERMINATOR = '&|\\n', TABLOCK)`,
    );
    expect(r.errors).toEqual([]);
    expect(
      await rows(s, 'SELECT id, code, spot.STAsText(), node.ToString(), at FROM dbo.Place ORDER BY id'),
    ).toEqual([
      [1, 'P1', 'POINT (-122.3 47.6)', '/1/1/', '2024-01-02'],
      [2, 'P2', null, null, '2024-01-03'],
      [3, 'P3', null, '/', '2024-01-04'],
    ]);
  });

  it('refuses options it does not carry out, naming them', async () => {
    const path = file('any.csv', '');
    const r = await run(s, `BULK INSERT dbo.Item FROM '${path}' WITH (FORMATFILE = 'x.fmt')`);
    expect(r.errors).toEqual([
      {
        number: 40517,
        message: "The BULK INSERT option FORMATFILE = 'x.fmt' is not supported by the SQL Server emulator.",
      },
    ]);
  });
});
