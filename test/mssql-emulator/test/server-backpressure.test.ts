// TCP backpressure: the emulator pulls rows from the engine only while the socket accepts data, so a
// client that stops reading stops the producer too.

import sql from 'mssql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { FIXTURE_PASSWORD, fixtureEngine } from './protocol-fixture-engine.js';

const TOTAL = 20_000;
const PAYLOAD = 'p'.repeat(1000); // ~2 KB per row on the wire: 40 MB in all
let produced = 0;

function* rows(): Iterable<unknown[]> {
  for (let i = 1; i <= TOTAL; i++) {
    produced++;
    yield [i, PAYLOAD];
  }
}

let em: RunningEmulator;
let pool: sql.ConnectionPool;
beforeAll(async () => {
  const engine = fixtureEngine({
    batch: (q) =>
      q === 'SELECT rows'
        ? [
            {
              kind: 'rows',
              resultSet: {
                columns: [
                  { name: 'id', type: { name: 'int' }, nullable: false },
                  { name: 'p', type: { name: 'nvarchar', length: 1000 }, nullable: false },
                ],
                rows: rows(),
              },
            },
            { kind: 'done', rowCount: TOTAL },
          ]
        : undefined,
  });
  em = await startEmulator({ engine, password: FIXTURE_PASSWORD });
  pool = await new sql.ConnectionPool(em.config).connect();
});
afterAll(async () => {
  await pool?.close();
  await em?.close();
});

it('stops producing rows while the client is paused and finishes after it resumes', async () => {
  const request = pool.request();
  request.stream = true;
  let received = 0;
  let paused = false;
  const done = new Promise<void>((resolve, reject) => {
    request.on('row', () => {
      received++;
      if (!paused) {
        paused = true;
        request.pause();
      }
    });
    request.on('error', reject);
    request.on('done', () => resolve());
  });
  void request.query('SELECT rows');

  await expect.poll(() => paused).toBe(true);
  // Give the server ample time to fill every buffer between it and the paused client.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const whilePaused = produced;
  expect(whilePaused).toBeLessThan(TOTAL / 4);

  request.resume();
  await done;
  expect(received).toBe(TOTAL);
  expect(produced).toBe(TOTAL);
});
