// Every SQL Server type through the unmodified mssql/tedious client: edge values, NULLs, empty vs NULL,
// non-BMP text, multi-megabyte LOBs. Exact byte layouts are in tds-type-codec.test.ts.

import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultColumn } from '../src/engine-api.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine, select } from './protocol-fixture-engine.js';

const CI_AS = 'SQL_Latin1_General_CP1_CI_AS';
const bigText = 'Ferry ✓ '.repeat(200_000); // 1.6 M characters, 3.2 MB
const bigNonBmp = '𝄞😀'.repeat(250_000); // 2 MB of surrogate pairs
const bigBlob = Buffer.alloc(4 * 1024 * 1024, 7);
bigBlob[bigBlob.length - 1] = 9;

const columns: Array<[ResultColumn, unknown]> = [
  [{ name: 'bit', type: { name: 'bit' }, nullable: true }, true],
  [{ name: 'tinyint', type: { name: 'tinyint' }, nullable: true }, 255],
  [{ name: 'smallint', type: { name: 'smallint' }, nullable: true }, -32768],
  [{ name: 'int', type: { name: 'int' }, nullable: true }, -2147483648],
  [{ name: 'bigint', type: { name: 'bigint' }, nullable: true }, 9223372036854775807n],
  [
    { name: 'dec38', type: { name: 'decimal', precision: 38, scale: 0 }, nullable: true },
    '99999999999999999999999999999999999999',
  ],
  [{ name: 'dec19_4', type: { name: 'decimal', precision: 19, scale: 4 }, nullable: true }, '-12345.6789'],
  [{ name: 'num5_2', type: { name: 'numeric', precision: 5, scale: 2 }, nullable: true }, '999.99'],
  [{ name: 'money', type: { name: 'money' }, nullable: true }, '-922337203685477.5808'],
  [{ name: 'smallmoney', type: { name: 'smallmoney' }, nullable: true }, '214748.3647'],
  [{ name: 'real', type: { name: 'real' }, nullable: true }, 3.4028234663852886e38],
  [{ name: 'float', type: { name: 'float' }, nullable: true }, -1.7976931348623157e308],
  [{ name: 'date', type: { name: 'date' }, nullable: true }, '0001-01-01'],
  [{ name: 'time7', type: { name: 'time', scale: 7 }, nullable: true }, '23:59:59.9999999'],
  [{ name: 'time0', type: { name: 'time', scale: 0 }, nullable: true }, '00:00:01'],
  [{ name: 'datetime', type: { name: 'datetime' }, nullable: true }, '9999-12-31 23:59:59.997'],
  [{ name: 'smalldatetime', type: { name: 'smalldatetime' }, nullable: true }, '2079-06-06 23:59:00'],
  [
    { name: 'datetime2_7', type: { name: 'datetime2', scale: 7 }, nullable: true },
    '9999-12-31 23:59:59.9999999',
  ],
  [{ name: 'datetime2_0', type: { name: 'datetime2', scale: 0 }, nullable: true }, '2024-02-29 12:34:56'],
  [
    { name: 'dto7', type: { name: 'datetimeoffset', scale: 7 }, nullable: true },
    '2024-01-01 00:30:00.1234567+01:00',
  ],
  [{ name: 'char5', type: { name: 'char', length: 5, collation: CI_AS }, nullable: true }, 'ab'],
  [{ name: 'varchar1252', type: { name: 'varchar', length: 10, collation: CI_AS }, nullable: true }, '€Ÿé'],
  [
    {
      name: 'varchar_utf8',
      type: { name: 'varchar', length: 20, collation: 'Latin1_General_100_CI_AS_SC_UTF8' },
      nullable: true,
    },
    'Ünï€😀',
  ],
  [
    { name: 'varchar_max', type: { name: 'varchar', length: -1, collation: CI_AS }, nullable: true },
    'x'.repeat(2_000_000),
  ],
  [{ name: 'nchar3', type: { name: 'nchar', length: 3, collation: CI_AS }, nullable: true }, '😀'],
  [{ name: 'nvarchar_empty', type: { name: 'nvarchar', length: 20, collation: CI_AS }, nullable: true }, ''],
  [
    { name: 'nvarchar_max', type: { name: 'nvarchar', length: -1, collation: CI_AS }, nullable: true },
    bigNonBmp,
  ],
  [
    { name: 'nvarchar_max_text', type: { name: 'nvarchar', length: -1, collation: CI_AS }, nullable: true },
    bigText,
  ],
  [{ name: 'text', type: { name: 'text', collation: CI_AS }, nullable: true }, 'old text ½'],
  [{ name: 'ntext', type: { name: 'ntext', collation: CI_AS }, nullable: true }, 'old ntext 𝄞'],
  [{ name: 'image', type: { name: 'image' }, nullable: true }, Buffer.from([0, 1, 2, 255])],
  [{ name: 'binary4', type: { name: 'binary', length: 4 }, nullable: true }, Buffer.from([1])],
  [{ name: 'varbinary_max', type: { name: 'varbinary', length: -1 }, nullable: true }, bigBlob],
  [
    { name: 'guid', type: { name: 'uniqueidentifier' }, nullable: true },
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
  ],
  [{ name: 'xml', type: { name: 'xml' }, nullable: true }, '<a b="ü">😀</a>'],
  [
    { name: 'variant_int', type: { name: 'sql_variant' }, nullable: true },
    { type: { name: 'int' }, value: 42 },
  ],
  [
    { name: 'variant_nvarchar', type: { name: 'sql_variant' }, nullable: true },
    { type: { name: 'nvarchar', length: 10, collation: CI_AS }, value: 'ß' },
  ],
  [
    { name: 'rowversion', type: { name: 'rowversion' }, nullable: true },
    Buffer.from('00000000000007d1', 'hex'),
  ],
];

