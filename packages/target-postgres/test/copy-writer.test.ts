import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryBuffer, type Batch, type RejectedRow, type Row, type Table } from '@ferry/core';
import { batchesOf, col, collect, model, newTarget, table, type TestTarget } from './fixtures.js';

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const everyType: Table = table(
  'rt',
  'every_type',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('b', { kind: 'bool' }),
    col('i8', { kind: 'int8' }),
    col('i16', { kind: 'int16' }),
    col('i32', { kind: 'int32' }),
    col('i64', { kind: 'int64' }),
    col('dec', { kind: 'decimal', precision: 38, scale: 10 }),
    col('money', { kind: 'decimal', precision: 19, scale: 4, money: true }),
    col('f32', { kind: 'float32' }),
    col('f64', { kind: 'float64' }),
    col('txt', { kind: 'text', length: 40, unicode: true, fixed: false }),
    col('fixed', { kind: 'text', length: 5, unicode: false, fixed: true }),
    col('long', { kind: 'text', length: 'max', unicode: true, fixed: false }),
    col('bin', { kind: 'binary', length: 'max', fixed: false }),
    col('guid', { kind: 'uuid' }),
    col('d', { kind: 'date' }),
    col('tm', { kind: 'time', precision: 7 }),
    col('ts3', { kind: 'timestamp', precision: 3 }),
    col('ts6', { kind: 'timestamp', precision: 6 }),
    col('tstz', { kind: 'timestamptz', precision: 7 }),
    col('js', { kind: 'json' }),
    col('x', { kind: 'xml' }),
    col('iv', { kind: 'interval' }),
    col('rv', { kind: 'rowversion' }),
    col('var', { kind: 'variant' }),
    col('unk', { kind: 'unknown', reason: 'hierarchyid' }),
  ],
  { primaryKey: { name: 'pk_every_type', columns: ['id'] } },
);
const columns = everyType.columns.map((c) => c.name);

