import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineGeneratedTable } from '@ferry/mssql-emulator';
import { itemsTable, startWorld, type FaultWorld } from '../src/fault-fixtures.js';
import { ferry, project, type FerryResult, type Project } from '@ferry/test-harness/ferry-bin';

// Distinctive passwords: the source's (emulator login) and the target role's.
const sourcePassword = 'Src-Pw-Zq81!x';
const targetPassword = 'Tgt-Pw-Kv27-y';
const role = `ferry_secret_${process.pid}`;

const config = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: postgres({ url: process.env.DATABASE_URL }),
  tables: { 'gen.people': { onError: 'reject' } },
  load: { parallelism: 1, retries: { attempts: 2, baseMs: 1, maxMs: 1 } },
});
`;

/** Loaded first (biggest): rows with a NUL go to the reject table and file; one of them carries the password. */
const people = defineGeneratedTable({
  schema: 'gen',
  name: 'people',
  rows: 600,
  columns: [
    { name: 'id', type: { name: 'int' }, nullable: false, generate: (i) => i + 1 },
    {
      name: 'note',
      type: { name: 'nvarchar', length: 60 },
      nullable: false,
      generate: (i) => (i % 10 === 3 ? `nul\u0000 ${i === 3 ? sourcePassword : ''}` : `ok ${i}`),
    },
  ],
});

/** Every file under `dir` (the project's own files, not the linked packages) as text. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, filesUnder(path));
    else out[path] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('secrets: a failing migration never writes its passwords anywhere', () => {
  let world: FaultWorld;
  let dir: Project;
  const runs: FerryResult[] = [];

  beforeAll(async () => {
    world = await startWorld([people, itemsTable(500)]);
    // The emulator's login must use our password: restart it with that.
    await world.emulator.close();
    const { startEmulator } = await import('@ferry/mssql-emulator');
    world.emulator = await startEmulator({ tables: [people, itemsTable(500)], password: sourcePassword });
    await world.client.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${targetPassword}'`);
    const url = new URL(world.db.url);
    url.username = role;
    url.password = targetPassword;
    const env = {
      SOURCE_PORT: String(world.emulator.port),
      SOURCE_PASSWORD: sourcePassword,
      DATABASE_URL: url.toString(),
    };
    dir = project({ 'migration.config.ts': config });
    // The items table fails permanently mid-result with an error whose text holds both passwords.
    const leak = `login sa;Password=${sourcePassword} via postgres://${role}:${targetPassword}@db ${sourcePassword} ${targetPassword}`;
    const fail = () =>
      world.emulator.faults.set({
        errorMidResult: {
          table: 'gen.items',
          afterRows: 100,
          times: 10,
          error: { number: 50000, message: leak },
        },
      });
    fail();
    runs.push(await ferry(dir.dir, ['run'], env));
    fail();
    runs.push(await ferry(dir.dir, ['run', '--json', '--verbose'], env));
    fail();
    runs.push(await ferry(dir.dir, ['run', '--resume', '--verbose'], env));
  });
  afterAll(async () => {
    dir?.remove();
    await world?.client
      .query(`DROP DATABASE IF EXISTS ${world.db.database} WITH (FORCE)`)
      .catch(() => undefined);
    await world?.close();
    const admin = await import('pg');
    const c = new admin.default.Client({ connectionString: new URL('/postgres', world.db.url).toString() });
    await c.connect();
    await c.query(`DROP ROLE IF EXISTS ${role}`);
    await c.end();
  });

  it('the runs failed on the injected error, after rejecting rows', () => {
    for (const r of runs) expect(r.code).toBe(1);
    expect(runs[0].stderr).toMatch(/error 50000/);
    expect(runs[1].stdout).toMatch(/"type":"result"/);
  });

  it('no password in stdout, stderr, --json output, report files, reject file or the ferry.* state tables', async () => {
    const files = filesUnder(dir.dir);
    expect(Object.keys(files).some((f) => f.endsWith('rejected-rows.ndjson'))).toBe(true);
    expect(Object.keys(files).some((f) => f.endsWith('.html'))).toBe(true);
    const state = await world.client.query(
      `SELECT (SELECT json_agg(r)::text FROM ferry.runs r) || (SELECT json_agg(t)::text FROM ferry.tasks t) || (SELECT coalesce(json_agg(x)::text, '') FROM ferry.rejected_rows x) AS text`,
    );
    const rejected = await world.client.query(`SELECT count(*)::int AS n FROM ferry.rejected_rows`);
    expect(rejected.rows[0].n).toBeGreaterThan(0);
    const written: Record<string, string> = {
      ...Object.fromEntries(
        runs.flatMap((r, i) => [
          [`run ${i} stdout`, r.stdout],
          [`run ${i} stderr`, r.stderr],
        ]),
      ),
      ...files,
      'ferry.* tables': state.rows[0].text,
    };
    for (const [where, text] of Object.entries(written)) {
      expect(text.includes(sourcePassword), `source password in ${where}`).toBe(false);
      expect(text.includes(targetPassword), `target password in ${where}`).toBe(false);
    }
  });
});
