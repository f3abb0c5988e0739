import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RejectedRow, Row, Table } from '@ferry/core';
import { FerryError } from '@ferry/core';
import { batchesOf, col, model, newTarget, table, type TestTarget } from './fixtures.js';

const formats = ['text', 'binary'] as const;

async function failure(promise: Promise<unknown>): Promise<FerryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FerryError);
  return err as FerryError;
}

const userTable: Table = table(
  'chk',
  'users',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('n', { kind: 'int32' }),
    col('flag', { kind: 'bool' }),
    col('note', { kind: 'text', length: 5, unicode: true, fixed: false }),
    col('d', { kind: 'date' }),
  ],
  { primaryKey: { name: 'pk_users', columns: ['id'] } },
);
const userColumns = ['id', 'n', 'flag', 'note', 'd'];
/** What a row transform returned: rows 2-7 each hold one value its column's type does not have. */
const userRows: Row[] = [
  [1, 5, true, 'ok', '2024-02-29'],
  [2, 'not-an-int', true, 'a', null],
  [3, 727379968 * 1e3, false, 'b', null],
  [4, 3.9, true, 'c', null],
  [5, 7, 'yes' as unknown as boolean, 'd', null],
  [6, 8, false, 'sixsix', null],
  [7, 9, false, 'e', '2023-02-29'],
  [8, -2147483648, false, '😀😀😀😀😀', '0001-01-01'],
];

describe.each(formats)(
  'COPY writer (%s format): values out of user code are checked against the column type',
  (copyFormat) => {
    let t: TestTarget;
    beforeAll(async () => {
      t = await newTarget({ copyFormat });
      await t.migrate(model([userTable]));
    });
    afterAll(() => t.close());
    const reset = () => t.query('TRUNCATE chk.users');
    const checked = { columns: userColumns, userColumns: ['n', 'flag', 'note', 'd'] };

    it('fail: a string, an int32 overflow and a fraction in an int column are errors naming row, key and column; nothing loads', async () => {
      await reset();
      const err = await failure(t.target.write(userTable, batchesOf(userRows), checked));
      expect(err.message).toMatch(
        /chk\.users\.n, row 2 \(key id=2\): value does not fit the column: expected an integer in -2147483648\.\.2147483647 \(int32\), got string "not-an-int"/,
      );
      expect(err.code).toBe('WRONG_TYPE');
      const overflow = await failure(
        t.target.write(userTable, batchesOf([userRows[0], userRows[2]]), checked),
      );
      expect(overflow.message).toMatch(/chk\.users\.n, row 2 \(key id=3\): .*got number 727379968000/);
      const fraction = await failure(t.target.write(userTable, batchesOf([userRows[3]]), checked));
      expect(fraction.message).toMatch(/chk\.users\.n, row 1 \(key id=4\): .*got number 3\.9/);
      expect((await t.query('SELECT count(*)::int AS n FROM chk.users'))[0].n).toBe(0);
    });

    it('reject: every row with a value of the wrong type is rejected with its column and reason; the others load unchanged', async () => {
      await reset();
      const rejected: RejectedRow[] = [];
      const result = await t.target.write(userTable, batchesOf(userRows, 3), {
        ...checked,
        onError: 'reject',
        onReject: (r) => void rejected.push(r),
      });
      expect(result).toMatchObject({ rows: 2, rejected: 6 });
      expect(rejected.map((r) => [r.key.id, r.column, r.code])).toEqual([
        [2, 'n', 'WRONG_TYPE'],
        [3, 'n', 'WRONG_TYPE'],
        [4, 'n', 'WRONG_TYPE'],
        [5, 'flag', 'WRONG_TYPE'],
        [6, 'note', 'WRONG_TYPE'],
        [7, 'd', 'WRONG_TYPE'],
      ]);
      expect(rejected[3].reason).toMatch(/expected a boolean \(true or false\), got string "yes"/);
      expect(rejected[4].reason).toMatch(/expected text of at most 5 characters/);
      expect(rejected[5].reason).toMatch(/expected a date YYYY-MM-DD, got string "2023-02-29"/);
      expect(await t.query(`SELECT id, n, flag, note, d::text AS d FROM chk.users ORDER BY id`)).toEqual([
        { id: 1, n: 5, flag: true, note: 'ok', d: '2024-02-29' },
        { id: 8, n: -2147483648, flag: false, note: '😀😀😀😀😀', d: '0001-01-01' },
      ]);
    });

    it('fix: no fix repairs a value of the wrong type, so the write fails and says so', async () => {
      await reset();
      const err = await failure(
        t.target.write(userTable, batchesOf(userRows), { ...checked, onError: 'fix' }),
      );
      expect(err.message).toMatch(/chk\.users\.n, row 2 \(key id=2\)/);
      expect(err.hint).toMatch(/no fix repairs this value .*"reject"/);
      expect((await t.query('SELECT count(*)::int AS n FROM chk.users'))[0].n).toBe(0);
    });
  },
);

