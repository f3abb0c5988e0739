import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Batch, Row, Table, TableDigester } from '@ferry/core';
import { binaryData, digestField, digestSum, digestValue, digestOfBytes, RowDigester } from '@ferry/core';
import { batchesOf, col, model, newTarget, table, type TestTarget } from './fixtures.js';

// Every column kind binary rows hold, with the values a digest must tell apart: NULL and empty,
// trailing spaces, -0 and 0, microseconds, UUID byte order, money-like decimals, non-ASCII text.
const kinds: Table = table(
  'v',
  'kinds',
  [
    col('id', { kind: 'int32' }, { nullable: false }),
    col('b', { kind: 'bool' }),
    col('t', { kind: 'int8' }),
    col('s', { kind: 'int16' }),
    col('l', { kind: 'int64' }),
    col('r', { kind: 'float32' }),
    col('f', { kind: 'float64' }),
    col('m', { kind: 'decimal', precision: 19, scale: 4, money: true }),
    col('d', { kind: 'date' }),
    col('tm', { kind: 'time', precision: 6 }),
    col('ts', { kind: 'timestamp', precision: 6 }),
    col('tz', { kind: 'timestamptz', precision: 6 }),
    col('g', { kind: 'uuid' }),
    col('v', { kind: 'text', length: 20, unicode: true, fixed: false }),
    col('c', { kind: 'text', length: 4, unicode: false, fixed: true }),
    col('bin', { kind: 'binary', length: 8, fixed: false }),
  ],
  { primaryKey: { name: 'pk_kinds', columns: ['id'] } },
);
const columns = kinds.columns.map((c) => c.name);
const rows: Row[] = [
  [
    1,
    true,
    0,
    -32768,
    -9223372036854775808n,
    0,
    0,
    '0.0000',
    '2000-01-01',
    '00:00:00',
    '0001-01-01 00:00:00',
    '2020-01-01 00:00:00+00:00',
    '6F9619FF-8B86-D011-B42D-00C04FC964FF',
    '',
    'ab',
    Buffer.alloc(0),
  ],
  [
    2,
    false,
    255,
    32767,
    9223372036854775807n,
    -0,
    -0,
    '-922337203685477.5808',
    '9999-12-31',
    '23:59:59.999999',
    '9999-12-31 23:59:59.999999',
    '2020-06-30 12:00:00.123+05:45',
    '00000000-0000-0000-0000-000000000001',
    'ab ',
    'abcd',
    Buffer.from([0, 255]),
  ],
  [3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  [
    4,
    true,
    7,
    7,
    4294967300n,
    0.1,
    1e-300,
    '0.0001',
    '1999-12-31',
    '12:34:56.000001',
    '2024-02-29 12:00:00.123456',
    '2024-02-29 12:00:00.123456-03:30',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    'é😀 non-BMP 𝄞',
    ' x',
    Buffer.from('x'.repeat(8)),
  ],
];
for (let id = 5; id <= 300; id++)
  rows.push([
    id,
    id % 2 === 0,
    id % 256,
    id,
    BigInt(id) << 33n,
    id / 3,
    id / 7,
    `${id}.5000`,
    '2001-02-03',
    '01:02:03',
    '2001-02-03 04:05:06',
    '2001-02-03 04:05:06+01:00',
    null,
    'x'.repeat(id % 20),
    'y',
    Buffer.from([id & 255]),
  ]);

describe('row digests computed by PostgreSQL and by Ferry', () => {
  let t: TestTarget;
  let digester: TableDigester;
  beforeAll(async () => {
    t = await newTarget();
    await t.migrate(model([kinds]));
    await t.target.write(kinds, batchesOf(rows, 64), { columns });
    const made = await t.target.digester(kinds, columns);
    if (typeof made === 'string') throw new Error(made);
    digester = made;
  });
  afterAll(() => t.close());

  it('hashes base64 text as hashtextextended(encode(bytes, base64)) does, at every length and seed', async () => {
    const inputs = Array.from({ length: 240 }, (_, n) =>
      Buffer.from(Array.from({ length: n }, (_, i) => (n * 31 + i * 7) & 255)),
    );
    const got = await t.query<{ h: string; s: number }>(
      `SELECT hashtextextended(encode(b, 'base64') COLLATE "C", s)::text AS h, s
         FROM unnest($1::bytea[]) AS b, (VALUES (0), (1)) AS seeds(s) ORDER BY s, length(b)`,
      [inputs],
    );
    const hash = new Uint32Array(2);
    const ours = [0, 1].flatMap((seed) =>
      inputs.map((input) => {
        digestOfBytes(input, seed, hash);
        return digestValue(hash);
      }),
    );
    expect(ours).toEqual(got.map((r) => digestSum(r.h)));
  });

  /** Sums of the digests of the table's own binary rows, as COPY TO sends them, hashed by Ferry. */
  async function ferrySums(buckets?: number): Promise<Map<number, { count: number; sum: bigint }>> {
    const digests = new RowDigester(
      kinds.columns.map((c) => digestField(c.type)!),
      [0],
    );
    const sums = new Map<number, { count: number; sum: bigint }>();
    const batches = t.target.read!(kinds, { columns, batchRows: 50, batchBytes: 1 << 20, binaryRows: true });
    for await (const batch of batches as AsyncIterable<Batch>) {
      const data = binaryData(batch.binary!);
      for (let at = 0; at < data.length;) {
        let bucket = 0;
        if (buckets) {
          digests.keyOf(data, at);
          bucket = digests.hash[1] & (buckets - 1);
        }
        at = digests.row(data, at);
        const s = sums.get(bucket) ?? { count: 0, sum: 0n };
        sums.set(bucket, { count: s.count + 1, sum: BigInt.asUintN(64, s.sum + digestValue(digests.hash)) });
      }
    }
    return sums;
  }

  it('agrees on the sum of a table holding every kind of column', async () => {
    const [server] = await digester.sums(undefined);
    expect(server.count).toBe(rows.length);
    expect(server).toEqual({ count: rows.length, sum: (await ferrySums()).get(0)!.sum });
  });

  it('agrees per bucket of the key, and on the rows of a bucket', async () => {
    const byKey = { key: ['id'], count: 8 };
    const server = await digester.sums(undefined, byKey);
    const ours = await ferrySums(8);
    expect(server.length).toBe(8);
    for (const s of server) expect(ours.get(s.bucket!)).toEqual({ count: s.count, sum: s.sum });
    const inBucket = await digester.rows(undefined, { ...byKey, only: [server[0].bucket!] });
    expect(inBucket.length).toBe(server[0].count);
    expect(
      BigInt.asUintN(
        64,
        inBucket.reduce((n, r) => n + r.digest, 0n),
      ),
    ).toBe(server[0].sum);
  });

  it('sees one value changed, of each kind', async () => {
    const [before] = await digester.sums(undefined);
    const changes = [
      `b = NOT b`,
      `t = t + 1`,
      `s = s + 1`,
      `l = l + 1`,
      `r = '-0'`,
      `f = '-0'`,
      `m = m + 0.0001`,
      `d = d + 1`,
      `tm = tm + interval '1 microsecond'`,
      `ts = ts + interval '1 microsecond'`,
      `tz = tz + interval '1 microsecond'`,
      `g = 'ff19966f-868b-11d0-b42d-00c04fc964ff'`,
      `v = NULL`,
      `c = ' ab'`,
      `bin = NULL`,
    ];
    for (const change of changes) {
      await t.query(`UPDATE v.kinds SET ${change} WHERE id = 1`);
      const [after] = await digester.sums(undefined);
      expect({ change, differs: after.sum !== before.sum }).toEqual({ change, differs: true });
      await t.query(`DELETE FROM v.kinds WHERE id = 1`);
      await t.target.write(kinds, batchesOf([rows[0]], 1), { columns });
      expect((await digester.sums(undefined))[0].sum).toBe(before.sum);
    }
  });

  it('cancels its query on the server when its signal aborts', async () => {
    const locker = new pg.Client({ connectionString: t.db.url });
    await locker.connect();
    try {
      await locker.query(`BEGIN; LOCK TABLE v.kinds IN ACCESS EXCLUSIVE MODE`);
      const stop = new AbortController();
      const waiting = digester.sums(undefined, undefined, stop.signal);
      // The query waits for the lock until it is cancelled.
      await new Promise((resolve) => setTimeout(resolve, 300));
      stop.abort();
      await expect(waiting).rejects.toThrow(/canceling statement due to user request/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('refuses a column stored as another type than the load writes', async () => {
    await t.query(`CREATE TABLE v.other (id int8 PRIMARY KEY)`);
    const other = table('v', 'other', [col('id', { kind: 'int32' }, { nullable: false })]);
    expect(await t.target.digester(other, ['id'])).toMatch(/column id is stored as int8/);
  });
});
