// The fast path's reads on the emulator: text the binary rows cannot hold as it is (NUL, a lone
// surrogate) under each policy, code-page text, key ranges, and the tedious hook it depends on.

import { binaryData, type Column, type LogicalType, type Row, type Table } from '@ferry/core';
import tedious from 'tedious';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';
import { readTuples } from './pg-binary-tuples.js';
import { BinaryBuffer } from '@ferry/core';
import { canHookTedious } from '../src/read/raw/raw-response.js';
import { FixCounts } from '../src/read/raw/cursor.js';
import { charFieldWriter, utf16Writer } from '../src/read/raw/text-fields.js';
import { tokenRows } from '../src/read/raw/token-rows.js';

const script = `
CREATE TABLE dbo.Texts (id int NOT NULL PRIMARY KEY, n nvarchar(20) NULL, v varchar(20) COLLATE Latin1_General_CI_AS NULL, m nvarchar(max) NULL)
GO
INSERT INTO dbo.Texts VALUES (1, N'plain', 'café ÿ', N'ok')
INSERT INTO dbo.Texts VALUES (2, N'a' + NCHAR(0) + N'b', 'x', NULL)
INSERT INTO dbo.Texts VALUES (3, N'lone ' + NCHAR(55296), 'y', NULL)
INSERT INTO dbo.Texts VALUES (4, N'z', 'p' + CHAR(0) + 'q', REPLICATE(CAST(N'é' AS nvarchar(max)), 40000))
`;

describe('fast path reads', () => {
  let env: EmulatedSource;
  let table: Table;
  const columns = ['id', 'n', 'v', 'm'];

  async function read(fixValues: boolean) {
    const binary: Row[] = [];
    const values: Row[] = [];
    const fixes: Record<string, number> = {};
    const cols = columns.map((n) => table.columns.find((c) => c.name === n)!);
    for await (const batch of env.source.read(table, {
      columns,
      batchRows: 100,
      batchBytes: 1 << 20,
      binaryRows: true,
      fixValues,
    })) {
      if (batch.binary) binary.push(...readTuples(binaryData(batch.binary), cols));
      else values.push(...batch.rows);
      for (const [code, n] of Object.entries(batch.binary?.fixes ?? {})) fixes[code] = (fixes[code] ?? 0) + n;
    }
    return { binary, values, fixes };
  }

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
    const { model } = await env.source.introspect();
    table = model.tables.find((t) => t.name === 'Texts')!;
  });
  afterAll(() => env?.close());

  it('sends rows with NUL or a lone surrogate as values under fail and reject, with the text as stored', async () => {
    const { binary, values } = await read(false);
    expect(binary.map((r) => r[0])).toEqual([1]);
    expect(binary[0]).toEqual([1, 'plain', 'café ÿ', 'ok']);
    expect(values).toEqual([
      [2, 'a\u0000b', 'x', null],
      [3, 'lone \ud800', 'y', null],
      [4, 'z', 'p\u0000q', 'é'.repeat(40000)],
    ]);
  });

  it('makes the documented fixes under fix, and counts them', async () => {
    const { binary, values, fixes } = await read(true);
    expect(values).toEqual([]);
    expect(binary).toEqual([
      [1, 'plain', 'café ÿ', 'ok'],
      [2, 'ab', 'x', null],
      [3, 'lone \ufffd', 'y', null],
      [4, 'z', 'pq', 'é'.repeat(40000)],
    ]);
    expect(fixes).toEqual({ NUL_IN_TEXT: 2, LONE_SURROGATE: 1 });
  });

  it('reads a key range', async () => {
    const cols = columns.map((n) => table.columns.find((c) => c.name === n)!);
    const rows: Row[] = [];
    const range = { index: 1, key: ['id'], lower: [2], upper: [4] };
    for await (const batch of env.source.read(table, {
      columns,
      range,
      batchRows: 100,
      batchBytes: 1 << 20,
      binaryRows: true,
      fixValues: true,
    }))
      rows.push(...(batch.binary ? readTuples(binaryData(batch.binary), cols) : batch.rows));
    expect(rows.map((r) => r[0])).toEqual([2, 3]);
  });

  it('names the columns it does not decode', () => {
    const withXml: Table = {
      ...table,
      columns: [
        ...table.columns,
        { ...table.columns[1], name: 'x', nativeType: 'xml', type: { kind: 'xml' } },
      ],
    };
    expect(env.source.binaryReadProblem(withXml, ['id', 'x'])).toBe(
      'column x is xml, which the fast path does not decode',
    );
  });
});

