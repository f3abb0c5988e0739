import { describe, expect, it } from 'vitest';
import { ownPartBytes, type Column, type LogicalType } from '@ferry/core';
import { batchEncoder } from '../src/copy/batch-encoder.js';
import { mapColumnType } from '../src/types.js';
import { col } from './fixtures.js';

/** Encodes one value of one column in COPY binary format under a policy: the field's bytes, or the failure. */
function encodeOne(type: LogicalType, value: string, policy: 'fail' | 'fix' = 'fail') {
  const column: Column = col('c', type);
  const encode = batchEncoder({
    fields: [{ column, mapping: mapColumnType(column), position: 0 }],
    format: 'binary',
    policy,
  });
  const { data: parts, failures, fixes } = encode([[value]]);
  const data = Buffer.concat(parts);
  if (failures.length) return { error: failures[0].message, code: failures[0].code };
  const length = data.readInt32BE(2);
  return {
    field: data.subarray(6, 6 + length),
    fixes: Object.fromEntries((fixes ?? []).map((f) => [f.rule, f.count])),
  };
}

const pgEpochMs = Date.UTC(2000, 0, 1);
/** Microseconds since 2000-01-01 UTC, computed with Date (independent of the encoder's arithmetic). */
const micros = (iso: string, extraMicros = 0) =>
  (BigInt(Date.parse(iso) - pgEpochMs) * 1000n + BigInt(extraMicros)).toString();

describe('COPY binary encoder: timestamps read in one pass', () => {
  const stamp = (value: string, policy: 'fail' | 'fix' = 'fail') => {
    const r = encodeOne({ kind: 'timestamp', precision: 7 }, value, policy);
    return 'field' in r ? { micros: r.field!.readBigInt64BE(0).toString(), fixes: r.fixes } : r;
  };

  it.each([
    ['2024-02-29 12:34:56.1234560', micros('2024-02-29T12:34:56.123Z', 456)],
    ['2024-02-29 12:34:56', micros('2024-02-29T12:34:56Z')],
    ['2024-02-29 12:34:56.5', micros('2024-02-29T12:34:56.500Z')],
    ['2024-02-29', micros('2024-02-29T00:00:00Z')],
    ['1753-01-01 00:00:00.000', micros('1753-01-01T00:00:00Z')],
    ['9999-12-31 23:59:59.999999', micros('9999-12-31T23:59:59.999Z', 999)],
    ['0001-01-01 00:00:00', micros('0001-01-01T00:00:00Z')],
    ['2020-06-01 12:00:00.1234560+05:30', micros('2020-06-01T06:30:00.123Z', 456)],
    ['1999-12-31 23:59:59-08:00', micros('2000-01-01T07:59:59Z')],
  ])('%s', (text, expected) => {
    expect(stamp(text)).toEqual({ micros: expected, fixes: {} });
  });

  it('a 7th fraction digit other than 0 follows the policy: fail names it, fix truncates (never rounds) and counts', () => {
    expect(stamp('2024-02-29 12:34:56.9999999')).toEqual({
      error:
        'fractional seconds beyond microseconds (9999999), PostgreSQL keeps 6 digits: "2024-02-29 12:34:56.9999999"',
      code: 'SUB_MICROSECOND',
    });
    expect(stamp('2024-02-29 12:34:56.9999999', 'fix')).toEqual({
      micros: micros('2024-02-29T12:34:56.999Z', 999),
      fixes: { SUB_MICROSECOND: 1 },
    });
    expect(stamp('2024-02-29 12:34:56.123456000')).toEqual({
      micros: micros('2024-02-29T12:34:56.123Z', 456),
      fixes: {},
    });
  });

  it('the end of time loads as its last microsecond under every policy, counted as END_OF_TIME', () => {
    for (const policy of ['fail', 'fix'] as const)
      expect(stamp('9999-12-31 23:59:59.9999999', policy)).toEqual({
        micros: micros('9999-12-31T23:59:59.999Z', 999),
        fixes: { END_OF_TIME: 1 },
      });
  });

  it.each([
    '2024-2-29 12:34:56',
    '2024-02-29T12:34:56',
    '2024-02-29 12:34',
    '2024-02-29 12:34:56.',
    '2024-02-29 12:34:56.12a',
    '2024-02-29 12:34:56+0530',
    '2024-02-29 12:34:56.1+05-30',
    ' 2024-02-29',
    '',
    'abcd-ef-gh',
  ])('refuses %j, naming the value', (text) => {
    expect(stamp(text)).toEqual({
      error: `invalid timestamp value: ${JSON.stringify(text)}`,
      code: undefined,
    });
  });
});

