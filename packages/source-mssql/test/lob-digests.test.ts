import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lobDigest, type Row, type Table } from '@ferry/core';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';

// Validation asks a source for LOB digests (ReadOptions.lobDigests): the server hashes each LOB
// value (HASHBYTES) and sends core's lobDigest of it, the value itself never travels. Each digest
// must equal core's lobDigest of the value read whole: UTF-8 bytes of a text (non-BMP characters,
// CP1252 text in varchar(max) and text (é, ÿ: two UTF-8 bytes each)), the bytes of binary, and for a lone surrogate the marked
// UTF-16 digest (never the digest of the text with U+FFFD in its place).

const script = `
CREATE TABLE dbo.Lobs (
  id int NOT NULL PRIMARY KEY, n nvarchar(max) NULL, v varchar(max) NULL, t text NULL, nt ntext NULL,
  b varbinary(max) NULL, i image NULL, small nvarchar(10) NULL);
INSERT INTO dbo.Lobs VALUES
  (1, N'Ünïcødé 😀 𝄞 ✓', 'caf' + CHAR(233) + ' ' + CHAR(255), 'legacy ' + CHAR(233), N'ntext 😀', 0x00FF10AB, 0xDEAD, N'short'),
  (2, N'bad ' + NCHAR(55296) + N' half', '', '', N'', 0x, 0x00, N'x'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, REPLICATE(CAST(N'ab✓' AS nvarchar(max)), 200000), REPLICATE(CAST('x' AS varchar(max)), 300000), 'y', N'z', CAST(REPLICATE(CAST('q' AS varchar(max)), 300000) AS varbinary(max)), 0x01, N'');
`;

describe('LOB digests computed by SQL Server (HASHBYTES)', () => {
  let env: EmulatedSource;
  let table: Table;
  const columns = ['id', 'n', 'v', 't', 'nt', 'b', 'i', 'small'];
  const readAll = async (lobDigests: boolean) => {
    const rows: Row[] = [];
    for await (const batch of env.source.read(table, {
      columns,
      batchRows: 10,
      batchBytes: 1 << 24,
      lobDigests,
    }))
      rows.push(...batch.rows);
    return rows.sort((a, b) => (a[0] as number) - (b[0] as number));
  };

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    const { model } = await env.source.introspect();
    table = model.tables.find((t) => t.name === 'Lobs')!;
  });
  afterAll(() => env?.close());

  it('selects every LOB column as its digest on the server, other columns as they are', () => {
    const query = env.source.readQuery(table, { columns }, { utf8Collations: true }).text;
    expect(query.match(/HASHBYTES\('SHA2_256'/g)?.length).toBe(4 * 4 + 2);
    expect(query).toContain('[small]');
    expect(query).not.toMatch(/\[small\][^,]*HASHBYTES/);
    // Before SQL Server 2019 there is no UTF-8 collation: only binary LOBs are hashed on the server.
    const older = env.source.readQuery(table, { columns }, { utf8Collations: false }).text;
    expect(older.match(/HASHBYTES\('SHA2_256'/g)?.length).toBe(2);
  });

  it("equals core's lobDigest of each value read whole, lone surrogate and NULL included", async () => {
    const whole = await readAll(false);
    const digested = await readAll(true);
    const types = columns.map((c) => table.columns.find((x) => x.name === c)!.type);
    const expected = whole.map((row) =>
      row.map((v, i) => (i === 0 || i === 7 || v === null ? v : lobDigest(types[i]!, v))),
    );
    expect(digested).toEqual(expected);
    // Independent of core: the UTF-8 bytes of the nvarchar(max) of row 1, the bytes of its varbinary.
    expect(digested[0]![1]).toBe(createHash('sha256').update('Ünïcødé 😀 𝄞 ✓', 'utf8').digest('hex'));
    expect(digested[0]![2]).toBe(createHash('sha256').update('café ÿ', 'utf8').digest('hex'));
    expect(digested[0]![5]).toBe(createHash('sha256').update(Buffer.from('00ff10ab', 'hex')).digest('hex'));
    // A lone surrogate: the marked digest of its UTF-16 code units, not the digest of 'bad \uFFFD half'.
    expect(digested[1]![1]).toBe(
      `utf16:${createHash('sha256').update('bad \uD800 half', 'utf16le').digest('hex')}`,
    );
    expect(digested[2]!.slice(1, 7)).toEqual([null, null, null, null, null, null]);
  });
});
