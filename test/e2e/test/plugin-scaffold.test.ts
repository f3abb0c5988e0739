// `ferry init --plugin`: the scaffolded packages (a target and a source) type-check, build to
// JavaScript and pass their own vitest test, and then a user's migration runs through each built
// package: SQL Server (the emulator) into the target, the source into PostgreSQL.
// The packages' dev tools are the workspace's installed typescript and vitest, linked into the
// project's node_modules as `npm install` would put them (no network install in CI).

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@ferry/mssql-emulator';
import { createTestDatabase, getTestPostgres, type TestDatabase } from '@ferry/test-harness/vitest';
import { ferry, project, type FerryResult, type Project } from '@ferry/test-harness/ferry-bin';

const workspaceModules = resolve(import.meta.dirname, '../../../node_modules');
const run = promisify(execFile);

/** Runs a tool of the workspace (a node script) in `cwd`; its output and exit code, never a throw. */
async function tool(cwd: string, script: string, args: string[]) {
  const { CI: _ci, FORCE_COLOR: _fc, ...env } = process.env;
  return run(process.execPath, [join(workspaceModules, script), ...args], {
    cwd,
    env: { ...env, NO_COLOR: '1' },
  })
    .then(({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }))
    .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      out: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    }));
}

/**
 * What `npm run typecheck && npm run build && npm test` do. The build emits without checking again
 * (`--noCheck`): the typecheck just checked the same sources with the same options, and tests too.
 */
async function develop(dir: string) {
  return {
    typecheck: await tool(dir, 'typescript/bin/tsc', ['-p', 'tsconfig.json']),
    build: await tool(dir, 'typescript/bin/tsc', ['-p', 'tsconfig.build.json', '--noCheck']),
    test: await tool(dir, 'vitest/vitest.mjs', ['run']),
  };
}

const script = `
CREATE TABLE dbo.Parts (Id int NOT NULL PRIMARY KEY, Label nvarchar(40) NOT NULL);
DECLARE @i int = 1;
WHILE @i <= 300 BEGIN INSERT INTO dbo.Parts VALUES (@i, N'part ' + CAST(@i AS nvarchar(10))); SET @i = @i + 1; END;
`;

const storeConfig = `import { defineMigration } from '@ferry/core';
import { mssql } from '@ferry/source-mssql';
import { storeTarget } from 'ferry-plugin-store';

export default defineMigration({
  source: mssql({ host: '127.0.0.1', port: Number(process.env.SOURCE_PORT), user: 'sa', password: process.env.SOURCE_PASSWORD, database: 'master', encrypt: false }),
  target: storeTarget({ dir: './out' }),
  tables: { 'dbo.Parts': { ranges: 2 } },
});
`;

// The source named by string, as a JSON or YAML config names a plugin.
const feedConfig = `import { defineMigration } from '@ferry/core';
import { postgres } from '@ferry/target-postgres';

export default defineMigration({
  source: {
    plugin: 'feed',
    tables: [{ schema: 'inv', name: 'Bins', columns: [{ name: 'Id', type: 'int32' }, { name: 'Full', type: 'bool' }, { name: 'Note', type: 'text' }], rows: [[1, true, 'a'], [2, false, null], [3, true, 'ü ✓']] }],
  },
  target: postgres({ url: process.env.DATABASE_URL, schema: 'feed' }),
});
`;

