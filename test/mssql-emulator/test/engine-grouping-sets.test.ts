// GROUP BY ... WITH ROLLUP / CUBE, GROUPING SETS and GROUPING() through the unmodified mssql client, on pubs:
// its reptq procedures (stored, now runnable), a CUBE and GROUPING SETS whose subtotal rows carry NULL and GROUPING = 1.

import sql from 'mssql';
import { expect, it } from 'vitest';
import { emulatorWithPool } from './emulator-pool.js';
import { corpus } from './engine-helpers.js';

const server = emulatorWithPool([corpus('pubs.sql')], 'pubs');

it("runs pubs' reptq3: counts per publisher and type, subtotals per publisher and a grand total ('ALL')", async () => {
  const r = await server.pool
    .request()
    .input('lolimit', sql.Money, 0)
    .input('hilimit', sql.Money, 100)
    .input('type', sql.Char(12), 'business')
    .execute('reptq3');
  const rows = (r.recordset as { pub_id: string; type: string; cnt: number }[])
    .map((x) => `${x.pub_id}/${x.type.trim()}=${x.cnt}`)
    .sort();
  expect(rows).toEqual([
    '0736/ALL=1',
    '0736/business=1',
    '0877/ALL=5',
    '0877/mod_cook=2',
    '0877/trad_cook=3',
    '1389/ALL=3',
    '1389/business=3',
    'ALL/ALL=9',
  ]);
});

it('WITH CUBE groups by every subset of the GROUP BY list', async () => {
  const r = await server.pool.request().query(`
    SELECT type, pub_id, COUNT(*) AS n, GROUPING(type) AS gt, GROUPING(pub_id) AS gp
    FROM titles WHERE type IN ('business', 'psychology') GROUP BY type, pub_id WITH CUBE
    ORDER BY gt, gp, type, pub_id`);
  expect(
    r.recordset.map(
      (x: { type: string | null; pub_id: string | null; n: number; gt: number; gp: number }) => [
        x.type?.trim() ?? null,
        x.pub_id,
        x.n,
        x.gt,
        x.gp,
      ],
    ),
  ).toEqual([
    ['business', '0736', 1, 0, 0],
    ['business', '1389', 3, 0, 0],
    ['psychology', '0736', 4, 0, 0],
    ['psychology', '0877', 1, 0, 0],
    ['business', null, 4, 0, 1],
    ['psychology', null, 5, 0, 1],
    [null, '0736', 5, 1, 0],
    [null, '0877', 1, 1, 0],
    [null, '1389', 3, 1, 0],
    [null, null, 9, 1, 1],
  ]);
});

it('GROUPING SETS groups by each listed set in turn, () being the grand total', async () => {
  const r = await server.pool.request().query(`
    SELECT type, pub_id, COUNT(*) AS n, GROUPING(pub_id) AS gp
    FROM titles WHERE type IN ('business', 'psychology') GROUP BY GROUPING SETS ((type), (pub_id), ())
    ORDER BY GROUPING(type), gp, type, pub_id`);
  expect(
    r.recordset.map((x: { type: string | null; pub_id: string | null; n: number; gp: number }) => [
      x.type?.trim() ?? null,
      x.pub_id,
      x.n,
      x.gp,
    ]),
  ).toEqual([
    ['business', null, 4, 1],
    ['psychology', null, 5, 1],
    [null, '0736', 5, 0],
    [null, '0877', 1, 0],
    [null, '1389', 3, 0],
    [null, null, 9, 1],
  ]);
});
