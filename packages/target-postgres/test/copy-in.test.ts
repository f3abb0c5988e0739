import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { startCopy } from '../src/copy/copy-in.js';

/** A text-format COPY line of `id` and a bytea value (hex). */
const hexLine = (id: number, bytes: Buffer) => Buffer.from(`${id}\t\\\\x${bytes.toString('hex')}\n`);

describe('COPY FROM STDIN written to the socket (copy-in)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase(getTestPostgres().url);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query('CREATE TABLE blobs (id int NOT NULL, b bytea)');
  });
  afterAll(async () => {
    await pool.end();
  });

  /** Runs `body` on a client of the pool (an emptied table), then gives the client back. */
  async function withClient(body: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('TRUNCATE blobs');
      await body(client);
    } finally {
      client.release();
    }
  }

  const socketOf = (client: pg.PoolClient) =>
    (client as unknown as { connection: { stream: Duplex } }).connection.stream;

  it('a large value waits for the socket: a write returns once the socket has handed it all over, and every byte arrives', async () => {
    await withClient(async (client) => {
      // 24 MB of hex per line: more than the socket takes at once, so each write waits for its drain.
      const values = [1, 2, 3].map((i) => Buffer.alloc(12 * 1024 * 1024, i * 37));
      const socket = socketOf(client);
      const copy = await startCopy(client, 'COPY blobs FROM STDIN');
      let waited = 0;
      const written: number[] = [];
      for (const [i, v] of values.entries()) {
        let done = false;
        const wrote = copy.write([hexLine(i + 1, v)], () => written.push(i + 1)).then(() => (done = true));
        await Promise.resolve();
        if (!done) waited++;
        expect(socket.writableLength).toBeGreaterThan(0);
        await wrote;
        // A write returns once the socket has handed all it held to the system (its 'drain').
        expect(socket.writableLength).toBe(0);
      }
      expect(await copy.end()).toBe(3);
      expect(waited).toBe(3);
      expect(written).toEqual([1, 2, 3]);
      const stored = await client.query<{ id: number; n: number; md5: string }>(
        'SELECT id, length(b) AS n, md5(b) FROM blobs ORDER BY id',
      );
      expect(stored.rows).toEqual(
        values.map((v, i) => ({ id: i + 1, n: v.length, md5: createHash('md5').update(v).digest('hex') })),
      );
    });
  });

  it("an error the server finds mid-COPY fails the writes after it and the end with the server's error; the connection goes on", async () => {
    await withClient(async (client) => {
      const copy = await startCopy(client, 'COPY blobs FROM STDIN');
      await copy.write([hexLine(1, Buffer.from('ok'))]);
      await copy.write([Buffer.from('\\N\t\\\\x00\n')]); // a NULL id: NOT NULL refuses it
      // The server answers while data keeps coming: a write (or at the latest the end) sees its error.
      let failure: unknown;
      try {
        for (let i = 0; i < 200; i++) await copy.write([hexLine(i + 3, Buffer.alloc(256 * 1024, i))]);
        await copy.end();
      } catch (err) {
        failure = err;
      }
      expect(failure).toMatchObject({ code: '23502', where: expect.stringMatching(/COPY blobs, line 2/) });
      await expect(copy.end()).rejects.toBe(failure);
      await copy.fail('too late'); // the COPY has ended: nothing is sent
      expect((await client.query('SELECT count(*)::int AS n FROM blobs')).rows).toEqual([{ n: 0 }]);
    });
  });

  it('a statement the server refuses rejects the start with its error', async () => {
    await withClient(async (client) => {
      await expect(startCopy(client, 'COPY no_such_table FROM STDIN')).rejects.toMatchObject({
        code: '42P01',
      });
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });

  it('an abort stops a write waiting for the socket; fail ends the COPY on the server, nothing loads', async () => {
    await withClient(async (client) => {
      const controller = new AbortController();
      const copy = await startCopy(client, 'COPY blobs FROM STDIN', controller.signal);
      const waiting = copy.write([hexLine(1, Buffer.alloc(16 * 1024 * 1024, 7))]);
      controller.abort(new Error('interrupted by the user'));
      await expect(waiting).rejects.toThrow('interrupted by the user');
      await expect(copy.write([hexLine(2, Buffer.from('x'))])).rejects.toThrow('interrupted by the user');
      // The server ends the COPY as failed: the row it read is not kept, and the connection goes on.
      await copy.fail('interrupted by the user');
      expect((await client.query('SELECT count(*)::int AS n FROM blobs')).rows).toEqual([{ n: 0 }]);
    });
  });
});