describe('COPY binary encoder: numerics, uuids and text', () => {
  it.each(['1e5', '1.2.3', '-', '.', '', '+-1', '12 ', '0x10'])('refuses the numeric %j', (text) => {
    expect(encodeOne({ kind: 'decimal', precision: 38, scale: 10 }, text)).toEqual({
      error: `invalid numeric value: ${JSON.stringify(text)}`,
      code: undefined,
    });
  });

  it.each(['12.', '.5', '+7', '-0.0001'])('accepts the numeric %j', (text) => {
    expect(encodeOne({ kind: 'decimal', precision: 38, scale: 10 }, text)).toHaveProperty('field');
  });

  const uuidBytes = Buffer.from('6f9619ff8b86d011b42d00c04fc964ff', 'hex');
  it.each([
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    '6f9619ff-8b86-d011-b42d-00c04fc964ff',
    '6f9619ff8b86d011b42d00c04fc964ff',
  ])('reads the uuid %s', (text) => {
    expect(encodeOne({ kind: 'uuid' }, text)).toEqual({ field: uuidBytes, fixes: {} });
  });

  it.each([
    '6F9619FF-8B86-D011-B42D-00C04FC964FG',
    '6F9619FF-8B86-D011-B42D-00C04FC964F',
    '{6F9619FF-8B86-D011-B42D-00C04FC964FF}',
  ])('refuses the uuid %s', (text) => {
    expect(encodeOne({ kind: 'uuid' }, text)).toEqual({
      error: `invalid uuid value: ${JSON.stringify(text)}`,
      code: undefined,
    });
  });

  it.each(['plain ascii', 'ünïcödé', '😀', 'x'.repeat(65), 'ascii then é', ''])(
    'writes %j as its UTF-8 bytes',
    (text) => {
      expect(encodeOne({ kind: 'text', length: 'max', unicode: true, fixed: false }, text)).toEqual({
        field: Buffer.from(text, 'utf8'),
        fixes: {},
      });
    },
  );

  it('a NUL in short ASCII text still follows the policy', () => {
    const text = { kind: 'text', length: 'max', unicode: true, fixed: false } as const;
    expect(encodeOne(text, 'a\u0000b')).toMatchObject({ code: 'NUL_IN_TEXT' });
    expect(encodeOne(text, 'a\u0000b', 'fix')).toEqual({
      field: Buffer.from('ab'),
      fixes: { NUL_IN_TEXT: 1 },
    });
  });
});

