// The fast path's reads on the emulator: text the binary rows cannot hold as it is (NUL, a lone
// surrogate) under each policy, code-page text, key ranges, and the tedious hook it depends on.

import type { Row, Table } from '@ferry/core';
import tedious from 'tedious';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';
import { readTuples } from './pg-binary-tuples.js';
import { BinaryBuffer } from '@ferry/core';
import { canHookTedious } from '../src/read/raw/raw-response.js';
import { FixCounts } from '../src/read/raw/cursor.js';
import { charFieldWriter } from '../src/read/raw/text-fields.js';

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
      if (batch.binary) binary.push(...readTuples(batch.binary.data, cols));
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
      rows.push(...(batch.binary ? readTuples(batch.binary.data, cols) : batch.rows));
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
    charFieldWriter(codePage, new FixCounts(false))(out, Buffer.from(bytes), 0, bytes.length);
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