describe('the tedious hook of the fast path', () => {
  // Fails loudly on a tedious upgrade that moves what raw-response.ts answers: the connection's
  // createTokenStreamParser(message, handler) and the version it was written for (package.json pins it).
  it('finds createTokenStreamParser(message, handler) on tedious 19.2.2', async () => {
    const { createRequire } = await import('node:module');
    const version = (createRequire(import.meta.url)('tedious/package.json') as { version: string }).version;
    expect(version).toBe('19.2.2');
    expect(
      typeof (tedious.Connection.prototype as unknown as Record<string, unknown>).createTokenStreamParser,
    ).toBe('function');
    expect(canHookTedious()).toBe(true);
  });
});

describe('code-page text on the fast path', () => {
  const write = (codePage: string | undefined, bytes: number[]) => {
    const out = new BinaryBuffer();
    charFieldWriter(codePage, new FixCounts(false))(out, Buffer.from(bytes), [0, bytes.length]);
    const data = Buffer.concat(out.take());
    return data.subarray(4, 4 + data.readInt32BE(0)).toString('utf8');
  };

  it('reads windows-1252 bytes as their characters (0x80 is the euro sign, 0xE9 é)', () => {
    expect(write('CP1252', [0x80, 0x20, 0xe9, 0x9f])).toBe('€ éŸ');
  });

  it('reads windows-1251 bytes as Cyrillic', () => {
    expect(write('CP1251', [0xcf, 0xf0, 0xe8])).toBe('При');
  });

  it('reads a UTF-8 collation as UTF-8', () => {
    expect(write('utf-8', [0xe2, 0x82, 0xac])).toBe('€');
  });
});

describe('multi-MB PLP values on the fast path', () => {
  // Each value is several of the emulator's 64 KB PLP chunks: nvarchar(max) with a surrogate pair
  // across each chunk boundary (the leading 'a' puts every pair's halves at odd units), varchar(max)
  // in windows-1252, varbinary(max). Expected values are built here, not read back from the code.
  const emoji = '\u{1F600}';
  const n = 'a' + emoji.repeat(700_000) + 'é';
  const v = 'café '.repeat(800_000);
  const b = Buffer.from('0001fe7f80ff'.repeat(500_000), 'hex');
  const script = `
CREATE TABLE dbo.Large (id int NOT NULL PRIMARY KEY, n nvarchar(max) NULL, v varchar(max) COLLATE Latin1_General_CI_AS NULL, b varbinary(max) NULL)
GO
INSERT INTO dbo.Large VALUES (1, N'a' + REPLICATE(CAST(N'${emoji}' AS nvarchar(max)), 700000) + N'é', REPLICATE(CAST('café ' AS varchar(max)), 800000), CAST(REPLICATE(CAST(0x0001FE7F80FF AS varbinary(max)), 500000) AS varbinary(max)))
INSERT INTO dbo.Large VALUES (2, NULL, 'short', 0x01)
INSERT INTO dbo.Large VALUES (3, N'a' + REPLICATE(CAST(N'${emoji}' AS nvarchar(max)), 700000) + N'é', REPLICATE(CAST('café ' AS varchar(max)), 800000), CAST(REPLICATE(CAST(0x0001FE7F80FF AS varbinary(max)), 500000) AS varbinary(max)))
`;
  let env: EmulatedSource;

  beforeAll(async () => {
    env = await startEmulatedSource({ scripts: [script] });
  });
  afterAll(() => env?.close());

  it('round-trips byte-exact, in binary rows, with small batches', async () => {
    const { model } = await env.source.introspect();
    const table = model.tables.find((t) => t.name === 'Large')!;
    const columns = ['id', 'n', 'v', 'b'];
    const cols = columns.map((name) => table.columns.find((c) => c.name === name)!);
    expect(env.source.binaryReadProblem(table, columns)).toBeUndefined();
    const rows: Row[] = [];
    const valueRows: Row[] = [];
    for await (const batch of env.source.read(table, {
      columns,
      batchRows: 1,
      batchBytes: 64 * 1024,
      binaryRows: true,
      fixValues: false,
    })) {
      if (batch.binary) rows.push(...readTuples(binaryData(batch.binary), cols));
      else valueRows.push(...batch.rows);
    }
    expect(valueRows).toEqual([]);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3]);
    for (const row of [rows[0], rows[2]]) {
      expect((row[1] as string).length).toBe(n.length);
      expect(row[1] === n).toBe(true);
      expect(row[2] === v).toBe(true);
      expect(Buffer.compare(row[3] as Buffer, b)).toBe(0);
    }
    expect(rows[1]).toEqual([2, null, 'short', Buffer.from([1])]);
  });
});