const longText = 'ab\\c\t'.repeat(20_000);
const rows: Row[] = [
  [
    1,
    true,
    0,
    -32768,
    -2147483648,
    -9223372036854775808n,
    '9999999999999999999999999999.9999999999',
    '-922337203685477.5808',
    Math.fround(3.4028234663852886e38),
    1e308,
    'back\\slash\ttab\nnewline\rcr',
    'ab   ',
    longText,
    allBytes,
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    '0001-01-01',
    '23:59:59.9999990',
    '1753-01-01 00:00:00.000',
    '9999-12-31 23:59:59.999999',
    '2020-06-01 12:00:00.1234560+05:30',
    '{"a": [1, 2.50, "x"]}',
    '<a b="1">x&amp;y</a>',
    '1 day 02:03:04',
    Buffer.from('00000000000007d1', 'hex'),
    'variant text',
    '/1/2/',
  ],
  [
    2,
    false,
    255,
    32767,
    2147483647,
    9223372036854775807n,
    '-0.0000000001',
    '922337203685477.5807',
    Math.fround(0.1),
    -0,
    '😀 non-BMP 𝄞 and ünïcödé',
    '\\    ',
    '',
    Buffer.alloc(0),
    '00000000-0000-0000-0000-000000000000',
    '9999-12-31',
    '00:00:00.0000000',
    '2000-02-29 12:34:56.700',
    '1900-01-01 00:00:00.000001',
    '1999-12-31 23:59:59.0000000-08:00',
    '[]',
    'fragment <b/> text',
    '-00:00:01',
    Buffer.from('ffffffffffffffff', 'hex'),
    '',
    '',
  ],
  [3, ...Array.from({ length: columns.length - 1 }, () => null)],
  [
    4,
    null,
    null,
    null,
    null,
    null,
    '0.0000000000',
    '0.0000',
    Number.NaN,
    Number.NaN,
    '',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    5,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    6,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    5e-324,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    7,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    0.1 + 0.2,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
];

/** What reading back must give: the input, except where PostgreSQL's storage defines another canonical form. */
const expected: Row[] = rows.map((r) => [...r]);
expected[0][columns.indexOf('tstz')] = '2020-06-01 06:30:00.1234560+00:00'; // instant kept, offset not (declared lossy)
expected[1][columns.indexOf('tstz')] = '2000-01-01 07:59:59.0000000+00:00';
expected[0][columns.indexOf('js')] = '{"a": [1, 2.50, "x"]}';

const formats = ['text', 'binary'] as const;

describe.each(formats)(
  'COPY writer (%s format): values of every logical type survive a round trip',
  (copyFormat) => {
    let t: TestTarget;
    beforeAll(async () => {
      t = await newTarget({ copyFormat });
      await t.migrate(model([everyType]));
    });
    afterAll(() => t.close());

    it('writes all rows, and reading back gives the canonical values', async () => {
      const result = await t.target.write(everyType, batchesOf(rows, 3), { columns });
      // interval has no binary encoder: a table with one loads as text, and says so
      expect(t.logs).toEqual(
        copyFormat === 'binary'
          ? ['rt.every_type: loaded with COPY text format (a column type has no binary form here)']
          : [],
      );
      expect(result.rows).toBe(rows.length);
      expect(result.fixes).toBeUndefined();
      const back = await collect(t.target.read!(everyType, { columns, batchRows: 2, batchBytes: 1 << 20 }));
      back.sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(back).toHaveLength(rows.length);
      for (let r = 0; r < rows.length; r++) {
        for (let c = 0; c < columns.length; c++) {
          expect({ row: r + 1, column: columns[c], value: back[r][c] }).toEqual({
            row: r + 1,
            column: columns[c],
            value: expected[r][c],
          });
        }
      }
    });

    it('stores the values PostgreSQL-side as given (checked with SQL, not with the reader)', async () => {
      const [one] = await t.query(
        `SELECT length(bin) AS bin_len, md5(bin) AS bin_md5, txt = $1 AS txt_ok, length(long) AS long_len, dec::text AS dec,
              i64::text AS i64, f64 = 1e308 AS f64_ok, guid = '6f9619ff-8b86-d011-b42d-00c04fc964ff' AS guid_ok,
              tm::text AS tm, tstz = '2020-06-01 06:30:00.123456+00' AS tstz_ok, x::text AS x
         FROM rt.every_type WHERE id = 1`,
        ['back\\slash\ttab\nnewline\rcr'],
      );
      expect(one).toEqual({
        bin_len: 256,
        bin_md5: createHash('md5').update(allBytes).digest('hex'),
        txt_ok: true,
        long_len: 100_000,
        dec: '9999999999999999999999999999.9999999999',
        i64: '-9223372036854775808',
        f64_ok: true,
        guid_ok: true,
        tm: '23:59:59.999999',
        tstz_ok: true,
        x: '<a b="1">x&amp;y</a>',
      });
      const [two] = await t.query(
        `SELECT txt = $1 AS ok, length(txt) AS len, f64::text AS f64, bin = ''::bytea AS empty_bin FROM rt.every_type WHERE id = 2`,
        ['😀 non-BMP 𝄞 and ünïcödé'],
      );
      expect(two).toEqual({ ok: true, len: 23, f64: '-0', empty_bin: true });
      const [nulls] = await t.query(
        `SELECT num_nulls(b, i8, i16, i32, i64, dec, money, f32, f64, txt, fixed, long, bin, guid, d, tm, ts3, ts6, tstz, js, x, iv, rv, var, unk) AS n FROM rt.every_type WHERE id = 3`,
      );
      expect(nulls.n).toBe(25);
      const [empty] = await t.query(
        `SELECT txt IS NOT NULL AND txt = '' AS empty_not_null, f64::text AS nan FROM rt.every_type WHERE id = 4`,
      );
      expect(empty).toEqual({ empty_not_null: true, nan: 'NaN' });
    });

    it('without the interval column, loads the same values in this format', async () => {
      await t.query('TRUNCATE rt.every_type');
      const keep = columns.map((_, i) => i).filter((i) => columns[i] !== 'iv');
      const pick = (r: Row) => keep.map((i) => r[i]);
      const logs = t.logs.length;
      const result = await t.target.write(everyType, batchesOf(rows.map(pick), 2), {
        columns: keep.map((i) => columns[i]),
      });
      expect(result.rows).toBe(rows.length);
      expect(t.logs.length).toBe(logs);
      const back = await collect(
        t.target.read!(everyType, {
          columns: keep.map((i) => columns[i]),
          batchRows: 100,
          batchBytes: 1 << 20,
        }),
      );
      back.sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(back).toEqual(expected.map(pick));
    });
  },
);

const policyTable: Table = table(
  'pol',
  'events',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('note', { kind: 'text', length: 20, unicode: true, fixed: false }),
    col('at', { kind: 'timestamp', precision: 7 }),
  ],
  { primaryKey: { name: 'pk_events', columns: ['id'] } },
);
const policyColumns = ['id', 'note', 'at'];
const policyRows: Row[] = [
  [1, 'fine', '2020-01-01 10:00:00.1234560'],
  [2, 'nul\u0000inside', '2020-01-01 10:00:00.0000000'],
  [3, 'ok', '2020-01-01 10:00:00.9999999'],
];

