// The fast path's reads on the emulator: text the binary rows cannot hold as it is (NUL, a lone
// surrogate) under each policy, code-page text, key ranges, and the tedious hook it depends on.

import { binaryData, type Batch, type Column, type LogicalType, type Row, type Table } from '@ferry/core';
import tedious from 'tedious';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedSource, type EmulatedSource } from './emulator-source.js';
import { readTuples } from './pg-binary-tuples.js';
import { BinaryBuffer } from '@ferry/core';
import { canHookTedious } from '../src/read/raw/raw-response.js';
import { FixCounts, valueProblemFound } from '../src/read/raw/cursor.js';
import { charField, utf16Field } from '../src/read/raw/text-fields.js';
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
      for (const f of batch.binary?.fixes ?? [])
        fixes[`${columns[f.field]} ${f.rule}`] = (fixes[`${columns[f.field]} ${f.rule}`] ?? 0) + f.count;
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

  it('makes the documented fixes under fix, and counts them per column', async () => {
    const { binary, values, fixes } = await read(true);
    expect(values).toEqual([]);
    expect(binary).toEqual([
      [1, 'plain', 'café ÿ', 'ok'],
      [2, 'ab', 'x', null],
      [3, 'lone \ufffd', 'y', null],
      [4, 'z', 'pq', 'é'.repeat(40000)],
    ]);
    expect(fixes).toEqual({ 'n NUL_IN_TEXT': 1, 'n LONE_SURROGATE': 1, 'v NUL_IN_TEXT': 1 });
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
    charField(codePage, new FixCounts(false).column(0)).write(out, Buffer.from(bytes), [0, bytes.length]);
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

  it.each([
    { fixValues: false, splitRows: false },
    { fixValues: true, splitRows: true },
    { fixValues: false, splitRows: true },
  ])('round-trips byte-exact, in binary rows, with small batches (%o)', async (options) => {
    const { model } = await env.source.introspect();
    const table = model.tables.find((t) => t.name === 'Large')!;
    const columns = ['id', 'n', 'v', 'b'];
    const cols = columns.map((name) => table.columns.find((c) => c.name === name)!);
    expect(env.source.binaryReadProblem(table, columns)).toBeUndefined();
    const data: Buffer[] = [];
    const valueRows: Row[] = [];
    let partial = 0;
    for await (const batch of env.source.read(table, {
      columns,
      batchRows: 1,
      batchBytes: 64 * 1024,
      binaryRows: true,
      ...options,
    })) {
      if (batch.binary) data.push(binaryData(batch.binary));
      else valueRows.push(...batch.rows);
      if (batch.binary?.partial) partial++;
    }
    // Rows with multi-MB values stream through batches only when the reader takes split rows.
    expect(partial > 0).toBe(options.splitRows);
    const rows = readTuples(Buffer.concat(data), cols);
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

  it('stops early inside a streamed row, and the connection reads again', async () => {
    const { model } = await env.source.introspect();
    const table = model.tables.find((t) => t.name === 'Large')!;
    const options = { columns: ['id'], batchRows: 1, batchBytes: 64 * 1024, binaryRows: true };
    for await (const batch of env.source.read(table, {
      ...options,
      columns: ['id', 'b'],
      fixValues: true,
      splitRows: true,
    })) {
      expect(batch.binary?.partial).toBe(true);
      break;
    }
    const ids: Row[] = [];
    for await (const batch of env.source.read(table, options))
      ids.push(...readTuples(binaryData(batch.binary!), [table.columns.find((c) => c.name === 'id')!]));
    expect(ids).toEqual([[1], [2], [3]]);
  });
});

describe('UTF-16 text split between PLP chunks anywhere', () => {
  const text = `x${'\u{1F600}'}é€\u0041${'\u{10348}'}`;
  const utf16 = Buffer.from(text, 'utf16le');
  it.each([1, 2, 3, 5])('transcodes a value cut every %i bytes as Buffer.from(text) does', (step) => {
    const spans: number[] = [];
    for (let at = 0; at < utf16.length; at += step) spans.push(at, Math.min(utf16.length, at + step));
    const out = new BinaryBuffer();
    utf16Field(new FixCounts(false).column(0)).write(out, utf16, spans);
    const data = Buffer.concat(out.take());
    expect(data.subarray(4, 4 + data.readInt32BE(0)).toString('hex')).toBe(
      Buffer.from(text, 'utf8').toString('hex'),
    );
  });
});

describe('UTF-16 to UTF-8, whole or as a PLP value streamed in pieces, under each policy', () => {
  // The expected bytes are Node's own UTF-8 of the text as the target's fix makes it (NULs stripped,
  // then lone surrogates replaced: String.prototype.toWellFormed). Cuts at odd byte counts split
  // code units and surrogate pairs between pieces; 'very long' takes a buffer of its own when streamed.
  const long = 'Ferry ✓ é '.repeat(300);
  const texts = {
    empty: '',
    short: 'abc',
    long,
    'very long': 'Ferry ✓ é '.repeat(10_000),
    'with pairs': `${'\u{1F600}a'.repeat(1500)}é`,
    NUL: `${long}\u0000${long}`,
    'lone high surrogate': `${long}\ud800${long}`,
    'lone low surrogate at the end': `${long}\udc00`,
    'high, NUL, low: a pair once the NUL is stripped': `${long}\ud83d\u0000\ude00`,
    'NUL and a lone surrogate': `a\u0000b\udbff${long}`,
    'U+FFFD, as written': `${long}\ufffd${long}`,
  };
  const wellFormed = (s: string) => (s as unknown as { toWellFormed(): string }).toWellFormed();
  const write = (text: string, step: number, how: 'whole' | 'streamed', fix: boolean) => {
    const utf16 = Buffer.concat([Buffer.from([0x55]), Buffer.from(text, 'utf16le')]); // odd offset
    const spans: number[] = [];
    for (let at = 1; at < utf16.length; at += step) spans.push(at, Math.min(utf16.length, at + step));
    const fx = new FixCounts(fix);
    const out = new BinaryBuffer();
    const field = utf16Field(fx.column(0));
    if (how === 'whole') field.write(out, utf16, spans);
    else {
      field.stream!.begin(out, utf16.length - 1);
      for (let i = 0; i < spans.length; i += 2) field.stream!.piece(out, utf16, spans[i], spans[i + 1]);
      field.stream!.end(out);
    }
    const data = Buffer.concat(out.take());
    const fixes = fx.take()?.map((f) => [f.field, f.rule, f.count]);
    return { utf8: data.subarray(4, 4 + data.readInt32BE(0)).toString('hex'), fixes };
  };
  const cases = Object.entries(texts).flatMap(([name, text]) =>
    [1_000_000, 3, 1001, 4096, 4097].flatMap((step) =>
      (['whole', 'streamed'] as const).map((how) => [name, how, step, text] as const),
    ),
  );

  it.each(cases)('%s, %s, cut every %i bytes', (_name, how, step, text) => {
    const stripped = text.replace(/\u0000/g, '');
    const fixed = wellFormed(stripped);
    const fixes = [
      ...(stripped !== text ? [[0, 'NUL_IN_TEXT', 1]] : []),
      ...(fixed !== stripped ? [[0, 'LONE_SURROGATE', 1]] : []),
    ];
    expect(write(text, step, how, true)).toEqual({
      utf8: Buffer.from(fixed, 'utf8').toString('hex'),
      fixes: fixes.length ? fixes : undefined,
    });
    if (fixed === text)
      expect(write(text, step, how, false).utf8).toBe(Buffer.from(text, 'utf8').toString('hex'));
    else expect(thrownBy(() => write(text, step, how, false))).toBe(valueProblemFound);
  });
});

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

const col = (name: string, type: LogicalType) => ({ name, type }) as Column;
const text16: LogicalType = { kind: 'text', length: 'max', unicode: true, fixed: false };
const bytesMax: LogicalType = { kind: 'binary', length: 'max', fixed: false };

// Pieces of hand-made token streams (MS-TDS 2.2.7).
const name = (s: string) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'utf16le')]);
const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
/** A PLP value's chunks of `size` bytes and its terminator. */
const plpChunks = (value: Buffer, size: number) => {
  const chunks: Buffer[] = [];
  for (let at = 0; at < value.length; at += size)
    chunks.push(u32(Math.min(size, value.length - at)), value.subarray(at, at + size));
  return [...chunks, u32(0)];
};
/** A PLP value of known length. */
const plpKnown = (value: Buffer, size: number) => {
  const total = Buffer.alloc(8);
  total.writeBigUInt64LE(BigInt(value.length));
  return Buffer.concat([total, ...plpChunks(value, size)]);
};
const done = Buffer.concat([Buffer.from([0xfd]), Buffer.alloc(12)]);
async function* cut(stream: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < stream.length; at += size) yield stream.subarray(at, at + size);
}