const textTable: Table = table(
  'sur',
  'texts',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('s', { kind: 'text', length: 20, unicode: true, fixed: false }),
  ],
  { primaryKey: { name: 'pk_texts', columns: ['id'] } },
);
/** Lone UTF-16 surrogates (as nvarchar can hold them) in rows 2 and 3; row 4 holds a proper pair. */
const surrogateRows: Row[] = [
  [1, 'ok'],
  [2, 'a\uD800b'],
  [3, 'x\uDC00'],
  [4, '😀 pair ok'],
];

describe.each(formats)(
  'COPY writer (%s format): lone UTF-16 surrogates follow the error policy',
  (copyFormat) => {
    let t: TestTarget;
    beforeAll(async () => {
      t = await newTarget({ copyFormat });
      await t.migrate(model([textTable]));
    });
    afterAll(() => t.close());
    const reset = () => t.query('TRUNCATE sur.texts');
    const back = () => t.query<{ id: number; s: string }>('SELECT id, s FROM sur.texts ORDER BY id');

    it('fail: names the table, column, row, key and the surrogate; nothing loads', async () => {
      await reset();
      const err = await failure(
        t.target.write(textTable, batchesOf(surrogateRows), { columns: ['id', 's'] }),
      );
      expect(err.message).toMatch(
        /sur\.texts\.s, row 2 \(key id=2\): text contains a lone UTF-16 surrogate \(U\+D800 at character 2\)/,
      );
      expect(err.code).toBe('LONE_SURROGATE');
      expect(await back()).toEqual([]);
    });

    it('reject: rejects the rows with a lone surrogate, loads the others exactly', async () => {
      await reset();
      const rejected: RejectedRow[] = [];
      const result = await t.target.write(textTable, batchesOf(surrogateRows), {
        columns: ['id', 's'],
        onError: 'reject',
        onReject: (r) => void rejected.push(r),
      });
      expect(result).toMatchObject({ rows: 2, rejected: 2 });
      expect(rejected.map((r) => [r.key.id, r.code])).toEqual([
        [2, 'LONE_SURROGATE'],
        [3, 'LONE_SURROGATE'],
      ]);
      expect(rejected[1].reason).toMatch(/U\+DC00 at character 2/);
      expect(await back()).toEqual([
        { id: 1, s: 'ok' },
        { id: 4, s: '😀 pair ok' },
      ]);
    });

    it('fix: replaces each lone surrogate with U+FFFD and counts it', async () => {
      await reset();
      const result = await t.target.write(textTable, batchesOf(surrogateRows), {
        columns: ['id', 's'],
        onError: 'fix',
      });
      expect(result).toMatchObject({ rows: 4, fixes: { LONE_SURROGATE: 2 } });
      expect((await back()).map((r) => r.s)).toEqual(['ok', 'a\uFFFDb', 'x\uFFFD', '😀 pair ok']);
    });
  },
);