describe.each(formats)(
  'COPY writer (%s format): values PostgreSQL cannot hold follow the error policy',
  (copyFormat) => {
    let t: TestTarget;
    beforeAll(async () => {
      t = await newTarget({ copyFormat });
      await t.migrate(model([policyTable]));
    });
    afterAll(() => t.close());
    const reset = () => t.query('TRUNCATE pol.events');

    it('fail: stops with the table, column, row and key, and leaves nothing behind', async () => {
      await reset();
      await expect(
        t.target.write(policyTable, batchesOf(policyRows), { columns: policyColumns }),
      ).rejects.toThrow(/pol\.events\.note, row 2 \(key id=2\): text contains NUL \(U\+0000\)/);
      expect((await t.query('SELECT count(*)::int AS n FROM pol.events'))[0].n).toBe(0);
    });

    it('fail: a 7th fraction digit other than 0 is an error too', async () => {
      await reset();
      const rowsNoNul = policyRows.map((r) => [r[0], 'x', r[2]]);
      await expect(
        t.target.write(policyTable, batchesOf(rowsNoNul), { columns: policyColumns }),
      ).rejects.toThrow(
        /pol\.events\.at, row 3 \(key id=3\): fractional seconds beyond microseconds \(9999999\)/,
      );
    });

    it('fix: strips NUL and truncates (never rounds) sub-microsecond digits, counting each fix', async () => {
      await reset();
      const result = await t.target.write(policyTable, batchesOf(policyRows), {
        columns: policyColumns,
        onError: 'fix',
      });
      expect(result).toMatchObject({ rows: 3, fixes: { NUL_IN_TEXT: 1, SUB_MICROSECOND: 1 } });
      const back = await t.query(`SELECT id, note, at::text AS at FROM pol.events ORDER BY id`);
      expect(back).toEqual([
        { id: 1, note: 'fine', at: '2020-01-01 10:00:00.123456' },
        { id: 2, note: 'nulinside', at: '2020-01-01 10:00:00' },
        { id: 3, note: 'ok', at: '2020-01-01 10:00:00.999999' },
      ]);
    });

    it('reject: hands the refused rows to onReject with the reason and loads the others', async () => {
      await reset();
      const rejected: RejectedRow[] = [];
      const result = await t.target.write(policyTable, batchesOf(policyRows, 2), {
        columns: policyColumns,
        onError: 'reject',
        onReject: (r) => void rejected.push(r),
      });
      expect(result).toMatchObject({ rows: 1, rejected: 2 });
      expect(rejected.map((r) => ({ row: r.rowNumber, key: r.key, column: r.column, code: r.code }))).toEqual(
        [
          { row: 2, key: { id: 2 }, column: 'note', code: 'NUL_IN_TEXT' },
          { row: 3, key: { id: 3 }, column: 'at', code: 'SUB_MICROSECOND' },
        ],
      );
      expect(rejected[0].row).toEqual(policyRows[1]);
      expect(await t.query('SELECT id FROM pol.events')).toEqual([{ id: 1 }]);
    });
  },
);