describe('COPY binary encoder: large values as parts of their own', () => {
  const lob = col('blob', { kind: 'binary', length: 'max', fixed: false });
  const doc = col('doc', { kind: 'text', length: 'max', unicode: true, fixed: false });
  const n = col('n', { kind: 'int32' });
  const encoder = () =>
    batchEncoder({
      fields: [lob, doc, n].map((column, position) => ({ column, mapping: mapColumnType(column), position })),
      format: 'binary',
      policy: 'reject',
    });
  /** The COPY rows of [blob, doc, n] written field by field, as PostgreSQL reads them. */
  const expected = (rows: [Buffer, string, number][]) =>
    Buffer.concat(
      rows.flatMap(([blob, text, int]) => {
        const utf8 = Buffer.from(text, 'utf8');
        const field = (b: Buffer) => [Buffer.from(new Int32Array([b.length]).buffer).reverse(), b];
        const four = Buffer.alloc(4);
        four.writeInt32BE(int);
        return [Buffer.from([0, 3]), ...field(blob), ...field(utf8), ...field(four)];
      }),
    );
  const big = Buffer.alloc(ownPartBytes, 0xab);
  const bigText = 'Ferry LOB ✓ '.repeat(ownPartBytes / 8);

  it('hands a LOB to the socket as it is, a large text as its UTF-8 bytes: no copy into the batch buffer', () => {
    const { data } = encoder()([
      [Buffer.from('small'), 'x', 1],
      [big, bigText, 2],
    ]);
    expect(data.some((part) => part === big)).toBe(true);
    expect(data.map((p) => p.length)).toContain(Buffer.byteLength(bigText, 'utf8'));
    const rows: [Buffer, string, number][] = [
      [Buffer.from('small'), 'x', 1],
      [big, bigText, 2],
    ];
    expect(Buffer.concat(data).equals(expected(rows))).toBe(true);
  });

  it('drops every part of a row that fails after its LOB went out, keeping the rows before and after', () => {
    const { data, failures } = encoder()([
      [Buffer.from('a'), 'first', 1],
      // A NUL (refused under reject) in the text after the LOB, which went out already.
      [big, `${bigText}\u0000`, 2],
      [Buffer.from('c'), 'third', 3],
    ]);
    expect(failures.map((f) => f.index)).toEqual([1]);
    expect(Buffer.concat(data)).toEqual(
      expected([
        [Buffer.from('a'), 'first', 1],
        [Buffer.from('c'), 'third', 3],
      ]),
    );
    expect(data.length).toBe(1);
  });
});

describe('values changed by a rule, counted per field with the first row', () => {
  const stamp = col('ends', { kind: 'timestamp', precision: 7 });
  const label = col('label', { kind: 'text', length: 'max', unicode: true, fixed: false });
  const encoder = (format: 'text' | 'binary', policy: 'reject' | 'fix') =>
    batchEncoder({
      fields: [
        { column: stamp, mapping: mapColumnType(stamp), position: 0 },
        { column: label, mapping: mapColumnType(label), position: 1 },
      ],
      format,
      policy,
    });
  const end = '9999-12-31 23:59:59.9999999';
  const tick = '2024-01-01 00:00:00.0000001';

  it.each(['text', 'binary'] as const)(
    '%s: each field its own counts, a row left out takes its counts back',
    (format) => {
      const fix = encoder(format, 'fix');
      expect(
        fix([
          ['2024-01-01', 'a'],
          [end, 'b\u0000'],
          [tick, 'c'],
          [end, 'd\u0000'],
        ]).fixes,
      ).toEqual([
        { field: 0, rule: 'END_OF_TIME', count: 2, firstRow: 1 },
        { field: 1, rule: 'NUL_IN_TEXT', count: 2, firstRow: 1 },
        { field: 0, rule: 'SUB_MICROSECOND', count: 1, firstRow: 2 },
      ]);
      // Batch by batch: the next batch's first rows are its own.
      expect(fix([[end, 'e']]).fixes).toEqual([{ field: 0, rule: 'END_OF_TIME', count: 1, firstRow: 0 }]);
      // Under reject, the end of time is counted in the rows written only (row 0 is rejected for its NUL).
      const reject = encoder(format, 'reject');
      const batch = reject([
        [end, 'x\u0000'],
        ['2024-01-01', 'y'],
        [end, 'z'],
      ]);
      expect(batch.failures.map((f) => [f.index, f.code])).toEqual([[0, 'NUL_IN_TEXT']]);
      expect(batch.fixes).toEqual([{ field: 0, rule: 'END_OF_TIME', count: 1, firstRow: 2 }]);
    },
  );
});