const xmlTable: Table = table(
  'xd',
  'docs',
  [col('id', { kind: 'int32' }, { nullable: false }), col('x', { kind: 'xml' })],
  { primaryKey: { name: 'pk_docs', columns: ['id'] } },
);
const xmlRows: Row[] = [
  [1, '<a/>'],
  [2, '<?xml version="1.0" encoding="UTF-16"?><a>é</a>'],
  [3, "<?xml version='1.0' encoding='ISO-8859-1'?><b>é</b>"],
  [4, '<?xml version="1.0" encoding="UTF-8"?><c>é</c>'],
];

describe('COPY writer: xml declarations naming an encoding', () => {
  let t: TestTarget;
  let text: TestTarget;
  beforeAll(async () => {
    t = await newTarget({ copyFormat: 'binary' });
    await t.migrate(model([xmlTable]));
    text = await newTarget({ copyFormat: 'text' });
    await text.migrate(model([xmlTable]));
  });
  afterAll(async () => {
    await t.close();
    await text.close();
  });
  const reset = () => t.query('TRUNCATE xd.docs');
  const back = (on: TestTarget) =>
    on.query<{ id: number; x: string }>('SELECT id, x::text AS x FROM xd.docs ORDER BY id');

  it('binary, fail: a declared encoding other than UTF-8 is an error before COPY (PostgreSQL would refuse UTF-16 and misread ISO-8859-1)', async () => {
    await reset();
    const err = await failure(t.target.write(xmlTable, batchesOf(xmlRows), { columns: ['id', 'x'] }));
    expect(err.message).toMatch(/xd\.docs\.x, row 2 \(key id=2\): xml declares encoding "UTF-16"/);
    expect(err.code).toBe('XML_ENCODING');
    const latin = await failure(t.target.write(xmlTable, batchesOf([xmlRows[2]]), { columns: ['id', 'x'] }));
    expect(latin.message).toMatch(/row 1 \(key id=3\): xml declares encoding "ISO-8859-1"/);
  });

  it('binary, reject: rejects those rows and loads the others exactly', async () => {
    await reset();
    const rejected: RejectedRow[] = [];
    const result = await t.target.write(xmlTable, batchesOf(xmlRows), {
      columns: ['id', 'x'],
      onError: 'reject',
      onReject: (r) => void rejected.push(r),
    });
    expect(result).toMatchObject({ rows: 2, rejected: 2 });
    expect(rejected.map((r) => [r.key.id, r.code])).toEqual([
      [2, 'XML_ENCODING'],
      [3, 'XML_ENCODING'],
    ]);
    expect(await back(t)).toEqual([
      { id: 1, x: '<a/>' },
      { id: 4, x: '<?xml version="1.0" encoding="UTF-8"?><c>é</c>' },
    ]);
  });

  it('binary, fix: drops the declaration (as SQL Server does when it stores xml), counted; the text is kept', async () => {
    await reset();
    const result = await t.target.write(xmlTable, batchesOf(xmlRows), {
      columns: ['id', 'x'],
      onError: 'fix',
    });
    expect(result).toMatchObject({ rows: 4, fixes: { XML_ENCODING: 2 } });
    expect((await back(t)).map((r) => r.x)).toEqual([
      '<a/>',
      '<a>é</a>',
      '<b>é</b>',
      '<?xml version="1.0" encoding="UTF-8"?><c>é</c>',
    ]);
  });

  it('text format stores every declaration as it is', async () => {
    await text.target.write(xmlTable, batchesOf(xmlRows), { columns: ['id', 'x'] });
    expect((await back(text)).map((r) => r.x)).toEqual(xmlRows.map((r) => r[1]));
  });
});

const overrideTable: Table = table(
  'ov',
  'counts',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('big', { kind: 'int64' }, { targetType: 'integer' }),
    col('amount', { kind: 'decimal', precision: 12, scale: 2 }, { targetType: 'smallint' }),
  ],
  { primaryKey: { name: 'pk_counts', columns: ['id'] } },
);
const overrideRows: Row[] = [
  [1, 5n, '12'],
  [2, 5_000_000_000n, '1'],
  [3, -2147483648n, '32767'],
  [4, 6n, '12.50'],
  [5, 7n, '-32769'],
];