describe('UTF-16 text split between PLP chunks anywhere', () => {
  const text = `x${'\u{1F600}'}é€\u0041${'\u{10348}'}`;
  const utf16 = Buffer.from(text, 'utf16le');
  it.each([1, 2, 3, 5])('transcodes a value cut every %i bytes as Buffer.from(text) does', (step) => {
    const spans: number[] = [];
    for (let at = 0; at < utf16.length; at += step) spans.push(at, Math.min(utf16.length, at + step));
    const out = new BinaryBuffer();
    utf16Writer(new FixCounts(false))(out, utf16, spans);
    const data = Buffer.concat(out.take());
    expect(data.subarray(4, 4 + data.readInt32BE(0)).toString('hex')).toBe(
      Buffer.from(text, 'utf8').toString('hex'),
    );
  });
});

const col = (name: string, type: LogicalType) => ({ name, type }) as Column;
const text16: LogicalType = { kind: 'text', length: 'max', unicode: true, fixed: false };

describe('a PLP value of unknown length, delivered in small pieces', () => {
  // A hand-made token stream (MS-TDS 2.2.7): COLMETADATA (int, nvarchar(max)), one ROW whose
  // nvarchar(max) has the unknown-length marker and 3,001-byte chunks, and DONE; cut into 997-byte pieces.
  const text = `${'a'.repeat(1000)}${'\u{1F600}é'.repeat(60_000)}`;
  const utf16 = Buffer.from(text, 'utf16le');
  const name = (s: string) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'utf16le')]);
  const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const chunks: Buffer[] = [];
  for (let at = 0; at < utf16.length; at += 3001)
    chunks.push(u32(Math.min(3001, utf16.length - at)), utf16.subarray(at, at + 3001));
  const stream = Buffer.concat([
    Buffer.from([0x81]),
    u16(2),
    ...[u32(0), u16(0), Buffer.from([0x38]), name('id')],
    ...[u32(0), u16(0), Buffer.from([0xe7]), u16(0xffff), Buffer.from([9, 4, 208, 0, 52]), name('doc')],
    Buffer.from([0xd1]),
    u32(42),
    Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ...chunks,
    u32(0),
    Buffer.from([0xfd]),
    Buffer.alloc(12),
  ]);
  async function* pieces(): AsyncGenerator<Buffer> {
    for (let at = 0; at < stream.length; at += 997) yield stream.subarray(at, at + 997);
  }

  it('decodes it whole into one binary row', async () => {
    const rows: Row[] = [];
    for await (const batch of tokenRows(pieces(), { batchRows: 10, batchBytes: 1 << 20, columns: 2 }))
      rows.push(...readTuples(binaryData(batch.binary!), [col('id', { kind: 'int32' }), col('doc', text16)]));
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe(42);
    expect(rows[0][1] === text).toBe(true);
  });
});