describe('every type through mssql', () => {
  let em: RunningEmulator;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    const rows = [columns.map(([, v]) => v), columns.map(() => null)];
    em = await startEmulator({
      engine: fixtureEngine({
        batch: (q) =>
          q === 'SELECT types'
            ? select(
                columns.map(([c]) => c),
                rows,
                'dbo.types',
              )
            : undefined,
      }),
      password: FIXTURE_PASSWORD,
    });
    // The largest packet size: tedious re-concatenates its buffer per packet, which is slow for 10 MB rows.
    pool = await new sql.ConnectionPool({
      ...em.config,
      options: { ...em.config.options, packetSize: 32767 },
    }).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await em?.close();
  });

  it('decodes edge values as SQL Server sends them', async () => {
    const { recordset } = await pool.request().query('SELECT types');
    const r = recordset[0];
    expect(r.bit).toBe(true);
    expect([r.tinyint, r.smallint, r.int]).toEqual([255, -32768, -2147483648]);
    expect(r.bigint).toBe('9223372036854775807');
    expect(r.dec38).toBe(1e38); // mssql turns decimals into JS numbers; exact bytes are tested at the TDS level
    expect(r.dec19_4).toBe(-12345.6789);
    expect(r.num5_2).toBe(999.99);
    // -922337203685477.5808 as the nearest double, which is what the client returns.
    expect(r.money).toBe(-922337203685477.6);
    expect(r.smallmoney).toBe(214748.3647);
    expect(r.real).toBe(3.4028234663852886e38);
    expect(r.float).toBe(-1.7976931348623157e308);
    expect(r.date.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(r.time7.toISOString()).toBe('1970-01-01T23:59:59.999Z');
    expect(r.time7.nanosecondsDelta).toBeCloseTo(0.0009999, 10);
    expect(r.time0.toISOString()).toBe('1970-01-01T00:00:01.000Z');
    expect(r.datetime.toISOString()).toBe('9999-12-31T23:59:59.997Z');
    expect(r.smalldatetime.toISOString()).toBe('2079-06-06T23:59:00.000Z');
    expect(r.datetime2_7.toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(r.datetime2_7.nanosecondsDelta).toBeCloseTo(0.0009999, 10);
    expect(r.datetime2_0.toISOString()).toBe('2024-02-29T12:34:56.000Z');
    expect(r.dto7.toISOString()).toBe('2023-12-31T23:30:00.123Z'); // tedious returns the UTC instant
    expect(r.dto7.nanosecondsDelta).toBeCloseTo(0.0004567, 10);
    expect(r.char5).toBe('ab   ');
    expect(r.varchar1252).toBe('€Ÿé');
    expect(r.varchar_utf8).toBe('Ünï€😀');
    expect(r.varchar_max).toBe('x'.repeat(2_000_000));
    expect(r.nchar3).toBe('😀 ');
    expect(r.nvarchar_empty).toBe('');
    expect(r.nvarchar_max === bigNonBmp).toBe(true);
    expect(r.nvarchar_max_text === bigText).toBe(true);
    expect(r.text).toBe('old text ½');
    expect(r.ntext).toBe('old ntext 𝄞');
    expect(r.image).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(r.binary4).toEqual(Buffer.from([1, 0, 0, 0]));
    expect(Buffer.compare(r.varbinary_max, bigBlob)).toBe(0);
    expect(r.guid).toBe('6F9619FF-8B86-D011-B42D-00C04FC964FF');
    expect(r.xml).toBe('<a b="ü">😀</a>');
    expect(r.variant_int).toBe(42);
    expect(r.variant_nvarchar).toBe('ß');
    expect(r.rowversion).toEqual(Buffer.from('00000000000007d1', 'hex'));
  });

  it('returns NULL for every type, distinct from empty values', async () => {
    const { recordset } = await pool.request().query('SELECT types');
    for (const [c] of columns) expect(recordset[1][c.name], c.name).toBeNull();
  });

  it('describes columns with their SQL Server types', async () => {
    const { recordset } = await pool.request().query('SELECT types');
    const meta = recordset.columns;
    expect(meta.dec38.type).toBe(sql.Decimal);
    expect([meta.dec38.precision, meta.dec38.scale]).toEqual([38, 0]);
    expect(meta.dto7.type).toBe(sql.DateTimeOffset);
    expect(meta.dto7.scale).toBe(7);
    expect(meta.nvarchar_max.type).toBe(sql.NVarChar);
    expect(meta.nvarchar_max.length).toBe(65535); // mssql's rendering of the (max) marker 0xFFFF
    expect(meta.varchar1252.length).toBe(10);
    expect(meta.guid.type).toBe(sql.UniqueIdentifier);
    expect(meta.variant_int.type).toBe(sql.Variant);
    expect(meta.xml.type).toBe(sql.Xml);
    expect(meta.text.type).toBe(sql.Text);
  });
});