describe('rows with large PLP values streamed under fix and fail, their batches ending inside them', () => {
  // COLMETADATA (int, nvarchar(max), varbinary(max), int), then rows whose (max) values are 400 KB
  // in 64 KB chunks (surrogate pairs cut between chunks), a NBCROW with NULL values, a small row.
  const doc = `${'a'.repeat(7)}${'\u{1F600}é'.repeat(70_000)}`;
  const blob = Buffer.from(Array.from({ length: 400_000 }, (_, i) => (i * 7) & 0xff));
  const columns = [
    col('id', { kind: 'int32' }),
    col('doc', text16),
    col('blob', bytesMax),
    col('n', { kind: 'int32' }),
  ];
  const row = (id: number, d: string, b: Buffer, n: number) =>
    Buffer.concat([
      Buffer.from([0xd1]),
      u32(id),
      plpKnown(Buffer.from(d, 'utf16le'), 65_536),
      plpKnown(b, 65_536),
      u32(n),
    ]);
  const stream = Buffer.concat([
    Buffer.from([0x81]),
    u16(4),
    ...[u32(0), u16(0), Buffer.from([0x38]), name('id')],
    ...[u32(0), u16(0), Buffer.from([0xe7]), u16(0xffff), Buffer.from([9, 4, 208, 0, 52]), name('doc')],
    ...[u32(0), u16(0), Buffer.from([0xa5]), u16(0xffff), name('blob')],
    ...[u32(0), u16(0), Buffer.from([0x38]), name('n')],
    row(1, doc, blob, 11),
    // NBCROW: doc (column 1) NULL, blob streamed, then n.
    Buffer.from([0xd2, 0b0010]),
    u32(2),
    plpKnown(blob, 65_536),
    u32(22),
    row(3, 'small', Buffer.from([1, 2]), 33),
    row(4, doc, blob, 44),
    done,
  ]);
  /** The rows, the large values replaced by their names (toEqual on them is slow). */
  const named = (rows: Row[]) =>
    rows.map((r) => r.map((v) => (v === doc ? 'doc' : Buffer.isBuffer(v) && v.equals(blob) ? 'blob' : v)));
  const expected = [
    [1, 'doc', 'blob', 11],
    [2, null, 'blob', 22],
    [3, 'small', Buffer.from([1, 2]), 33],
    [4, 'doc', 'blob', 44],
  ];

  async function read(pieceBytes: number, options: { fixValues: boolean; splitRows: boolean }) {
    const batches: Batch[] = [];
    for await (const batch of tokenRows(cut(stream, pieceBytes), {
      batchRows: 100,
      batchBytes: 128 * 1024,
      columns: 4,
      ...options,
    }))
      batches.push(batch);
    const data = Buffer.concat(batches.map((b) => binaryData(b.binary!)));
    return { batches, rows: named(readTuples(data, columns)) };
  }

  it.each([32_768, 997, 7].flatMap((piece) => [true, false].map((fixValues) => [piece, fixValues] as const)))(
    'streams them through batches of batchBytes and a text value (pieces of %i bytes, fixValues %s)',
    async (piece, fixValues) => {
      const { batches, rows } = await read(piece, { fixValues, splitRows: true });
      expect(rows).toEqual(expected);
      expect(batches.some((b) => b.binary!.partial)).toBe(true);
      // A text value's length comes before it, so it is held whole (its UTF-8); the rest streams.
      const held = Buffer.byteLength(doc, 'utf8') + 65_536 + piece;
      expect(Math.max(...batches.map((b) => b.bytes))).toBeLessThan(128 * 1024 + held);
      expect(batches.reduce((n, b) => n + b.binary!.rows, 0)).toBe(4);
      expect(batches.at(-1)!.binary!.partial).toBeUndefined();
    },
  );

  it('keeps each row whole in one batch unless the reader takes split rows', async () => {
    for (const options of [
      { fixValues: true, splitRows: false },
      { fixValues: false, splitRows: false },
    ]) {
      const { batches, rows } = await read(997, options);
      expect(rows).toEqual(expected);
      expect(batches.some((b) => b.binary!.partial)).toBe(false);
      for (const b of batches)
        expect(readTuples(binaryData(b.binary!), columns)).toHaveLength(b.binary!.rows);
    }
  });
});

