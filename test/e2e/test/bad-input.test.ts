import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsTable, startWorld, type FaultWorld } from '../src/fault-fixtures.js';
import { ferry, project, type FerryResult, type Project } from '@ferry/test-harness/ferry-bin';

// One config; every case changes where it points through the environment.
const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: process.env.SOURCE_DB ?? 'master', encrypt: false, connectTimeout: 3000 }),
  target: postgres({ url: process.env.DATABASE_URL }),
  load: { retries: { attempts: 2, baseMs: 1, maxMs: 1 } },
});
`;

const role = `ferry_nocreate_${process.pid}`;
const roleBig = `ferry_full_${process.pid}`;

describe('bad input ends with one clear message and a documented exit code', () => {
  let world: FaultWorld;
  let dir: Project;
  let mountPoint: string;
  const results: Record<string, FerryResult> = {};

  beforeAll(async () => {
    // A big enough table to fill a 1 MB tablespace.
    world = await startWorld([itemsTable(40_000)]);
    dir = project({ 'migration.config.ts': config });
    const db = new URL(world.db.url);
    const base = {
      SOURCE_PORT: String(world.emulator.port),
      SOURCE_PASSWORD: world.emulator.config.password,
      DATABASE_URL: db.toString(),
    };
    const withUrl = (change: (u: URL) => void) => {
      const u = new URL(db);
      change(u);
      return u.toString();
    };

    // A role that may connect but not CREATE in the database.
    await world.client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'nocreate-pw'`);
    await world.client.query(`REVOKE CREATE ON DATABASE ${world.db.database} FROM PUBLIC`);
    // Disk full: the database's default tablespace lives on a 1 MB tmpfs.
    mountPoint = mkdtempSync(join(tmpdir(), 'ferry-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
    const pgOwner = Number(execFileSync('stat', ['-c', '%u', getDataDirOwnerProbe()]).toString().trim());
    chownSync(mountPoint, pgOwner, pgOwner);
    await world.client.query(`CREATE TABLESPACE ${roleBig} LOCATION '${mountPoint}'`);
    const full = await import('@ferry/test-harness').then((h) =>
      h.createTestDatabase(new URL('/postgres', db).toString(), 'ferry_full'),
    );
    await world.client.query(`ALTER DATABASE ${full.database} SET default_tablespace = ${roleBig}`);

    const cases: Record<string, Record<string, string>> = {
      unreachable: { ...base, SOURCE_PORT: '1' },
      wrongCredentials: { ...base, SOURCE_PASSWORD: 'not-the-password' },
      missingSourceDatabase: { ...base, SOURCE_DB: 'NoSuchDb' },
      missingTargetDatabase: { ...base, DATABASE_URL: withUrl((u) => (u.pathname = '/no_such_database')) },
      noCreatePermission: {
        ...base,
        DATABASE_URL: withUrl((u) => ((u.username = role), (u.password = 'nocreate-pw'))),
      },
      diskFull: { ...base, DATABASE_URL: full.url },
    };
    // One after another: most cases share one target, and a second run there is refused by the
    // first one's lease.
    for (const [name, env] of Object.entries(cases)) results[name] = await ferry(dir.dir, ['run'], env);
    results.verbose = await ferry(dir.dir, ['run', '--verbose'], cases.wrongCredentials);
    await full.drop();
  }, 120_000);

  afterAll(async () => {
    dir?.remove();
    await world?.client.query(`DROP TABLESPACE IF EXISTS ${roleBig}`).catch(() => undefined);
    if (mountPoint) {
      execFileSync('umount', [mountPoint]);
      rmdirSync(mountPoint);
    }
    await world?.close();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: new URL('/postgres', world.db.url).toString() });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${role}`);
    await c.end();
  });

  it.each([
    ['unreachable', /Cannot connect to SQL Server at 127\.0\.0\.1:1: connection refused/],
    ['wrongCredentials', /Login failed for user 'sa'/],
    ['missingSourceDatabase', /Cannot open database 'NoSuchDb'/],
    [
      'missingTargetDatabase',
      /database "no_such_database" does not exist\n[^]*hint: check the database name of the target URL/,
    ],
    [
      'noCreatePermission',
      // The run lease is taken first: in the state schema (made by an earlier case) or, in a fresh
      // database, by creating that schema.
      /permission denied for (database|schema) [^]*hint: the target login lacks a privilege: grant it CREATE/,
    ],
    ['diskFull', /could not extend file|No space left on device/],
  ])('%s: exit 1, one message, no stack', (name, message) => {
    const r = results[name];
    expect(r.stderr, r.stderr).toMatch(message);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('--verbose adds the stack', () => {
    expect(results.verbose.code).toBe(1);
    expect(results.verbose.stderr).toMatch(/Login failed for user 'sa'/);
    expect(results.verbose.stderr).toMatch(/^\s+at /m);
  });
});

/** A path owned by the PostgreSQL server's user: the data directory's parent tells us who that is. */
function getDataDirOwnerProbe(): string {
  const out = execFileSync('ps', ['-o', 'args=', '-C', 'postgres']).toString();
  const dataDir = /-D\s+(\S+)/.exec(out)?.[1];
  if (!dataDir) throw new Error('cannot find the test PostgreSQL data directory');
  return dataDir;
}
