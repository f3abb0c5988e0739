import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';

// varchar text is in its collation's code page (1252 for SQL_Latin1_General_CP1_CI_AS, which differs
// from ISO-8859-1 in 0x80-0x9F): CHAR, ASCII, CAST to and from binary, storage and the wire agree.
describe('varchar code pages through the mssql client', () => {
  let em: RunningEmulator;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    em = await startEmulator({
      scripts: [
        `CREATE TABLE dbo.t (id int PRIMARY KEY, v varchar(10), g varchar(10) COLLATE Greek_CI_AS, u varchar(10) COLLATE Latin1_General_100_CI_AS_SC_UTF8);`,
      ],
      database: 'cp',
    });
    pool = await new sql.ConnectionPool(em.config as sql.config).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await em?.close();
  });

  it('CHAR and ASCII use code page 1252, CHAR out of 0..255 is NULL', async () => {
    const r = await pool.request().query(`SELECT CHAR(128)+CHAR(147)+CHAR(150)+CHAR(233) AS s,
      CAST(CHAR(128) AS varbinary(1)) AS b, ASCII(N'€') AS a, CHAR(256) AS n, CHAR(-1) AS m, ASCII(CHAR(159)) AS y`);
    expect(r.recordset).toEqual([{ s: '€“–é', b: Buffer.from([0x80]), a: 128, n: null, m: null, y: 159 }]);
  });

  it('CAST between varchar and binary goes through the code page; nvarchar through UTF-16', async () => {
    const r = await pool.request().query(`SELECT CAST(0x80939AE9 AS varchar(4)) AS v,
      CAST('€š' AS varbinary(4)) AS vb, CAST(N'€' AS varbinary(4)) AS nb, CAST(0xAC20 AS nvarchar(1)) AS nv,
      DATALENGTH(CAST(N'€é' AS varchar(4))) AS len`);
    expect(r.recordset).toEqual([
      {
        v: '€“šé',
        vb: Buffer.from([0x80, 0x9a]),
        nb: Buffer.from([0xac, 0x20]),
        nv: '€',
        len: 2,
      },
    ]);
  });

  it('CONVERT styles 1 and 2 read text as hexadecimal digits (with and without 0x), 8114 otherwise', async () => {
    const r = await pool.request().query(`SELECT CONVERT(binary(6), '0x4E616D65', 1) AS a,
      CONVERT(varbinary(10), '4e616D65', 2) AS b, CONVERT(varbinary(10), N'4E61', 2) AS c,
      CONVERT(varbinary(2), '0x4E616D65', 1) AS d, CONVERT(varbinary(4), '0x', 1) AS e, CONVERT(varbinary(4), '4E', 0) AS f,
      TRY_CONVERT(varbinary(4), 'ZZ', 2) AS g, CONVERT(varchar(10), 0x4E61, 1) AS h, CONVERT(varchar(10), 0x4E61, 2) AS i`);
    expect(r.recordset).toEqual([
      {
        a: Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0, 0]),
        b: Buffer.from('Name'),
        c: Buffer.from('Na'),
        d: Buffer.from('Na'),
        e: Buffer.alloc(0),
        f: Buffer.from('4E'),
        g: null,
        h: '0x4E61',
        i: '4E61',
      },
    ]);
    for (const bad of [`'AABBCC', 1`, `'0xAABBCC', 2`, `'0xAAB', 1`, `'AX', 2`])
      await expect(pool.request().query(`SELECT CONVERT(varbinary(8), ${bad})`)).rejects.toMatchObject({
        number: 8114,
        message: 'Error converting data type varchar to varbinary.',
      });
  });

  it('stores varchar columns in their code page: what it cannot hold becomes ?', async () => {
    await pool.request().query(`INSERT INTO dbo.t VALUES (1, N'€–é中', N'€Ω中', N'€中')`);
    const r = await pool.request()
      .query(`SELECT v, CAST(v AS varbinary(10)) AS vb, g, CAST(g AS varbinary(10)) AS gb,
      u, CAST(u AS varbinary(10)) AS ub FROM dbo.t WHERE id = 1`);
    expect(r.recordset).toEqual([
      {
        v: '€–é?',
        vb: Buffer.from([0x80, 0x96, 0xe9, 0x3f]),
        g: '€Ω?',
        gb: Buffer.from([0x80, 0xd9, 0x3f]),
        u: '€中',
        ub: Buffer.from('€中', 'utf8'),
      },
    ]);
  });

  it('a varchar parameter sent in code page 1252 reads back as the same text', async () => {
    await pool.request().input('p', sql.VarChar(10), '€“é').query('INSERT INTO dbo.t (id, v) VALUES (2, @p)');
    const r = await pool.request().query('SELECT v, CAST(v AS varbinary(10)) AS vb FROM dbo.t WHERE id = 2');
    expect(r.recordset).toEqual([{ v: '€“é', vb: Buffer.from([0x80, 0x93, 0xe9]) }]);
  });
});
