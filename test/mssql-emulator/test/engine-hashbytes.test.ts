import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { emulatorWithPool, queryError } from './emulator-pool.js';

// HASHBYTES as SQL Server 2016+: every algorithm it offers, nvarchar hashed as UTF-16LE, varchar in
// its code page (UTF-8 under a _UTF8 collation), NULL in -> NULL out, no 8,000-byte input limit.
// Expected digests: the RFC 1319/1320 test vectors for MD2/MD4, Node's crypto for the others.

const script = `
CREATE TABLE dbo.Docs (id int NOT NULL PRIMARY KEY, n nvarchar(max) NULL, v varchar(max) NULL, b varbinary(max) NULL);
INSERT INTO dbo.Docs VALUES (1, N'Ünïcødé 😀', 'caf' + CHAR(233), 0x00FF10), (2, NULL, NULL, NULL);
`;

const hex = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

describe('HASHBYTES', () => {
  const em = emulatorWithPool([script], 'master');
  const one = async (q: string) => {
    const r = await em.pool.request().query(q);
    const v = Object.values(r.recordset[0] as Record<string, unknown>)[0];
    return Buffer.isBuffer(v) ? v.toString('hex') : v;
  };

  it('computes MD2 and MD4 as RFC 1319 and 1320 do', async () => {
    expect(await one(`SELECT HASHBYTES('MD2', 'message digest')`)).toBe('ab4f496bfb2a530b219ff33031fe06b0');
    expect(await one(`SELECT HASHBYTES('MD2', '')`)).toBe('8350e5a3e24c153df2275c9f80692773');
    expect(await one(`SELECT HASHBYTES('MD4', 'abc')`)).toBe('a448017aaf21d8525fc10ae87aa6729d');
    expect(
      await one(
        `SELECT HASHBYTES('md4', '12345678901234567890123456789012345678901234567890123456789012345678901234567890')`,
      ),
    ).toBe('e33b4ddc9c38f2199c3e7b164fcc0536');
  });

  it('computes MD5, SHA, SHA1, SHA2_256, SHA2_512 over varchar bytes, names in any case', async () => {
    const abc = Buffer.from('abc');
    expect(await one(`SELECT HASHBYTES('MD5', 'abc')`)).toBe(hex('md5', abc));
    expect(await one(`SELECT HASHBYTES('SHA', 'abc')`)).toBe(hex('sha1', abc));
    expect(await one(`SELECT HASHBYTES('Sha1', 'abc')`)).toBe(hex('sha1', abc));
    expect(await one(`SELECT HASHBYTES('SHA2_256', 'abc')`)).toBe(hex('sha256', abc));
    expect(await one(`SELECT HASHBYTES('sha2_512', 'abc')`)).toBe(hex('sha512', abc));
  });

  it('hashes nvarchar as UTF-16LE, varchar in its code page, varbinary as is; NULL gives NULL', async () => {
    expect(await one(`SELECT HASHBYTES('SHA2_256', n) FROM dbo.Docs WHERE id = 1`)).toBe(
      hex('sha256', Buffer.from('Ünïcødé 😀', 'utf16le')),
    );
    expect(await one(`SELECT HASHBYTES('SHA2_256', N'abc')`)).toBe(
      hex('sha256', Buffer.from('abc', 'utf16le')),
    );
    // CP1252: é is one byte, 0xE9.
    expect(await one(`SELECT HASHBYTES('SHA2_256', v) FROM dbo.Docs WHERE id = 1`)).toBe(
      hex('sha256', Buffer.from('636166e9', 'hex')),
    );
    expect(await one(`SELECT HASHBYTES('SHA1', b) FROM dbo.Docs WHERE id = 1`)).toBe(
      hex('sha1', Buffer.from('00ff10', 'hex')),
    );
    expect(await one(`SELECT HASHBYTES('SHA2_256', n) FROM dbo.Docs WHERE id = 2`)).toBeNull();
    expect(await one(`SELECT HASHBYTES(NULL, 'abc')`)).toBeNull();
    // An algorithm SQL Server does not offer gives NULL, not an error.
    expect(await one(`SELECT HASHBYTES('SHA3_256', 'abc')`)).toBeNull();
  });

  it('hashes the UTF-8 bytes of nvarchar converted under a _UTF8 collation (no ? for characters outside CP1252)', async () => {
    const text = 'Ünïcødé 😀 ✓';
    expect(
      await one(
        `SELECT HASHBYTES('SHA2_256', CAST(N'${text}' COLLATE Latin1_General_100_BIN2_UTF8 AS varchar(max)))`,
      ),
    ).toBe(hex('sha256', Buffer.from(text, 'utf8')));
    // Without the UTF-8 collation the conversion goes through CP1252, as SQL Server's does.
    expect(await one(`SELECT CAST(N'a✓' AS varchar(10))`)).toBe('a?');
  });

  it('has no 8,000-byte input limit (SQL Server 2016+)', async () => {
    const big = 'x'.repeat(100_000);
    expect(await one(`SELECT HASHBYTES('SHA2_256', REPLICATE(CAST('x' AS varchar(max)), 100000))`)).toBe(
      hex('sha256', Buffer.from(big)),
    );
  });

  it('refuses a text input and a wrong argument count as SQL Server does', async () => {
    expect(await queryError(em.pool, `SELECT HASHBYTES('MD5', CAST('a' AS text))`)).toMatchObject({
      number: 8116,
      message: 'Argument data type text is invalid for argument 2 of hashbytes function.',
    });
    expect(await queryError(em.pool, `SELECT HASHBYTES('MD5')`)).toMatchObject({ number: 174 });
  });
});

describe('COMPRESS and DECOMPRESS', () => {
  const em = emulatorWithPool([script], 'master');

  it('gzips the value bytes (nvarchar as UTF-16LE) and back; NULL and bytes that are not GZIP give NULL', async () => {
    const r = await em.pool.request().query(`
      SELECT COMPRESS(n) AS z, CAST(DECOMPRESS(COMPRESS(n)) AS nvarchar(max)) AS n2,
             CAST(DECOMPRESS(COMPRESS(v)) AS varchar(max)) AS v2, DECOMPRESS(b) AS notGzip
      FROM dbo.Docs ORDER BY id`);
    const [one, two] = r.recordset as Record<string, unknown>[];
    expect(gunzipSync(one.z as Buffer).toString('utf16le')).toBe('Ünïcødé 😀');
    expect(one).toMatchObject({ n2: 'Ünïcødé 😀', v2: 'café', notGzip: null });
    expect(two).toEqual({ z: null, n2: null, v2: null, notGzip: null });
    expect(await queryError(em.pool, `SELECT DECOMPRESS(N'x')`)).toMatchObject({ number: 8116 });
  });
});