describe.each(formats)(
  'COPY writer (%s format): integer type overrides are range-checked before COPY',
  (copyFormat) => {
    let t: TestTarget;
    beforeAll(async () => {
      t = await newTarget({ copyFormat });
      await t.migrate(model([overrideTable]));
    });
    afterAll(() => t.close());
    const reset = () => t.query('TRUNCATE ov.counts');

    it('fail: a bigint of 5,000,000,000 into an integer override names row, key and range', async () => {
      await reset();
      const err = await failure(
        t.target.write(overrideTable, batchesOf(overrideRows), { columns: ['id', 'big', 'amount'] }),
      );
      expect(err.message).toMatch(
        /ov\.counts\.big, row 2 \(key id=2\): value is out of range for the type override integer \(-2147483648\.\.2147483647\): 5000000000/,
      );
      expect(err.code).toBe('OUT_OF_RANGE');
    });

    it('reject: the rows that do not fit are rejected (range, fraction), the others load', async () => {
      await reset();
      const rejected: RejectedRow[] = [];
      const result = await t.target.write(overrideTable, batchesOf(overrideRows), {
        columns: ['id', 'big', 'amount'],
        onError: 'reject',
        onReject: (r) => void rejected.push(r),
      });
      expect(result).toMatchObject({ rows: 2, rejected: 3 });
      expect(rejected.map((r) => [r.key.id, r.column, r.code])).toEqual([
        [2, 'big', 'OUT_OF_RANGE'],
        [4, 'amount', 'NOT_AN_INTEGER'],
        [5, 'amount', 'OUT_OF_RANGE'],
      ]);
      expect(await t.query('SELECT id, big, amount FROM ov.counts ORDER BY id')).toEqual([
        { id: 1, big: 5, amount: 12 },
        { id: 3, big: -2147483648, amount: 32767 },
      ]);
    });
  },
);

const refusedTable: Table = table(
  'ref',
  'items',
  [
    col('id', { kind: 'int64' }, { nullable: false }),
    col('code', { kind: 'text', length: 3, unicode: false, fixed: false }),
    col('x', { kind: 'xml' }),
  ],
  { primaryKey: { name: 'pk_items', columns: ['id'] } },
);
/** 1,000 rows; PostgreSQL refuses 5 of them: a code too long for varchar(3) (ids 7, 500, 501, 1000) and an ill-formed xml (id 250). */
const tooLong = new Set([7, 500, 501, 1000]);
const refusedRows: Row[] = Array.from({ length: 1_000 }, (_, i) => [
  BigInt(i + 1),
  tooLong.has(i + 1) ? 'abcd' : 'abc',
  i + 1 === 250 ? '<a>' : `<a>${i + 1}</a>`,
]);