describe('a value problem inside a row streamed under fail', () => {
  // COLMETADATA (nvarchar(max), varbinary(max), nvarchar(20), int key): the key comes after the
  // large values. Row 1 is clean; row 2's 400 KB text has its problem deep inside (a lone surrogate
  // or a NUL, past a piece boundary at 7-byte pieces); row 3's small text after a streamed blob has
  // a NUL. Each problem row goes as values (all its values read, its streamed blob's not held),
  // after the part of it already written, which ends a batch.
  const blob = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff));
  const clean = `${'a'.repeat(5)}${'\u{1F600}é'.repeat(70_000)}`;
  const row = (doc: string, b: Buffer, n: string, id: number) =>
    Buffer.concat([
      Buffer.from([0xd1]),
      plpKnown(Buffer.from(doc, 'utf16le'), 65_536),
      plpKnown(b, 65_536),
      u16(n.length * 2),
      Buffer.from(n, 'utf16le'),
      u32(id),
    ]);
  const stream = (bad: string) =>
    Buffer.concat([
      Buffer.from([0x81]),
      u16(4),
      ...[u32(0), u16(0), Buffer.from([0xe7]), u16(0xffff), Buffer.from([9, 4, 208, 0, 52]), name('doc')],
      ...[u32(0), u16(0), Buffer.from([0xa5]), u16(0xffff), name('blob')],
      ...[u32(0), u16(0), Buffer.from([0xe7]), u16(40), Buffer.from([9, 4, 208, 0, 52]), name('name')],
      ...[u32(0), u16(0), Buffer.from([0x38]), name('id')],
      row(clean, blob, 'one', 1),
      row(bad, blob, 'two', 2),
      row('small', blob, 'th\u0000ree', 3),
      done,
    ]);

  it.each([
    ['a lone surrogate', `${'x'.repeat(100_001)}\u{1F600}\ud83d${'y'.repeat(90_000)}`],
    ['a NUL', `${'é'.repeat(150_000)}\u0000${'z'.repeat(50_000)}`],
  ])('sends its row as values, the text whole and the key after it (%s)', async (_, bad) => {
    for (const piece of [32_768, 7]) {
      const batches: Batch[] = [];
      for await (const batch of tokenRows(cut(stream(bad), piece), {
        batchRows: 100,
        batchBytes: 64 * 1024,
        columns: 4,
        splitRows: true,
      }))
        batches.push(batch);
      const valueBatches = batches.filter((b) => !b.binary);
      expect(valueBatches.map((b) => b.rows.length)).toEqual([1, 1]);
      const [second, third] = valueBatches.map((b) => b.rows[0]);
      expect(second[0] === bad).toBe(true);
      expect(second.slice(1)).toEqual([blob, 'two', 2]);
      // Row 3's blob streamed (its value is not held), its text whole.
      expect(third).toEqual(['small', null, 'th\u0000ree', 3]);
      // Each went after the part of its row written: a batch ending inside it.
      for (const b of valueBatches) expect(batches[batches.indexOf(b) - 1].binary?.partial).toBe(true);
      const before = batches.slice(0, batches.indexOf(valueBatches[0]));
      expect(before.some((b) => b.binary!.partial && b.bytes > 0)).toBe(true);
      const rows = before.reduce((n, b) => n + b.binary!.rows, 0);
      expect(rows).toBe(1);
    }
  });
});