describe('ferry init --plugin: a scaffolded plugin builds, passes its test, and migrates', () => {
  let emulator: RunningEmulator;
  let db: TestDatabase;
  let dir: Project;
  const init: FerryResult[] = [];
  let store: Awaited<ReturnType<typeof develop>>;
  let feed: Awaited<ReturnType<typeof develop>>;
  let storeRun: FerryResult;
  let feedRun: FerryResult;

  beforeAll(async () => {
    [emulator, db] = await Promise.all([
      startEmulator({ scripts: [script] }),
      createTestDatabase(getTestPostgres().url),
    ]);
    dir = project({ 'migration.config.ts': storeConfig, 'feed.config.ts': feedConfig });
    mkdirSync(join(dir.dir, 'node_modules/@types'));
    for (const tool of ['typescript', 'vitest', '@types/node'])
      symlinkSync(join(workspaceModules, tool), join(dir.dir, 'node_modules', tool), 'dir');
    init.push(
      ...(await Promise.all([
        ferry(dir.dir, ['init', '--plugin', 'store']),
        ferry(dir.dir, ['init', '--plugin', 'feed', '--kind', 'source']),
        ferry(dir.dir, ['init', '--plugin', 'My_Store']),
      ])),
    );
    [store, feed] = await Promise.all([
      develop(join(dir.dir, 'ferry-plugin-store')),
      develop(join(dir.dir, 'ferry-plugin-feed')),
    ]);
    // Installed into the user's project, as `npm install ./ferry-plugin-store` links it.
    for (const p of ['ferry-plugin-store', 'ferry-plugin-feed'])
      symlinkSync(join(dir.dir, p), join(dir.dir, 'node_modules', p), 'dir');
    [storeRun, feedRun] = await Promise.all([
      ferry(dir.dir, ['run'], {
        SOURCE_PORT: String(emulator.port),
        SOURCE_PASSWORD: emulator.config.password,
      }),
      ferry(dir.dir, ['run', '--config', 'feed.config.ts'], { DATABASE_URL: db.url }),
    ]);
  }, 240_000);
  afterAll(async () => {
    dir?.remove();
    await db?.drop();
    await emulator?.close();
  });

  it('writes the package: package.json, src/index.ts, a test, README', () => {
    for (const r of init.slice(0, 2)) expect(r.code, r.stderr).toBe(0);
    expect(init[2]!.code).toBe(2);
    expect(init[2]!.stderr).toContain('plugin name "My_Store" is not allowed');
    expect(init[0]!.stdout).toContain('ferry-plugin-store (target endpoint plugin ferry-plugin-store)');
    const pkg = JSON.parse(readFileSync(join(dir.dir, 'ferry-plugin-feed/package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'ferry-plugin-feed',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist', 'README.md'],
      peerDependencies: { '@ferry/core': expect.stringMatching(/^\^\d+\.\d+\.\d+$/) },
    });
    expect(readFileSync(join(dir.dir, 'ferry-plugin-feed/README.md'), 'utf8')).toContain(
      "import { feedSource } from 'ferry-plugin-feed';",
    );
  });

  it('type-checks, builds to dist/ and passes its own test, for either kind', () => {
    for (const d of [store, feed]) {
      expect(d.typecheck.code, d.typecheck.out).toBe(0);
      expect(d.build.code, d.build.out).toBe(0);
      expect(d.test.code, d.test.out).toBe(0);
      expect(d.test.out).toMatch(/Tests\s+1 passed \(1\)/);
    }
  });

  it('runs a migration through the built target: every row of SQL Server in its files, counted back per range', () => {
    expect(storeRun.code, storeRun.stdout + storeRun.stderr).toBe(0);
    expect(storeRun.stdout).toMatch(
      /^validate: dbo\.parts match by count \(source 300 rows, target 300 rows\)/m,
    );
    const lines = readFileSync(join(dir.dir, 'out/dbo.parts.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    expect(lines.map((l) => JSON.parse(l)).find((r) => r.id === 42)).toEqual({ id: 42, label: 'part 42' });
  });

  it('runs a migration through the built source, named by string, into PostgreSQL', async () => {
    expect(feedRun.code, feedRun.stdout + feedRun.stderr).toBe(0);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT id, "full", note FROM feed.bins ORDER BY id');
      expect(rows).toEqual([
        { id: 1, full: true, note: 'a' },
        { id: 2, full: false, note: null },
        { id: 3, full: true, note: 'ü ✓' },
      ]);
    } finally {
      await client.end();
    }
  });
});