describe.each(formats)('COPY writer (%s format): a COPY that fails mid-stream', (copyFormat) => {
  const amounts: Table = table(
    'mid',
    'amounts',
    [
      col('id', { kind: 'int64' }, { nullable: false }),
      col('amount', { kind: 'decimal', precision: 10, scale: 2 }),
      col('code', { kind: 'text', length: 3, unicode: false, fixed: false }),
    ],
    { primaryKey: { name: 'pk_amounts', columns: ['id'] } },
  );
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget({ copyFormat });
    await t.migrate(model([amounts]));
  });
  afterAll(() => t.close());

  it('names the table, the row position and its key, and commits nothing', async () => {
    const data: Row[] = Array.from({ length: 5000 }, (_, i) => [BigInt(i + 1), `${i}.25`, 'abc']);
    data[3456][2] = 'abcd';
    await expect(
      t.target.write(amounts, batchesOf(data, 500), { columns: ['id', 'amount', 'code'] }),
    ).rejects.toThrow(
      /COPY into mid\.amounts failed, row 3457 of this COPY \(key id=3457\), column code: value too long for type character varying\(3\)/,
    );
    expect((await t.query('SELECT count(*)::int AS n FROM mid.amounts'))[0].n).toBe(0);
  });

  it('a value that is not of the column type fails before it is sent, naming row and key', async () => {
    const data: Row[] = Array.from({ length: 10 }, (_, i) => [BigInt(i + 1), `${i}.25`, 'abc']);
    data[6][1] = 'not-a-number';
    await expect(
      t.target.write(amounts, batchesOf(data, 4), { columns: ['id', 'amount', 'code'] }),
    ).rejects.toThrow(
      copyFormat === 'binary'
        ? /mid\.amounts\.amount, row 7 \(key id=7\): invalid numeric value: "not-a-number"/
        : /COPY into mid\.amounts failed, row 7 of this COPY \(key id=7\), column amount: invalid input syntax for type numeric: "not-a-number"/,
    );
    expect((await t.query('SELECT count(*)::int AS n FROM mid.amounts'))[0].n).toBe(0);
  });

  it("passes a failing source's own error through unchanged, and commits nothing", async () => {
    const sourceError = new Error('source connection dropped');
    async function* failing() {
      yield { rows: [[1n, '1.00', 'a']], bytes: 10 };
      throw sourceError;
    }
    await expect(t.target.write(amounts, failing(), { columns: ['id', 'amount', 'code'] })).rejects.toBe(
      sourceError,
    );
    const controller = new AbortController();
    async function* aborted() {
      yield { rows: [[1n, '1.00', 'a']], bytes: 10 };
      controller.abort(new Error('interrupted by the user'));
      yield { rows: [[2n, '2.00', 'b']], bytes: 10 };
    }
    await expect(
      t.target.write(amounts, aborted(), { columns: ['id', 'amount', 'code'], signal: controller.signal }),
    ).rejects.toThrow('interrupted by the user');
    expect((await t.query('SELECT count(*)::int AS n FROM mid.amounts'))[0].n).toBe(0);
  });

  it('after a failure the endpoint still loads (the failed session is discarded)', async () => {
    const data: Row[] = Array.from({ length: 20_000 }, (_, i) => [BigInt(i + 1), `${i}.50`, null]);
    const progress: number[] = [];
    const result = await t.target.write(amounts, batchesOf(data, 1000), {
      columns: ['id', 'amount', 'code'],
      onProgress: (n) => progress.push(n),
    });
    expect(result.rows).toBe(20_000);
    expect(progress.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(await t.target.count(amounts)).toBe(20_000);
  });
});

describe.each(formats)('COPY writer (%s format): exact decimals', (copyFormat) => {
  const numbers: Table = table('num', 'numbers', [
    col('id', { kind: 'int32' }),
    col('n', { kind: 'decimal', precision: 38, scale: 10 }),
    col('z', { kind: 'decimal', precision: 38, scale: 0 }),
  ]);
  const values: [string, string][] = [
    ['100000000', '100000000.0000000000'],
    ['0.0001', '0.0001000000'],
    ['0.0000000001', '0.0000000001'],
    ['-12.3400', '-12.3400000000'],
    ['-0.0000', '0.0000000000'],
    ['1234567890123456789012345678.1234567890', '1234567890123456789012345678.1234567890'],
    ['-9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999'],
    ['10000.00001', '10000.0000100000'],
    ['7', '7.0000000000'],
  ];
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget({ copyFormat });
    await t.migrate(model([numbers]));
  });
  afterAll(() => t.close());

  it('keeps every digit', async () => {
    const rows: Row[] = values.map(([v], i) => [i, v, v.includes('.') ? null : v]);
    await t.target.write(numbers, batchesOf(rows), { columns: ['id', 'n', 'z'] });
    const back = await t.query<{ n: string; z: string | null }>(
      'SELECT n::text AS n, z::text AS z FROM num.numbers ORDER BY id',
    );
    expect(back.map((r) => r.n)).toEqual(values.map(([, pg]) => pg));
    expect(back.map((r) => r.z)).toEqual(['100000000', null, null, null, null, null, null, null, '7']);
  });
});