describe.each(formats)('COPY writer (%s format): values PostgreSQL refuses inside COPY', (copyFormat) => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget({ copyFormat });
    await t.migrate(model([refusedTable]));
  });
  afterAll(() => t.close());
  const reset = () => t.query('TRUNCATE ref.items');

  it('reject: finds the refused rows, rejects them with the column and PostgreSQL message, and loads every other row once', async () => {
    await reset();
    const rejected: RejectedRow[] = [];
    const progress: number[] = [];
    const result = await t.target.write(refusedTable, batchesOf(refusedRows, 100), {
      columns: ['id', 'code', 'x'],
      onError: 'reject',
      onReject: (r) => void rejected.push(r),
      onProgress: (n) => progress.push(n),
    });
    expect(result).toMatchObject({ rows: 995, rejected: 5 });
    expect(progress.reduce((a, b) => a + b, 0)).toBe(995);
    expect(rejected.map((r) => [r.rowNumber, r.key.id, r.column, r.code])).toEqual([
      [7, 7n, 'code', 'TARGET_REFUSED'],
      [250, 250n, 'x', 'TARGET_REFUSED'],
      [500, 500n, 'code', 'TARGET_REFUSED'],
      [501, 501n, 'code', 'TARGET_REFUSED'],
      [1000, 1000n, 'code', 'TARGET_REFUSED'],
    ]);
    expect(rejected[0].reason).toMatch(
      /PostgreSQL refused the row \(SQLSTATE 22001\): value too long for type character varying\(3\)/,
    );
    expect(rejected[1].reason).toMatch(/SQLSTATE 2200N/);
    expect(rejected[1].row).toEqual(refusedRows[249]);
    const loaded = await t.query<{ n: number; ids: number; sum: string }>(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, sum(id)::text AS sum FROM ref.items',
    );
    expect(loaded[0]).toEqual({ n: 995, ids: 995, sum: String(500_500 - 7 - 250 - 500 - 501 - 1000) });
  });

  it('fail: names the row, key, column and PostgreSQL message, hints at reject, and loads nothing', async () => {
    await reset();
    const err = await failure(
      t.target.write(refusedTable, batchesOf(refusedRows, 100), { columns: ['id', 'code', 'x'] }),
    );
    expect(err.message).toMatch(
      /COPY into ref\.items failed, row 7 of this COPY \(key id=7\), column code: value too long for type character varying\(3\)/,
    );
    expect(err.hint).toMatch(/onError "reject"/);
    expect((await t.query('SELECT count(*)::int AS n FROM ref.items'))[0].n).toBe(0);
  });
});

describe('COPY writer: a refusal that names no row (an AFTER trigger) under reject', () => {
  const checked: Table = table(
    'trg',
    'events',
    [col('id', { kind: 'int64' }, { nullable: false }), col('v', { kind: 'int32' })],
    { primaryKey: { name: 'pk_events', columns: ['id'] } },
  );
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
    await t.migrate(model([checked]));
    // AFTER ROW triggers fire once COPY has read every row, so the error carries no COPY line.
    await t.query(`
      CREATE FUNCTION trg.refuse_negative() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.v < 0 THEN RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'negative v ' || NEW.v; END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER refuse_negative AFTER INSERT ON trg.events FOR EACH ROW EXECUTE FUNCTION trg.refuse_negative();
      ALTER TABLE trg.events ENABLE ALWAYS TRIGGER refuse_negative;`);
  });
  afterAll(() => t.close());

  it('splits the batch in halves until the refused rows stand alone; the others load once', async () => {
    const negative = new Set([13, 77, 78, 200]);
    const data: Row[] = Array.from({ length: 200 }, (_, i) => [
      BigInt(i + 1),
      negative.has(i + 1) ? -(i + 1) : i + 1,
    ]);
    const rejected: RejectedRow[] = [];
    const result = await t.target.write(checked, batchesOf(data, 50), {
      columns: ['id', 'v'],
      onError: 'reject',
      onReject: (r) => void rejected.push(r),
    });
    expect(result).toMatchObject({ rows: 196, rejected: 4 });
    expect(rejected.map((r) => [r.key.id, r.code])).toEqual(
      [...negative].map((id) => [BigInt(id), 'TARGET_REFUSED']),
    );
    expect(rejected[0].reason).toBe('PostgreSQL refused the row (SQLSTATE 23514): negative v -13');
    const loaded = await t.query<{ n: number; ids: number; sum: string }>(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, sum(v)::text AS sum FROM trg.events',
    );
    expect(loaded[0]).toEqual({ n: 196, ids: 196, sum: String(20_100 - 13 - 77 - 78 - 200) });
  });

  it('fail: the error names no row rather than the line of the trigger function', async () => {
    await t.query('TRUNCATE trg.events');
    const err = await failure(
      t.target.write(
        checked,
        batchesOf([
          [1n, 1],
          [2n, -2],
        ]),
        { columns: ['id', 'v'] },
      ),
    );
    expect(err.message).toBe('COPY into trg.events failed: negative v -2');
  });
});