describe('a PLP value of unknown length, delivered in small pieces', () => {
  // A hand-made token stream (MS-TDS 2.2.7): COLMETADATA (int, nvarchar(max)), one ROW whose
  // nvarchar(max) has the unknown-length marker and 3,001-byte chunks, and DONE; cut into 997-byte pieces.
  const text = `${'a'.repeat(1000)}${'\u{1F600}é'.repeat(60_000)}`;
  const utf16 = Buffer.from(text, 'utf16le');
  const stream = Buffer.concat([
    Buffer.from([0x81]),
    u16(2),
    ...[u32(0), u16(0), Buffer.from([0x38]), name('id')],
    ...[u32(0), u16(0), Buffer.from([0xe7]), u16(0xffff), Buffer.from([9, 4, 208, 0, 52]), name('doc')],
    Buffer.from([0xd1]),
    u32(42),
    Buffer.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ...plpChunks(utf16, 3001),
    done,
  ]);

  it('decodes it whole into one binary row', async () => {
    const rows: Row[] = [];
    for await (const batch of tokenRows(cut(stream, 997), { batchRows: 10, batchBytes: 1 << 20, columns: 2 }))
      rows.push(...readTuples(binaryData(batch.binary!), [col('id', { kind: 'int32' }), col('doc', text16)]));
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe(42);
    expect(rows[0][1] === text).toBe(true);
  });
});