describe('COPY writer: reject on the fast path (binary rows) rejects as the value path does', () => {
  const items: Table = table(
    'fast',
    'items',
    [
      col('id', { kind: 'int64' }, { nullable: false }),
      col('code', { kind: 'text', length: 3, unicode: true, fixed: false }),
      col('flag', { kind: 'bool' }),
      col('f', { kind: 'float64' }),
      col('at', { kind: 'timestamp', precision: 6 }),
    ],
    { primaryKey: { name: 'pk_fast_items', columns: ['id'] } },
  );
  const itemColumns = ['id', 'code', 'flag', 'f', 'at'];
  /** `n` rows; PostgreSQL refuses the codes too long for varchar(3): the ids in `tooLong`. */
  const itemsOf = (n: number, tooLong: Set<number>): Row[] =>
    Array.from({ length: n }, (_, i) => [
      BigInt(i + 1),
      tooLong.has(i + 1) ? 'abcd' : 'abc',
      i % 3 === 0 ? null : i % 2 === 0,
      i / 8,
      `2024-02-29 23:59:${String(i % 60).padStart(2, '0')}.${String(i * 7).padStart(6, '0')}`,
    ]);
  const itemRows = itemsOf(300, new Set([7, 150, 151, 300]));
  /** The same rows as the fast path's binary rows, written field by field with core's BinaryBuffer. */
  async function* binaryBatchesOf(rows: Row[], size: number): AsyncGenerator<Batch> {
    for (let at = 0; at < rows.length; at += size) {
      const out = new BinaryBuffer();
      const some = rows.slice(at, at + size);
      for (const [id, code, flag, f, stamp] of some) {
        out.int16(5);
        out.fieldInt64(id as bigint);
        out.fieldText(code as string);
        if (flag === null) out.int32(-1);
        else out.fieldBool(flag as boolean);
        out.fieldFloat64(f as number);
        const [date, clock] = (stamp as string).split(' ');
        const seconds = (Date.parse(`${date}T${clock.slice(0, 8)}Z`) - Date.UTC(2000, 0, 1)) / 1000;
        out.fieldMicros(seconds, Number(clock.slice(9)));
      }
      const data = Buffer.concat(out.take());
      yield { rows: [], bytes: data.length, binary: { data, rows: some.length } };
    }
  }

  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget({ copyFormat: 'binary' });
    await t.migrate(model([items]));
  });
  afterAll(() => t.close());

  async function load(batches: AsyncIterable<Batch>) {
    await t.query('TRUNCATE fast.items');
    const rejected: RejectedRow[] = [];
    let progress = 0;
    const result = await t.target.write(items, batches, {
      columns: itemColumns,
      onError: 'reject',
      onReject: (r) => void rejected.push(r),
      onProgress: (n) => void (progress += n),
    });
    const ids = await t.query<{ id: string }>('SELECT id::text FROM fast.items ORDER BY id');
    return { result, rejected, progress, ids: ids.map((r) => r.id) };
  }

  it('the same rows load and the same rows are rejected, with the same values, key and reason', async () => {
    const values = await load(batchesOf(itemRows, 64));
    const binary = await load(binaryBatchesOf(itemRows, 64));
    expect(values.rejected.map((r) => r.key.id)).toEqual([7n, 150n, 151n, 300n]);
    expect(values.result).toMatchObject({ rows: 296, rejected: 4 });
    expect(binary.result).toMatchObject({ rows: 296, rejected: 4 });
    expect(binary.rejected).toEqual(values.rejected);
    expect(binary.ids).toEqual(values.ids);
  });

  it('a few rows PostgreSQL refuses among 20,000 in 250-row batches (several COPYs of many batches): exactly those are rejected, each other row loads once', async () => {
    // The first and last rows, two neighbours, and rows either side of 8,192 rows (one COPY's worth).
    const refused = [1, 4_000, 4_001, 8_192, 8_193, 15_555, 20_000];
    const many = itemsOf(20_000, new Set(refused));
    // In the order `load` reads them: by id as text.
    const kept = many
      .map((r) => String(r[0]))
      .filter((id) => !refused.includes(Number(id)))
      .sort();
    for (const batches of [batchesOf(many, 250), binaryBatchesOf(many, 250)]) {
      const { result, rejected, progress, ids } = await load(batches);
      expect(result).toMatchObject({ rows: 19_993, rejected: 7 });
      expect(progress).toBe(19_993);
      expect(rejected.map((r) => [r.rowNumber, r.key.id, r.column, r.code])).toEqual(
        refused.map((id) => [id, BigInt(id), 'code', 'TARGET_REFUSED']),
      );
      for (const r of rejected) {
        expect(r.reason).toBe(
          'PostgreSQL refused the row (SQLSTATE 22001): value too long for type character varying(3)',
        );
        expect(r.row).toEqual(many[r.rowNumber - 1]);
      }
      expect(ids).toEqual(kept);
    }
  });
});
